using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;
using Parley.Core.Randomness;

namespace Parley.Core.Experiments;

/// <summary>What many simulated runs of one process look like.</summary>
public sealed record NegotiationDistribution
{
    /// <summary>Runs.</summary>
    public required long Draws { get; init; }

    /// <summary>Runs that ended in agreement.</summary>
    public required long Agreements { get; init; }

    /// <summary>Runs agreeing at each time step (index = time).</summary>
    public required long[] AgreementTime { get; init; }

    /// <summary>Per issue, how often each level was agreed.</summary>
    public required long[][] Terms { get; init; }

    /// <summary>Per party at the table, the mean undiscounted utility of the outcome (no deal: its value then).</summary>
    public required double[] MeanUtility { get; init; }

    /// <summary>
    /// How often each whole package was agreed, keyed by its level indices ("3,0,2"); at most
    /// <see cref="MonteCarloNegotiation.MaxDistinctPackages"/> distinct packages are kept, the rest counted in <see cref="OtherPackages"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long> PackageCounts { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Agreements on packages beyond the distinct ones kept.</summary>
    public long OtherPackages { get; init; }

    /// <summary>Per id of <see cref="EventIds"/>, the runs in which it fired.</summary>
    public long[] EventRuns { get; init; } = [];

    /// <summary>
    /// The events counted: the scenario's (in file order), then what the engine records beside them where the scenario has
    /// the lever (<c>summit-failed</c>, <c>de-escalation</c>, <c>track-ID</c>).
    /// </summary>
    public IReadOnlyList<string> EventIds { get; init; } = [];

    /// <summary>The package agreed most often (ties: the first in level order) and how often, or null without agreements.</summary>
    public (int[] Levels, long Count)? MostAgreed()
    {
        string? best = null;
        long count = 0;
        foreach ((string key, long c) in PackageCounts)
        {
            if (c > count || (c == count && best is not null && string.CompareOrdinal(key, best) < 0))
            {
                (best, count) = (key, c);
            }
        }

        return best is null ? null : ([.. best.Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture))], count);
    }

    /// <summary>Probability of agreement.</summary>
    public double AgreementProbability => Draws == 0 ? 0 : (double)Agreements / Draws;

    /// <summary>The q-quantile of the agreement time over runs with agreement (NaN when none).</summary>
    /// <param name="q">Probability.</param>
    public double TimeQuantile(double q) => Quantile(AgreementTime, q, i => i);

    /// <summary>The q-quantile of the agreed level of issue d (NaN when no run agreed).</summary>
    /// <param name="space">A space with the same grid.</param>
    /// <param name="d">Issue index.</param>
    /// <param name="q">Probability.</param>
    public double TermQuantile(DealSpace space, int d, double q)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Quantile(Terms[d], q, l => space.Levels[d][l]);
    }

    private static double Quantile(long[] counts, double q, Func<int, double> value)
    {
        long total = counts.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        long cum = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            cum += counts[i];
            if (cum >= q * total)
            {
                return value(i);
            }
        }

        return value(counts.Length - 1);
    }
}

/// <summary>
/// Repeats a negotiation over draws of the scenario's uncertain inputs (each draw also gets its own war
/// path and beliefs): run d uses the stream (seed, d). Counts and fixed-point sums are merged across
/// threads, so the result is identical for any thread count.
/// </summary>
public static class MonteCarloNegotiation
{
    private const double FixedPoint = 1048576.0;

    /// <summary>The most distinct agreed packages counted one by one (the rest are counted together).</summary>
    public const int MaxDistinctPackages = 100_000;

    /// <summary>
    /// One run of the draws: the uncertain inputs drawn from <paramref name="rng"/> (reset for the draw), a strategy parameter
    /// stated with uncertainty drawn too (unless overridden), then the session on its own seed from the same stream.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="settings">Deal settings (grid).</param>
    /// <param name="partyIds">Parties at the table, in protocol order.</param>
    /// <param name="strategyNames">One strategy name per party.</param>
    /// <param name="protocol">Protocol name.</param>
    /// <param name="deadline">Deadline.</param>
    /// <param name="rng">The draw's stream.</param>
    internal static (SessionResult Result, DealSpace Space) Draw(Scenario scenario, DealSettings settings, IReadOnlyList<string> partyIds, IReadOnlyList<string> strategyNames,
        string protocol, int deadline, RandomSource rng)
    {
        DealSpace space = DealSpace.Build(scenario, settings, rng);
        int[] parties = [.. partyIds.Select(space.IndexOf)];
        IStrategy[] strategies = [.. strategyNames.Select((n, k) =>
        {
            Actor actor = space.Actors[parties[k]];
            double? parameter = StrategyRegistry.ScenarioParameter(actor, n) is Quantity q ? QuantitySampler.Draw(q, rng, 1e-3, 100) : null;
            return StrategyRegistry.Create(n, parameter);
        })];
        return (new Session(space, parties, strategies, new SessionSettings { Deadline = deadline, Seed = rng.NextUInt64() }).Run(protocol), space);
    }

