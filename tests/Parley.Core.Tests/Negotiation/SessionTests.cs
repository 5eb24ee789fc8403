using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;

namespace Parley.Core.Tests.Negotiation;

public class SessionTests
{
    private static Issue Pie => new() { Id = "pie", Name = "pie", Kind = IssueKind.Continuous, Min = 0, Max = 100 };

    private static Actor Party(string id, double position, double patience, double alternative = 0, RedLine? line = null, Visibility patienceVisibility = Visibility.Public) => new()
    {
        Id = id,
        Name = id,
        Capability = Quantity.Of(1),
        Patience = new Quantity { Value = patience, Visibility = patienceVisibility },
        Alternative = new Quantity { Value = alternative, Visibility = Visibility.Private },
        Stances = [new Stance { IssueId = "pie", Position = Quantity.Of(position), Salience = Quantity.Of(1), RedLine = line }],
    };

    private static SessionResult Play(Scenario s, double step, int deadline, params string[] strategies)
    {
        DealSpace space = DealSpace.Build(s, new DealSettings { Step = step });
        int[] parties = [.. Enumerable.Range(0, s.Actors.Count)];
        return new Session(space, parties, [.. strategies.Select(n => StrategyRegistry.Create(n))], new SessionSettings { Deadline = deadline }).Run();
    }

    [Fact]
    public void Backward_induction_through_the_session_approaches_Rubinsteins_split()
    {
        // δ1 = 0.9, δ2 = 0.8: the first proposer's share tends to (1 − δ2) / (1 − δ1 δ2) = 0.714285…
        var s = new Scenario { Name = "pie", Issues = [Pie], Actors = [Party("a", 100, 0.9), Party("b", 0, 0.8)] };
        SessionResult long_ = Play(s, 0.01, 300, "backward-induction", "backward-induction");
        Assert.Equal("agreement", long_.EndedBy);
        Assert.Equal(0, long_.Time);
        Assert.Equal((1 - 0.8) / (1 - (0.9 * 0.8)), long_.Utility[0], 3);
        Assert.True(Math.Abs(long_.Utility[0] - ((1 - 0.8) / (1 - (0.9 * 0.8)))) < 1e-3);

        // a short horizon is far from the limit: with one step left the proposer takes (almost) everything
        SessionResult short_ = Play(s, 0.01, 0, "backward-induction", "backward-induction");
        Assert.True(short_.Utility[0] > 0.99);
    }

    [Fact]
    public void Genius_sessions_discount_over_normalised_time_as_Genius_does()
    {
        // time step 'session' (Genius imports): patience is Genius's discount factor d over the whole negotiation,
        // U(ω) · d^t with t = step / deadline. The laptop domain's d = 0.42441038 at a deadline of 20: a deal at step 16
        // keeps 0.42441038^(16/20) = 0.503766 of its utility (a per-step reading would keep 0.42441038^16 ≈ 1e-6).
        const double d = 0.42441038;
        var s = new Scenario { Name = "pie", TimeStep = "session", Issues = [Pie], Actors = [Party("a", 100, d, 0.2), Party("b", 0, d, 0.2)] };
        SessionResult r = Play(s, 5, 20, "boulware", "boulware");
        Assert.Equal("agreement", r.EndedBy);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(r.Utility[k] * Math.Pow(d, r.Time / 20.0), r.Discounted[k], 12);
        }

        Assert.Equal(0.5037659359474997, Math.Pow(Math.Pow(d, 1.0 / 20), 16), 12);

