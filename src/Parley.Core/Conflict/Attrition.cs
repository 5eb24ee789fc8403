using Parley.Core.Domain;

namespace Parley.Core.Conflict;

/// <summary>
/// Lanchester attrition with recruitment (MODELS.md §4): aimed fire dA/dt = −β·B + r_A, dB/dt = −α·A + r_B
/// (square law), or area fire dA/dt = −β·A·B + r_A, dB/dt = −α·A·B + r_B (linear law), integrated with
/// 100 substeps per time step; the balance maps to the probability that A prevails through the
/// contest-success function p = A^γ / (A^γ + B^γ). α is A's effectiveness, β is B's.
/// </summary>
public static class AttritionModel
{
    private const int Substeps = 100;

    /// <summary>Forces (A, B) at time steps 0 … steps.</summary>
    /// <param name="attrition">Force data (central values are used).</param>
    /// <param name="steps">Number of time steps.</param>
    public static (double A, double B)[] Forces(Attrition attrition, int steps)
    {
        ArgumentNullException.ThrowIfNull(attrition);
        double a = attrition.A.Strength.Value, b = attrition.B.Strength.Value;
        double alpha = attrition.A.Effectiveness.Value, beta = attrition.B.Effectiveness.Value;
        double ra = attrition.A.Recruitment.Value, rb = attrition.B.Recruitment.Value;
        var result = new (double, double)[steps + 1];
        result[0] = (a, b);
        const double h = 1.0 / Substeps;
        for (int t = 1; t <= steps; t++)
        {
            for (int k = 0; k < Substeps; k++)
            {
                (double da, double db) = attrition.Fire == FireKind.Aimed
                    ? ((-beta * b) + ra, (-alpha * a) + rb)
                    : ((-beta * a * b) + ra, (-alpha * a * b) + rb);

                // midpoint (second-order) step keeps the conserved quantities close over long runs
                double am = Math.Max(0, a + (0.5 * h * da)), bm = Math.Max(0, b + (0.5 * h * db));
                (double dam, double dbm) = attrition.Fire == FireKind.Aimed
                    ? ((-beta * bm) + ra, (-alpha * am) + rb)
                    : ((-beta * am * bm) + ra, (-alpha * am * bm) + rb);
                a = Math.Max(0, a + (h * dam));
                b = Math.Max(0, b + (h * dbm));
            }

            result[t] = (a, b);
        }

        return result;
    }

    /// <summary>The contest-success function p = A^γ / (A^γ + B^γ), kept inside [0.01, 0.99].</summary>
    /// <param name="a">A's force.</param>
    /// <param name="b">B's force.</param>
    /// <param name="gamma">Exponent γ.</param>
    public static double Prevail(double a, double b, double gamma)
    {
        double x = Math.Pow(Math.Max(a, 0), gamma), y = Math.Pow(Math.Max(b, 0), gamma);
        return x + y > 0 ? Math.Clamp(x / (x + y), 0.01, 0.99) : 0.5;
    }
}
