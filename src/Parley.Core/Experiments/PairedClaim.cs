using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Durability;
using Parley.Core.Negotiation;
using Parley.Core.Randomness;

namespace Parley.Core.Experiments;

/// <summary>One case of a claim, ready to simulate: the scenario and its table.</summary>
/// <param name="Scenario">The scenario with the case's changes applied.</param>
/// <param name="Settings">Deal settings (grid).</param>
/// <param name="Parties">Actor ids at the table, in protocol order.</param>
/// <param name="Strategies">One strategy name per party.</param>
/// <param name="Protocol">Protocol name.</param>
public sealed record ClaimCaseRun(Scenario Scenario, DealSettings Settings, IReadOnlyList<string> Parties, IReadOnlyList<string> Strategies, string Protocol);

/// <summary>The measured outcome of each draw, in the setting and in the counter-setting (NaN where a draw has no value).</summary>
/// <param name="Setting">Per draw, the outcome in the setting.</param>
/// <param name="Counter">Per draw, the outcome in the counter-setting.</param>
public sealed record PairedDraws(double[] Setting, double[] Counter)
{
    /// <summary>The paired differences (setting − counter) of the draws with a value in both cases, in draw order.</summary>
    public double[] Differences()
    {
        var d = new List<double>(Setting.Length);
        for (int i = 0; i < Setting.Length; i++)
        {
            if (!double.IsNaN(Setting[i]) && !double.IsNaN(Counter[i]))
            {
                d.Add(Setting[i] - Counter[i]);
            }
        }

        return [.. d];
    }
}

/// <summary>
/// A claim's two cases simulated on the same draws (common random numbers): draw d of both cases uses the stream (seed, d),
/// so that the inputs the cases share are drawn the same and the difference is the claim's effect, not the draws' luck.
/// Each draw's value is written at its index, so the result is the same on any number of threads.
/// </summary>
public static class PairedClaim
{
    /// <summary>Power paths per agreed draw behind a durability measure.</summary>
    public const int DurabilityPaths = 100;

    /// <summary>The deadline of the simulated talks (as <c>parley simulate</c>'s default).</summary>
    public const int Deadline = 24;

    /// <summary>Simulates both cases over the draws and measures each.</summary>
    /// <param name="setting">The setting.</param>
    /// <param name="counter">The counter-setting.</param>
    /// <param name="measure">What to measure.</param>
    /// <param name="draws">Draws.</param>
    /// <param name="seed">The experiment's seed.</param>
    /// <param name="threads">Worker threads (null: all cores).</param>
    /// <param name="progress">Called with the number of draws done.</param>
    public static PairedDraws Run(ClaimCaseRun setting, ClaimCaseRun counter, ClaimMeasure measure, long draws, ulong seed, int? threads = null, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(measure);
        Tally tally = DrawWorkers.Run(
            "claim",
            draws,
            threads,
            t => (Rng: new RandomSource(0), A: t.Values("setting", draws), B: t.Values("counter", draws)),
            (w, d) =>
            {
                Tally.Set(w.A, d, Measure(setting, measure, seed, d, w.Rng));
                Tally.Set(w.B, d, Measure(counter, measure, seed, d, w.Rng));
            },
            progress);
        long[] sa = tally.Values("setting", draws), sb = tally.Values("counter", draws);
        var a = new double[draws];
        var b = new double[draws];
        for (long d = 0; d < draws; d++)
        {
            a[d] = Tally.Get(sa, d);
            b[d] = Tally.Get(sb, d);
        }

        return new PairedDraws(a, b);
    }

    private static double Measure(ClaimCaseRun c, ClaimMeasure measure, ulong seed, long d, RandomSource rng)
    {
        rng.ResetForDraw(seed, d);
        (SessionResult r, DealSpace space) = MonteCarloNegotiation.Draw(c.Scenario, c.Settings, c.Parties, c.Strategies, c.Protocol, Deadline, rng);
        switch (measure.Kind)
        {
            case ClaimMeasureKind.Agreement:
                return r.Agreement is null ? 0 : 1;
            case ClaimMeasureKind.Utility:
                int k = IndexOf(r.Parties, measure.Subject!);
                return k < 0 ? double.NaN : r.Utility[k];
            case ClaimMeasureKind.Level:
                int issue = space.IndexOfIssue(measure.Subject!);
                return r.Agreement is int[] deal && issue >= 0 ? space.Levels[issue][deal[issue]] : double.NaN;
            default:
                if (r.Agreement is not int[] agreed || c.Scenario.Dynamics is null)
                {
                    return double.NaN;
                }

                // the same power paths in both cases: their seed comes from the draw, not from the stream the cases consumed
                int steps = (int)(5 * c.Scenario.StepsPerYear);
                ulong paths = RandomSource.ForDraw(seed ^ 0x6475726162696C74UL, d).NextUInt64();
                return StrategicDurability.Run(space, agreed, c.Scenario.Agreement ?? new AgreementTerms(), steps, DurabilityPaths, paths).HoldingAt(steps);
        }
    }

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (int i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }

        return -1;
    }
}
