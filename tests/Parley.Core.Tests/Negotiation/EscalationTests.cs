using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Negotiation;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// Escalate, then sell de-escalation (issue 18): a party raises another's cost of war, then offers to stop for a level of
/// another issue; the price and whether it is paid come from the model's state, and a paid price settles the issue.
/// </summary>
public class EscalationTests
{
    private static readonly string Base = WideZone.Text;

    // north escalates against south and asks its price on the border (north wants 100, south 0, the broker 50)
    private static string Escalation(double amount) =>
        With("by: north, on: south, issue: border, amount: " + amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", cost: 0.001, at: 0, steps: 1");

    private static string With(string tactic) =>
        Base.Replace("  mediator: broker", "  mediator: broker\n  escalation: {" + tactic + ", estimate: true}", StringComparison.Ordinal);

    private static Scenario Load(string text) => WideZone.Load(text);

    private static SessionResult Run(Scenario s, ulong seed, string protocol = "hub-and-spoke")
    {
        DealSpace space = DealSpace.Build(s, new DealSettings());
        var session = new Session(space, [2, 0, 1], [StrategyRegistry.Create("deadline-driven"), StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")],
            new SessionSettings { Deadline = 24, Seed = seed });
        return session.Run(protocol);
    }

    [Fact]
    public void The_tactic_binds_and_survives_writing()
    {
        Scenario s = Load(Escalation(0.05));
        Escalation x = s.Channels.Escalation!;
        Assert.Equal(("north", "south", "border", 0.05, 0.001, 0, 1), (x.By, x.On, x.Issue, x.Amount.Value, x.Cost.Value, x.At, x.Steps));
        Scenario again = Load(ScenarioWriter.Write(s));
        Assert.Equal(x with { Provenance = Provenance.None }, again.Channels.Escalation! with { Provenance = Provenance.None });
    }

    [Theory]
    [InlineData("by: north, on: north, issue: border, amount: 0.05", "escalates against itself")]
    [InlineData("by: north, on: south, issue: aids, amount: 0.05", "'aids', which is not an issue")]
    [InlineData("by: nobody, on: south, issue: border, amount: 0.05", "nobody")]
    [InlineData("by: north, on: south, issue: border, amount: 0.05, steps: 0", "at least one step after")]
    [InlineData("by: north, on: south, issue: border", "amount")]
    [InlineData("by: north, on: broker, issue: border, amount: 0.05", "no stance", false)]
    public void A_bad_tactic_is_refused_at_its_line(string tactic, string message, bool withStance = true)
    {
        if (!withStance)
        {
            // the broker has a stance on both issues: take its border stance away
            WideZone.Refused(With(tactic).Replace("      border: {position: 50, salience: 0.3}\n", string.Empty, StringComparison.Ordinal), message, after: 30);
            return;
        }

        WideZone.Refused(With(tactic), message, after: 30);
    }

    [Fact]
    public void A_dear_enough_escalation_is_paid_for_and_the_price_holds_to_the_end()
    {
        Scenario s = Load(Escalation(0.05));
        for (ulong seed = 1; seed <= 5; seed++)
        {
            SessionResult r = Run(s, seed);
            Assert.Contains(r.Transcript, m => m.Kind == MessageKind.Escalation && m.Time == 0 && m.From == "north" && m.To == "south");
            Message demand = r.Transcript.Last(m => m.Kind == MessageKind.Demand);
            Message answer = r.Transcript.First(m => m.Time == demand.Time && m.From == "south" && m.To == "north");
            Assert.Equal(MessageKind.Accept, answer.Kind);
            FiredEvent sold = Assert.Single(r.Events, e => e.Id == "de-escalation");
            Assert.Contains("cost of war of south 0.08 → 0.03", sold.Effect, StringComparison.Ordinal);

            // the price paid is in the agreement: the border at the level asked
            Assert.NotNull(r.Agreement);
            Assert.Equal(demand.Package![0], r.Agreement![0]);
        }
    }

    [Fact]
    public void Without_the_tactic_nothing_changes_and_a_costless_threat_buys_nothing()
    {
        Scenario none = Load(Base), free = Load(Escalation(0));
        for (ulong seed = 1; seed <= 3; seed++)
        {
            SessionResult a = Run(none, seed), b = Run(free, seed);
            Assert.DoesNotContain(b.Transcript, m => m.Kind == MessageKind.Demand);
            Assert.Empty(b.Events);
            Assert.Equal(a.Agreement, b.Agreement);
        }

        // switched off (the mechanism experiments use): the scenario as if the tactic did not exist
        Assert.Null(MechanismSwitch.Without(Load(Escalation(0.05)), [Mechanisms.EscalateThenSell]).Channels.Escalation);
    }

    [Fact]
    public void A_dearer_escalation_never_buys_the_escalating_party_less()
    {
        // directional: over seeds, the agreed level of the price issue moves toward the escalating party (north wants border 100)
        // as the escalation gets dearer for the target: never away from it on average, and by a margin once it is paid
        Scenario none = Load(Base);
        double Mean(Scenario s)
        {
            double sum = 0;
            int n = 0;
            for (ulong seed = 1; seed <= 8; seed++)
            {
                SessionResult r = Run(s, seed);
                if (r.Agreement is int[] deal)
                {
                    sum += DealSpace.Build(s, new DealSettings()).Levels[0][deal[0]];
                    n++;
                }
            }

            return sum / n;
        }

        double without = Mean(none), mild = Mean(Load(Escalation(0.01))), dear = Mean(Load(Escalation(0.05)));
        Assert.True(mild >= without - 1e-9, $"mild {mild} against none {without}");
        Assert.True(dear >= mild - 1e-9, $"dear {dear} against mild {mild}");
        Assert.True(dear > without + 5, $"dear {dear} against none {without}");
    }

    [Fact]
    public void A_price_paid_stays_settled_when_a_later_event_moves_the_payers_stance()
    {
        // the deal space keeps a settlement through every copy a stance event makes (its red lines are read again there)
        Scenario s = Load(Escalation(0.05));
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int level = Array.IndexOf(space.Levels[0], 80.0);
        DealSpace settled = space.WithSettled(0, level);
        Actor south = s.Actors[1];
        Scenario moved = s with { Actors = [s.Actors[0], south with { Stances = [south.Stances[0] with { Position = Quantity.Of(10) }, south.Stances[1]] }, s.Actors[2]] };
        DealSpace after = settled.WithStance(moved, 1, 0, 10, settled.SalienceOf(1, 0));
        Assert.Equal(10, after.Positions[1][0]);
        Assert.All(Enumerable.Range(0, 3), a =>
        {
            Assert.Equal(1, after.Allowed[a][0].Count(x => x));
            Assert.True(after.Allowed[a][0][level]);
        });
    }
}
