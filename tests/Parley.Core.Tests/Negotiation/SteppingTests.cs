using Parley.Core.Analyses;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Negotiation;
using Parley.Core.Tests.Domain;

namespace Parley.Core.Tests.Negotiation;

/// <summary>Protocols are types behind one registry; a session advances one step at a time, can be inspected and driven from outside.</summary>
public sealed class SteppingTests
{
    private static Session NewSession(Scenario s, ulong seed = 1)
    {
        DealSpace space = DealSpace.Build(s, ScenarioOptions.Deal(s));
        IReadOnlyList<string> table = s.Table();
        IStrategy[] strategies = [.. table.Select(id => StrategyRegistry.Create(NegotiationAnalysis.StrategyOf(s, new Dictionary<string, string>(), id)))];
        return new Session(space, [.. table.Select(space.IndexOf)], strategies, new SessionSettings { Deadline = 24, Seed = seed });
    }

    private static string Record(IEnumerable<Message> messages) =>
        string.Join('\n', messages.Select(m => $"{m.Time} {m.From}>{m.To} {m.Kind} {(m.Package is null ? "-" : string.Join(',', m.Package))} {m.Issue} {m.Amount:R}"));

    [Fact]
    public void The_registry_holds_one_type_per_protocol_under_todays_names()
    {
        Assert.Equal(["alternating-offers", "single-text", "hub-and-spoke", "sequenced", "sequenced-summit-first"], ProtocolRegistry.Names);
        Assert.All(ProtocolRegistry.Names, n => Assert.Equal(n, ProtocolRegistry.Create(n).Name));
        Assert.IsType<AlternatingOffers>(ProtocolRegistry.Create("alternating-offers"));
        Assert.IsType<Sequenced>(ProtocolRegistry.Create("sequenced"));
        ArgumentException e = Assert.Throws<ArgumentException>(() => ProtocolRegistry.Create("auction"));
        Assert.Contains("hub-and-spoke", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alternating-offers", 1UL)]
    [InlineData("single-text", 1UL)]
    [InlineData("hub-and-spoke", 1UL)]
    [InlineData("hub-and-spoke", 5UL)]
    [InlineData("sequenced", 1UL)]
    [InlineData("sequenced-summit-first", 3UL)]
    public void Stepping_to_the_end_is_the_same_as_running_and_each_step_can_be_inspected(string protocol, ulong seed)
    {
        Scenario s = SeatingTests.Flagship();
        SessionResult whole = NewSession(s, seed).Run(protocol);

        Session stepped = NewSession(s, seed);
        Assert.False(stepped.Running);
        stepped.Start(protocol);
        int steps = 0, seen = 0;
        while (stepped.Running)
        {
            Assert.Equal(steps, stepped.Time);
            bool more = stepped.Step();
            steps++;
            Assert.True(stepped.Transcript.Count >= seen);   // the record only grows
            Assert.All(stepped.Transcript.Skip(seen), m => Assert.Equal(steps - 1, m.Time));   // this step's messages carry its time
            seen = stepped.Transcript.Count;
            Assert.Equal(more, stepped.Result is null);
        }

        SessionResult r = stepped.Result!;
        Assert.Equal(whole.EndedBy, r.EndedBy);
        Assert.Equal(whole.Time, r.Time);
        Assert.Equal(whole.Agreement, r.Agreement);
        Assert.Equal(whole.Utility, r.Utility);
        Assert.Equal(Record(whole.Transcript), Record(r.Transcript));

        // a finished session stays finished
        Assert.False(stepped.Step());
        Assert.Same(r, stepped.Result);
        Assert.Throws<InvalidOperationException>(() => stepped.Start(protocol));
    }

    [Fact]
    public void A_party_played_from_outside_decides_the_step_it_is_asked_in()
    {
        Scenario s = SeatingTests.Flagship();
        Session baseline = NewSession(s);
        SessionResult alone = baseline.Run("hub-and-spoke");
        Assert.True(alone.Time > 4, "the flagship's talks take longer than the five steps this test drives");

        // Russia and Ukraine are played from outside: they reject for five steps, then accept the text on the table
        Session driven = NewSession(s);
        driven.Start("hub-and-spoke");
        int[] any = new int[s.Issues.Count];
        var russia = new ExternalParty(any, Response.Reject);
        var ukraine = new ExternalParty(any, Response.Reject);
        driven.Use("russia", russia);
        driven.Use("ukraine", ukraine);
        for (int t = 0; t < 5; t++)
        {
            Assert.True(driven.Step());
        }

        int[] onTheTable = [.. ((SingleText)driven.Protocol!).Text!];   // inspect the mediator's text between steps
        russia.Set(null, Response.Accept);
        ukraine.Set(null, Response.Accept);
        while (driven.Step())
        {
        }

        SessionResult r = driven.Result!;
        Assert.Equal(6, russia.MovesAsked);   // asked once per step: five rejections, then the acceptance
        Assert.Equal(6, ukraine.MovesAsked);
        Assert.Equal("agreement", r.EndedBy);
        Assert.Equal(5, r.Time);
        Assert.Equal(onTheTable, r.Agreement);
        Assert.Contains(driven.Transcript, m => m.Time == 5 && m.From == "ukraine" && m.Kind == MessageKind.Accept);
        Assert.Throws<ArgumentException>(() => driven.Use("china", russia));   // not at the table
    }
}