    /// <summary>Runs the draws.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="settings">Deal settings (grid).</param>
    /// <param name="partyIds">Parties at the table, in protocol order.</param>
    /// <param name="strategyNames">One strategy name per party.</param>
    /// <param name="protocol">Protocol name.</param>
    /// <param name="deadline">Deadline.</param>
    /// <param name="draws">Number of runs.</param>
    /// <param name="seed">The experiment's seed.</param>
    /// <param name="threads">Worker threads (null: all cores).</param>
    /// <param name="progress">Called with the number of runs done.</param>
    public static NegotiationDistribution Run(Scenario scenario, DealSettings settings, IReadOnlyList<string> partyIds, IReadOnlyList<string> strategyNames,
        string protocol, int deadline, long draws, ulong seed, int? threads = null, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(partyIds);
        ArgumentNullException.ThrowIfNull(strategyNames);
        DealSpace central = DealSpace.Build(scenario, settings);
        int np = partyIds.Count;
        IReadOnlyList<string> eventIds = EngineEvents.Of(scenario);
        int ne = eventIds.Count;
        var eventIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ne; i++)
        {
            eventIndex[eventIds[i]] = i;
        }

        Tally tally = DrawWorkers.Run(
            "negotiation",
            draws,
            threads,
            t => (Rng: new RandomSource(0), Agreements: t.Counts("agreements", 1), Time: t.Counts("time", deadline + 1), Terms: central.Levels.Select((l, i) => t.Counts("terms." + i, l.Length)).ToArray(),
                Sums: t.Sums("utility", np), Packages: t.Keyed("packages"), Events: t.Counts("events", ne)),
            (w, d) =>
            {
                w.Rng.ResetForDraw(seed, d);
                SessionResult r = Draw(scenario, settings, partyIds, strategyNames, protocol, deadline, w.Rng).Result;
                if (r.Agreement is int[] deal)
                {
                    w.Agreements[0]++;
                    w.Time[r.Time]++;
                    for (int i = 0; i < deal.Length; i++)
                    {
                        w.Terms[i][deal[i]]++;
                    }

                    // every distinct package is counted (the cap applies once, after the merge, so that it does not depend on how
                    // the draws were split among threads or work items)
                    string key = string.Join(',', deal);
                    w.Packages[key] = w.Packages.GetValueOrDefault(key) + 1;
                }

                for (int k = 0; k < np; k++)
                {
                    w.Sums[k] += (Int128)Math.Round(r.Utility[k] * FixedPoint);
                }

                foreach (FiredEvent e in r.Events)
                {
                    if (eventIndex.TryGetValue(e.Id, out int i))
                    {
                        w.Events[i]++;
                    }
                }
            },
            progress);
        (Dictionary<string, long> packages, long other) = Capped(tally.Keyed("packages"), 0);
        Int128[] sums = tally.Sums("utility", np);

        return new NegotiationDistribution
        {
            Draws = draws,
            Agreements = tally.Counts("agreements", 1)[0],
            AgreementTime = tally.Counts("time", deadline + 1),
            Terms = [.. central.Levels.Select((l, i) => tally.Counts("terms." + i, l.Length))],
            MeanUtility = [.. sums.Select(x => (double)x / FixedPoint / Math.Max(1, draws))],
            PackageCounts = packages,
            OtherPackages = other,
            EventRuns = tally.Counts("events", ne),
            EventIds = eventIds,
        };
    }

    /// <summary>
    /// Package counts merged from every worker, at most <see cref="MaxDistinctPackages"/> of them: the most frequent kept (ties
    /// by key), the rest added to the other count; the choice depends only on the counts, not on the order of the merge.
    /// </summary>
    internal static (Dictionary<string, long> Kept, long Other) Capped(Dictionary<string, long> counts, long other)
    {
        if (counts.Count <= MaxDistinctPackages)
        {
            return (counts, other);
        }

        var kept = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, long> kv in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (kept.Count < MaxDistinctPackages)
            {
                kept[kv.Key] = kv.Value;
            }
            else
            {
                other += kv.Value;
            }
        }

        return (kept, other);
    }
}
