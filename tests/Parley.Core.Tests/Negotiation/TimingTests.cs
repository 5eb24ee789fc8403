using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Negotiation;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// When talks end (issue 15): agreement comes when waiting stops paying, not at whatever deadline the analyst typed, and
/// the mediator's single text converges instead of alternating between packages.
/// </summary>
public class TimingTests
{
    private static Scenario Wide() =>
        ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml")).Scenario!;

    [Fact]
    public void A_partys_own_horizon_is_its_surplus_over_its_cost_of_waiting()
    {
        // surplus 0.8, a step costs 0.1: after 8 steps waiting has cost it all it bargains for
        Assert.Equal(8, ConcessionHorizon.Of(1.0, 0.2, 0.1, 24));
        Assert.Equal(9, ConcessionHorizon.Of(1.0, 0.2, 0.095, 24));
        // never beyond the deadline, never below one step
        Assert.Equal(6, ConcessionHorizon.Of(1.0, 0.2, 0.01, 6));
        Assert.Equal(1, ConcessionHorizon.Of(1.0, 0.99, 0.5, 24));
        // waiting that costs nothing (or pays) leaves the deadline in charge; so does having nothing to bargain for
        Assert.Equal(24, ConcessionHorizon.Of(1.0, 0.2, 0, 24));
        Assert.Equal(24, ConcessionHorizon.Of(1.0, 0.2, -0.05, 24));
        Assert.Equal(24, ConcessionHorizon.Of(0.3, 0.5, 0.1, 24));
    }

    [Fact]
    public void Horizons_shorten_as_waiting_gets_dearer()
    {
        Scenario s = Wide();
        int Horizon(Scenario sc)
        {
            DealSpace space = DealSpace.Build(sc, new DealSettings());
            var session = new Session(space, [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 48 });
            return session.HorizonOf(0);
        }

        Actor north = s.Actors[0];
        int patient = Horizon(s with { Actors = [north with { Patience = Quantity.Of(0.99) }, .. s.Actors.Skip(1)] });
        int base_ = Horizon(s);
        int impatient = Horizon(s with { Actors = [north with { Patience = Quantity.Of(0.7) }, .. s.Actors.Skip(1)] });
        Assert.True(patient > base_ && base_ > impatient, $"patience 0.99 → {patient}, 0.9 → {base_}, 0.7 → {impatient}");
    }

    [Theory]
    [InlineData("hub-and-spoke", 12)]
    [InlineData("hub-and-spoke", 48)]
    [InlineData("single-text", 12)]
    [InlineData("single-text", 48)]
    [InlineData("sequenced", 12)]
    [InlineData("sequenced", 48)]
    [InlineData("sequenced-summit-first", 12)]
    [InlineData("sequenced-summit-first", 48)]
    [InlineData("alternating-offers", 12)]
    [InlineData("alternating-offers", 48)]
    public void With_a_wide_zone_and_costly_delay_agreement_comes_before_half_the_deadline_in_most_draws(string protocol, int deadline)
    {
        // the property of issue 15: before this, the median agreement came at 8 of 12 and 32-38 of 48 months
        Scenario s = Wide();
        string[] ids = ["broker", "north", "south"];
        NegotiationDistribution d = MonteCarloNegotiation.Run(s, new DealSettings(), ids, ["linear", "linear", "linear"], protocol, deadline, 100, 7, threads: 1);
        long early = d.AgreementTime.Take((deadline + 1) / 2).Sum();
        Assert.True(early * 2 >= d.Draws, $"{protocol}, deadline {deadline}: {early} of {d.Draws} draws agreed before t = {deadline / 2.0}");

        // and the deadline no longer sets the date: the median time is the same for 12 and 48 months
        Assert.True(d.TimeQuantile(0.5) <= 5, $"median time {d.TimeQuantile(0.5)}");
    }

    [Fact]
    public void When_waiting_costs_nothing_the_deadline_still_sets_the_date()
    {
        // the documented exception: no war costs, no discounting, fixed alternatives — nothing pushes anyone, so
        // time-dependent strategies concede over the whole deadline and agreement comes late (the deadline effect)
        Scenario s = Wide();
        Scenario free = s with
        {
            Dynamics = null,
            Actors = [.. s.Actors.Select(a => a with { Patience = Quantity.Of(1), Alternative = Quantity.Of(0.2) })],
        };
        NegotiationDistribution d = MonteCarloNegotiation.Run(free, new DealSettings(), ["north", "south"], ["linear", "linear"], "alternating-offers", 48, 20, 7, threads: 1);
        Assert.True(d.TimeQuantile(0.5) >= 24, $"median time {d.TimeQuantile(0.5)} of 48");
    }

