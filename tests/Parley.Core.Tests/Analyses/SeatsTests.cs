using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Tests.Domain;

namespace Parley.Core.Tests.Analyses;

/// <summary>The analyses take part as the roles say: who must accept, who objects without a veto, who is seated.</summary>
public sealed class SeatsTests
{
    private static readonly string File = Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml");

    private static Scenario WithRole(Scenario s, string id, ActorRole? role) =>
        s with { Actors = [.. s.Actors.Select(a => a.Id == id ? a with { Role = role } : a)] };

    [Fact]
    public void The_zone_asks_the_actors_who_sign_and_lists_the_objections_of_the_others()
    {
        DealOutcome d = DealSpaceAnalysis.Run(new DealRequest(), SeatingTests.Flagship(), File).Result!;
        Assert.Equal(["us", "russia", "ukraine"], d.Parties.Select(p => p.Id));
        Assert.Equal(["mediator", "party", "party"], d.Parties.Select(p => p.Role));
        DealSolution nash = d.Nash!;
        Assert.All(d.Parties, p => Assert.Equal(nash.Utility[p.Id], p.Utility!.Value, 12));
        Assert.Contains("no veto: uk (guarantor), eu (guarantor), frontline (outside), china (outside)", d.Seating, StringComparison.Ordinal);

        // every objection is true of the Nash package: below the objector's reservation value or beyond its red line
        Assert.NotEmpty(d.Objections!);
        Assert.All(d.Objections!, o =>
        {
            Assert.DoesNotContain(o.Actor, d.Parties.Select(p => p.Id));
            Assert.True(o.Utility < o.Reservation || o.Issues.Count > 0, o.Text);
            Assert.Contains("no veto", o.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Giving_an_actor_a_veto_never_widens_the_zone()
    {
        // metamorphic: one more actor who must accept can only remove packages from the zone
        Scenario s = SeatingTests.Flagship();
        DealOutcome three = DealSpaceAnalysis.Run(new DealRequest(), s, File).Result!;
        DealOutcome withChina = DealSpaceAnalysis.Run(new DealRequest(), WithRole(s, "china", ActorRole.Party), File).Result!;
        DealOutcome all = DealSpaceAnalysis.Run(new DealRequest(), s with { Actors = [.. s.Actors.Select(a => a with { Role = null })] }, File).Result!;
        Assert.True(withChina.ZoneSize <= three.ZoneSize);
        Assert.True(all.ZoneSize <= withChina.ZoneSize);
        Assert.Equal(270, three.ZoneSize);
        Assert.Equal(36, all.ZoneSize);   // every actor with a veto, as before roles existed
    }

    [Fact]
    public void A_session_seats_every_party_even_seven()
    {
        Scenario s = SeatingTests.Flagship();
        Scenario seven = s with { Actors = [.. s.Actors.Select(a => a with { Role = null })] };
        SessionOutcome r = NegotiationAnalysis.RunOnce(new NegotiationRequest { Deadline = 12 }, seven, File).Result!;
        Assert.Equal(["us", "russia", "ukraine", "uk", "eu", "frontline", "china"], r.Parties.Keys);
        Assert.Equal("mediator", r.Parties["us"].Role);
        Assert.Contains(r.EndedBy, new[] { "agreement", "deadline", "walk-away" });
        Assert.Contains(r.Transcript, m => m.To == "china");   // the seventh party was asked

        NegotiationDistributionOutcome over = NegotiationAnalysis.RunOverDraws(new NegotiationRequest { Deadline = 12, Draws = 20, Threads = 1 }, seven, File).Result!;
        Assert.Equal(7, over.MeanUtility.Count);
    }

    [Fact]
    public void A_strategy_or_a_seat_for_an_actor_not_at_the_table_is_refused()
    {
        Scenario s = SeatingTests.Flagship();
        var bad = NegotiationAnalysis.RunOnce(new NegotiationRequest { Strategies = new Dictionary<string, string> { ["china"] = "linear" } }, s, File);
        Assert.Null(bad.Result);
        Assert.Contains("china is an outside actor: no seat and no veto. To seat it, make it a party", Assert.Single(bad.Problems).Message, StringComparison.Ordinal);

        var seat = NegotiationAnalysis.RunOnce(new NegotiationRequest { Actors = ["us", "russia", "eu"] }, s, File);
        Assert.Null(seat.Result);
        Assert.Contains("eu is a guarantor: no seat and no veto", Assert.Single(seat.Problems).Message, StringComparison.Ordinal);

        var left = NegotiationAnalysis.RunOnce(new NegotiationRequest { Actors = ["us", "russia"], Protocol = "alternating-offers" }, s, File).Result!;
        Assert.Contains("ukraine (party, left out by --actors)", left.Seating, StringComparison.Ordinal);
    }
}
