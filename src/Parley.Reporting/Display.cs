using System.Globalization;

namespace Parley.Reporting;

/// <summary>How the readable exports (HTML report, Markdown brief) show numbers; the JSON and CSV exports keep full precision.</summary>
internal static class Display
{
    /// <summary>A value of a map, or null when it has none.</summary>
    public static double? At(IReadOnlyDictionary<string, double>? values, string key) => values is not null && values.TryGetValue(key, out double v) ? v : null;

    /// <summary>A level or count: at most one decimal; "-" for none.</summary>
    public static string F(double? x) => x is double v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "-";

    /// <summary>A share as a whole percentage; "-" for none.</summary>
    public static string P(double? x) => x is double v ? v.ToString("0%", CultureInfo.InvariantCulture) : "-";

    /// <summary>A utility: two decimals.</summary>
    public static string U(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
}
