using Parley.Core.Domain;

namespace Parley.Core.Randomness;

/// <summary>Draws an uncertain number from its distribution (MODELS.md: triangular for a range, truncated normal for an sd).</summary>
public static class QuantitySampler
{
    /// <summary>One draw of <paramref name="q"/>; a certain number returns its value.</summary>
    /// <param name="q">The number.</param>
    /// <param name="rng">The draw's random source.</param>
    /// <param name="low">Lower end of the field's valid range (for the truncated normal).</param>
    /// <param name="high">Upper end of the field's valid range.</param>
    public static double Draw(Quantity q, RandomSource rng, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(rng);
        if (q.Range is Interval r)
        {
            return rng.NextTriangular(r.Low, q.Value, r.High);
        }

        if (q.StandardDeviation is double sd)
        {
            return rng.NextTruncatedNormal(q.Value, sd, low, high);
        }

        return q.Value;
    }
}
