using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// A concession before the talks (issue 18, item 2, the up-front tactic): the conceder states what it gives and to whom;
/// under the reference-dependent model the party conceded to takes what it was given as its floor and concedes only down
/// to it, so the conceder cannot win it back; with <c>negotiation.anchoring: none</c> it can.
/// </summary>
public class UpFrontConcessionTests
{
    private static Issue Scale(string id) => new() { Id = id, Name = id, Kind = IssueKind.Continuous, Min = 0, Max = 100 };

    private static Actor Party(string id, (string Issue, double Position, double Salience)[] stances) => new()
    {
        Id = id,
        Name = id,
        Capability = Quantity.Of(1),
        Patience = Quantity.Of(0.95),
        Alternative = new Quantity { Value = 0, Visibility = Visibility.Private },
        Stances = [.. stances.Select(s => new Stance { IssueId = s.Issue, Position = Quantity.Of(s.Position), Salience = Quantity.Of(s.Salience) })],
    };

    // a cares about x and y alike; b cares mostly about y
    private static Scenario Talks(string anchoring) => new()
    {
        Name = "up-front",
        Issues = [Scale("x"), Scale("y")],
        Actors = [Party("a", [("x", 100, 0.5), ("y", 100, 0.5)]), Party("b", [("x", 0, 0.2), ("y", 0, 0.8)])],
        ModelParameters = new Dictionary<string, string> { [Session.AnchoringParameter] = anchoring },
    };

    private static SessionResult Run(string anchoring, string a = "up-front") =>
        new Session(DealSpace.Build(Talks(anchoring), new DealSettings { Step = 10 }), [0, 1], [StrategyRegistry.Create(a), StrategyRegistry.Create("linear")],
            new SessionSettings { Deadline = 20 }).Run();

    [Fact]
    public void The_concession_is_stated_before_the_first_step_to_the_party_it_is_made_to()
    {
        SessionResult r = Run("reference-point");
        Message first = r.Transcript[0];
        Assert.Equal((0, "a", "b", MessageKind.Concession), (first.Time, first.From, first.To, first.Kind));
        Assert.DoesNotContain(Run("reference-point", a: "linear").Transcript, m => m.Kind == MessageKind.Concession);
    }

    [Fact]
    public void What_was_conceded_up_front_is_banked_and_costs_the_conceder_its_leverage()
    {
        SessionResult banked = Run("reference-point"), free = Run("none");
        Assert.Equal("agreement", banked.EndedBy);
        Assert.Equal("agreement", free.EndedBy);
        Assert.True(banked.Utility[0] <= free.Utility[0] + 1e-12, $"conceder {banked.Utility[0]} banked vs {free.Utility[0]} free");
        Assert.True(banked.Utility[1] >= free.Utility[1] - 1e-12, $"conceded-to {banked.Utility[1]} banked vs {free.Utility[1]} free");
        Assert.True(banked.Utility[0] < free.Utility[0] - 1e-6 || banked.Utility[1] > free.Utility[1] + 1e-6, "the reference point changed nothing");
    }
}
