using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Bargaining;

/// <summary>What to compute besides the solutions and the zone.</summary>
public sealed record DealAnalysisOptions
{
    /// <summary>Compute the Pareto frontier (full for up to four members, pairwise beyond).</summary>
    public bool Frontier { get; init; } = true;

    /// <summary>When the zone is empty, find the single changes that would open it.</summary>
    public bool Blockers { get; init; } = true;

    /// <summary>How many trades to keep (0: none).</summary>
    public int Trades { get; init; } = 10;

    /// <summary>Use every core for large spaces.</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>Seed for the sampled search of spaces larger than the exact limit.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// The deal-space analysis of MODELS.md §2 for a group of actors: the zone of possible agreement, the
/// Nash, asymmetric Nash, Kalai–Smorodinsky, egalitarian and utilitarian solutions, the Pareto frontier,
/// what blocks an empty zone and the best trades. Only the group's red lines and reservation values
/// constrain; everyone's utility is reported. Ties go to the first package in enumeration order.
/// </summary>
public static class DealAnalysis
{
    /// <summary>The conventional solution names, in report order.</summary>
    public static IReadOnlyList<string> SolutionNames { get; } = ["nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian", "utilitarian"];

    /// <summary>The most points one stage of the exact frontier's programme may hold before an ε-Pareto set is listed instead.</summary>
    public const int FrontierExactCap = 20_000;

    /// <summary>The most points one stage of the ε-Pareto programme may hold (ε doubles until it fits).</summary>
    public const int FrontierApproximateCap = 2_000;

    /// <summary>Analyses the group.</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="group">Actor indices (at least one).</param>
    /// <param name="options">What to compute.</param>
    public static DealReport Run(DealSpace space, int[] group, DealAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Length == 0)
        {
            throw new ArgumentException("a deal needs at least one party", nameof(group));
        }

        options ??= new DealAnalysisOptions();
        int na = group.Length, nd = space.Issues.Count;
        int[][] allowed = AllowedLevels(space, group);
        double[] r = [.. group.Select(g => space.Reservation[g])];
        double capSum = group.Sum(g => Math.Max(0, space.Capability[g]));
        double[] beta = [.. group.Select(g => capSum > 0 ? Math.Max(0, space.Capability[g]) / capSum : 1.0 / na)];
        bool exact = space.PackageCount <= space.Settings.MaxExact;
        bool parallel = options.Parallel && space.PackageCount >= 200_000;

        double within = 1;
        foreach (int[] l in allowed)
        {
            within *= l.Length;
        }

        // two passes over the packages within the red lines (or over the samples), one addition per party and issue
        // step: measured at about 2e8 package-parties a second on one core of the build box
        double work = exact ? 2 * within * na : 2.0 * space.Settings.Samples * nd * na;
        if (!WorkGuard.Current.Fits(work, 1e9))
        {
            WorkGuard.Current.Refuse(work, 1e9,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the deal space of {na} parties over {nd} issues ({within:G3} packages within their red lines)"),
                "use a coarser --step (or deal.step) or fewer issues");
        }

        MainPass main;
        KsPass ks;
        int sampleSize = 0;
        if (exact)
        {
            main = Packages.Run(space, group, allowed, () => new MainPass(r, beta, space.Levels), parallel);
            double[] ideal = main.IdealOrFeasibleBest();
            ks = Packages.Run(space, group, allowed, () => new KsPass(r, ideal, nd), parallel);
        }
        else
        {
            sampleSize = space.Settings.Samples;
            (main, ks) = Sampled(space, group, allowed, r, beta, sampleSize, options.Seed);
        }

        var solutions = new List<Solution>();
        if (main.Zopa > 0)
        {
            Add("nash", main.NashLevels);
            Add("asymmetric-nash", main.AsymLevels);
            Add("kalai-smorodinsky", ks.Levels);
            Add("egalitarian", main.EgalLevels);
            Add("utilitarian", main.UtilLevels);
        }

