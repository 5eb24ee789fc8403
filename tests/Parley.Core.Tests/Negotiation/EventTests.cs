using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// Events during the talks (issue 18): what the scenario format accepts and refuses, when an event fires, and that it
/// changes the war the talks are fought beside from that step on, while a run without it is left exactly as it was.
/// </summary>
public class EventTests
{
    private static readonly string Base = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml"));

    private static LoadResult Load(string events) => ScenarioLoader.LoadYaml(Base + "\n" + events, "events.yaml");

    private static Scenario With(string events)
    {
        LoadResult r = Load(events);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        return r.Scenario!;
    }

    private static Session Run(Scenario s, ulong seed = 1, string protocol = "alternating-offers", int deadline = 24)
    {
        DealSpace space = DealSpace.Build(s, new DealSettings());
        var session = new Session(space, [0, 1], [StrategyRegistry.Create("boulware"), StrategyRegistry.Create("boulware")],
            new SessionSettings { Deadline = deadline, Seed = seed });
        session.Run(protocol);
        return session;
    }

    [Fact]
    public void Events_bind_with_their_timing_probability_and_changes_and_survive_writing()
    {
        Scenario s = With("""
events:
  - id: aid-pause
    name: Aid pause
    at: 3
    estimate: true
    shift: {dynamics.costs.south: 0.02, dynamics.trend: 0.01}
  - id: sanctions
    at: {range: [2, 6]}
    probability: 0.5
    estimate: true
    set: {dynamics.costs.north: 0.05}
  - id: collapse
    when: {p_prevail: {below: 0.3}}
    estimate: true
    set: {dynamics.p_prevail: 0.2}
  - id: after-border
    when: {agreed: border}
    estimate: true
    shift: {dynamics.volatility: 0.01}
""");
        Assert.Equal(["aid-pause", "sanctions", "collapse", "after-border"], s.Events.Select(e => e.Id));
        Assert.Equal(3, s.Events[0].Timing.At);
        Assert.Equal((2, 6), s.Events[1].Timing.Range);
        Assert.Equal(0.5, s.Events[1].Probability!.Value);
        Assert.Equal(0.3, s.Events[2].Timing.PrevailBelow);
        Assert.Equal("border", s.Events[3].Timing.Agreed);
        Assert.Equal([("dynamics.costs.south", VariantOperation.Shift, 0.02), ("dynamics.trend", VariantOperation.Shift, 0.01)],
            s.Events[0].Changes.Select(c => (c.Path, c.Operation, c.Amount!.Value)));

        // written and read again: the same events
        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(s), "again.yaml").Scenario!;
        Assert.Equal(s.Events.Select(e => (e.Id, e.Name, e.Timing, e.Probability?.Value)), again.Events.Select(e => (e.Id, e.Name, e.Timing, e.Probability?.Value)));
        Assert.Equal(s.Events.SelectMany(e => e.Changes.Select(c => (c.Path, c.Operation, c.Amount!.Value))),
            again.Events.SelectMany(e => e.Changes.Select(c => (c.Path, c.Operation, c.Amount!.Value))));
    }

    [Theory]
    [InlineData("  - {id: e, at: 2, shift: {actors.north.capability: 5}}", "PRL018", "cannot change 'actors.north.capability' while talks run")]
    [InlineData("  - {id: e, at: 2, when: {agreed: border}, shift: {dynamics.trend: 0.01}}", "PRL011", "exactly one of 'at' and 'when'")]
    [InlineData("  - {id: e, shift: {dynamics.trend: 0.01}}", "PRL011", "exactly one of 'at' and 'when'")]
    [InlineData("  - {id: e, at: {range: [6, 2]}, shift: {dynamics.trend: 0.01}}", "PRL013", "ends (2) before it starts (6)")]
    [InlineData("  - {id: e, at: 2.5, shift: {dynamics.trend: 0.01}}", "PRL013", "a time step is a whole number")]
    [InlineData("  - {id: e, when: {agreed: borders}, shift: {dynamics.trend: 0.01}}", "PRL015", "issue 'borders'")]
    [InlineData("  - {id: e, when: {p_prevail: {below: 1.5}}, shift: {dynamics.trend: 0.01}}", "PRL013", "outside 0 to 1")]
    [InlineData("  - {id: e, at: 2, probability: 1.2, shift: {dynamics.trend: 0.01}}", "PRL013", "event probability")]
    [InlineData("  - {id: e, at: 2}", "PRL011", "changes nothing")]
    [InlineData("  - {id: e, when: {after: {event: truce}}, shift: {dynamics.trend: 0.01}}", "PRL015", "waits for event 'truce'")]
    [InlineData("  - {id: e, when: {after: {event: e, steps: 1}}, shift: {dynamics.trend: 0.01}}", "PRL015", "waits for itself")]
    [InlineData("  - {id: e, at: 2, shift: {dynamics.costs.nobody: 0.01}}", "PRL015", "cost of war of 'nobody', which is not an actor")]
    [InlineData("  - {id: e, at: 2, shift: {dynamics.costs.nort: 0.01}}", "PRL015", "'nort'")]
    [InlineData("  - {id: e, at: 2, set: {dynamics.p_prevail: 1.5}}", "PRL013", "a p_prevail is 0 to 1")]
    [InlineData("  - {id: e, at: 2, set: {dynamics.costs.north: -0.01}}", "PRL013", "a cost of war is at least 0")]
    [InlineData("  - {id: e, at: 2, shift: {actors.nobody.stances.border.position: 5}}", "PRL015", "a stance of 'nobody', which is not an actor")]
    [InlineData("  - {id: e, at: 2, shift: {actors.north.stances.borders.position: 5}}", "PRL015", "a stance on 'borders', which is not an issue")]
    [InlineData("  - {id: e, at: 2, set: {actors.north.stances.border.position: 120}}", "PRL013", "a level of border is 0 to 100")]
    [InlineData("  - {id: e, at: 2, set: {actors.north.stances.aid.salience: 2}}", "PRL013", "a salience is 0 to 1")]
    [InlineData("  - {id: e, at: 2, shift: {actors.north.stances.border.red_line.at_least: 5}}", "PRL018", "which it does not have")]
    [InlineData("  - {id: e, at: 2, shift: {actors.north.stances.border.stubbornness: 5}}", "PRL018", "cannot change 'actors.north.stances.border.stubbornness'")]
    [InlineData("  - {id: e, when: {walked_out: nobody}, shift: {dynamics.trend: 0.01}}", "PRL015", "'nobody' is not an actor")]
    public void Bad_events_are_refused_with_the_line_and_a_hint(string item, string code, string message)
    {
        LoadResult r = Load("events:\n" + item + "\n");
        Assert.False(r.Succeeded);
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(code, d.Code);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.True(d.Line > 50, $"line {d.Line}: the event's own line, after the base scenario");
        Assert.False(string.IsNullOrEmpty(d.Hint));
    }

    [Fact]
    public void Events_need_a_war_beside_the_talks()
    {
        string noWar = Base[..Base.IndexOf("dynamics:", StringComparison.Ordinal)];
        LoadResult r = ScenarioLoader.LoadYaml(noWar + "events:\n  - {id: e, at: 2, estimate: true, shift: {dynamics.trend: 0.01}}\n", "nowar.yaml");
        Assert.Contains(r.Diagnostics, d => d.Code == "PRL018" && d.Message.Contains("no 'dynamics'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_fires_at_its_step_and_is_in_the_transcript_with_what_it_changed()
    {
        Scenario s = With("events:\n  - {id: pause, name: Aid pause, at: 3, estimate: true, shift: {dynamics.costs.south: 0.02}}\n");
        Session session = Run(s, deadline: 48);
        FiredEvent fired = Assert.Single(session.Result!.Events);
        Assert.Equal((3, "pause", "Aid pause"), (fired.Time, fired.Id, fired.Name));
        Assert.Equal("cost of war of south 0.03 → 0.05 per step", fired.Effect);
        Message m = Assert.Single(session.Transcript, x => x.Kind == MessageKind.Event);
        Assert.Equal((3, "pause"), (m.Time, m.From));
    }

    [Fact]
    public void A_run_is_unchanged_by_an_event_that_does_not_happen()
    {
        // probability 0: the events stream is drawn, but the war, the beliefs and every offer stay exactly as without events
        Scenario none = With(string.Empty);
        Scenario never = With("events:\n  - {id: never, at: 2, probability: 0, estimate: true, shift: {dynamics.costs.south: 0.5}}\n");
        for (ulong seed = 1; seed <= 5; seed++)
        {
            Session a = Run(none, seed), b = Run(never, seed);
            Assert.Equal(a.WarPathValues, b.WarPathValues);
            Assert.Equal(a.Transcript.Select(m => (m.Time, m.From, m.To, m.Kind, m.Package is null ? string.Empty : string.Join(',', m.Package))),
                b.Transcript.Select(m => (m.Time, m.From, m.To, m.Kind, m.Package is null ? string.Empty : string.Join(',', m.Package))));
            Assert.Equal(a.Result!.Utility, b.Result!.Utility);
            Assert.Empty(b.Result.Events);
        }
    }

    [Fact]
    public void An_uncertain_event_fires_in_about_its_share_of_runs_and_a_range_spreads_its_step()
    {
        Scenario s = With("events:\n  - {id: maybe, at: {range: [2, 5]}, probability: 0.3, estimate: true, shift: {dynamics.costs.south: 0.001}}\n");
        int fired = 0;
        var steps = new HashSet<int>();
        for (ulong seed = 1; seed <= 600; seed++)
        {
            DealSpace space = DealSpace.Build(s, new DealSettings());
            var session = new Session(space, [0, 1], [StrategyRegistry.Create("hard-liner"), StrategyRegistry.Create("hard-liner")],
                new SessionSettings { Deadline = 8, Seed = seed });
            session.Run("alternating-offers");
            if (session.Result!.Events.Count > 0)
            {
                fired++;
                steps.Add(session.Result.Events[0].Time);
            }
        }

        Assert.InRange(fired / 600.0, 0.25, 0.35);
        Assert.Equal([2, 3, 4, 5], steps.Order());
    }

    [Fact]
    public void Monte_carlo_counts_the_runs_each_event_fired_in_on_any_number_of_threads()
    {
        Scenario s = With("events:\n  - {id: maybe, at: {range: [1, 3]}, probability: 0.3, estimate: true, shift: {dynamics.costs.south: 0.01}}\n"
            + "  - {id: surely, at: 1, estimate: true, shift: {dynamics.costs.north: 0.01}}\n");
        Parley.Core.Experiments.NegotiationDistribution Run(int threads) => Parley.Core.Experiments.MonteCarloNegotiation.Run(
            s, new DealSettings(), ["north", "south"], ["boulware", "boulware"], "alternating-offers", 12, 400, 9, threads);
        Parley.Core.Experiments.NegotiationDistribution one = Run(1), two = Run(2);
        Assert.Equal(one.EventRuns, two.EventRuns);
        Assert.Equal(one.Agreements, two.Agreements);
        Assert.InRange(one.EventRuns[0] / 400.0, 0.22, 0.38);
        // an event at step 1 fires in every run that is still going then (a deal at step 0 ends a run first)
        Assert.Equal(400 - one.AgreementTime[0], one.EventRuns[1]);
    }

    [Fact]
    public void A_trend_event_changes_the_war_only_from_its_step_and_keeps_its_shocks()
    {
        Scenario none = With(string.Empty);
        Scenario turn = With("events:\n  - {id: turn, at: 4, estimate: true, shift: {dynamics.trend: -0.03}}\n");
        Session a = Run(none, 7, deadline: 48), b = Run(turn, 7, deadline: 48);
        IReadOnlyList<double> pa = a.WarPathValues, pb = b.WarPathValues;
        for (int t = 0; t <= 4; t++)
        {
            Assert.Equal(pa[t], pb[t]);
        }

        // the same shocks with a trend 0.03 lower: each later step lower by 0.03 more (until the walk meets its floor)
        Assert.Equal(pa[5] - 0.03, pb[5], 12);
        Assert.True(pb[10] < pa[10] - 0.15, $"{pb[10]} against {pa[10]}");
    }

    [Fact]
    public void Ripeness_reads_the_trend_in_effect_at_each_step()
    {
        // without a trend fighting on is not expected to get worse: never ripe; once an event turns the war against
        // north (its chance of prevailing falls each month), the middle package becomes ripe for it from that step
        Scenario none = With(string.Empty);
        Scenario turn = With("events:\n  - {id: turn, at: 5, estimate: true, set: {dynamics.trend: -0.02}}\n");
        Session a = Run(none, 2, deadline: 24), b = Run(turn, 2, deadline: 24);
        int[] middle = [.. a.Space.Levels.Select(l => l.Length / 2)];
        Assert.Equal(-1, a.Ripeness(middle)[0]);
        Assert.Equal(5, b.Ripeness(middle)[0]);
    }

    [Fact]
    public void A_condition_fires_at_the_first_step_it_holds()
    {
        Scenario s = With("""
events:
  - {id: slide, at: 0, estimate: true, set: {dynamics.trend: -0.02}}
  - {id: breaking, when: {p_prevail: {below: 0.4}}, estimate: true, shift: {dynamics.costs.north: 0.01}}
""");
        Session session = Run(s, 3, deadline: 48);
        FiredEvent breaking = Assert.Single(session.Result!.Events, e => e.Id == "breaking");
        IReadOnlyList<double> p = session.WarPathValues;
        Assert.True(p[breaking.Time] < 0.4);
        Assert.All(Enumerable.Range(0, breaking.Time), t => Assert.True(p[t] >= 0.4, $"p at {t} is {p[t]}"));
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.0, false)]
    public void A_lapse_follows_its_event_and_only_when_it_fired(double probability, bool fires)
    {
        string p = probability.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Scenario s = With("events:\n"
            + "  - {id: truce, at: 2, probability: " + p + ", estimate: true, shift: {dynamics.costs.south: -0.01}}\n"
            + "  - {id: lapse, when: {after: {event: truce, steps: 1}}, estimate: true, shift: {dynamics.costs.south: 0.01}}\n");
        Session session = Run(s, deadline: 48);
        Assert.Equal(fires ? [("truce", 2), ("lapse", 3)] : Array.Empty<(string, int)>(), session.Result!.Events.Select(e => (e.Id, e.Time)));
    }

    [Fact]
    public void A_dearer_war_lowers_a_partys_alternative_and_never_leaves_it_better_off()
    {
        // directional: raising south's cost of war from step 2 lowers what it gets without a deal, and what it ends with
        // (its horizon may lengthen: its surplus over a worse alternative grows faster than a step's cost; ConcessionHorizon)
        Scenario none = With(string.Empty);
        Scenario dearer = With("events:\n  - {id: dearer, at: 2, estimate: true, shift: {dynamics.costs.south: 0.05}}\n");
        DealSpace space = DealSpace.Build(none, new DealSettings());
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var quiet = new Session(space, [0, 1], [StrategyRegistry.Create("hard-liner"), StrategyRegistry.Create("hard-liner")], new SessionSettings { Deadline = 48, Seed = seed });
            var loud = new Session(DealSpace.Build(dearer, new DealSettings()), [0, 1], [StrategyRegistry.Create("hard-liner"), StrategyRegistry.Create("hard-liner")], new SessionSettings { Deadline = 48, Seed = seed });
            quiet.Run("alternating-offers");
            loud.Run("alternating-offers");
            Assert.True(loud.Result!.Reservation[1] < quiet.Result!.Reservation[1] - 0.1, $"{loud.Result.Reservation[1]} against {quiet.Result.Reservation[1]}");
            Assert.True(loud.Result.Utility[1] <= quiet.Result.Utility[1] + 1e-12);
            Assert.Equal(quiet.Result.Reservation[0], loud.Result.Reservation[0]);

            // the other party's situation is as it was: its horizon too (what waiting cost it so far stays spent)
            Assert.Equal(quiet.Result.Horizons[0], loud.Result.Horizons[0]);
        }
    }

    [Fact]
    public void An_events_draws_do_not_depend_on_the_other_events()
    {
        // each event draws from a stream keyed by its id: removing another (a variant's remove) leaves it as it was
        Scenario both = With("events:\n  - {id: first, at: {range: [1, 9]}, probability: 0.5, estimate: true, shift: {dynamics.costs.north: 0.0}}\n"
            + "  - {id: second, at: {range: [1, 9]}, probability: 0.5, estimate: true, shift: {dynamics.costs.south: 0.0}}\n");
        Scenario alone = With("events:\n  - {id: second, at: {range: [1, 9]}, probability: 0.5, estimate: true, shift: {dynamics.costs.south: 0.0}}\n");
        for (ulong seed = 1; seed <= 20; seed++)
        {
            Assert.Equal(Run(both, seed, deadline: 12).Result!.Events.Where(e => e.Id == "second").Select(e => e.Time), Run(alone, seed, deadline: 12).Result!.Events.Select(e => e.Time));
        }
    }

    [Fact]
    public void An_event_that_changes_nothing_changes_no_outcome_even_in_a_drifting_war()
    {
        // a zero shift of a cost, or the trend set to what it is, in a war with a trend: every offer and utility as without it
        Scenario drifting = With("events:\n  - {id: drift, at: 0, estimate: true, set: {dynamics.trend: 0.01}}\n");
        Scenario idle = With("events:\n  - {id: drift, at: 0, estimate: true, set: {dynamics.trend: 0.01}}\n"
            + "  - {id: idle, at: 3, estimate: true, shift: {dynamics.costs.north: 0, dynamics.trend: 0}}\n");
        for (ulong seed = 1; seed <= 5; seed++)
        {
            Session a = Run(drifting, seed, deadline: 24), b = Run(idle, seed, deadline: 24);
            Assert.Equal(a.Transcript.Where(m => m.Kind != MessageKind.Event).Select(m => (m.Time, m.From, m.Kind, m.Package is null ? string.Empty : string.Join(',', m.Package))),
                b.Transcript.Where(m => m.Kind != MessageKind.Event).Select(m => (m.Time, m.From, m.Kind, m.Package is null ? string.Empty : string.Join(',', m.Package))));
            Assert.Equal(a.Result!.Horizons, b.Result!.Horizons);
            Assert.Equal(a.Result.Utility, b.Result.Utility);
        }
    }

    [Fact]
    public void Diff_lists_an_events_timing_chance_and_changes()
    {
        Scenario none = With(string.Empty);
        Scenario one = With("events:\n  - {id: pause, at: {range: [2, 4]}, probability: 0.5, estimate: true, shift: {dynamics.costs.south: 0.02}}\n");
        IReadOnlyList<FactChange> changes = ScenarioFacts.Compare(none, one);
        Assert.Equal(["events.pause.when", "events.pause.probability", "events.pause.shift.dynamics.costs.south"], changes.Select(c => c.Path));
        Assert.Equal("at a step from 2 to 4", changes[0].After);
        Assert.Null(changes[0].Before);
    }

    [Fact]
    public void A_variant_adds_and_removes_events()
    {
        LoadResult added = ScenarioLoader.LoadYaml(Base + """

variants:
  - id: with-pause
    estimate: true
    add: {events: [{id: pause, at: 3, estimate: true, shift: {dynamics.costs.south: 0.02}}]}
""", "v.yaml", "with-pause");
        Assert.True(added.Succeeded, string.Join("\n", added.Diagnostics));
        Assert.Equal("pause", Assert.Single(added.Scenario!.Events).Id);

        LoadResult removed = ScenarioLoader.LoadYaml(Base + """

events:
  - {id: pause, at: 3, estimate: true, shift: {dynamics.costs.south: 0.02}}
variants:
  - id: no-pause
    estimate: true
    remove: [events.pause]
""", "v.yaml", "no-pause");
        Assert.True(removed.Succeeded, string.Join("\n", removed.Diagnostics));
        Assert.Empty(removed.Scenario!.Events);
    }

    [Fact]
    public void Stance_events_bind_and_survive_writing_and_need_no_war()
    {
        Scenario s = With("""
events:
  - id: softer
    at: 2
    estimate: true
    shift: {actors.north.stances.border.position: -30}
    set: {actors.south.stances.border.red_line.at_most: 40, actors.north.stances.aid.salience: 0.9}
  - id: back
    when: {walked_out: south}
    probability: 0.5
    estimate: true
    shift: {actors.south.stances.aid.position: -10}
""");
        Assert.Equal("south", s.Events[1].Timing.WalkedOut);
        Assert.Equal("when south walks out", s.Events[1].Timing.ToString());
        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(s), "again.yaml").Scenario!;
        Assert.Equal(s.Events.Select(e => (e.Id, e.Timing)), again.Events.Select(e => (e.Id, e.Timing)));
        Assert.Equal(s.Events.SelectMany(e => e.Changes.Select(c => (c.Path, c.Operation, c.Amount!.Value))),
            again.Events.SelectMany(e => e.Changes.Select(c => (c.Path, c.Operation, c.Amount!.Value))));

        // a red line an event draws is a level of the grid, so that a package exactly at it can be agreed
        Assert.Contains(40.0, DealSpace.Build(s, new DealSettings()).Levels[0]);

        // a stance event needs no war beside the talks
        string noWar = Base[..Base.IndexOf("dynamics:", StringComparison.Ordinal)];
        LoadResult r = ScenarioLoader.LoadYaml(noWar + "events:\n  - {id: e, at: 2, estimate: true, shift: {actors.north.stances.border.position: -30}}\n", "nowar.yaml");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
    }

    [Fact]
    public void A_position_event_moves_the_party_from_its_step_and_the_terms_its_way()
    {
        // directional: north drops its demand on the border by 40 at step 1, so whatever is agreed leaves it no more of the
        // border than without the event; its utilities are read from the moved position from that step (its own view)
        Scenario none = With(string.Empty);
        Scenario softer = With("events:\n  - {id: softer, name: North softens, at: 1, estimate: true, shift: {actors.north.stances.border.position: -40}}\n");
        int moved = 0;
        for (ulong seed = 1; seed <= 8; seed++)
        {
            Session quiet = Run(none, seed, deadline: 48), loud = Run(softer, seed, deadline: 48);
            FiredEvent fired = Assert.Single(loud.Result!.Events);
            Assert.Equal("position of north on border 100 → 60", fired.Effect);
            Assert.Equal(60, loud.Space.StanceOf(0, 0)!.Position.Value);
            Assert.Equal(none.Actors[0].Stances[0].Position.Value, quiet.Space.StanceOf(0, 0)!.Position.Value);
            if (quiet.Result!.Agreement is int[] a && loud.Result.Agreement is int[] b)
            {
                double before = quiet.Space.Levels[0][a[0]], after = loud.Space.Levels[0][b[0]];
                Assert.True(after <= before + 1e-9, $"seed {seed}: border {after} with the softer north against {before}");
                moved += after < before - 1e-9 ? 1 : 0;
            }
        }

        Assert.True(moved > 0, "the softer position moved the agreed border in some run");
    }

    [Fact]
    public void A_red_line_drawn_by_an_event_binds_every_deal_after_it()
    {
        Scenario s = With("events:\n  - {id: line, at: 0, estimate: true, set: {actors.south.stances.border.red_line.at_most: 40}}\n");
        for (ulong seed = 1; seed <= 5; seed++)
        {
            Session session = Run(s, seed, deadline: 48);
            Assert.Equal("red line (at most) of south on border none → 40", Assert.Single(session.Result!.Events).Effect);
            if (session.Result.Agreement is int[] deal)
            {
                Assert.True(session.Space.Levels[0][deal[0]] <= 40 + 1e-9, $"seed {seed}: border {session.Space.Levels[0][deal[0]]}");
            }
        }
    }

    /// <summary>A party that walks out the first time it is asked, then accepts what it is offered.</summary>
    private sealed class WalksOutOnce : IStrategy
    {
        private bool walked;

        public string Name => "walks-out-once";

        public int[] Propose(NegotiatorView view) => view.BestCandidate();

        public Response Respond(NegotiatorView view, int[] offer)
        {
            if (walked)
            {
                return Response.Accept;
            }

            walked = true;
            return Response.WalkAway;
        }
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(0.0, false)]
    public void A_walk_out_ends_the_talks_unless_an_event_waits_for_it(double probability, bool goesOn)
    {
        string text = "events:\n  - {id: recall, name: The mediator brings south back, when: {walked_out: south}, probability: " + probability.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + ", estimate: true, shift: {dynamics.costs.south: 0.01}}\n";
        Scenario s = With(text);
        DealSpace space = DealSpace.Build(s, new DealSettings());
        var session = new Session(space, [0, 1], [StrategyRegistry.Create("boulware"), new WalksOutOnce()], new SessionSettings { Deadline = 24, Seed = 3 });
        SessionResult result = session.Run("alternating-offers");
        Assert.Contains(result.Transcript, m => m.Kind == MessageKind.WalkAway && m.From == "south");
        if (goesOn)
        {
            FiredEvent fired = Assert.Single(result.Events);
            Assert.Equal(("recall", 0), (fired.Id, fired.Time));
            Assert.Equal("agreement", result.EndedBy);
        }
        else
        {
            Assert.Empty(result.Events);
            Assert.Equal("walk-away", result.EndedBy);
        }
    }

    [Theory]
    [InlineData("  - {id: e, at: 2, unseat: [broker]}", "unseats the mediator 'broker'")]
    [InlineData("  - {id: e, at: 2, seat: [nobody]}", "nobody")]
    [InlineData("  - {id: e, at: 2, seat: [broker]}", "seats the mediator 'broker'")]
    [InlineData("  - {id: e, at: 2, seat: [south], unseat: [south]}", "both seats and unseats 'south'")]
    [InlineData("  - {id: summit-failed, at: 2, shift: {dynamics.trend: 0.01}}", "the one the engine records a failed summit under")]
    public void Bad_seat_changes_are_refused(string item, string message)
    {
        LoadResult r = Load("events:\n" + item + "\n");
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.True(d.Line > 50 && !string.IsNullOrEmpty(d.Hint), d.ToString());
    }

    [Fact]
    public void An_unseated_party_neither_offers_nor_answers_and_no_agreement_waits_for_it()
    {
        Scenario s = With("events:\n  - {id: leaves, name: South leaves, at: 3, estimate: true, unseat: [south]}\n");
        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(s), "again.yaml").Scenario!;
        Assert.Equal(["south"], again.Events[0].Unseat);
        for (ulong seed = 1; seed <= 4; seed++)
        {
            DealSpace space = DealSpace.Build(s, new DealSettings());
            var session = new Session(space, [0, 1, 2], [.. Enumerable.Range(0, 3).Select(_ => StrategyRegistry.Create("hard-liner"))], new SessionSettings { Deadline = 24, Seed = seed });
            SessionResult r = session.Run("alternating-offers");
            Assert.Contains(r.Events, e => e.Id == "leaves" && e.Effect.Contains("south leaves the table", StringComparison.Ordinal));
            Assert.DoesNotContain(r.Transcript, m => m.Time >= 3 && m.Kind != MessageKind.Event && (m.From == "south" || m.To == "south"));
            Assert.Contains(r.Transcript, m => m.Time < 3 && m.From == "south");
            Assert.False(session.Present(1));
            Assert.Equal(["north", "broker"], session.ViewOf(0).Parties);
        }
    }

    [Fact]
    public void A_party_an_event_seats_is_away_until_it_fires_and_joins_the_default_table()
    {
        string observer = "  - id: observer\n    name: Observer\n    role: outside\n    estimate: true\n    capability: 10\n    stances:\n      border: {position: 50, salience: 0.5}\n      aid: {position: 50, salience: 0.5}\n";
        string text = Base.Replace("channels:", observer + "channels:", StringComparison.Ordinal)
            + "\nevents:\n  - {id: joins, name: The observer joins, at: 4, estimate: true, seat: [observer]}\n";
        LoadResult loaded = ScenarioLoader.LoadYaml(text, "seat.yaml");
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Scenario s = loaded.Scenario!;
        Assert.Equal(["broker", "north", "south", "observer"], s.Table());
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] table = [.. s.Table().Select(space.IndexOf)];
        var session = new Session(space, table, [.. table.Select(_ => StrategyRegistry.Create("hard-liner"))], new SessionSettings { Deadline = 24, Seed = 1 });
        Assert.False(session.Present(3));
        SessionResult r = session.Run("hub-and-spoke");
        Assert.DoesNotContain(r.Transcript, m => m.Time < 4 && m.Kind != MessageKind.Event && (m.From == "observer" || m.To == "observer"));
        if (r.Time >= 4)
        {
            Assert.True(session.Present(3));
            Assert.Contains(r.Transcript, m => m.Time >= 4 && m.From == "observer");
        }
    }

    [Fact]
    public void A_party_unseated_and_seated_again_sits_at_the_table_from_the_start()
    {
        Scenario s = With("events:\n  - {id: out, at: 2, estimate: true, unseat: [south]}\n  - {id: back, at: 5, estimate: true, seat: [south]}\n");
        DealSpace space = DealSpace.Build(s, new DealSettings());
        var session = new Session(space, [0, 1, 2], [.. Enumerable.Range(0, 3).Select(_ => StrategyRegistry.Create("hard-liner"))], new SessionSettings { Deadline = 24, Seed = 1 });
        Assert.True(session.Present(1));
        SessionResult r = session.Run("alternating-offers");
        Assert.Contains(r.Transcript, m => m.Time < 2 && m.From == "south");
        Assert.DoesNotContain(r.Transcript, m => m.Time is >= 2 and < 5 && m.Kind != MessageKind.Event && (m.From == "south" || m.To == "south"));
    }

    [Fact]
    public void Only_an_event_that_waits_for_the_walk_out_keeps_the_talks_going()
    {
        // an event due at the same step for another reason fires, but the walk-out still ends the talks
        Scenario s = With("events:\n  - {id: other, when: {after: {event: start, steps: 0}}, estimate: true, shift: {dynamics.costs.south: 0.01}}\n  - {id: start, at: 0, estimate: true, shift: {dynamics.costs.north: 0.01}}\n");
        DealSpace space = DealSpace.Build(s, new DealSettings());
        var session = new Session(space, [0, 1], [StrategyRegistry.Create("boulware"), new WalksOutOnce()], new SessionSettings { Deadline = 24, Seed = 3 });
        SessionResult result = session.Run("alternating-offers");
        Assert.Equal("walk-away", result.EndedBy);
    }
}
