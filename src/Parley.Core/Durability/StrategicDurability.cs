using Parley.Core.Bargaining;
using Parley.Core.Conflict;
using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Durability;

/// <summary>How a deal fared over simulated power paths.</summary>
public sealed record StrategicDurabilityResult
{
    /// <summary>Paths simulated.</summary>
    public required int Paths { get; init; }

    /// <summary>Time steps simulated after signing.</summary>
    public required int Steps { get; init; }

    /// <summary>Share of paths on which the deal still holds after each step (index = step).</summary>
    public required double[] Holding { get; init; }

    /// <summary>How many paths each belligerent broke the deal on.</summary>
    public required IReadOnlyDictionary<string, int> BrokenBy { get; init; }

    /// <summary>Each belligerent's surplus from the deal at signing: u(x) − (its war value − the guarantee cost k).</summary>
    public required IReadOnlyDictionary<string, double> Surplus { get; init; }

    /// <summary>
    /// Commitment gap (Powell 2006): true when a plausible shift of power within the horizon (trend plus two
    /// standard deviations) alone would make a belligerent prefer war, i.e. the deal is not self-enforcing.
    /// </summary>
    public required bool CommitmentGap { get; init; }

    /// <summary>Shift of p per time step after signing (the scenario's trend, or rearmament and aid under the package's limits).</summary>
    public required double Drift { get; init; }

    /// <summary>The costs k of breaking the deal used, by belligerent id.</summary>
    public required IReadOnlyDictionary<string, double> BreakingCosts { get; init; }

    /// <summary>Share of paths holding at step t (the last step when t is beyond the horizon).</summary>
    /// <param name="t">Time step.</param>
    public double HoldingAt(int t) => Holding[Math.Clamp(t, 0, Holding.Length - 1)];
}

/// <summary>
/// The strategic durability model of MODELS.md §5: after signing package x, the balance of power p_t
/// keeps moving (the scenario's trend and volatility: who rearms faster gains); the deal breaks at the
/// first step at which a belligerent i values fighting more than keeping it, u_i(x) &lt; u_i(W(p_t)) − cost_i
/// − k_i, where k_i is the extra cost guarantors, peacekeepers or sanctions snap-back impose on the side
/// that breaks it; a side that plans to renege (<see cref="AfterAgreement.Defection"/>) also breaks it with that chance at
/// each step, whatever the balance. Durability is the share of paths on which it still holds.
/// </summary>
public static class StrategicDurability
{
    // the stream of planned defections, apart from the power paths' shocks
    private const ulong RenegeSalt = 0x72656E6567653031UL;

    /// <summary>
    /// Simulates the paths for a package under the scenario's agreement terms: terms linked to the package's
    /// issue levels follow from it; k = guarantees plus the deterrence of every term that holds; when the
    /// dynamics state what happens after the agreement, p drifts by each side's rearmament (times its share
    /// kept under force limits) plus aid, and each side's cost of war moves with its economy.
    /// </summary>
    /// <param name="space">The deal space (utilities, war values).</param>
    /// <param name="package">The agreed package (level index per issue).</param>
    /// <param name="terms">The agreement terms (the scenario's <c>agreement:</c> block).</param>
    /// <param name="steps">Time steps to simulate.</param>
    /// <param name="paths">Number of power paths.</param>
    /// <param name="seed">Seed: path d uses the stream (seed, d).</param>
    public static StrategicDurabilityResult Run(DealSpace space, int[] package, AgreementTerms terms, int steps, int paths, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(terms);
        return Simulate(space, package, PackageTerms(space, package, terms), null, steps, paths, seed);
    }

    /// <summary>Simulates the paths with explicit costs k of breaking the deal and no other terms.</summary>
    /// <param name="space">The deal space (utilities, war values).</param>
    /// <param name="package">The agreed package (level index per issue).</param>
    /// <param name="guarantee">Extra cost k of breaking the deal, per belligerent id (utility units); absent means 0.</param>
    /// <param name="steps">Time steps to simulate.</param>
    /// <param name="paths">Number of power paths.</param>
    /// <param name="seed">Seed: path d uses the stream (seed, d).</param>
    public static StrategicDurabilityResult Run(DealSpace space, int[] package, IReadOnlyDictionary<string, double> guarantee, int steps, int paths, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(guarantee);
        return Simulate(space, package, null, guarantee, steps, paths, seed);
    }

    /// <summary>The agreement terms of a package: terms linked to an issue follow the package's level on it.</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="package">Level index per issue.</param>
    /// <param name="terms">The scenario's terms.</param>
    public static AgreementTerms PackageTerms(DealSpace space, int[] package, AgreementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(terms);
        return terms.For(id =>
        {
            for (int d = 0; d < space.Issues.Count; d++)
            {
                if (space.Issues[d].Id == id)
                {
                    return space.Levels[d][package[d]];
                }
            }

            return null;
        });
    }

