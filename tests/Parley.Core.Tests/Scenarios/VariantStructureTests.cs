using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Variants that add and remove things (issue 15): red lines, stances, actors, roles, the mediator and links.</summary>
public class VariantStructureTests
{
    private static string Flagship() => File.ReadAllText(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"));

    private static LoadResult WithVariant(string body, string id = "test") =>
        ScenarioLoader.LoadYaml(Flagship() + $"  - id: {id}\n    name: Test\n    estimate: true\n" + body, "t.yaml", id);

    [Fact]
    public void A_variant_removes_a_red_line_and_draws_another()
    {
        LoadResult r = WithVariant("""
                remove:
                  - actors.ukraine.stances.territory.red_line
                  - actors.russia.stances.force.red_line
                add:
                  actors.ukraine.stances.territory.red_line: {at_most: 75, note: withdrawal without recognition}

            """);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Equal(75, r.Scenario!.FindActor("ukraine")!.StanceOn("territory")!.RedLine!.Limit!.Value);
        Assert.Null(r.Scenario.FindActor("russia")!.StanceOn("force")!.RedLine);
        Assert.NotNull(ScenarioLoader.LoadYaml(Flagship(), "t.yaml").Scenario!.FindActor("russia")!.StanceOn("force")!.RedLine);
    }

    [Fact]
    public void Removing_an_actor_removes_its_links_costs_and_stances_in_one_line()
    {
        LoadResult r = WithVariant("    remove: [actors.china]\n");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Scenario s = r.Scenario!;
        Assert.Null(s.FindActor("china"));
        Assert.DoesNotContain(s.Channels.Links, l => l.A == "china" || l.B == "china");
        Assert.False(s.Dynamics!.Costs.ContainsKey("china"));
    }

    [Fact]
    public void A_variant_adds_an_actor_a_stance_a_link_and_changes_roles_and_the_mediator()
    {
        LoadResult r = WithVariant("""
                add:
                  actors:
                    - id: turkey
                      name: Turkey
                      role: outside
                      estimate: true
                      capability: 30
                      stances:
                        ceasefire: {position: 10, salience: 0.6}
                  actors.frontline.stances.territory.red_line: {at_most: 50}
                  channels.links: [[turkey, russia], [turkey, ukraine]]
                remove:
                  - actors.eu.stances.stake
                  - actors.uk.role
                  - channels.links: [frontline, uk]
                set:
                  actors.eu.role: party
                  channels.mediator: uk

            """);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Scenario s = r.Scenario!;
        Assert.Equal(10, s.FindActor("turkey")!.StanceOn("ceasefire")!.Position.Value);
        Assert.Contains(s.Channels.Links, l => l.A == "turkey" && l.B == "russia");
        Assert.DoesNotContain(s.Channels.Links, l => l.A == "uk" && l.B == "frontline");
        Assert.Null(s.FindActor("eu")!.StanceOn("stake"));
        Assert.Equal(RedLineBound.AtMost, s.FindActor("frontline")!.StanceOn("territory")!.RedLine!.Bound);
        Assert.Equal("uk", s.Channels.Mediator);
        Assert.Equal(ActorRole.Mediator, s.RoleOf("uk"));
        Assert.Equal(ActorRole.Party, s.RoleOf("eu"));
        Assert.Equal(ActorRole.Party, s.RoleOf("us"));
    }

    [Theory]
    [InlineData("    remove: [actors.ukraine.stances.territory.red_lin]\n", "red_line")]
    [InlineData("    remove: [actors.chnia]\n", "china")]
    [InlineData("    remove:\n      - channels.links: [uk, china]\n", "has no item [uk, china]")]
    [InlineData("    add:\n      actors.ukraine.stances.territory.red_line: {at_most: 60}\n", "already exists")]
    [InlineData("    add:\n      channels.mediator: [uk]\n", "already exists")]
    [InlineData("    remove: [variants]\n", "cannot change 'variants'")]
    [InlineData("    set:\n      parley: 2\n", "cannot change 'parley'")]
    public void A_wrong_addition_or_removal_is_named_at_its_line_with_a_hint(string body, string expected)
    {
        LoadResult r = WithVariant(body);
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.VariantPath, d.Code);
        Assert.Contains(expected, d.Message + " " + d.Hint, StringComparison.Ordinal);
        Assert.True(d.Line > File.ReadAllLines(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Length, $"line {d.Line}: the variant's own line");
    }

    [Fact]
    public void Additions_and_removals_survive_a_write_and_a_read()
    {
        const string body = "    remove:\n      - actors.china\n      - actors.ukraine.stances.territory.red_line\n      - channels.links: [uk, frontline]\n"
            + "    add:\n      actors.ukraine.stances.territory.red_line: {at_most: 75, note: \"withdrawal, not recognition\"}\n";
        LoadResult r = WithVariant(body);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        LoadResult base_ = ScenarioLoader.LoadYaml(Flagship() + "  - id: test\n    name: Test\n    estimate: true\n" + body, "t.yaml");
        Assert.True(base_.Succeeded, string.Join("\n", base_.Diagnostics));
        string yaml = ScenarioWriter.Write(base_.Scenario!);
        LoadResult again = ScenarioLoader.LoadYaml(yaml, "again.yaml", "test");
        Assert.True(again.Succeeded, string.Join("\n", again.Diagnostics));
        Assert.Null(again.Scenario!.FindActor("china"));
        Assert.Equal(75, again.Scenario.FindActor("ukraine")!.StanceOn("territory")!.RedLine!.Limit!.Value);
        Assert.Equal(r.Scenario!.Channels.Links.Count, again.Scenario.Channels.Links.Count);
    }
}