        void Add(string name, int[]? levels)
        {
            if (levels is null)
            {
                return;
            }

            var u = new double[space.Actors.Count];
            var gain = new double[space.Actors.Count];
            for (int a = 0; a < u.Length; a++)
            {
                u[a] = space.Utility(a, levels);
                gain[a] = u[a] - space.Reservation[a];
            }

            solutions.Add(new Solution(name, levels, u, gain));
        }

        var ranges = new List<IssueRange>();
        if (main.Zopa > 0)
        {
            for (int d = 0; d < nd; d++)
            {
                double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                for (int l = 0; l < space.Levels[d].Length; l++)
                {
                    if (main.Seen[d][l])
                    {
                        lo = Math.Min(lo, space.Levels[d][l]);
                        hi = Math.Max(hi, space.Levels[d][l]);
                    }
                }

                ranges.Add(new IssueRange(space.Issues[d].Id, lo, hi));
            }
        }

        IReadOnlyList<FrontierPoint>? frontier = null;
        var projections = new List<PairFrontier>();
        double epsilon = 0;
        if (options.Frontier && main.Feasible > 0)
        {
            if (na <= 4)
            {
                frontier = Frontier([.. group]);
            }

            // every pair's own frontier as well (the report draws them) from three parties up
            if (na >= 3)
            {
                for (int i = 0; i < na; i++)
                {
                    for (int j = i + 1; j < na; j++)
                    {
                        projections.Add(new PairFrontier(space.Actors[group[i]].Id, space.Actors[group[j]].Id, Frontier([group[i], group[j]])));
                    }
                }
            }
        }

        // the exact frontier when it can be listed; an ε-Pareto set when it is too large (a fine grid on several issues)
        IReadOnlyList<FrontierPoint> Frontier(int[] members)
        {
            CandidateSet set = ParetoFrontier.Candidates(space.Value, members, allowed, FrontierExactCap, FrontierApproximateCap);
            epsilon = Math.Max(epsilon, set.Epsilon);
            return set.Points;
        }

        IReadOnlyList<Blocker> blockers = [];
        if (options.Blockers && main.Zopa == 0 && exact)
        {
            blockers = FindBlockers(space, group, r, parallel);
        }

        IReadOnlyList<Trade> trades = options.Trades > 0 ? TradeFinder.Best(space, group, allowed, options.Trades) : [];
        return new DealReport
        {
            Space = space,
            Group = group,
            PackageCount = space.PackageCount,
            Exact = exact,
            SampleSize = sampleSize,
            FeasibleCount = main.Feasible,
            ZopaCount = main.Zopa,
            Ideal = main.IdealOrFeasibleBest(),
            Solutions = solutions,
            ZopaRanges = ranges,
            Frontier = frontier,
            Projections = projections,
            FrontierEpsilon = epsilon,
            Blockers = blockers,
            Trades = trades,
        };
    }

    /// <summary>Per issue, the levels within every group member's red lines.</summary>
    /// <param name="space">The space.</param>
    /// <param name="group">Actor indices.</param>
    public static int[][] AllowedLevels(DealSpace space, int[] group)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(group);
        var allowed = new int[space.Issues.Count][];
        for (int d = 0; d < allowed.Length; d++)
        {
            var list = new List<int>();
            for (int l = 0; l < space.Levels[d].Length; l++)
            {
                bool ok = true;
                foreach (int g in group)
                {
                    ok &= space.Allowed[g][d][l];
                }

                if (ok)
                {
                    list.Add(l);
                }
            }

            allowed[d] = [.. list];
        }

