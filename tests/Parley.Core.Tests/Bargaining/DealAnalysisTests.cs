using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Randomness;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Bargaining;

public class DealAnalysisTests
{
    private static Scenario Build(IReadOnlyList<Issue> issues, params Actor[] actors) => new() { Name = "t", Issues = issues, Actors = actors };

    private static Issue Scale(string id) => new() { Id = id, Name = id, Kind = IssueKind.Continuous, Min = 0, Max = 100 };

    private static Actor Party(string id, double capability, double? alternative, params (string Issue, double X, double S, RedLine? Line)[] stances) => new()
    {
        Id = id,
        Name = id,
        Capability = Quantity.Of(capability),
        Alternative = alternative is double a ? Quantity.Of(a) : null,
        Stances = [.. stances.Select(s => new Stance { IssueId = s.Issue, Position = Quantity.Of(s.X), Salience = Quantity.Of(s.S), RedLine = s.Line })],
    };

    private static DealReport Analyse(Scenario s, double step, params int[] group) =>
        DealAnalysis.Run(DealSpace.Build(s, new DealSettings { Step = step }), group.Length == 0 ? [.. Enumerable.Range(0, s.Actors.Count)] : group);

    private static double Level(DealReport r, Solution s, int d) => r.Space.Levels[d][s.Levels[d]];

    [Fact]
    public void Nash_splits_the_gains_equally_on_one_linear_issue()
    {
        Scenario s = Build([Scale("x")], Party("a", 1, 0, ("x", 0, 1, null)), Party("b", 1, 0, ("x", 100, 1, null)));
        DealReport r = Analyse(s, 10);
        Solution nash = r.Find("nash")!;
        Assert.Equal(50, Level(r, nash, 0));
        Assert.Equal(nash.Gains[0], nash.Gains[1], 12);
        Assert.Equal(11, r.ZopaCount);
    }

    [Fact]
    public void Asymmetric_Nash_splits_the_gains_in_proportion_to_capability()
    {
        Scenario s = Build([Scale("x")], Party("a", 3, 0, ("x", 0, 1, null)), Party("b", 1, 0, ("x", 100, 1, null)));
        DealReport r = Analyse(s, 5);
        Solution asym = r.Find("asymmetric-nash")!;
        // maximise g_a^0.75 g_b^0.25 with g_a = 1 − x, g_b = x: x = 0.25, gains in the ratio 3 : 1
        Assert.Equal(25, Level(r, asym, 0));
        Assert.Equal(3.0, asym.Gains[0] / asym.Gains[1], 9);
        Assert.Equal(50, Level(r, r.Find("nash")!, 0));
    }

    [Fact]
    public void A_red_line_removes_exactly_the_packages_beyond_it()
    {
        Scenario s = Build([Scale("x"), Scale("y")],
            Party("a", 1, 0, ("x", 0, 1, null), ("y", 0, 1, null)),
            Party("b", 1, 0, ("x", 100, 1, new RedLine { Bound = RedLineBound.AtLeast, Limit = Quantity.Of(60) }), ("y", 100, 1, null)));
        DealReport r = Analyse(s, 10);
        Assert.Equal(121, r.PackageCount); // 60 is on the 10-grid already
        Assert.Equal(5 * 11, r.FeasibleCount); // x in {60..100}, y anything
        Assert.All(r.Solutions, sol => Assert.True(Level(r, sol, 0) >= 60));
        Assert.All(r.Frontier!, p => Assert.True(r.Space.Levels[0][p.Levels[0]] >= 60));
        Assert.Equal(60, Level(r, r.Find("nash")!, 0));
    }

    [Fact]
    public void Reservation_values_bound_the_zone_and_its_issue_ranges()
    {
        Scenario s = Build([Scale("x")], Party("a", 1, 0.3, ("x", 0, 1, null)), Party("b", 1, 0.3, ("x", 100, 1, null)));
        DealReport r = Analyse(s, 10);
        Assert.Equal(5, r.ZopaCount); // 30, 40, 50, 60, 70
        IssueRange range = Assert.Single(r.ZopaRanges);
        Assert.Equal((30.0, 70.0), (range.Min, range.Max));
        Assert.Equal(50, Level(r, r.Find("nash")!, 0));
    }

    [Fact]
    public void Kalai_Smorodinsky_is_textbook_and_differs_from_egalitarian_when_ideal_gains_differ()
    {
        // a cares only about x (wants 100); b wants x = 0 and y = 100 equally, and has alternative 0.5
        Scenario s = Build([Scale("x"), Scale("y")],
            Party("a", 1, 0, ("x", 100, 1, null)),
            Party("b", 1, 0.5, ("x", 0, 0.5, null), ("y", 100, 0.5, null)));
        DealReport r = Analyse(s, 5);
        // gains: a = x, b = 0.5 − x/2 (y = 100); ideal gains 1 and 0.5: KS equalises fractions at x = 0.5
        Assert.Equal(50, Level(r, r.Find("kalai-smorodinsky")!, 0));
        // egalitarian equalises absolute gains: x = 1/3, best grid point 35
        Assert.Equal(35, Level(r, r.Find("egalitarian")!, 0));
        Assert.Equal(100, Level(r, r.Find("utilitarian")!, 0));
        Assert.All(r.Solutions, sol => Assert.Equal(100, Level(r, sol, 1)));
    }

