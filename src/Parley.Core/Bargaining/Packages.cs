namespace Parley.Core.Bargaining;

/// <summary>Receives every package of a walk over the space: the group's utilities and the level index per issue.</summary>
/// <typeparam name="TSelf">The visitor type (a struct, so the stream is specialised and inlined).</typeparam>
public interface IPackageVisitor<TSelf>
    where TSelf : struct, IPackageVisitor<TSelf>
{
    /// <summary>One package.</summary>
    /// <param name="u">Utility per group member.</param>
    /// <param name="levels">Level index per issue.</param>
    void Visit(ReadOnlySpan<double> u, ReadOnlySpan<int> levels);

    /// <summary>Folds in the result of a later part of the stream (parts are merged in stream order).</summary>
    /// <param name="later">The visitor that saw the later part.</param>
    void Merge(ref TSelf later);
}

/// <summary>
/// Streams the product space without materialising it: an odometer over the allowed levels of each
/// issue, keeping per-depth partial sums so that each package costs one addition per group member.
/// The first issue's levels are split across threads and the parts merged in order, so results do
/// not depend on the thread count.
/// </summary>
public static class Packages
{
    /// <summary>Runs a visitor over every package whose levels are listed in <paramref name="allowed"/>.</summary>
    /// <typeparam name="T">Visitor type.</typeparam>
    /// <param name="space">The deal space.</param>
    /// <param name="group">Actor indices whose utilities are passed to the visitor.</param>
    /// <param name="allowed">Per issue, the level indices to enumerate.</param>
    /// <param name="create">Makes a fresh visitor (one per part of the walk); the merged result is returned.</param>
    /// <param name="parallel">Split the first issue across threads (for large spaces).</param>
    public static T Run<T>(DealSpace space, int[] group, int[][] allowed, Func<T> create, bool parallel)
        where T : struct, IPackageVisitor<T>
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(create);
        int nd = allowed.Length;
        T visitor = create();
        if (nd == 0 || Array.Exists(allowed, l => l.Length == 0))
        {
            return visitor;
        }

        if (!parallel || allowed[0].Length < 2)
        {
            Walk(space, group, allowed, ref visitor, 0, allowed[0].Length);
            return visitor;
        }

        int parts = allowed[0].Length;
        var results = new T[parts];
        System.Threading.Tasks.Parallel.For(0, parts, k =>
        {
            T v = k == 0 ? visitor : create();
            Walk(space, group, allowed, ref v, k, k + 1);
            results[k] = v;
        });
        T merged = results[0];
        for (int k = 1; k < parts; k++)
        {
            merged.Merge(ref results[k]);
        }

        return merged;
    }

    private static void Walk<T>(DealSpace space, int[] group, int[][] allowed, ref T visitor, int firstFrom, int firstTo)
        where T : struct, IPackageVisitor<T>
    {
        int nd = allowed.Length, na = group.Length;
        var tables = new double[nd][];
        for (int d = 0; d < nd; d++)
        {
            // tables[d][l * na + g] = contribution of allowed level l of issue d to group member g
            int nl = allowed[d].Length;
            tables[d] = new double[nl * na];
            for (int l = 0; l < nl; l++)
            {
                for (int g = 0; g < na; g++)
                {
                    tables[d][(l * na) + g] = space.Value[group[g]][d][allowed[d][l]];
                }
            }
        }

        var prefix = new double[(nd + 1) * na];
        var idx = new int[nd];
        var levels = new int[nd];
        idx[0] = firstFrom;
        int from = 0;
        Domain.WorkGuard guard = Domain.WorkGuard.Current;
        bool linkage = space.HasLinkage;
        int sinceCheck = 0;
        while (true)
        {
            if (++sinceCheck == 1 << 20)
            {
                guard.Check();
                sinceCheck = 0;
            }

            for (int d = from; d < nd; d++)
            {
                levels[d] = allowed[d][idx[d]];
                int src = d * na, dst = (d + 1) * na, t = idx[d] * na;
                double[] table = tables[d];
                for (int g = 0; g < na; g++)
                {
                    prefix[dst + g] = prefix[src + g] + table[t + g];
                }
            }

            // a package that breaks a member's linkage (a conditional package) is outside the group's space, like one beyond
            // a red line; without linkage the check is one branch
            if (!linkage || space.KeepsAll(group, levels))
            {
                visitor.Visit(prefix.AsSpan(nd * na, na), levels);
            }

            int k = nd - 1;
            while (k >= 0)
            {
                idx[k]++;
                if (idx[k] < (k == 0 ? firstTo : allowed[k].Length))
                {
                    break;
                }

                idx[k] = 0;
                k--;
            }

            if (k < 0)
            {
                return;
            }

            from = k;
        }
    }
}
