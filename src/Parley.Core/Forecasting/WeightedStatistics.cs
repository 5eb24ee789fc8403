namespace Parley.Core.Forecasting;

/// <summary>Closed-form collective positions on one issue: capability·salience-weighted mean and median.</summary>
public static class WeightedStatistics
{
    /// <summary>Σ w x / Σ w over entries with positive weight; the plain mean when every weight is zero.</summary>
    /// <param name="x">Positions.</param>
    /// <param name="w">Weights (c·s), non-negative.</param>
    public static double Mean(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        double sw = 0, swx = 0, sx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sw += w[i];
            swx += w[i] * x[i];
            sx += x[i];
        }

        return sw > 0 ? swx / sw : sx / x.Length;
    }

    /// <summary>
    /// The weighted median: the position that no other beats in a pairwise vote when each actor votes
    /// with weight w for the position nearer its own (MODELS.md §1.2). Among actors' positions, the
    /// one minimising Σ w |x_k − x|; on an exact tie (two medians) the lower one.
    /// </summary>
    /// <param name="x">Positions.</param>
    /// <param name="w">Weights (c·s), non-negative.</param>
    public static double Median(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        double best = double.NaN, bestLoss = double.PositiveInfinity;
        bool anyWeight = false;
        for (int k = 0; k < w.Length; k++)
        {
            anyWeight |= w[k] > 0;
        }

        for (int i = 0; i < x.Length; i++)
        {
            double loss = 0;
            for (int k = 0; k < x.Length; k++)
            {
                loss += (anyWeight ? w[k] : 1) * Math.Abs(x[k] - x[i]);
            }

            // a relative tolerance makes mathematically equal losses count as ties despite rounding
            double tol = 1e-12 * Math.Max(1, Math.Abs(loss));
            if (double.IsNaN(best) || loss < bestLoss - tol || (Math.Abs(loss - bestLoss) <= tol && x[i] < best))
            {
                best = x[i];
                bestLoss = Math.Min(loss, bestLoss);
            }
        }

        return best;
    }
}
