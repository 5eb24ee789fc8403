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
    public static double[] Simulate(WarDynamics? dynamics, int steps, RandomSource? rng)
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
            double shock = rng is null ? 0 : sigma * rng.NextNormal();
            p[t] = Math.Clamp(p[t - 1] + mu + shock, 0.01, 0.99);
        }

        return p;
    }
}
