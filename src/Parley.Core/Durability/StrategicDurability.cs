using Parley.Core.Bargaining;
using Parley.Core.Conflict;
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

    /// <summary>Share of paths holding at step t (the last step when t is beyond the horizon).</summary>
    /// <param name="t">Time step.</param>
    public double HoldingAt(int t) => Holding[Math.Clamp(t, 0, Holding.Length - 1)];
}

/// <summary>
/// The strategic durability model of MODELS.md §5: after signing package x, the balance of power p_t
/// keeps moving (the scenario's trend and volatility: who rearms faster gains); the deal breaks at the
/// first step at which a belligerent i values fighting more than keeping it, u_i(x) &lt; u_i(W(p_t)) − cost_i
/// − k_i, where k_i is the extra cost guarantors, peacekeepers or sanctions snap-back impose on the side
/// that breaks it. Durability is the share of paths on which it still holds.
/// </summary>
public static class StrategicDurability
{
    /// <summary>Simulates the paths.</summary>
    /// <param name="space">The deal space (utilities, war values).</param>
    /// <param name="package">The agreed package (level index per issue).</param>
    /// <param name="guarantee">Extra cost k of breaking the deal, per belligerent id (utility units); absent means 0.</param>
    /// <param name="steps">Time steps to simulate.</param>
    /// <param name="paths">Number of power paths.</param>
    /// <param name="seed">Seed: path d uses the stream (seed, d).</param>
    public static StrategicDurabilityResult Run(DealSpace space, int[] package, IReadOnlyDictionary<string, double> guarantee, int steps, int paths, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(guarantee);
        Parley.Core.Domain.Dynamics dyn = space.Scenario.Dynamics ?? throw new InvalidOperationException("strategic durability needs the scenario's dynamics (belligerents, p, trend, volatility)");
        string[] ids = [dyn.Belligerents.A, dyn.Belligerents.B];
        int[] who = [.. ids.Select(space.IndexOf)];
        double[] deal = [.. who.Select(a => space.Utility(a, package))];
        double[] k = [.. ids.Select(id => guarantee.TryGetValue(id, out double v) ? v : 0)];
        var holding = new long[steps + 1];
        var broken = new int[2];
        var rng = new RandomSource(0);
        for (int d = 0; d < paths; d++)
        {
            rng.ResetForDraw(seed, d);
            double[] p = WarPath.Simulate(dyn, steps, rng);
            int end = steps + 1;
            for (int t = 0; t <= steps && end > steps; t++)
            {
                for (int s = 0; s < 2; s++)
                {
                    if (deal[s] < space.ReservationAt(who[s], p[t]) - k[s] - 1e-12)
                    {
                        end = t;
                        broken[s]++;
                        break;
                    }
                }
            }

            for (int t = 0; t < Math.Min(end, steps + 1); t++)
            {
                holding[t]++;
            }
        }

        double p0 = dyn.PrevailProbability.Value, mu = dyn.Trend.Value, sigma = dyn.Volatility.Value;
        double spread = (Math.Abs(mu) * steps) + (2 * sigma * Math.Sqrt(steps));
        bool gap = false;
        var surplus = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int s = 0; s < 2; s++)
        {
            surplus[ids[s]] = deal[s] - (space.ReservationAt(who[s], p0) - k[s]);
            foreach (double shifted in new[] { Math.Clamp(p0 - spread, 0.01, 0.99), Math.Clamp(p0 + spread, 0.01, 0.99) })
            {
                gap |= deal[s] < space.ReservationAt(who[s], shifted) - k[s];
            }
        }

        return new StrategicDurabilityResult
        {
            Paths = paths,
            Steps = steps,
            Holding = [.. holding.Select(h => (double)h / paths)],
            BrokenBy = new Dictionary<string, int>(StringComparer.Ordinal) { [ids[0]] = broken[0], [ids[1]] = broken[1] },
            Surplus = surplus,
            CommitmentGap = gap,
        };
    }
}