    [Fact]
    public void Empty_zone_reports_the_single_changes_that_open_it()
    {
        Scenario s = Build([Scale("x")],
            Party("a", 1, 0, ("x", 0, 1, new RedLine { Bound = RedLineBound.AtMost, Limit = Quantity.Of(30) })),
            Party("b", 1, 0, ("x", 100, 1, new RedLine { Bound = RedLineBound.AtLeast, Limit = Quantity.Of(50) })));
        DealReport r = Analyse(s, 10);
        Assert.False(r.ZoneExists);
        Assert.Empty(r.Solutions);
        Assert.Contains(r.Blockers, b => b.ActorId == "a" && b.Kind == "red-line" && Math.Abs(b.Relaxation - 20) < 1e-9);
        Assert.Contains(r.Blockers, b => b.ActorId == "b" && b.Kind == "red-line" && Math.Abs(b.Relaxation - 20) < 1e-9);

        Scenario t = Build([Scale("x")], Party("a", 1, 0.8, ("x", 0, 1, null)), Party("b", 1, 0.8, ("x", 100, 1, null)));
        DealReport q = Analyse(t, 10);
        Assert.False(q.ZoneExists);
        Assert.Contains(q.Blockers, b => b.ActorId == "a" && b.Kind == "reservation" && Math.Abs(b.Relaxation - 0.6) < 1e-9);
        Assert.Contains(q.Blockers, b => b.ActorId == "b" && b.Kind == "reservation" && Math.Abs(b.Relaxation - 0.6) < 1e-9);
    }

    [Fact]
    public void Trades_give_each_party_the_issue_it_cares_more_about()
    {
        Scenario s = Build([Scale("x"), Scale("y")],
            Party("a", 1, null, ("x", 100, 0.9, null), ("y", 100, 0.1, null)),
            Party("b", 1, null, ("x", 0, 0.1, null), ("y", 0, 0.9, null)));
        DealReport r = Analyse(s, 10);
        Trade best = r.Trades[0];
        Assert.Equal(("a", "x", "b", "y"), (best.A, best.IssueForA, best.B, best.IssueForB));
        Assert.Equal(0.4, best.GainA, 9);
        Assert.Equal(0.4, best.GainB, 9);
        Assert.DoesNotContain(r.Trades, t => t.IssueForA == "y" && t.IssueForB == "x");
    }

    [Fact]
    public void Frontier_by_dynamic_programming_equals_brute_force_on_random_spaces()
    {
        var rng = new RandomSource(77);
        for (int trial = 0; trial < 20; trial++)
        {
            var issues = Enumerable.Range(0, 3).Select(i => Scale("i" + i)).ToArray();
            var actors = Enumerable.Range(0, 3).Select(a => Party("p" + a, 1, 0,
                [.. issues.Select(i => (i.Id, Math.Round(100 * rng.NextDouble()), Math.Round(rng.NextDouble(), 2) + 0.01, (RedLine?)null))])).ToArray();
            Scenario s = Build(issues, actors);
            DealSpace space = DealSpace.Build(s, new DealSettings { Step = 25 });
            DealReport r = DealAnalysis.Run(space, [0, 1, 2]);
            var all = new List<double[]>();
            foreach (int x in Enumerable.Range(0, 5))
            {
                foreach (int y in Enumerable.Range(0, 5))
                {
                    foreach (int z in Enumerable.Range(0, 5))
                    {
                        int[] l = [x, y, z];
                        all.Add([.. Enumerable.Range(0, 3).Select(a => space.Utility(a, l))]);
                    }
                }
            }

            var pareto = all.Where(p => !all.Any(q => ParetoFrontier.Dominates(q, p))).ToList();
            var distinct = pareto.DistinctBy(p => string.Join(",", p.Select(v => Math.Round(v, 9)))).Count();
            Assert.Equal(distinct, r.Frontier!.Count);
            Assert.Equal(pareto.Count, r.Frontier.Sum(p => p.Ties));

            // the Nash package lies on the frontier
            Solution nash = r.Find("nash")!;
            Assert.Contains(r.Frontier, p => p.Utilities.Zip(nash.Utilities).All(t => Math.Abs(t.First - t.Second) < 1e-9));
        }
    }

