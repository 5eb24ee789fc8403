namespace Parley.Core.Analyses;

/// <summary>A share of runs (k of n) with its uncertainty: the Wilson score interval, which stays inside [0, 1] and is sound at 0 and n.</summary>
/// <param name="Count">Runs with the outcome.</param>
/// <param name="Of">Runs in all.</param>
public readonly record struct Proportion(long Count, long Of)
{
    /// <summary>z for a two-sided 90% interval.</summary>
    public const double Z90 = 1.6448536269514722;

    /// <summary>k / n (0 for no runs).</summary>
    public double Share => Of == 0 ? 0 : (double)Count / Of;

    /// <summary>
    /// The share with its interval, as the CLI and the main job write it: "67%, 90% interval 65-70%", in whole percent while the
    /// interval spans two points or more, else to a tenth ("0.0%, 90% interval 0.0-0.3%"): no more digits than it supports.
    /// </summary>
    public string ShareText
    {
        get
        {
            (string share, string lo, string hi) = Parts();
            return $"{share}%, 90% interval {lo}-{hi}%";
        }
    }

    /// <summary>The share with its interval in brackets, for a table cell: "67% (65-70)", with the digits of <see cref="ShareText"/>.</summary>
    public string ShareBrief
    {
        get
        {
            (string share, string lo, string hi) = Parts();
            return $"{share}% ({lo}-{hi})";
        }
    }

    private (string Share, string Low, string High) Parts()
    {
        (double lo, double hi) = Interval90;
        string f = (hi - lo) * 100 >= 2 ? "0" : "0.0";
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return ((Share * 100).ToString(f, inv), (lo * 100).ToString(f, inv), (hi * 100).ToString(f, inv));
    }

    /// <summary>The 90% Wilson score interval (Wilson 1927; the interval R's <c>prop.test(correct = FALSE)</c> reports).</summary>
    public (double Low, double High) Interval90
    {
        get
        {
            if (Of == 0)
            {
                return (0, 1);
            }

            double n = Of, p = Share, z2 = Z90 * Z90;
            double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
            double half = Z90 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
            return (Math.Max(0, centre - half), Math.Min(1, centre + half));
        }
    }
}
