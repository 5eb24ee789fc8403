using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Experiments;

/// <summary>What the deal-space analysis looks like over draws of the uncertain inputs.</summary>
public sealed record DealDistribution
{
    /// <summary>Number of draws.</summary>
    public required long Draws { get; init; }

    /// <summary>Draws in which the zone of possible agreement was not empty.</summary>
    public required long ZoneDraws { get; init; }

    /// <summary>Per blocker key (<c>actor/reservation</c> or <c>actor/red-line/issue</c>): draws in which it alone could open an empty zone.</summary>
    public required IReadOnlyDictionary<string, long> BlockerDraws { get; init; }

    /// <summary>Per issue, how often the Nash solution took each level (draws with a zone).</summary>
    public required long[][] NashLevelCounts { get; init; }

    /// <summary>
    /// Whole Nash packages over the draws with a zone: level indices joined by commas → draws in which the Nash solution was
    /// exactly that package (at most <see cref="MonteCarloNegotiation.MaxDistinctPackages"/> distinct packages; the rest in
    /// <see cref="OtherNashPackages"/>).
    /// </summary>
    public IReadOnlyDictionary<string, long> NashPackages { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Draws whose Nash package was beyond the cap on distinct packages.</summary>
    public long OtherNashPackages { get; init; }

    /// <summary>Probability that the zone is not empty.</summary>
    public double ZoneProbability => Draws == 0 ? 0 : (double)ZoneDraws / Draws;

    /// <summary>The q-quantile of the Nash level of issue d over the draws with a zone (NaN when there were none).</summary>
    /// <param name="space">The space whose levels the counts refer to.</param>
    /// <param name="d">Issue index.</param>
    /// <param name="q">Probability.</param>
    public double NashQuantile(DealSpace space, int d, double q)
    {
        ArgumentNullException.ThrowIfNull(space);
        long total = NashLevelCounts[d].Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        long cum = 0;
        for (int l = 0; l < NashLevelCounts[d].Length; l++)
        {
            cum += NashLevelCounts[d][l];
            if (cum >= q * total)
            {
                return space.Levels[d][l];
            }
        }

        return space.Levels[d][^1];
    }
}

/// <summary>
/// Repeats the deal-space analysis of a group over draws of every uncertain number (positions,
/// saliences, capabilities, alternatives, p and war costs); draw d uses the stream (seed, d). Results
/// are integer counts merged across threads, so they do not depend on the thread count.
/// </summary>
public static class MonteCarloDeal
{
    /// <summary>Runs the draws.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="settings">Deal settings (a coarser grid keeps many draws affordable).</param>
    /// <param name="groupIds">Actor ids of the group.</param>
    /// <param name="draws">Number of draws.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="threads">Worker threads (null: all cores).</param>
    /// <param name="progress">Called with the number of draws done.</param>
    public static DealDistribution Run(Scenario scenario, DealSettings settings, IReadOnlyList<string> groupIds, long draws, ulong seed, int? threads = null, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(groupIds);
        DealSpace central = DealSpace.Build(scenario, settings);
        int[] group = [.. groupIds.Select(central.IndexOf)];
        var options = new DealAnalysisOptions { Frontier = false, Trades = 0, Parallel = false };
        Tally tally = DrawWorkers.Run(
            "deal",
            draws,
            threads,
            t => (Rng: new RandomSource(0), Zone: t.Counts("zone", 1), Blockers: t.Keyed("blockers"), Nash: central.Levels.Select((l, i) => t.Counts("nash." + i, l.Length)).ToArray(),
                Packages: t.Keyed("packages")),
            (w, d) =>
            {
                w.Rng.ResetForDraw(seed, d);
                DealReport r = DealAnalysis.Run(DealSpace.Build(scenario, settings, w.Rng), group, options);
                if (r.ZoneExists)
                {
                    w.Zone[0]++;
                    Solution n = r.Find("nash")!;
                    for (int i = 0; i < n.Levels.Length; i++)
                    {
                        w.Nash[i][n.Levels[i]]++;
                    }

                    // every distinct package is counted (the cap applies once, after the merge, so that it does not depend on how
                    // the draws were split among threads or work items)
                    string key = string.Join(',', n.Levels);
                    w.Packages[key] = w.Packages.GetValueOrDefault(key) + 1;
                }

                foreach (Blocker b in r.Blockers)
                {
                    string key = b.Kind == "reservation" ? $"{b.ActorId}/reservation" : $"{b.ActorId}/red-line/{b.IssueId}";
                    w.Blockers[key] = w.Blockers.GetValueOrDefault(key) + 1;
                }
            },
            progress);
        (Dictionary<string, long> packages, long other) = MonteCarloNegotiation.Capped(tally.Keyed("packages"), 0);

        return new DealDistribution
        {
            Draws = draws,
            ZoneDraws = tally.Counts("zone", 1)[0],
            BlockerDraws = new SortedDictionary<string, long>(tally.Keyed("blockers"), StringComparer.Ordinal),
            NashLevelCounts = [.. central.Levels.Select((l, i) => tally.Counts("nash." + i, l.Length))],
            NashPackages = packages,
            OtherNashPackages = other,
        };
    }
}
