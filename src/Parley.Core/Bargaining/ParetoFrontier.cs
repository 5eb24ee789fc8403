namespace Parley.Core.Bargaining;

/// <summary>
/// The exact Pareto frontier of an additive deal space by dynamic programming over issues: a package
/// whose partial utility vector (over the first k issues) is strictly dominated by another's cannot be
/// Pareto-optimal, so only the frontier of each prefix is extended, and equal vectors are merged with
/// their package counts. Exact, and far cheaper than streaming the whole space.
/// </summary>
public static class ParetoFrontier
{
    private const double Tolerance = 1e-9;

    /// <summary>The most partial packages one stage of the programme may hold (about 120 MB).</summary>
    private const long MaxStage = 1_000_000;

    /// <summary>Distinct Pareto-optimal utility vectors of the group over the allowed levels, best first in the first member's utility.</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="group">Actor indices (the frontier's dimensions).</param>
    /// <param name="allowed">Per issue, the level indices to consider.</param>
    public static IReadOnlyList<FrontierPoint> Compute(DealSpace space, int[] group, int[][] allowed)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Compute(space.Value, group, allowed);
    }

    /// <summary>The same over any additive utility tables <c>value[actor][issue][level]</c> (e.g. estimates from public numbers).</summary>
    /// <param name="value">Utility contribution per actor, issue and level.</param>
    /// <param name="group">Actor indices.</param>
    /// <param name="allowed">Per issue, the level indices to consider.</param>
    public static IReadOnlyList<FrontierPoint> Compute(double[][][] value, int[] group, int[][] allowed)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(allowed);
        List<Node> front = Run(value, group, allowed, epsilon: 0, int.MaxValue)
            ?? throw new InvalidOperationException("the exact frontier of so fine a grid is too large to compute: use Candidates, which lists an ε-Pareto set instead");
        return [.. front.Select(n => new FrontierPoint(n.U, n.Levels, n.Count))];
    }

    /// <summary>
    /// Candidate packages for a table of any size: the exact frontier (<see cref="Compute(double[][][], int[], int[][])"/>)
    /// when no stage of the dynamic programme holds more than <paramref name="exactCap"/> points; otherwise an ε-Pareto
    /// set: the same programme, where a partial package is also dropped when a kept one is at most ε worse for every
    /// member (ε-dominance), with ε = 0.001, 0.002, 0.004, … until no stage holds more than <paramref name="approximateCap"/>
    /// points (on a grid so fine that a stage would hold more than a million partial packages, each issue's levels are
    /// first thinned to an ε-cover). Every package of the exact frontier is then within (issues × ε), or twice that with
    /// thinned levels, of some candidate in every member's utility. Deterministic.
    /// </summary>
    /// <param name="value">Utility contribution per actor, issue and level.</param>
    /// <param name="group">Actor indices.</param>
    /// <param name="allowed">Per issue, the level indices to consider.</param>
    /// <param name="exactCap">The most points a stage of the exact programme may hold.</param>
    /// <param name="approximateCap">The most points a stage of the ε-programme may hold.</param>
    public static CandidateSet Candidates(double[][][] value, int[] group, int[][] allowed, int exactCap, int approximateCap)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentOutOfRangeException.ThrowIfLessThan(exactCap, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(approximateCap, 1);
        for (double epsilon = 0; ; epsilon = epsilon == 0 ? 1e-3 : epsilon * 2)
        {
            if (Run(value, group, allowed, epsilon, epsilon == 0 ? exactCap : approximateCap) is { } front)
            {
                return new CandidateSet([.. front.Select(n => new FrontierPoint(n.U, n.Levels, n.Count))], epsilon);
            }
        }
    }

    private static List<Node>? Run(double[][][] value, int[] group, int[][] allowed, double epsilon, int cap)
    {
        int na = group.Length;
        if (Array.Exists(allowed, l => l.Length == 0))
        {
            return [];
        }

        var front = new List<Node> { new(new double[na], [], 1) };
        Domain.WorkGuard guard = Domain.WorkGuard.Current;
        for (int d = 0; d < allowed.Length; d++)
        {
            guard.Check();
            int[] options = allowed[d];
            long[]? weight = null;
            if ((long)front.Count * options.Length > MaxStage)
            {
                // a fine grid: the exact programme gives up; the ε one first thins the issue's own levels to an ε-cover
                if (epsilon == 0)
                {
                    return null;
                }

                (options, weight) = Cover(value, group, d, options, epsilon);
                if ((long)front.Count * options.Length > MaxStage)
                {
                    return null;
                }
            }

            var next = new List<Node>(front.Count * options.Length);
            foreach (Node p in front)
            {
                for (int k = 0; k < options.Length; k++)
                {
                    int l = options[k];
                    var u = new double[na];
                    for (int g = 0; g < na; g++)
                    {
                        u[g] = p.U[g] + value[group[g]][d][l];
                    }

                    int[] levels = new int[d + 1];
                    p.Levels.CopyTo(levels, 0);
                    levels[d] = l;
                    next.Add(new Node(u, levels, Times(p.Count, weight?[k] ?? 1)));
                }
            }

            if (epsilon == 0)
            {
                front = Prune(next, cap);
            }
            else
            {
                front = Thin(next, epsilon, cap);
            }

            if (front is null)
            {
                return null;
            }
        }

        return front;
    }

    /// <summary>
    /// The levels of one issue thinned to an ε-cover: a level is dropped when a kept one is at most ε worse on this issue
    /// for every member; each kept level carries how many it stands for.
    /// </summary>
    private static (int[] Levels, long[] Weight) Cover(double[][][] value, int[] group, int d, int[] levels, double epsilon)
    {
        int na = group.Length;
        int[] order = [.. levels];
        Array.Sort(order, (x, y) =>
        {
            for (int g = 0; g < na; g++)
            {
                int c = value[group[g]][d][y].CompareTo(value[group[g]][d][x]);
                if (c != 0)
                {
                    return c;
                }
            }

            return x.CompareTo(y);
        });
        var kept = new List<int>();
        var weight = new List<long>();
        foreach (int l in order)
        {
            int covering = -1;
            for (int k = 0; k < kept.Count && covering < 0; k++)
            {
                bool covers = true;
                for (int g = 0; g < na && covers; g++)
                {
                    covers = value[group[g]][d][kept[k]] >= value[group[g]][d][l] - epsilon;
                }

                covering = covers ? k : -1;
            }

            if (covering >= 0)
            {
                weight[covering]++;
            }
            else
            {
                kept.Add(l);
                weight.Add(1);
            }
        }

        return ([.. kept], [.. weight]);
    }

    /// <summary>ε-dominance thinning (lexicographic order, best first): null when more than <paramref name="cap"/> are kept.</summary>
    private static List<Node>? Thin(List<Node> candidates, double epsilon, int cap)
    {
        SortBestFirst(candidates);
        var kept = new List<Node>();
        foreach (Node c in candidates)
        {
            int covering = -1;
            for (int k = 0; k < kept.Count && covering < 0; k++)
            {
                bool covers = true;
                double[] q = kept[k].U;
                for (int g = 0; g < q.Length && covers; g++)
                {
                    covers = q[g] >= c.U[g] - epsilon;
                }

                covering = covers ? k : -1;
            }

            if (covering >= 0)
            {
                kept[covering] = kept[covering] with { Count = Plus(kept[covering].Count, c.Count) };
            }
            else
            {
                kept.Add(c);
                if (kept.Count > cap)
                {
                    return null;
                }
            }
        }

        return kept;
    }

    /// <summary>True when a is at least b everywhere and better somewhere (beyond the tolerance).</summary>
    /// <param name="a">Utility vector.</param>
    /// <param name="b">Utility vector.</param>
    public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        bool better = false;
        for (int g = 0; g < a.Length; g++)
        {
            if (a[g] < b[g] - Tolerance)
            {
                return false;
            }

            better |= a[g] > b[g] + Tolerance;
        }

        return better;
    }

    private static void SortBestFirst(List<Node> candidates) =>
        candidates.Sort(static (x, y) =>
        {
            for (int g = 0; g < x.U.Length; g++)
            {
                int c = y.U[g].CompareTo(x.U[g]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        });

    /// <summary>The exact frontier of the candidates (equal vectors merged); null when more than <paramref name="cap"/> are kept.</summary>
    private static List<Node>? Prune(List<Node> candidates, int cap)
    {
        // lexicographic order, best first: anything that dominates or equals a candidate comes before it
        SortBestFirst(candidates);
        var kept = new List<Node>();
        foreach (Node c in candidates)
        {
            // newest first: the last point kept is best in the later members' utilities, so for two members it alone
            // decides, and for more it usually does
            bool drop = false;
            for (int k = kept.Count - 1; k >= 0; k--)
            {
                Node q = kept[k];
                if (Equal(q.U, c.U))
                {
                    kept[k] = q with { Count = Plus(q.Count, c.Count) };
                    drop = true;
                    break;
                }

                if (Dominates(q.U, c.U))
                {
                    drop = true;
                    break;
                }
            }

            if (!drop)
            {
                kept.Add(c);
                if (kept.Count > cap)
                {
                    return null;
                }
            }
        }

        // rounding noise can sort a dominating vector just after the one it dominates: sweep once more
        var result = new List<Node>(kept.Count);
        for (int i = 0; i < kept.Count; i++)
        {
            int same = result.FindIndex(n => Equal(n.U, kept[i].U));
            if (same >= 0)
            {
                result[same] = result[same] with { Count = Plus(result[same].Count, kept[i].Count) };
                continue;
            }

            bool dominated = false;
            for (int k = 0; k < kept.Count && !dominated; k++)
            {
                dominated = k != i && Dominates(kept[k].U, kept[i].U);
            }

            if (!dominated)
            {
                result.Add(kept[i]);
            }
        }

        return result;
    }

    // package counts of a fine grid pass 2^63: they stop there (the frontier's points are what matter)
    private static long Plus(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long Times(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;

    private static bool Equal(double[] a, double[] b)
    {
        for (int g = 0; g < a.Length; g++)
        {
            if (Math.Abs(a[g] - b[g]) > Tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Node(double[] U, int[] Levels, long Count);
}

/// <summary>The candidate packages of a table and how they were found.</summary>
/// <param name="Points">The candidates (distinct utility vectors with one package each, best first in the first member's utility).</param>
/// <param name="Epsilon">0 when they are the exact Pareto frontier; else the ε of the ε-Pareto set.</param>
public sealed record CandidateSet(IReadOnlyList<FrontierPoint> Points, double Epsilon)
{
    /// <summary>True when the candidates are the exact frontier.</summary>
    public bool Exact => Epsilon == 0;
}