    [Fact]
    public void Parallel_walk_gives_the_same_result_as_a_single_thread()
    {
        DealSpace space = DealSpace.Build(ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!, new DealSettings());
        int[] group = [0, 1, 2, 3, 4, 5, 6];
        DealReport one = DealAnalysis.Run(space, group, new DealAnalysisOptions { Parallel = false, Frontier = false });
        DealReport many = DealAnalysis.Run(space, group, new DealAnalysisOptions { Parallel = true, Frontier = false });
        Assert.Equal(one.ZopaCount, many.ZopaCount);
        Assert.Equal(one.Solutions.Select(s => s.Levels), many.Solutions.Select(s => s.Levels));
    }

    [Fact]
    public void Approximate_search_is_labelled_and_finds_the_exact_nash_on_a_small_space()
    {
        Scenario s = Build([Scale("x"), Scale("y")], Party("a", 1, 0, ("x", 0, 1, null), ("y", 0, 0.5, null)), Party("b", 1, 0, ("x", 100, 1, null), ("y", 100, 0.2, null)));
        DealSpace exact = DealSpace.Build(s, new DealSettings { Step = 5 });
        DealSpace approx = DealSpace.Build(s, new DealSettings { Step = 5, MaxExact = 10, Samples = 50 });
        DealReport e = DealAnalysis.Run(exact, [0, 1]);
        DealReport a = DealAnalysis.Run(approx, [0, 1]);
        Assert.True(e.Exact);
        Assert.False(a.Exact);
        Assert.Equal(50, a.SampleSize);
        Assert.Equal(e.Find("nash")!.Utilities, a.Find("nash")!.Utilities);
    }

    [Fact]
    public void Reservation_from_dynamics_is_the_utility_of_fighting_on_minus_the_cost()
    {
        Scenario s = Build([Scale("x")], Party("a", 1, null, ("x", 100, 1, null)), Party("b", 1, null, ("x", 0, 1, null))) with
        {
            Dynamics = new Dynamics
            {
                Belligerents = ("a", "b"),
                PrevailProbability = Quantity.Of(0.7),
                Trend = Quantity.Of(0),
                Volatility = Quantity.Of(0),
                Costs = new Dictionary<string, Quantity> { ["a"] = Quantity.Of(0.01) },
            },
        };
        DealSpace space = DealSpace.Build(s, new DealSettings { Horizon = 10 });
        // W = 0.7·100 + 0.3·0 = 70: a values it 0.7 and pays 0.1; b values it 0.3 and pays nothing
        Assert.Equal(0.6, space.Reservation[0], 12);
        Assert.Equal(0.3, space.Reservation[1], 12);
    }

    [Fact]
    public void Grid_defaults_to_anchors_and_midpoints()
    {
        Issue issue = Scale("x") with { Anchors = [new Anchor(0, "none"), new Anchor(50, "half"), new Anchor(100, "all")] };
        DealSpace space = DealSpace.Build(Build([issue], Party("a", 1, 0, ("x", 0, 1, null))), new DealSettings());
        Assert.Equal([0.0, 25, 50, 75, 100], space.Levels[0]);
        Assert.Equal("25 (between 0 and 50)", space.Describe(0, 1));
        Assert.Equal("50 half", space.Describe(0, 2));
    }

    [Fact]
    public void Red_line_limits_are_grid_points()
    {
        Issue issue = Scale("x") with { Anchors = [new Anchor(0, "none"), new Anchor(100, "all")] };
        Scenario s = Build([issue], Party("a", 1, 0, ("x", 0, 1, new RedLine { Bound = RedLineBound.AtMost, Limit = Quantity.Of(67) })));
        Assert.Equal([0.0, 50, 67, 100], DealSpace.Build(s, new DealSettings()).Levels[0]);
        Assert.Contains(67.0, DealSpace.Build(s, new DealSettings { Step = 25 }).Levels[0]);
    }

    [Fact]
    public void Quadratic_values_punish_large_departures_more()
    {
        Stance st = new() { IssueId = "x", Position = Quantity.Of(0), Salience = Quantity.Of(1) };
        Assert.Equal(0.5, DealSpace.LevelValue(Scale("x"), st, 0, 50, ValueShape.Linear), 12);
        Assert.Equal(0.75, DealSpace.LevelValue(Scale("x"), st, 0, 50, ValueShape.Quadratic), 12);
    }

    [Fact]
    public void Hub_and_spoke_rows_include_each_spoke_and_all_parties()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int us = space.IndexOf("us"), ru = space.IndexOf("russia"), ua = space.IndexOf("ukraine");
        IReadOnlyList<CoalitionDeal> rows = HubAndSpoke.Compare(space, us, [ru, ua], [.. Enumerable.Range(0, space.Actors.Count)]);
        Assert.Equal(["us + russia", "us + ukraine", "all parties"], rows.Select(x => x.Label));
        // a deal struck by the US with Russia alone crosses Ukraine's red lines; the joint deal does not
        Assert.False(rows[0].Acceptable[ua]);
        Assert.True(rows[2].Acceptable[ua]);
        Assert.Equal(DealAnalysis.Run(space, [.. Enumerable.Range(0, space.Actors.Count)]).Find("nash")!.Levels, rows[2].Deal!.Levels);
    }
}