    private static StrategicDurabilityResult Simulate(DealSpace space, int[] package, AgreementTerms? terms, IReadOnlyDictionary<string, double>? guarantee, int steps, int paths, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(package);
        Parley.Core.Domain.Dynamics dyn = space.Scenario.Dynamics ?? throw new InvalidOperationException("strategic durability needs the scenario's dynamics (belligerents, p, trend, volatility)");
        string[] ids = [dyn.Belligerents.A, dyn.Belligerents.B];
        int[] who = [.. ids.Select(space.IndexOf)];
        double[] deal = [.. who.Select(a => space.Utility(a, package))];
        IReadOnlyDictionary<string, double> costs = guarantee ?? terms!.GuaranteeCosts();
        double[] k = [.. ids.Select(id => costs.TryGetValue(id, out double v) ? v : 0)];

        // after signing: p drifts by rearmament (under force limits) and aid; war costs move with the economy
        AfterAgreement? after = dyn.AfterAgreement;
        double drift = dyn.Trend.Value;
        var economy = new double[2];
        if (after is not null)
        {
            double Gain(string id) => (AfterAgreement.Of(after.Rearmament, id) * (terms?.RearmamentShare(id) ?? 1)) + AfterAgreement.Of(after.Aid, id);
            drift = Gain(ids[0]) - Gain(ids[1]);
            for (int s = 0; s < 2; s++)
            {
                economy[s] = AfterAgreement.Of(after.Economy, ids[s]) * space.Settings.Horizon;
            }
        }

        // a plan to renege: a chance per step of breaking the deal whatever the balance (drawn from a stream of its own, so
        // that the power paths are the same with it and without it)
        double[] defect = [.. ids.Select(id => after is null ? 0 : Math.Clamp(AfterAgreement.Of(after.Defection, id), 0, 1))];
        bool reneging = defect[0] > 0 || defect[1] > 0;
        double p0 = dyn.PrevailProbability.Value, sigma = dyn.Volatility.Value;
        // the paths run as a Monte Carlo call of their own (threads at the top level, in line inside another call's draw)
        Experiments.Tally tally = Experiments.DrawWorkers.Run(
            "durability-paths",
            paths,
            null,
            t => (Rng: new RandomSource(0), Renege: new RandomSource(0), P: new double[steps + 1], Holding: t.Counts("holding", steps + 1), Broken: t.Counts("broken", 2)),
            (w, d) =>
            {
                w.Rng.ResetForDraw(seed, d);
                double[] p = w.P;
                if (after is null)
                {
                    p = WarPath.Simulate(dyn, steps, w.Rng);
                }
                else
                {
                    p[0] = p0;
                    for (int t = 1; t <= steps; t++)
                    {
                        p[t] = Math.Clamp(p[t - 1] + drift + (sigma * w.Rng.NextNormal()), 0.01, 0.99);
                    }
                }

                int end = steps + 1;
                if (reneging)
                {
                    w.Renege.ResetForDraw(seed ^ RenegeSalt, d);
                }

                for (int t = 0; t <= steps && end > steps; t++)
                {
                    for (int s = 0; s < 2; s++)
                    {
                        if (deal[s] < space.ReservationAt(who[s], p[t]) - (economy[s] * t) - k[s] - 1e-12)
                        {
                            end = t;
                            w.Broken[s]++;
                            break;
                        }
                    }

                    for (int s = 0; s < 2 && reneging && t > 0 && end > steps; s++)
                    {
                        if (defect[s] > 0 && w.Renege.NextDouble() < defect[s])
                        {
                            end = t;
                            w.Broken[s]++;
                        }
                    }
                }

                for (int t = 0; t < Math.Min(end, steps + 1); t++)
                {
                    w.Holding[t]++;
                }
            },
            null);
        long[] holding = tally.Counts("holding", steps + 1), broken = tally.Counts("broken", 2);

        double spread = (Math.Abs(drift) * steps) + (2 * sigma * Math.Sqrt(steps));
        bool gap = false;
        var surplus = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int s = 0; s < 2; s++)
        {
            surplus[ids[s]] = deal[s] - (space.ReservationAt(who[s], p0) - k[s]);
            double cheaper = Math.Max(0, -economy[s] * steps);
            foreach (double shifted in new[] { Math.Clamp(p0 - spread, 0.01, 0.99), Math.Clamp(p0 + spread, 0.01, 0.99) })
            {
                gap |= deal[s] < space.ReservationAt(who[s], shifted) + cheaper - k[s];
            }
        }

        return new StrategicDurabilityResult
        {
            Paths = paths,
            Steps = steps,
            Holding = [.. holding.Select(h => (double)h / paths)],
            BrokenBy = new Dictionary<string, int>(StringComparer.Ordinal) { [ids[0]] = (int)broken[0], [ids[1]] = (int)broken[1] },
            Surplus = surplus,
            CommitmentGap = gap,
            Drift = drift,
            BreakingCosts = new Dictionary<string, double>(StringComparer.Ordinal) { [ids[0]] = k[0], [ids[1]] = k[1] },
        };
    }
}
