namespace Parley.Core.Bargaining;

/// <summary>
/// Logrolls between two actors (MODELS.md §2): from a reference package that splits every issue
/// between them (the level nearest the midpoint of their positions), A gets its preferred level on one
/// issue and B on another; kept when both gain (which needs their saliences to differ) and both stay
/// within their red lines, ranked by joint gain.
/// </summary>
public static class TradeFinder
{
    /// <summary>The best trades over every pair in the group.</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="group">Actor indices.</param>
    /// <param name="allowed">Per issue, levels within the group's red lines.</param>
    /// <param name="top">How many to keep.</param>
    public static IReadOnlyList<Trade> Best(DealSpace space, int[] group, int[][] allowed, int top)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(allowed);
        var all = new List<Trade>();
        for (int i = 0; i < group.Length; i++)
        {
            for (int j = i + 1; j < group.Length; j++)
            {
                all.AddRange(Between(space, group[i], group[j], allowed));
            }
        }

        return [.. all.OrderByDescending(t => t.JointGain).ThenBy(t => t.A, StringComparer.Ordinal).ThenBy(t => t.B, StringComparer.Ordinal).Take(top)];
    }

    /// <summary>Every mutually beneficial trade between actors a and b, best first.</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="a">Actor index.</param>
    /// <param name="b">Actor index.</param>
    /// <param name="allowed">Per issue, the levels allowed.</param>
    public static IReadOnlyList<Trade> Between(DealSpace space, int a, int b, int[][] allowed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(allowed);
        int nd = space.Issues.Count;
        if (Array.Exists(allowed, l => l.Length == 0))
        {
            return [];
        }

        var reference = new int[nd];
        var bestA = new int[nd];
        var bestB = new int[nd];
        for (int d = 0; d < nd; d++)
        {
            double mid = (space.Positions[a][d] + space.Positions[b][d]) / 2;
            reference[d] = allowed[d].MinBy(l => Math.Abs(space.Levels[d][l] - mid));
            bestA[d] = allowed[d].MaxBy(l => space.Value[a][d][l]);
            bestB[d] = allowed[d].MaxBy(l => space.Value[b][d][l]);
        }

        double ua0 = space.Utility(a, reference), ub0 = space.Utility(b, reference);
        var trades = new List<Trade>();
        var p = new int[nd];
        for (int da = 0; da < nd; da++)
        {
            for (int db = 0; db < nd; db++)
            {
                if (da == db || bestA[da] == reference[da] || bestB[db] == reference[db])
                {
                    continue;
                }

                reference.CopyTo(p, 0);
                p[da] = bestA[da];
                p[db] = bestB[db];
                double ga = space.Utility(a, p) - ua0, gb = space.Utility(b, p) - ub0;
                if (ga > 1e-9 && gb > 1e-9)
                {
                    trades.Add(new Trade(space.Actors[a].Id, space.Actors[b].Id, space.Issues[da].Id, bestA[da], space.Issues[db].Id, bestB[db], ga, gb));
                }
            }
        }

        return [.. trades.OrderByDescending(t => t.JointGain)];
    }
}
