using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Analyses;

/// <summary>A variant's results respect what it stipulates: its zone, Nash package, simulated agreements and durability rows.</summary>
public sealed class VariantPremiseTests
{
    private static IEnumerable<(string File, Variant Variant)> Stipulating() =>
        Directory.GetFiles(TestPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => ScenarioLoader.LoadPath(f).Scenario!.Variants.Where(v => v.Stipulates.Count > 0).Select(v => (f, v)));

    private static void Respects(IReadOnlyDictionary<string, IssueLimit> limits, IReadOnlyDictionary<string, double>? package, string what)
    {
        if (package is null)
        {
            return;
        }

        foreach ((string issue, IssueLimit limit) in limits)
        {
            Assert.True(limit.Allows(package[issue]), $"{what}: {issue} {package[issue]} breaks '{limit}'");
        }
    }

    [Fact]
    public void Every_shipped_variant_that_stipulates_is_respected_by_every_result()
    {
        var cases = Stipulating().ToList();
        Assert.Contains(cases, c => c.Variant.Id == "european-force");
        Assert.Contains(cases, c => c.Variant.Id == "bilateral-guarantees");
        foreach ((string file, Variant v) in cases)
        {
            ScenarioSet set = ScenarioSet.Load([file]).Set!;
            Assert.Equal(v.Stipulates, set.Get(v.Id).Stipulations);
            DealOutcome deal = DealSpaceAnalysis.Run(new DealRequest { Variant = v.Id }, set).Result!;
            Respects(v.Stipulates, deal.Nash?.Levels, $"{v.Id} Nash");
            foreach (ZoneRange z in deal.ZoneRanges.Where(z => v.Stipulates.ContainsKey(z.Issue)))
            {
                Assert.True(v.Stipulates[z.Issue].Allows(z.Min) && v.Stipulates[z.Issue].Allows(z.Max), $"{v.Id} zone on {z.Issue}");
            }

            NegotiationDistributionOutcome runs = NegotiationAnalysis.RunOverDraws(new NegotiationRequest { Variant = v.Id, Draws = 60, Seed = 4 }, set).Result!;
            Respects(v.Stipulates, runs.MostAgreed?.Package, $"{v.Id} most agreed");
            Respects(v.Stipulates, NegotiationAnalysis.RunOnce(new NegotiationRequest { Variant = v.Id, Seed = 4 }, set).Result!.Agreement, $"{v.Id} simulated");

            DurabilityComparisonOutcome durability = DurabilityAnalysis.Compare(new DurabilityRequest { Seed = 4, Draws = 100 }, set).Result!;
            if (durability.Runs.FirstOrDefault(r => r.Run == v.Id) is { } row)
            {
                Respects(v.Stipulates, row.Package, $"{v.Id} durability");
            }
            else
            {
                Assert.Contains($"within what variant '{v.Id}' stipulates", durability.Skipped![v.Id], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_flagship_european_force_has_no_zone_and_says_which_red_line_blocks_it()
    {
        // the premise (a European force: force at most 33) meets Russia's red line (at least 67): no deal, not a 98% durable one
        ScenarioSet set = ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!;
        DealOutcome deal = DealSpaceAnalysis.Run(new DealRequest { Variant = "european-force" }, set).Result!;
        Assert.Equal(0, deal.ZoneSize);
        Assert.Contains(ScenarioFacts.Compare(set.Get(null), set.Get("european-force")), c => c.Path == "stipulations.force" && c.After == "at most 33");

        // the flagship's own territorial red lines also clash, so no single move opens a zone; with Russia's territorial
        // line lifted (as in variant freeze-on-the-line), the force red line is the one that blocks the European force
        Scenario force = set.Get("european-force");
        Scenario lifted = force with
        {
            Actors = [.. force.Actors.Select(a => a.Id != "russia" ? a : a with { Stances = [.. a.Stances.Select(st => st.IssueId == "territory" ? st with { RedLine = null } : st)] })],
        };
        DealOutcome blocked = DealSpaceAnalysis.Run(new DealRequest(), lifted, "ukraine-2025.yaml").Result!;
        Assert.Equal(0, blocked.ZoneSize);
        Assert.Contains(blocked.Blockers, b => b.Actor == "russia" && b.Kind == "red-line" && b.Issue == "force");
    }

    [Theory]
    [InlineData("stipulates: {lnd: {at_most: 10}}", DiagnosticCodes.UndefinedReference)]
    [InlineData("stipulates: {land: {at_most: 120}}", DiagnosticCodes.OutOfRange)]
    [InlineData("stipulates: {land: {at_least: 60, at_most: 10}}", DiagnosticCodes.OutOfRange)]
    [InlineData("stipulates: {land: {}}", DiagnosticCodes.MissingField)]
    [InlineData("stipulates: {land: {at_mots: 3}}", DiagnosticCodes.UnknownKey)]
    public void A_stipulation_that_makes_no_sense_is_reported_where_it_is(string line, string code)
    {
        string yaml = $"""
            parley: 1
            scenario: {"{"}name: premise{"}"}
            issues:
              - {"{"}id: land, name: Land, scale: {"{"}min: 0, max: 100{"}"}{"}"}
            actors:
              - {"{"}id: a, name: A, estimate: true, capability: 1, stances: {"{"}land: {"{"}position: 0, salience: 1{"}"}{"}"}{"}"}
              - {"{"}id: b, name: B, estimate: true, capability: 1, stances: {"{"}land: {"{"}position: 100, salience: 1{"}"}{"}"}{"}"}
            variants:
              - id: v
                name: V
                {line}
            """;
        LoadResult load = ScenarioLoader.LoadYaml(yaml, "premise.yaml");
        Assert.Contains(load.Diagnostics, d => d.Code == code && d.Line == 11);
        Assert.Single(load.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void A_variant_can_draw_a_red_line_where_the_scenario_has_none()
    {
        string yaml = Parley.Core.Tests.Scenarios.Yamls.ValidWith("      actors.a.stances.pact.position: partial", "      actors.a.stances.pact.position: partial\n      actors.b.stances.land.red_line.at_most: 40");
        LoadResult load = ScenarioLoader.LoadYaml(yaml, "t.yaml", "stronger-b");
        Assert.True(load.Scenario is not null, string.Join("\n", load.Diagnostics));
        RedLine line = load.Scenario!.FindActor("b")!.StanceOn("land")!.RedLine!;
        Assert.Equal(RedLineBound.AtMost, line.Bound);
        Assert.Equal(40, line.Limit!.Value);

        // a shift cannot create one (there is nothing to shift), and a misspelt bound is still an error
        string shifted = Parley.Core.Tests.Scenarios.Yamls.ValidWith("      dynamics.trend: -0.01", "      dynamics.trend: -0.01\n      actors.b.stances.land.red_line.at_most: 5");
        Assert.Contains(ScenarioLoader.LoadYaml(shifted, "t.yaml", "stronger-b").Diagnostics, d => d.Code == DiagnosticCodes.VariantPath);
    }

    [Fact]
    public void Base_and_variant_problems_are_reported_in_one_pass()
    {
        string yaml = Parley.Core.Tests.Scenarios.Yamls.ValidWith("    patience: 0.9", "    patiense: 0.9")
            .Replace("      dynamics.trend: -0.01", "      dynamics.trnd: -0.01", StringComparison.Ordinal);
        IReadOnlyList<Diagnostic> found = ScenarioLoader.LoadYaml(yaml, "t.yaml").Diagnostics;
        Assert.Contains(found, d => d.Code == DiagnosticCodes.UnknownKey && d.Message.Contains("patiense", StringComparison.Ordinal));
        Assert.Contains(found, d => d.Code == DiagnosticCodes.VariantPath && d.Message.StartsWith("in variant 'stronger-b'", StringComparison.Ordinal));
    }

    [Fact]
    public void Stipulations_survive_a_write_and_a_read()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(s), "again.yaml").Scenario!;
        Assert.Equal(s.Variants.Single(v => v.Id == "european-force").Stipulates, again.Variants.Single(v => v.Id == "european-force").Stipulates);
        Assert.Equal(new IssueLimit(33, 33), again.Variants.Single(v => v.Id == "bilateral-guarantees").Stipulates["alignment"]);
    }
}