    public static TheoryData<string, string> MediatedRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Directory.GetFiles(TestPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (string protocol in new[] { "hub-and-spoke", "single-text", "sequenced", "sequenced-summit-first" })
            {
                data.Add(Path.GetFileName(file), protocol);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MediatedRuns))]
    public void The_mediators_text_converges_every_return_to_an_old_text_settles_issues_for_good(string file, string protocol)
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, file)).Scenario!;
        if (s.Channels.Mediator is not string mediator)
        {
            return;
        }

        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] parties = [.. s.Actors.Select((a, i) => (a, i)).Where(x => x.a.Id == mediator || s.RoleOf(x.a.Id) == ActorRole.Party).Select(x => x.i)];
        for (ulong seed = 1; seed <= 10; seed++)
        {
            IStrategy[] strategies = [.. parties.Select(p => StrategyRegistry.Create(s.Actors[p].Strategy ?? "linear"))];
            var session = new Session(space, parties, strategies, new SessionSettings { Deadline = 24, Seed = seed });
            SessionResult r = session.Run(protocol);

            // the texts as tabled, one per step
            var texts = r.Transcript.Where(m => m.Kind == MessageKind.Offer && m.From == mediator).GroupBy(m => m.Time)
                .Select(g => (Time: g.Key, Text: g.First().Package!)).ToList();
            var holds = r.Transcript.Where(m => m.Kind == MessageKind.Hold).GroupBy(m => m.Time).ToDictionary(g => g.Key, g => g.First());
            var left = new HashSet<string>(StringComparer.Ordinal);
            var held = new Dictionary<int, int>();
            for (int t = 1; t < texts.Count; t++)
            {
                string before = string.Join(',', texts[t - 1].Text), now = string.Join(',', texts[t].Text);

                // a settled issue never moves again
                foreach ((int d, int level) in held)
                {
                    Assert.True(texts[t].Text[d] == level, $"{file} {protocol} seed {seed}: held issue {space.Issues[d].Id} moved at t={texts[t].Time}");
                }

                if (holds.TryGetValue(texts[t - 1].Time, out Message? hold))
                {
                    foreach (string id in hold.Issue!.Split(", "))
                    {
                        int d = space.Issues.Select((i, k) => (i, k)).First(x => x.i.Id == id).k;
                        Assert.False(held.ContainsKey(d), $"{id} held twice");
                        held[d] = texts[t].Text[d];
                    }
                }
                else if (now != before)
                {
                    // without a hold, the text never goes back to one it has left
                    Assert.DoesNotContain(now, left);
                }

                if (now != before)
                {
                    left.Add(before);
                }
            }

            // so the number of holds is at most the number of issues, and the text moves a bounded number of times
            Assert.True(holds.Count <= space.Issues.Count);
        }
    }

    [Fact]
    public void Red_line_pulls_outweigh_preferences_and_when_they_cancel_no_preference_moves_the_issue()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] parties = [space.IndexOf("us"), space.IndexOf("russia"), space.IndexOf("ukraine")];
        var session = new Session(space, parties, [.. parties.Select(_ => StrategyRegistry.Create("linear"))], new SessionSettings { Deadline = 24 });
        NegotiatorView us = session.ViewOf(0);
        int[] text = MediatorText.Initial(us);
        int d = 0; // territory: Russia pulls up, Ukraine down

        // a red-line pull beats two preferences the other way
        int[] hard = MediatorText.Amend(us, text, [("russia", "territory", true), ("ukraine", "territory", false), ("ukraine", "territory", false)]);
        Assert.True(hard[d] >= text[d]);

        // two red-line pulls that cancel leave the issue, whatever preference is added
        int[] stuck = MediatorText.Amend(us, text, [("russia", "territory", true), ("ukraine", "territory", true), ("russia", "territory", false)]);
        Assert.Equal(text[d], stuck[d]);
    }

    [Fact]
    public void Two_parties_pulling_one_issue_apart_leave_it_where_it_is()
    {
        // the flagship used to alternate between two texts from t = 1 to t = 21: Russia and Ukraine each named the issue
        // the other had just won, and the mediator moved both; now opposite pulls cancel, and a text the amendments
        // return to is settled and held
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] parties = [space.IndexOf("us"), space.IndexOf("russia"), space.IndexOf("ukraine")];
        var session = new Session(space, parties, [.. parties.Select(p => StrategyRegistry.Create(s.Actors[p].Strategy ?? "linear"))], new SessionSettings { Deadline = 24, Seed = 1 });
        SessionResult r = session.Run("hub-and-spoke");
        var texts = r.Transcript.Where(m => m.Kind == MessageKind.Offer && m.To == "russia").Select(m => string.Join(',', m.Package!)).ToList();
        int changes = texts.Zip(texts.Skip(1)).Count(p => p.First != p.Second);
        Assert.True(changes <= 12, $"the text changed {changes} times in {texts.Count} steps");
        Assert.Contains(r.Transcript, m => m.Kind == MessageKind.Hold);
        Assert.NotEmpty(r.HeldIssues);
    }
}
