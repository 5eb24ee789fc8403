namespace Parley.Core.Experiments;

/// <summary>One mode of a forecast over draws: where it lies and the share of the draws that fall in its basin.</summary>
/// <param name="Value">The mean of the draws in its basin.</param>
/// <param name="Share">Share of all draws in its basin, in [0, 1].</param>
public sealed record ForecastMode(double Value, double Share);

/// <summary>
/// Whether a forecast over draws has more than one mode, so that its median stands between answers rather than for
/// one. The rule: the draws are put in 20 bins over the scale; a bin higher than its neighbours is a peak; peaks
/// are taken highest first, each kept when it lies at least 15% of the scale (3 bins) from every peak kept before and
/// the lowest bin between the two holds less than half the lower of them; the scale is split at the lowest bin between
/// neighbouring kept peaks, and a peak is a mode when its part holds at least 15% of the draws. Two or more modes make
/// the forecast multimodal.
/// </summary>
public static class Modality
{
    /// <summary>Bins over the scale.</summary>
    public const int Bins = 20;

    /// <summary>The least share of the draws a mode holds.</summary>
    public const double MinShare = 0.15;

    /// <summary>The least distance between two modes, in bins (15% of the scale).</summary>
    public const int MinSeparation = 3;

    /// <summary>How deep the dip between two modes goes: below this share of the lower peak.</summary>
    public const double DipRatio = 0.5;

    /// <summary>The modes of a histogram when there are two or more; null when it has one (or no draws).</summary>
    /// <param name="counts">Draws per bin, the bins spanning [<paramref name="min"/>, <paramref name="max"/>] evenly.</param>
    /// <param name="min">The scale's low end.</param>
    /// <param name="max">The scale's high end.</param>
    public static IReadOnlyList<ForecastMode>? Of(IReadOnlyList<long> counts, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int fine = counts.Count;
        if (fine < Bins || !(max > min))
        {
            return null;
        }

        var h = new long[Bins];
        long total = 0;
        for (int b = 0; b < fine; b++)
        {
            h[(int)((long)b * Bins / fine)] += counts[b];
            total += counts[b];
        }

        if (total == 0)
        {
            return null;
        }

        var candidates = new List<int>();
        for (int k = 0; k < Bins; k++)
        {
            bool left = k == 0 || h[k] >= h[k - 1];
            bool right = k == Bins - 1 || h[k] > h[k + 1];
            if (h[k] > 0 && left && right)
            {
                candidates.Add(k);
            }
        }

        var kept = new List<int>();
        foreach (int c in candidates.OrderByDescending(k => h[k]).ThenBy(k => k))
        {
            if (kept.TrueForAll(p => Math.Abs(c - p) >= MinSeparation && Dip(h, c, p) < DipRatio * Math.Min(h[c], h[p])))
            {
                kept.Add(c);
            }
        }

        if (kept.Count < 2)
        {
            return null;
        }

        kept.Sort();
        var modes = new List<ForecastMode>();
        int from = 0;
        for (int m = 0; m < kept.Count; m++)
        {
            // this mode's part of the scale ends at the lowest bin before the next peak (that bin included)
            int to = m == kept.Count - 1 ? Bins - 1 : Lowest(h, kept[m], kept[m + 1]);
            long inPart = 0;
            double sum = 0;
            for (int b = 0; b < fine; b++)
            {
                int coarse = (int)((long)b * Bins / fine);
                if (coarse >= from && coarse <= to)
                {
                    inPart += counts[b];
                    sum += counts[b] * (min + ((b + 0.5) * (max - min) / fine));
                }
            }

            if (inPart >= MinShare * total)
            {
                modes.Add(new ForecastMode(sum / inPart, inPart / (double)total));
            }

            from = to + 1;
        }

        return modes.Count >= 2 ? modes : null;
    }

    private static long Dip(long[] h, int a, int b) => h[Lowest(h, Math.Min(a, b), Math.Max(a, b))];

    private static int Lowest(long[] h, int a, int b)
    {
        int lowest = a + 1;
        for (int k = a + 1; k < b; k++)
        {
            if (h[k] < h[lowest])
            {
                lowest = k;
            }
        }

        return lowest;
    }
}