        return allowed;
    }

    private static int[][] AllLevels(DealSpace space) =>
        [.. space.Levels.Select(l => Enumerable.Range(0, l.Length).ToArray())];

    /// <summary>Single relaxations: packages that miss the zone by exactly one constraint of one member.</summary>
    private static List<Blocker> FindBlockers(DealSpace space, int[] group, double[] r, bool parallel)
    {
        int nd = space.Issues.Count, na = group.Length;

        // per issue and level: how many members' red lines exclude it, and which (when exactly one)
        var count = new int[nd][];
        var who = new int[nd][];
        for (int d = 0; d < nd; d++)
        {
            count[d] = new int[space.Levels[d].Length];
            who[d] = new int[space.Levels[d].Length];
            for (int l = 0; l < count[d].Length; l++)
            {
                for (int g = 0; g < na; g++)
                {
                    if (!space.Allowed[group[g]][d][l])
                    {
                        count[d][l]++;
                        who[d][l] = g;
                    }
                }
            }
        }

        BlockerPass pass = Packages.Run(space, group, AllLevels(space), () => new BlockerPass(r, count, who, space, group), parallel);
        var result = new List<Blocker>();
        for (int g = 0; g < na; g++)
        {
            string id = space.Actors[group[g]].Id;
            if (pass.Reservation[g] < double.PositiveInfinity)
            {
                result.Add(new Blocker(id, "reservation", null, pass.Reservation[g]));
            }

            for (int d = 0; d < nd; d++)
            {
                if (pass.RedLine[(g * nd) + d] < double.PositiveInfinity)
                {
                    result.Add(new Blocker(id, "red-line", space.Issues[d].Id, pass.RedLine[(g * nd) + d]));
                }
            }
        }

        return result;
    }

    private static (MainPass Main, KsPass Ks) Sampled(DealSpace space, int[] group, int[][] allowed, double[] r, double[] beta, int samples, ulong seed)
    {
        // uniform samples over the allowed levels, then coordinate ascent from the best of each objective
        var rng = new RandomSource(seed);
        int nd = allowed.Length, na = group.Length;
        var main = new MainPass(r, beta, space.Levels);
        var levels = new int[nd];
        var u = new double[na];
        if (Array.Exists(allowed, l => l.Length == 0))
        {
            return (main, new KsPass(r, new double[na], nd));
        }

        for (int s = 0; s < samples; s++)
        {
            for (int d = 0; d < nd; d++)
            {
                levels[d] = allowed[d][rng.NextInt(allowed[d].Length)];
            }

            if (!space.KeepsAll(group, levels))
            {
                // beyond a member's linkage: outside the group's space, as in the exact walk
                continue;
            }

            Eval(levels);
            main.Visit(u, levels);
        }

        Improve(ref main.NashLevels, (uu, ok) => ok ? Product(uu) : double.NegativeInfinity);
        Improve(ref main.EgalLevels, (uu, ok) => ok ? MinGain(uu) : double.NegativeInfinity);
        Improve(ref main.UtilLevels, (uu, ok) => ok ? uu.Sum() : double.NegativeInfinity);
        Improve(ref main.AsymLevels, (uu, ok) => ok ? AsymScore(uu) : double.NegativeInfinity);
        double[] ideal = main.IdealOrFeasibleBest();
        var ks = new KsPass(r, ideal, nd);
        rng = new RandomSource(seed);
        for (int s = 0; s < samples; s++)
        {
            for (int d = 0; d < nd; d++)
            {
                levels[d] = allowed[d][rng.NextInt(allowed[d].Length)];
            }

            if (!space.KeepsAll(group, levels))
            {
                continue;
            }

            Eval(levels);
            ks.Visit(u, levels);
        }

        Improve(ref ks.Levels, (uu, ok) => ok ? KsPass.Score(uu, r, ideal) : double.NegativeInfinity);
        return (main, ks);

        void Eval(int[] lv)
        {
            for (int g = 0; g < na; g++)
            {
                u[g] = space.Utility(group[g], lv);
            }
        }

        double Product(double[] uu)
        {
            double p = 1;
            for (int g = 0; g < na; g++)
            {
                p *= uu[g] - r[g];
            }

            return p;
        }

        double MinGain(double[] uu)
        {
            double m = double.PositiveInfinity;
            for (int g = 0; g < na; g++)
            {
                m = Math.Min(m, uu[g] - r[g]);
            }

            return m;
        }

        double AsymScore(double[] uu)
        {
            double sc = 0;
            for (int g = 0; g < na; g++)
            {
                sc += beta[g] * Math.Log(uu[g] - r[g]);
            }

            return sc;
        }

        void Improve(ref int[]? start, Func<double[], bool, double> score)
        {
            if (start is null)
            {
                return;
            }

            int[] cur = (int[])start.Clone();
            Eval(cur);
            double best = score(u, InZone(u) && space.KeepsAll(group, cur));
            bool improved = true;
            while (improved)
            {
                improved = false;
                for (int d = 0; d < nd; d++)
                {
                    int keep = cur[d];
                    foreach (int l in allowed[d])
                    {
                        cur[d] = l;
                        Eval(cur);
                        double sc = score(u, InZone(u) && space.KeepsAll(group, cur));
                        if (sc > best + 1e-15)
                        {
                            best = sc;
                            keep = l;
                            improved = true;
                        }
                    }

                    cur[d] = keep;
                }
            }

            start = cur;
        }

        bool InZone(double[] uu)
        {
            for (int g = 0; g < na; g++)
            {
                if (uu[g] < r[g] - 1e-12)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Counts, ideals and the Nash, asymmetric Nash, egalitarian and utilitarian maxima in one pass.</summary>
    private struct MainPass : IPackageVisitor<MainPass>
    {
        public long Feasible;
        public long Zopa;
        public int[]? NashLevels;
        public int[]? AsymLevels;
        public int[]? EgalLevels;
        public int[]? UtilLevels;
        public bool[][] Seen;
        private readonly double[] r;
        private readonly double[] beta;
        private readonly double[] ideal;
        private readonly double[] feasibleBest;
        private double nash;
        private double asym;
        private double egal;
        private double util;

        public MainPass(double[] r, double[] beta, double[][] levels)
        {
            this.r = r;
            this.beta = beta;
            ideal = [.. r.Select(_ => double.NegativeInfinity)];
            feasibleBest = [.. r.Select(_ => double.NegativeInfinity)];
            Seen = [.. levels.Select(l => new bool[l.Length])];
            nash = asym = egal = util = double.NegativeInfinity;
            Feasible = Zopa = 0;
            NashLevels = AsymLevels = EgalLevels = UtilLevels = null;
        }

        public readonly double[] IdealOrFeasibleBest() => Zopa > 0 ? ideal : feasibleBest;

        public void Visit(ReadOnlySpan<double> u, ReadOnlySpan<int> levels)
        {
            Feasible++;
            bool inZone = true;
            for (int g = 0; g < u.Length; g++)
            {
                feasibleBest[g] = Math.Max(feasibleBest[g], u[g]);
                inZone &= u[g] >= r[g] - 1e-12;
            }

            if (!inZone)
            {
                return;
            }

            Zopa++;
            double product = 1, logSum = 0, min = double.PositiveInfinity, sum = 0;
            for (int g = 0; g < u.Length; g++)
            {
                double gain = Math.Max(0, u[g] - r[g]);
                ideal[g] = Math.Max(ideal[g], u[g]);
                product *= gain;
                logSum += beta[g] * Math.Log(gain);
                min = Math.Min(min, gain);
                sum += u[g];
            }

            for (int d = 0; d < levels.Length; d++)
            {
                Seen[d][levels[d]] = true;
            }

            Keep(ref NashLevels, ref nash, product, levels);
            Keep(ref AsymLevels, ref asym, logSum, levels);
            Keep(ref EgalLevels, ref egal, min, levels);
            Keep(ref UtilLevels, ref util, sum, levels);
        }

        public void Merge(ref MainPass later)
        {
            Feasible += later.Feasible;
            Zopa += later.Zopa;
            for (int g = 0; g < ideal.Length; g++)
            {
                ideal[g] = Math.Max(ideal[g], later.ideal[g]);
                feasibleBest[g] = Math.Max(feasibleBest[g], later.feasibleBest[g]);
            }

            for (int d = 0; d < Seen.Length; d++)
            {
                for (int l = 0; l < Seen[d].Length; l++)
                {
                    Seen[d][l] |= later.Seen[d][l];
                }
            }

            // strict improvement only: the earlier part keeps ties, as a single walk would
            Take(ref NashLevels, ref nash, later.NashLevels, later.nash);
            Take(ref AsymLevels, ref asym, later.AsymLevels, later.asym);
            Take(ref EgalLevels, ref egal, later.EgalLevels, later.egal);
            Take(ref UtilLevels, ref util, later.UtilLevels, later.util);
        }
    }

    /// <summary>Keeps the first package with the best score: a later one replaces it only when strictly better.</summary>
    private static void Keep(ref int[]? best, ref double score, double candidate, ReadOnlySpan<int> levels)
    {
        if (best is null || candidate > score)
        {
            score = candidate;
            best = levels.ToArray();
        }
    }

    /// <summary>Merging: the later part's best replaces the earlier one only when strictly better.</summary>
    private static void Take(ref int[]? best, ref double score, int[]? laterBest, double laterScore)
    {
        if (laterBest is not null && (best is null || laterScore > score))
        {
            score = laterScore;
            best = laterBest;
        }
    }

    /// <summary>Textbook Kalai–Smorodinsky: the largest smallest fraction of each member's ideal gain.</summary>
    private struct KsPass : IPackageVisitor<KsPass>
    {
        public int[]? Levels;
        private readonly double[] r;
        private readonly double[] ideal;
        private double best;

        public KsPass(double[] r, double[] ideal, int nd)
        {
            this.r = r;
            this.ideal = ideal;
            best = double.NegativeInfinity;
            Levels = null;
            _ = nd;
        }

        public static double Score(ReadOnlySpan<double> u, double[] r, double[] ideal)
        {
            double min = double.PositiveInfinity;
            for (int g = 0; g < u.Length; g++)
            {
                double range = ideal[g] - r[g];
                double f = range > 1e-12 ? (u[g] - r[g]) / range : 1;
                min = Math.Min(min, f);
            }

            return min;
        }

        public void Visit(ReadOnlySpan<double> u, ReadOnlySpan<int> levels)
        {
            for (int g = 0; g < u.Length; g++)
            {
                if (u[g] < r[g] - 1e-12)
                {
                    return;
                }
            }

            Keep(ref Levels, ref best, Score(u, r, ideal), levels);
        }

        public void Merge(ref KsPass later)
        {
            Take(ref Levels, ref best, later.Levels, later.best);
        }
    }

    /// <summary>For packages that miss the zone by exactly one constraint, the smallest relaxation of that constraint.</summary>
    private struct BlockerPass : IPackageVisitor<BlockerPass>
    {
        public double[] Reservation;
        public double[] RedLine;
        private readonly double[] r;
        private readonly int[][] count;
        private readonly int[][] who;
        private readonly DealSpace space;
        private readonly int[] group;

        public BlockerPass(double[] r, int[][] count, int[][] who, DealSpace space, int[] group)
        {
            this.r = r;
            this.count = count;
            this.who = who;
            this.space = space;
            this.group = group;
            Reservation = [.. r.Select(_ => double.PositiveInfinity)];
            RedLine = new double[r.Length * count.Length];
            Array.Fill(RedLine, double.PositiveInfinity);
        }

        public void Visit(ReadOnlySpan<double> u, ReadOnlySpan<int> levels)
        {
            int violations = 0, redIssue = -1;
            for (int d = 0; d < levels.Length; d++)
            {
                int c = count[d][levels[d]];
                if (c > 0)
                {
                    violations += c;
                    redIssue = d;
                    if (violations > 1)
                    {
                        return;
                    }
                }
            }

            int irActor = -1;
            for (int g = 0; g < u.Length; g++)
            {
                if (u[g] < r[g] - 1e-12)
                {
                    violations++;
                    irActor = g;
                    if (violations > 1)
                    {
                        return;
                    }
                }
            }

            if (violations != 1)
            {
                return;
            }

            if (irActor >= 0)
            {
                Reservation[irActor] = Math.Min(Reservation[irActor], r[irActor] - u[irActor]);
            }
            else
            {
                int g = who[redIssue][levels[redIssue]];
                int k = (g * count.Length) + redIssue;
                RedLine[k] = Math.Min(RedLine[k], space.Excess[group[g]][redIssue][levels[redIssue]]);
            }
        }

        public void Merge(ref BlockerPass later)
        {
            for (int g = 0; g < Reservation.Length; g++)
            {
                Reservation[g] = Math.Min(Reservation[g], later.Reservation[g]);
            }

            for (int k = 0; k < RedLine.Length; k++)
            {
                RedLine[k] = Math.Min(RedLine[k], later.RedLine[k]);
            }
        }
    }
}
