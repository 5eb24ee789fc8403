using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Tests.Scenarios;

namespace Parley.Core.Tests.Domain;

/// <summary>Who signs and who sits at the table follows from the roles, in one place.</summary>
public sealed class SeatingTests
{
    internal static Scenario Flagship() => ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;

    [Fact]
    public void The_flagship_seats_the_mediator_and_the_belligerents_and_gives_the_others_no_veto()
    {
        Scenario s = Flagship();
        Assert.Equal(["us", "russia", "ukraine"], s.Signatories());
        Assert.Equal(["us", "russia", "ukraine"], s.Table());
        Assert.Equal(ActorRole.Mediator, s.RoleOf("us"));
        Assert.Equal(ActorRole.Guarantor, s.RoleOf("uk"));
        Assert.Equal(ActorRole.Guarantor, s.RoleOf("eu"));
        Assert.Equal(ActorRole.Outside, s.RoleOf("frontline"));
        Assert.Equal(ActorRole.Outside, s.RoleOf("china"));
        Assert.All(s.Actors.Where(a => a.Role is not null), a => Assert.False(string.IsNullOrWhiteSpace(a.RoleNote)));
    }

    [Fact]
    public void No_role_means_party_and_every_party_sits_at_the_table_after_the_mediator_and_the_belligerents()
    {
        Scenario s = Flagship();
        Scenario allParties = s with { Actors = [.. s.Actors.Select(a => a with { Role = null })] };
        Assert.Equal(7, allParties.Signatories().Count);
        Assert.Equal(["us", "russia", "ukraine", "uk", "eu", "frontline", "china"], allParties.Table());
    }

    [Fact]
    public void A_mediator_without_positions_sits_at_the_table_but_does_not_sign()
    {
        Scenario s = Flagship();
        Scenario broker = s with { Actors = [.. s.Actors.Select(a => a.Id == "us" ? a with { Stances = [] } : a)] };
        Assert.Equal(["russia", "ukraine"], broker.Signatories());
        Assert.Equal(["us", "russia", "ukraine"], broker.Table());
    }

    [Fact]
    public void A_variant_can_change_a_role_and_show_lists_it()
    {
        string yaml = Yamls.ValidWith("      actors.a.stances.pact.position: partial", "      actors.a.stances.pact.position: partial\n      actors.b.role: outside");
        LoadResult r = ScenarioLoader.LoadYaml(yaml, "roles.yaml", "stronger-b");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Equal(ActorRole.Outside, r.Scenario!.RoleOf("b"));

        // with b outside only the mediator signs: a warning says the zone needs two
        Diagnostic w = Assert.Single(r.Diagnostics, d => d.Code == DiagnosticCodes.FewSignatories);
        Assert.Equal(Severity.Warning, w.Severity);
        Assert.Contains("role: outside", ScenarioWriter.Write(r.Scenario!), StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_an_actor_without_a_seat_is_an_error_with_a_hint()
    {
        Scenario s = Flagship();
        IReadOnlyList<string> problems = Seats.Check(s, ["us", "china", "nobody"], "--actors");
        Assert.Equal(2, problems.Count);
        Assert.Contains("unknown actor(s) nobody", problems[0], StringComparison.Ordinal);
        Assert.Contains("china is an outside actor: no seat and no veto", problems[1], StringComparison.Ordinal);
        Assert.Contains("actors.china.role: party", problems[1], StringComparison.Ordinal);
    }
}