        // the same scenario in months discounts per step, as written
        SessionResult monthly = Play(s with { TimeStep = "month" }, 5, 20, "boulware", "boulware");
        Assert.Equal(monthly.Utility[0] * Math.Pow(d, monthly.Time), monthly.Discounted[0], 12);
    }

    [Fact]
    public void Faratin_targets_follow_the_formula()
    {
        Assert.Equal(1.0, TimeDependentPolicy.Target(1, 0.2, 0, 10, 1), 12);
        Assert.Equal(0.6, TimeDependentPolicy.Target(1, 0.2, 5, 10, 1), 12);
        Assert.Equal(1 - (0.8 * Math.Pow(0.5, 1 / 0.2)), TimeDependentPolicy.Target(1, 0.2, 5, 10, 0.2), 12);
        Assert.Equal(1 - (0.8 * Math.Pow(0.5, 1 / 5.0)), TimeDependentPolicy.Target(1, 0.2, 5, 10, 5), 12);
        Assert.Equal(0.2, TimeDependentPolicy.Target(1, 0.2, 10, 10, 0.2), 12);
    }

    [Fact]
    public void Conceders_agree_early_and_hard_liners_reach_the_deadline()
    {
        var s = new Scenario { Name = "pie", Issues = [Pie], Actors = [Party("a", 100, 0.95, 0.2), Party("b", 0, 0.95, 0.2)] };
        SessionResult soft = Play(s, 5, 20, "conceder", "conceder");
        Assert.Equal("agreement", soft.EndedBy);
        Assert.True(soft.Time < 10);
        SessionResult boulware = Play(s, 5, 20, "boulware", "boulware");
        Assert.Equal("agreement", boulware.EndedBy);
        Assert.True(boulware.Time > soft.Time);
        SessionResult hard = Play(s, 5, 20, "hard-liner", "hard-liner");
        Assert.Equal("deadline", hard.EndedBy);
        Assert.Null(hard.Agreement);
        Assert.Equal(hard.Reservation, hard.Utility);
    }

    [Fact]
    public void No_strategy_accepts_below_its_reservation_value_or_beyond_its_red_line()
    {
        var s = new Scenario
        {
            Name = "pie",
            Issues = [Pie],
            Actors = [Party("a", 100, 0.9, 0.4, new RedLine { Bound = RedLineBound.AtLeast, Limit = Quantity.Of(30) }), Party("b", 0, 0.9, 0.3)],
        };
        DealSpace space = DealSpace.Build(s, new DealSettings { Step = 5 });
        foreach (string name in StrategyRegistry.Names)
        {
            var session = new Session(space, [0, 1], [StrategyRegistry.Create(name), StrategyRegistry.Create(name)], new SessionSettings { Deadline = 10 });
            for (int t = 0; t <= 10; t++)
            {
                session.Replay([], t);
                NegotiatorView view = session.ViewOf(0);
                for (int l = 0; l < space.Levels[0].Length; l++)
                {
                    int[] offer = [l];
                    if (StrategyRegistry.Create(name).Respond(view, offer) == Response.Accept)
                    {
                        Assert.True(space.Levels[0][l] >= 30, $"{name} accepted {space.Levels[0][l]} beyond its red line");
                        Assert.True(space.Utility(0, offer) >= 0.4 - 1e-12, $"{name} accepted {space.Levels[0][l]} below its reservation value");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_party_s_view_does_not_change_when_only_another_party_s_private_numbers_do()
    {
        Scenario Make(double bPatience, double bAlternative, double bLine) => new()
        {
            Name = "views",
            Issues = [Pie],
            Actors =
            [
                Party("a", 100, 0.9),
                Party("b", 0, bPatience, bAlternative, new RedLine { Bound = RedLineBound.AtMost, Limit = new Quantity { Value = bLine, Visibility = Visibility.Private } }, Visibility.Private),
            ],
        };
        var log = new List<Message>
        {
            new(0, "a", "b", MessageKind.Offer, [15]),
            new(0, "b", "a", MessageKind.Reject, [15]),
            new(1, "b", "a", MessageKind.Offer, [5]),
        };
        string Snapshot(Scenario s)
        {
            var session = new Session(DealSpace.Build(s, new DealSettings { Step = 5 }), [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 10 });
            session.Replay(log, 2);
            return session.ViewOf(0).Snapshot();
        }

        string one = Snapshot(Make(0.7, 0.1, 60)), two = Snapshot(Make(0.99, 0.6, 20));
        Assert.Equal(one, two);
        Assert.Contains("1 b>a Offer 5", one, StringComparison.Ordinal);
        Assert.DoesNotContain("0 a>b", one, StringComparison.Ordinal); // A's own offer went to B, not into A's inbox

        // the boundary is not vacuous: B's own view does change
        Assert.NotEqual(Snapshot2(Make(0.7, 0.1, 60)), Snapshot2(Make(0.99, 0.6, 20)));
        string Snapshot2(Scenario s)
        {
            var session = new Session(DealSpace.Build(s, new DealSettings { Step = 5 }), [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 10 });
            session.Replay(log, 2);
            return session.ViewOf(1).Snapshot();
        }
    }

    [Fact]
    public void Reservation_values_move_with_the_war_path()
    {
        var s = new Scenario
        {
            Name = "war",
            Issues = [Pie],
            Actors = [Party("a", 100, 0.9) with { Alternative = null }, Party("b", 0, 0.9) with { Alternative = null }],
            Dynamics = new Dynamics { Belligerents = ("a", "b"), PrevailProbability = Quantity.Of(0.5), Trend = Quantity.Of(0.02), Volatility = Quantity.Of(0.05) },
        };
        DealSpace space = DealSpace.Build(s, new DealSettings { Step = 5 });
        var session = new Session(space, [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 24, Seed = 3 });
        session.Replay([], 0);
        double r0 = session.ViewOf(0).MyReservation;
        session.Replay([], 24);
        double r24 = session.ViewOf(0).MyReservation;
        Assert.Equal(0.5, r0, 12);
        Assert.NotEqual(r0, r24);
        Assert.Equal(space.ReservationAt(0, session.WarPathValues[24]), r24, 12);
    }
}

public class WarFallbackTests
{
    [Theory]
    [InlineData(1.0, 1.0, 62.5)]  // β = 1/2: p − c_A + (c_A + c_B)/2 = 0.6 − 0.05 + 0.075
    [InlineData(3.0, 1.0, 66.25)] // β = 3/4: 0.55 + 0.1125
    public void Nash_bargaining_with_war_as_the_fallback_gives_the_closed_form_split(double capA, double capB, double expected)
    {
        // a pie x for A (position 100) and 1 − x for B (position 0); fighting gives A the pie with probability p
        Issue pie = new() { Id = "pie", Name = "pie", Kind = IssueKind.Continuous, Min = 0, Max = 100 };
        Actor A(string id, double cap, double x) => new()
        {
            Id = id,
            Name = id,
            Capability = Quantity.Of(cap),
            Stances = [new Stance { IssueId = "pie", Position = Quantity.Of(x), Salience = Quantity.Of(1) }],
        };
        var s = new Scenario
        {
            Name = "fallback",
            Issues = [pie],
            Actors = [A("a", capA, 100), A("b", capB, 0)],
            Dynamics = new Dynamics
            {
                Belligerents = ("a", "b"),
                PrevailProbability = Quantity.Of(0.6),
                Trend = Quantity.Of(0),
                Volatility = Quantity.Of(0),
                Costs = new Dictionary<string, Quantity> { ["a"] = Quantity.Of(0.05), ["b"] = Quantity.Of(0.1) },
            },
        };
        DealSpace space = DealSpace.Build(s, new DealSettings { Step = 0.25, Horizon = 1 });
        Assert.Equal(0.55, space.Reservation[0], 12);
        Assert.Equal(0.3, space.Reservation[1], 12);
        Solution asym = DealAnalysis.Run(space, [0, 1]).Find("asymmetric-nash")!;
        Assert.Equal(expected, space.Levels[0][asym.Levels[0]], 9);
    }
}

public class CredibilityTests
{
    private static Scenario Pie(double bCredibility) => new()
    {
        Name = "credibility",
        Issues = [new Issue { Id = "pie", Name = "pie", Kind = IssueKind.Continuous, Min = 0, Max = 100 }],
        Actors =
        [
            new Actor { Id = "a", Name = "a", Capability = Quantity.Of(1), Patience = Quantity.Of(0.95), Alternative = Quantity.Of(0.2), Credibility = new Quantity { Value = 0.9, Visibility = Visibility.Public }, Stances = [new Stance { IssueId = "pie", Position = Quantity.Of(100), Salience = Quantity.Of(1) }] },
            new Actor { Id = "b", Name = "b", Capability = Quantity.Of(1), Patience = Quantity.Of(0.95), Alternative = Quantity.Of(0.2), Credibility = new Quantity { Value = bCredibility, Visibility = Visibility.Public }, Stances = [new Stance { IssueId = "pie", Position = Quantity.Of(0), Salience = Quantity.Of(1) }] },
        ],
    };

    private static Session Make(double bCredibility) =>
        new(DealSpace.Build(Pie(bCredibility), new DealSettings { Step = 1 }), [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 20 });

    [Fact]
    public void Lowering_a_counterparts_credibility_never_lowers_the_utility_a_party_demands()
    {
        foreach (int t in new[] { 0, 5, 10, 15 })
        {
            double previous = double.NegativeInfinity;
            foreach (double c in new[] { 0.9, 0.6, 0.3 })
            {
                Session s = Make(c);
                s.Replay([], t);
                NegotiatorView a = s.ViewOf(0);
                double demanded = a.MyUtility(StrategyRegistry.Create("linear").Propose(a));
                Assert.True(demanded >= previous - 1e-12, $"t={t}: credibility {c} lowered the demand to {demanded} from {previous}");
                previous = demanded;
            }
        }
    }

    [Fact]
    public void Agreed_terms_move_when_only_one_partys_credibility_changes()
    {
        SessionResult trusted = Make(0.9).Run();
        SessionResult doubted = Make(0.3).Run();
        Assert.Equal("agreement", trusted.EndedBy);
        Assert.NotEqual(trusted.Agreement, doubted.Agreement);
        // facing an unreliable counterpart, a asks for (and gets) more of the pie, or no deal at all
        Assert.True(doubted.Agreement is null || doubted.Utility[0] > trusted.Utility[0]);
    }
}

public class MoreStrategiesTests
{
    private static Issue Scale(string id) => new() { Id = id, Name = id, Kind = IssueKind.Continuous, Min = 0, Max = 100 };

    private static Actor Party(string id, (string Issue, double X, double S)[] stances, double alternative = 0.2) => new()
    {
        Id = id,
        Name = id,
        Capability = Quantity.Of(1),
        Patience = Quantity.Of(0.97),
        Alternative = Quantity.Of(alternative),
        Stances = [.. stances.Select(s => new Stance { IssueId = s.Issue, Position = Quantity.Of(s.X), Salience = Quantity.Of(s.S) })],
    };

    private static Session Make(Scenario s, string a, string b, int deadline = 20) =>
        new(DealSpace.Build(s, new DealSettings { Step = 10 }), [0, 1], [StrategyRegistry.Create(a), StrategyRegistry.Create(b)], new SessionSettings { Deadline = deadline });

    private static Scenario Pie => new() { Name = "pie", Issues = [Scale("x")], Actors = [Party("a", [("x", 100, 1)]), Party("b", [("x", 0, 1)])] };

    [Fact]
    public void Deadline_driven_holds_out_and_then_takes_any_package_above_its_alternative()
    {
        SessionResult r = Make(Pie, "linear", "deadline-driven").Run();
        Assert.Equal("agreement", r.EndedBy);
        Assert.True(r.Time >= 20 - 4, $"agreed at {r.Time}, before the deadline neared");
        Assert.True(r.Utility[1] >= r.Reservation[1] - 1e-12);
    }

    [Fact]
    public void Up_front_conceder_gives_ground_before_the_first_offer()
    {
        Session s = Make(Pie, "up-front", "linear");
        s.Replay([], 0);
        NegotiatorView a = s.ViewOf(0);
        double upFront = a.MyUtility(StrategyRegistry.Create("up-front").Propose(a));
        double linear = a.MyUtility(StrategyRegistry.Create("linear").Propose(a));
        Assert.True(upFront < linear - 0.1, $"up-front {upFront} vs linear {linear}");
    }

    [Fact]
    public void Linkage_raises_a_demand_it_cares_little_about_and_later_trades_it_away()
    {
        // a cares about x, b about y: y is a's chip
        var s = new Scenario
        {
            Name = "linkage",
            Issues = [Scale("x"), Scale("y")],
            Actors = [Party("a", [("x", 100, 0.9), ("y", 100, 0.1)]), Party("b", [("x", 0, 0.1), ("y", 0, 0.9)])],
        };
        Session session = Make(s, "linkage", "linear");
        var linkage = StrategyRegistry.Create("linkage");
        session.Replay([], 2);
        int[] early = linkage.Propose(session.ViewOf(0));
        session.Replay([], 15);
        int[] late = linkage.Propose(session.ViewOf(0));
        DealSpace space = session.Space;
        Assert.Equal(100, space.Levels[1][early[1]]); // the new demand on y
        Assert.Equal(0, space.Levels[1][late[1]]);    // dropped, in exchange ...
        Assert.Equal(100, space.Levels[0][late[0]]);  // ... for a's best on x
    }
}

public class SequencingTests
{
    [Theory]
    [InlineData("sequenced", false)]
    [InlineData("sequenced-summit-first", true)]
    public void Each_phase_negotiates_only_its_own_issues(string protocol, bool summitFirst)
    {
        var s = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] parties = [space.IndexOf("us"), space.IndexOf("russia"), space.IndexOf("ukraine")];
        var session = new Session(space, parties, [.. parties.Select(_ => StrategyRegistry.Create("boulware"))], new SessionSettings { Deadline = 24 });
        HashSet<string> summit = [.. session.SummitIssues().Select(d => space.Issues[d].Id)];
        Assert.Equal(2, summit.Count);
        SessionResult r = session.Run(protocol);
        var named = r.Transcript.Where(m => m.Kind == MessageKind.Reject && m.Issue is not null).ToList();
        Assert.NotEmpty(named);

        // the first phase ends when its text settles, at the latest at half the deadline
        int end = ((Sequenced)session.Protocol!).FirstPhaseEnds;
        Assert.InRange(end, 0, 12);
        // after working-level tracks the summit also takes up what they left open (preparation narrows it to that)
        IReadOnlyList<bool> summitThen = ((Sequenced)session.Protocol!).SummitAgenda;
        foreach (Message m in named)
        {
            bool firstHalf = m.Time <= end;
            bool inSummit = summit.Contains(m.Issue!);
            bool takenUp = summitThen[space.Issues.ToList().FindIndex(i => i.Id == m.Issue)];
            bool ok = summitFirst ? firstHalf == inSummit : firstHalf ? !inSummit : takenUp;
            Assert.True(ok, $"{protocol}: t={m.Time} named {m.Issue}");
        }
    }
}

public class RipenessTests
{
    [Fact]
    public void Only_the_side_whose_war_is_going_worse_becomes_ripe()
    {
        Issue pie = new() { Id = "pie", Name = "pie", Kind = IssueKind.Continuous, Min = 0, Max = 100 };
        Actor P(string id, double x) => new() { Id = id, Name = id, Capability = Quantity.Of(1), Stances = [new Stance { IssueId = "pie", Position = Quantity.Of(x), Salience = Quantity.Of(1) }] };
        Scenario Make(double trend) => new()
        {
            Name = "ripe",
            Issues = [pie],
            Actors = [P("a", 100), P("b", 0)],
            Dynamics = new Dynamics { Belligerents = ("a", "b"), PrevailProbability = Quantity.Of(0.5), Trend = Quantity.Of(trend), Volatility = Quantity.Of(0), Costs = new Dictionary<string, Quantity> { ["a"] = Quantity.Of(0.01), ["b"] = Quantity.Of(0.01) } },
        };

        // a is losing ground (p falls 0.02 a month): a half-and-half deal becomes ripe for a at once, never for b
        DealSpace space = DealSpace.Build(Make(-0.02), new DealSettings { Step = 10 });
        var session = new Session(space, [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 12 });
        int half = Array.IndexOf(space.Levels[0], 50.0);
        int[] ripe = session.Ripeness([half]);
        Assert.Equal(0, ripe[0]);
        Assert.Equal(-1, ripe[1]);

        // a stalemate (no trend) is ripe for no one
        DealSpace flat = DealSpace.Build(Make(0), new DealSettings { Step = 10 });
        var still = new Session(flat, [0, 1], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 12 });
        Assert.Equal([-1, -1], still.Ripeness([half]));
    }
}

public class SideDealTests
{
    [Fact]
    public void Mediator_buys_a_late_lone_holdout_with_a_private_side_deal_only_in_hub_and_spoke()
    {
        var load = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone);
        DealSpace space = DealSpace.Build(load.Scenario!, new DealSettings());
        int[] parties = [space.IndexOf("us"), space.IndexOf("russia"), space.IndexOf("ukraine")];
        Session Make() => new(space, parties, [.. parties.Select(p => StrategyRegistry.Create(space.Actors[p].Strategy ?? "linear"))], new SessionSettings { Deadline = 24 });

        Session session = Make();
        SessionResult hub = session.Run("hub-and-spoke");
        var deals = hub.Transcript.Where(m => m.Kind == MessageKind.SideDeal).ToList();
        Assert.NotEmpty(deals);
        Assert.All(deals, m => Assert.Equal("us", m.From));
        Assert.True(deals.Select(m => m.Amount).SequenceEqual(deals.Select((_, k) => Session.SideDealStep * (k + 1)), new Tolerance()));

        // late in the talks as the mediator sees them: in the second half of its own horizon
        Assert.All(deals, m => Assert.True(m.Time * 2 >= session.HorizonOf(0), $"t={m.Time}, horizon {session.HorizonOf(0)}"));
        if (hub.Agreement is int[] deal)
        {
            // the receiving spoke gets the transfer on top of the package; the mediator pays it
            int spoke = Array.IndexOf(hub.Parties.ToArray(), deals[^1].To);
            // (read in the session's space: the flagship's summit event may have moved Russia's positions)
            Assert.Equal(session.Space.Utility(parties[spoke], deal) + deals[^1].Amount, hub.Utility[spoke], 9);
            Assert.Equal(session.Space.Utility(parties[0], deal) - deals[^1].Amount, hub.Utility[0], 9);
        }

        Assert.DoesNotContain(Make().Run("single-text").Transcript, m => m.Kind == MessageKind.SideDeal);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}

public class StrategyParameterTests
{
    private static Scenario Pie => new()
    {
        Name = "pie",
        Issues = [new Issue { Id = "x", Name = "x", Kind = IssueKind.Continuous, Min = 0, Max = 100 }],
        Actors =
        [
            new Actor { Id = "a", Name = "a", Capability = Quantity.Of(1), Patience = Quantity.Of(0.97), Alternative = Quantity.Of(0.2), Stances = [new Stance { IssueId = "x", Position = Quantity.Of(100), Salience = Quantity.Of(1) }] },
            new Actor { Id = "b", Name = "b", Capability = Quantity.Of(1), Patience = Quantity.Of(0.97), Alternative = Quantity.Of(0.2), Stances = [new Stance { IssueId = "x", Position = Quantity.Of(0), Salience = Quantity.Of(1) }] },
        ],
    };

    [Fact]
    public void A_tougher_concession_exponent_delays_agreement()
    {
        DealSpace space = DealSpace.Build(Pie, new DealSettings { Step = 5 });
        SessionResult Play(double e) => new Session(space, [0, 1], [StrategyRegistry.Create("boulware", e), StrategyRegistry.Create("boulware", e)], new SessionSettings { Deadline = 20 }).Run();
        Assert.True(Play(0.1).Time > Play(0.8).Time);
    }

    [Fact]
    public void Tit_for_tat_concedes_only_after_the_other_side_does()
    {
        DealSpace space = DealSpace.Build(Pie, new DealSettings { Step = 5 });
        var session = new Session(space, [0, 1], [StrategyRegistry.Create("tit-for-tat"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 20 });
        var tft = StrategyRegistry.Create("tit-for-tat");
        session.Replay([new Message(0, "b", "a", MessageKind.Offer, [0])], 1);
        double before = session.ViewOf(0).MyUtility(tft.Propose(session.ViewOf(0)));
        Assert.Equal(1.0, before, 9); // nothing conceded to it yet: it holds its best
        session.Replay([new Message(2, "b", "a", MessageKind.Offer, [4])], 3); // b concedes 0.2 to a
        double after = session.ViewOf(0).MyUtility(tft.Propose(session.ViewOf(0)));
        Assert.Equal(0.8, after, 9);
    }
}

public class TrackParticipantsTests
{
    [Fact]
    public void A_working_level_track_consults_only_the_parties_with_a_stake_in_it()
    {
        Issue I(string id) => new() { Id = id, Name = id, Kind = IssueKind.Continuous, Min = 0, Max = 100 };
        Actor P(string id, params (string Issue, double X, double S)[] st) => new()
        {
            Id = id,
            Name = id,
            Capability = Quantity.Of(1),
            Alternative = Quantity.Of(0),
            Stances = [.. st.Select(s => new Stance { IssueId = s.Issue, Position = Quantity.Of(s.X), Salience = Quantity.Of(s.S) })],
        };
        var s = new Scenario
        {
            Name = "tracks",
            Issues = [I("x"), I("y"), I("z")],
            Actors =
            [
                P("m", ("x", 50, 0.5), ("y", 50, 0.5), ("z", 50, 0.5)),
                P("a", ("x", 0, 1), ("y", 0, 1), ("z", 0, 1)),
                P("b", ("x", 100, 1), ("y", 100, 1), ("z", 60, 0)),
            ],
            Channels = new Channels { Mediator = "m", Links = [("m", "a"), ("m", "b")] },
        };
        DealSpace space = DealSpace.Build(s, new DealSettings { Step = 25 });
        var session = new Session(space, [0, 1, 2], [StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear"), StrategyRegistry.Create("linear")], new SessionSettings { Deadline = 10 });
        Assert.Equal(["x", "y"], session.SummitIssues().Select(d => space.Issues[d].Id));
        SessionResult r = session.Run("sequenced");
        int end = ((Sequenced)session.Protocol!).FirstPhaseEnds;
        Assert.InRange(end, 0, 5);
        Assert.DoesNotContain(r.Transcript, m => m.To == "b" && m.Time <= end);
        Assert.Contains(r.Transcript, m => m.To == "a" && m.Time <= end);
        Assert.Contains(r.Transcript, m => m.To == "b" && m.Time > end);
    }
}

public class MediatorTextTests
{
    [Fact]
    public void The_first_text_is_the_best_candidate_the_mediator_believes_every_spoke_accepts()
    {
        // the flagship without Russia's territorial red line: a zone wide enough on territory that the mediator's blurred
        // beliefs about red lines sometimes find a text everyone accepts and sometimes do not
        var flagship = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        var s = flagship with
        {
            Actors = [.. flagship.Actors.Select(a => a.Id != "russia" ? a : a with { Stances = [.. a.Stances.Select(st => st.IssueId == "territory" ? st with { RedLine = null } : st)] })],
        };
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] parties = [space.IndexOf("us"), space.IndexOf("russia"), space.IndexOf("ukraine")];
        int[] branches = new int[2];
        Session session = null!;
        int[] text = [];
        NegotiatorView us = null!;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            session = new Session(space, parties, [.. parties.Select(_ => StrategyRegistry.Create("linear"))], new SessionSettings { Seed = seed });
            us = session.ViewOf(0);
            text = MediatorText.Initial(us);
            Assert.Contains(us.Candidates, c => c.SequenceEqual(text));
            NegotiatorView mediator = us;
            var acceptable = us.Candidates.Where(c => mediator.WithinMyRedLines(c) && MediatorText.Believed(mediator, c) is { Count: 2, Product: > 0 }).ToList();
            if (acceptable.Count > 0)
            {
                branches[0]++;
                Assert.Contains(acceptable, c => c.SequenceEqual(text));
                Assert.Equal(acceptable.Max(c => MediatorText.Believed(mediator, c).Product), MediatorText.Believed(us, text).Product);
            }
            else
            {
                branches[1]++;
                Assert.Equal(Offers.Best(us), text);
            }
        }

        Assert.All(branches, b => Assert.True(b > 0, "twelve draws of beliefs should reach both cases"));

        // spokes have no beliefs about others: the mediator's information is its own
        Assert.True(double.IsNaN(session.ViewOf(1).BelievedReservation("ukraine")));
        Assert.False(session.ViewOf(1).BelievedAcceptable("ukraine", text));

        // amending moves only the named issue, one level, towards the party that named it
        int d = 0;
        int[] next = MediatorText.Amend(us, text, [("ukraine", space.Issues[d].Id)]);
        Assert.Equal(text.Skip(1), next.Skip(1));
        Assert.True(Math.Abs(next[d] - text[d]) <= 1);
        Assert.True(Math.Abs(space.Levels[d][next[d]] - 20) <= Math.Abs(space.Levels[d][text[d]] - 20));
    }
}
