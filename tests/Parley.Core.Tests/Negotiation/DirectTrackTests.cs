using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// A direct track beside the hub (issue 18): two parties trade offers on some issues while the mediator works the whole
/// text; an agreement on the track settles its issues for the rest of the talks, and its messages reach only its parties.
/// </summary>
public class DirectTrackTests
{
    private static readonly string Base = WideZone.Text;

    private static string WithTracks(string tracks) =>
        Base.Replace("  mediator: broker", "  mediator: broker\n  tracks:\n" + tracks, StringComparison.Ordinal);

    private static Scenario Load(string text) => WideZone.Load(text);

    private static Session Run(Scenario s, ulong seed, string protocol = "hub-and-spoke", string strategy = "linear")
    {
        DealSpace space = DealSpace.Build(s, new DealSettings());
        var session = new Session(space, [2, 0, 1], [StrategyRegistry.Create("deadline-driven"), StrategyRegistry.Create(strategy), StrategyRegistry.Create(strategy)],
            new SessionSettings { Deadline = 24, Seed = seed });
        session.Run(protocol);
        return session;
    }

    private const string Aid = "    - {id: aid-talks, parties: [south, north], issues: [aid], estimate: true}\n";

    [Fact]
    public void A_track_binds_and_survives_writing()
    {
        Scenario s = Load(WithTracks(Aid));
        DirectTrack t = Assert.Single(s.Channels.Tracks);
        Assert.Equal(("aid-talks", ("south", "north"), "aid"), (t.Id, t.Parties, Assert.Single(t.Issues)));
        DirectTrack again = Assert.Single(Load(ScenarioWriter.Write(s)).Channels.Tracks);
        Assert.Equal((t.Id, t.Parties, t.Issues[0]), (again.Id, again.Parties, again.Issues[0]));
    }

    [Theory]
    [InlineData("    - {id: t, parties: [broker, north], issues: [aid]}\n", "names the mediator")]
    [InlineData("    - {id: t, parties: [north, north], issues: [aid]}\n", "two different parties")]
    [InlineData("    - {id: t, parties: [north, south], issues: [aids]}\n", "'aids', which is not an issue")]
    [InlineData("    - {id: t, parties: [north, south], issues: [aid]}\n    - {id: u, parties: [north, south], issues: [aid]}\n", "which track 't' already works")]
    [InlineData("    - {id: t, parties: [north, south], issues: []}\n", "works no issue")]
    [InlineData("    - {id: t, parties: [north, south], issues: [aid], opens_with: talks}\n", "opens with event 'talks', which the scenario does not have")]
    public void A_bad_track_is_refused_at_its_line(string tracks, string message)
    {
        WideZone.Refused(WithTracks(tracks), message, after: 30);
    }

    [Fact]
    public void A_track_agreement_settles_its_issues_and_its_messages_reach_only_its_parties()
    {
        // conceders: the hub of this wide zone agrees within a few months, and they give ground soon enough for the track to
        Scenario s = Load(WithTracks(Aid));
        int agreed = 0;
        for (ulong seed = 1; seed <= 6; seed++)
        {
            Session session = Run(s, seed, strategy: "conceder");
            SessionResult r = session.Result!;
            Assert.Contains(r.Transcript, m => m.Kind == MessageKind.TrackOffer && m.Time == 0 && m.From == "south" && m.To == "north");
            Assert.All(r.Transcript.Where(m => m.Issue == "track aid-talks"), m => Assert.True(m.From != "broker" && m.To != "broker"));
            Assert.DoesNotContain(session.ViewOf(0).Inbox, m => m.Issue == "track aid-talks");
            if (r.Events.FirstOrDefault(e => e.Id == "track-aid-talks") is { } done)
            {
                agreed++;
                Message accept = r.Transcript.Single(m => m.Kind == MessageKind.Accept && m.Issue == "track aid-talks");
                Assert.Equal(done.Time, accept.Time);

                // every text after it, and the agreement, keep the track's level of aid
                Assert.All(r.Transcript.Where(m => m.Kind == MessageKind.Offer && m.Time > done.Time), m => Assert.Equal(accept.Package![1], m.Package![1]));
                if (r.Agreement is int[] deal)
                {
                    Assert.Equal(accept.Package![1], deal[1]);
                }
            }
        }

        Assert.True(agreed > 0, "the track agreed in some run");
    }

    [Fact]
    public void Beside_direct_talks_a_track_does_not_run()
    {
        Scenario s = Load(WithTracks(Aid)), none = Load(Base);
        DealSpace space = DealSpace.Build(s, new DealSettings()), plain = DealSpace.Build(none, new DealSettings());
        var a = new Session(space, [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 24, Seed = 2 });
        var b = new Session(plain, [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 24, Seed = 2 });
        Assert.Equal(b.Run("alternating-offers").Agreement, a.Run("alternating-offers").Agreement);
        Assert.DoesNotContain(a.Transcript, m => m.Kind == MessageKind.TrackOffer);
    }

    [Fact]
    public void A_track_that_opens_with_an_event_is_closed_until_it_fires()
    {
        Scenario s = Load(WithTracks("    - {id: aid-talks, parties: [south, north], issues: [aid], opens_with: opening, estimate: true}\n")
            + "\nevents:\n  - {id: opening, name: The belligerents open a channel, at: 2, estimate: true}\n");
        Assert.Equal("opening", Assert.Single(Load(ScenarioWriter.Write(s)).Channels.Tracks).OpensWith);
        Session session = Run(s, 1, strategy: "hard-liner");
        Assert.DoesNotContain(session.Transcript, m => m.Kind == MessageKind.TrackOffer && m.Time < 2);
        if (session.Result!.Time >= 2)
        {
            Assert.Contains(session.Transcript, m => m.Kind == MessageKind.TrackOffer && m.Time == 2);
        }
    }

    [Fact]
    public void The_scenario_document_carries_the_tracks()
    {
        ScenarioDocument doc = ScenarioJson.Document(Load(WithTracks(Aid)));
        TrackDocument t = Assert.Single(doc.Channels.Tracks!);
        Assert.Equal(("aid-talks", "south,north", "aid"), (t.Id, string.Join(',', t.Parties), Assert.Single(t.Issues)));
        Assert.Null(ScenarioJson.Document(Load(Base)).Channels.Tracks);
    }
}
