namespace Parley.Core.Analyses;

/// <summary>Quantiles of a sorted sample, by linear interpolation between the closest ranks (R's type 7): the one rule for them in the analyses.</summary>
internal static class Quantiles
{
    /// <summary>The q-quantile of a sorted, non-empty sample.</summary>
    /// <param name="sorted">The sample, sorted ascending.</param>
    /// <param name="q">The quantile, in [0, 1].</param>
    public static double Of(double[] sorted, double q)
    {
        double at = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(at);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((at - lo) * (sorted[hi] - sorted[lo]));
    }
}
