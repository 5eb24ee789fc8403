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
