using System.Globalization;

namespace Parley.Reporting.Exporters;

/// <summary>
/// One CSV text cell: quoted when it holds a comma, a quote or a line break, and defused when a spreadsheet would read
/// it as a formula (a leading '=', '+', '-', '@', tab or carriage return gets an apostrophe; a plain number stays a
/// number). The one way every CSV Parley writes spells its text.
/// </summary>
public static class CsvText
{
    /// <summary>The cell.</summary>
    /// <param name="text">Any text.</param>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string s = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && text != "-"
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + text
            : text;
        return s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) || s.Contains('\n', StringComparison.Ordinal) || s.Contains('\r', StringComparison.Ordinal)
            ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : s;
    }
}
