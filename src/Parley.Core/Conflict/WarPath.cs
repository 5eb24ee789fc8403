using Parley.Core.Randomness;
using WarDynamics = Parley.Core.Domain.Dynamics;

namespace Parley.Core.Conflict;

/// <summary>
/// The war dynamics of MODELS.md §4: by default the probability p_t that the first belligerent prevails
/// follows a random walk with a trend and volatility per time step, kept inside [0.01, 0.99]; when the
/// scenario gives force data, p_t follows Lanchester attrition instead (<see cref="AttritionModel"/>).
/// </summary>
public static class WarPath
{
    /// <summary>p_0 … p_steps for one run; a scenario without dynamics gives an empty path.</summary>
    /// <param name="dynamics">The scenario's dynamics (central values of trend, volatility and p).</param>
    /// <param name="steps">Number of time steps after the start.</param>
    /// <param name="rng">The run's random source (null: no shocks, trend only).</param>
    public static double[] Simulate(WarDynamics? dynamics, int steps, RandomSource? rng) => Simulate(dynamics, steps, rng, null);

    /// <summary>
    /// p_0 … p_steps for one run, keeping the standard normal draw behind each step's shock in <paramref name="normals"/>
    /// (index t for the step into t), so that the walk can be taken again from any step with another trend or volatility
    /// (<see cref="Walk"/>); the random source is used exactly as without them.
    /// </summary>
    /// <param name="dynamics">The scenario's dynamics.</param>
    /// <param name="steps">Number of time steps after the start.</param>
    /// <param name="rng">The run's random source (null: no shocks).</param>
    /// <param name="normals">Receives the draws (length steps + 1), or null.</param>
    public static double[] Simulate(WarDynamics? dynamics, int steps, RandomSource? rng, double[]? normals)
    {
        if (dynamics is null)
        {
            return [];
        }

        var p = new double[steps + 1];
        if (dynamics.Attrition is Parley.Core.Domain.Attrition attrition)
        {
            // force data given: p follows the attrition of the two sides (deterministic), not a random walk
            (double A, double B)[] forces = AttritionModel.Forces(attrition, steps);
            for (int t = 0; t <= steps; t++)
            {
                p[t] = AttritionModel.Prevail(forces[t].A, forces[t].B, attrition.Gamma.Value);
            }

            return p;
        }

        p[0] = dynamics.PrevailProbability.Value;
        double mu = dynamics.Trend.Value, sigma = dynamics.Volatility.Value;
        for (int t = 1; t <= steps; t++)
        {
            double z = rng is null ? 0 : rng.NextNormal();
            if (normals is not null)
            {
                normals[t] = z;
            }

            double shock = rng is null ? 0 : sigma * z;
            p[t] = Math.Clamp(p[t - 1] + mu + shock, 0.01, 0.99);
        }

        return p;
    }

    /// <summary>
    /// Takes the random walk again after step <paramref name="from"/> (kept) with trend <paramref name="mu"/> and volatility
    /// <paramref name="sigma"/>, the same draws (<paramref name="normals"/>) behind the shocks: p_t = p_(t−1) + μ + σ z_t,
    /// kept inside [0.01, 0.99].
    /// </summary>
    /// <param name="p">The path, changed in place after <paramref name="from"/>.</param>
    /// <param name="from">The last step kept.</param>
    /// <param name="mu">Trend per step from then on.</param>
    /// <param name="sigma">Volatility per step from then on.</param>
    /// <param name="normals">The run's standard normal draws, one per step.</param>
    public static void Walk(double[] p, int from, double mu, double sigma, ReadOnlySpan<double> normals)
    {
        ArgumentNullException.ThrowIfNull(p);
        for (int t = Math.Max(1, from + 1); t < p.Length; t++)
        {
            p[t] = Math.Clamp(p[t - 1] + mu + (sigma * normals[t]), 0.01, 0.99);
        }
    }
}
