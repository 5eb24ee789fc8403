using System.Globalization;
using Parley.Core.Forecasting;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Forecasting;

/// <summary>
/// The spatial model reproduces KTAB's own trajectories (smpc, default configuration) on KTAB's example
/// inputs: the same number of turns and every position within 0.01 on the 0–100 scale at every turn.
/// </summary>
public class KtabConformanceTests
{
    public static TheoryData<string> Files => new() { "dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim", "SOE-Competitive" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Smp_reproduces_KTAB_trajectory_at_every_turn(string name)
    {
        string dir = Path.Combine(TestPaths.Fixtures, "ktab");
        LoadResult load = ScenarioLoader.LoadPath(Path.Combine(dir, "inputs", name + ".csv"));
        Assert.True(load.Succeeded, string.Join('\n', load.Diagnostics));
        var input = ForecastInput.FromScenario(load.Scenario!);
        ForecastResult result = new SpatialModel().Run(input, ForecastOptions.Default, record: true);

        Dictionary<(int Turn, int Actor, int Dim), double> expected = ReadTrajectory(Path.Combine(dir, "trajectories", name + ".csv"), input);
        int expectedTurns = expected.Keys.Max(k => k.Turn);
        Assert.Equal(expectedTurns, result.Rounds);
        Assert.Equal(expectedTurns + 1, result.Trajectory!.Count);
        var failures = new List<string>();
        foreach (((int t, int a, int d), double want) in expected.OrderBy(k => k.Key))
        {
            double got = result.Trajectory[t].Positions[(a * input.IssueCount) + d];
            if (Math.Abs(got - want) > 0.01 + 1e-9)
            {
                failures.Add($"turn {t} actor {input.Actors[a].Name} dim {d}: KTAB {want}, Parley {got:0.####}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} positions differ; first: " + string.Join("\n", failures.Take(10)));
    }

    private static Dictionary<(int, int, int), double> ReadTrajectory(string path, ForecastInput input)
    {
        var actors = input.Actors.Select((a, i) => (a.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var dims = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new Dictionary<(int, int, int), double>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(',');
            if (!dims.TryGetValue(f[2], out int d))
            {
                d = dims.Count;
                dims[f[2]] = d;
            }

            result[(int.Parse(f[0], CultureInfo.InvariantCulture), actors[f[1].Trim()], d)] = double.Parse(f[3], CultureInfo.InvariantCulture);
        }

        return result;
    }
}

/// <summary>The spatial model's pieces and its determinism.</summary>
public class SpatialModelTests
{
    private static ForecastInput Ktab(string name)
    {
        LoadResult load = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "ktab", "inputs", name + ".csv"));
        return ForecastInput.FromScenario(load.Scenario!);
    }

    [Fact]
    public void Conformance_check_can_fail_a_different_configuration()
    {
        // the same comparison as the conformance test, with fully committed third parties, must not match KTAB
        ForecastInput input = Ktab("dummyData_3Dim");
        ForecastResult ktab = new SpatialModel().Run(input, ForecastOptions.Default, true);
        ForecastResult other = new SpatialModel().Run(input, ForecastOptions.Default with { Smp = new SmpOptions { ThirdParty = ThirdPartyCommit.Full } }, true);
        int turns = Math.Min(ktab.Trajectory!.Count, other.Trajectory!.Count);
        double maxDiff = 0;
        for (int t = 0; t < turns; t++)
        {
            for (int k = 0; k < ktab.Trajectory[t].Positions.Length; k++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(ktab.Trajectory[t].Positions[k] - other.Trajectory[t].Positions[k]));
            }
        }

        Assert.True(maxDiff > 0.01 || ktab.Rounds != other.Rounds);
    }

    [Fact]
    public void Two_actors_bargain_towards_the_stronger_more_salient_one_with_positions_rounded_to_four_decimals()
    {
        var engine = new SpatialEngine(new SmpOptions());
        double[] pos = [0.2, 0.8];
        var turns = new List<SpatialTurn>();
        engine.Run(2, 1, [3.0, 1.0], [0.9, 0.3], pos, (_, t) => turns.Add(t));
        SpatialBargain b = turns[0].Bargains.First();
        Assert.Equal(b.InitiatorPosition[0], Math.Round(b.InitiatorPosition[0], 4), 15);
        // weights s²p²: the bargain lies between the two and nearer the initiator with the larger weight
        double p = b.WinProbability;
        double wi = 0.9 * 0.9 * p * p, wj = 0.3 * 0.3 * (1 - p) * (1 - p);
        double ti = b.Initiator == 0 ? 0.2 : 0.8, tj = b.Initiator == 0 ? 0.8 : 0.2;
        if (b.Initiator == 1)
        {
            (wi, wj) = (0.3 * 0.3 * p * p, 0.9 * 0.9 * (1 - p) * (1 - p));
        }

        Assert.Equal(Math.Round((((wi + 1e-6) * ti) + (wj * tj)) / (wi + 1e-6 + wj), 4), b.InitiatorPosition[0], 10);
    }

    [Fact]
    public void Parallel_turns_give_the_same_trajectory_as_sequential_ones()
    {
        ForecastInput input = Ktab("dummyData-a040");
        ForecastResult seq = new SpatialModel().Run(input, ForecastOptions.Default, true);
        ForecastResult par = new SpatialModel { TurnWorkers = 3 }.Run(input, ForecastOptions.Default, true);
        Assert.Equal(seq.Rounds, par.Rounds);
        for (int t = 0; t < seq.Trajectory!.Count; t++)
        {
            Assert.Equal(seq.Trajectory[t].Positions, par.Trajectory![t].Positions);
        }

        Assert.Equal(seq.Forecast, par.Forecast);
    }

    [Fact]
    public void Forecast_is_a_probability_weighted_position_inside_the_range_of_final_positions()
    {
        ForecastInput input = Ktab("SOE-Pol-Comp");
        ForecastResult r = new SpatialModel().Run(input, ForecastOptions.Default, true);
        TrajectoryRound last = r.Trajectory![^1];
        for (int d = 0; d < input.IssueCount; d++)
        {
            double[] col = Enumerable.Range(0, input.ActorCount).Select(a => last.Positions[(a * input.IssueCount) + d]).ToArray();
            Assert.InRange(r.Forecast[d], col.Min() - 1e-9, col.Max() + 1e-9);
        }

        Assert.Contains(r.Trajectory[1].Events, e => e.Kind == "target");
        Assert.Contains(r.Trajectory[1].Events, e => e.Kind == "bargain");
        Assert.Contains(r.Trajectory[1].Events, e => e.Kind == "choice");
    }

    [Fact]
    public void Every_option_combination_runs_and_stays_on_the_scale()
    {
        ForecastInput input = Ktab("dummyData_3Dim");
        foreach (VotingRule v in Enum.GetValues<VotingRule>())
        {
            foreach (PceModel p in Enum.GetValues<PceModel>())
            {
                foreach (VictoryModel m in Enum.GetValues<VictoryModel>())
                {
                    var o = ForecastOptions.Default with { Smp = new SmpOptions { Voting = v, Pce = p, Victory = m, MaxTurns = 5 } };
                    ForecastResult r = new SpatialModel().Run(input, o, false);
                    Assert.All(r.Forecast, f => Assert.InRange(f, 0, 100));
                }
            }
        }
    }
}
