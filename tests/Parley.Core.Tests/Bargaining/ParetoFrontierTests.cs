using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Bargaining;

/// <summary>The candidate packages of a table: exact when affordable, else an ε-Pareto set with its guarantee.</summary>
public sealed class ParetoFrontierTests
{
    /// <summary>Every group of two to four actors of the shipped scenarios, with the exact frontier small enough to check.</summary>
    public static TheoryData<string, string> Groups()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Directory.GetFiles(TestPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal))
        {
            Scenario s = ScenarioLoader.LoadPath(file).Scenario!;
            string[] ids = [.. s.Actors.Select(a => a.Id)];
            for (int n = 2; n <= Math.Min(4, ids.Length); n++)
            {
                data.Add(Path.GetFileName(file), string.Join(',', ids.Take(n)));
                data.Add(Path.GetFileName(file), string.Join(',', ids.Reverse().Take(n)));
            }
        }

        return data;
    }

    private static (double[][][] Value, int[] Group, int[][] All) Table(string file, string group)
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, file)).Scenario!;
        DealSpace space = DealSpace.Build(s, new DealSettings());
        return (space.Value, [.. group.Split(',').Select(space.IndexOf)], [.. space.Levels.Select(l => Enumerable.Range(0, l.Length).ToArray())]);
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Under_the_cap_the_candidates_are_the_exact_frontier(string file, string group)
    {
        (double[][][] value, int[] g, int[][] all) = Table(file, group);
        IReadOnlyList<FrontierPoint> exact = ParetoFrontier.Compute(value, g, all);
        CandidateSet c = ParetoFrontier.Candidates(value, g, all, exactCap: 1_000_000, approximateCap: 10);
        Assert.True(c.Exact);
        Assert.Equal(exact.Select(p => string.Join(',', p.Levels)), c.Points.Select(p => string.Join(',', p.Levels)));
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Over_the_cap_every_exact_frontier_point_is_within_its_tolerance_of_a_candidate(string file, string group)
    {
        (double[][][] value, int[] g, int[][] all) = Table(file, group);
        IReadOnlyList<FrontierPoint> exact = ParetoFrontier.Compute(value, g, all);
        int cap = Math.Max(2, exact.Count / 3);
        CandidateSet c = ParetoFrontier.Candidates(value, g, all, exactCap: cap, approximateCap: cap);
        if (exact.Count <= cap)
        {
            Assert.True(c.Exact);
            return;
        }

        Assert.False(c.Exact);
        Assert.InRange(c.Points.Count, 1, cap);
        double tolerance = (all.Length * c.Epsilon) + 1e-9;
        foreach (FrontierPoint p in exact)
        {
            Assert.Contains(c.Points, q => q.Utilities.Zip(p.Utilities).All(x => x.First >= x.Second - tolerance));
        }

        // the candidates are packages of the space, with their true utilities
        foreach (FrontierPoint q in c.Points)
        {
            for (int k = 0; k < g.Length; k++)
            {
                Assert.Equal(q.Levels.Select((l, d) => value[g[k]][d][l]).Sum(), q.Utilities[k], 9);
            }
        }
    }
}
