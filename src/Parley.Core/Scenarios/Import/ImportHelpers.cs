using System.Globalization;
using System.Text;
using Parley.Core.Domain;

namespace Parley.Core.Scenarios.Import;

/// <summary>Shared pieces of the importers: ids from names, exact number parsing, diagnostics.</summary>
internal static class ImportHelpers
{
    /// <summary>Makes a valid id from a name: kept as is when already valid, otherwise lower-cased with '-' for runs of other characters.</summary>
    public static string ToId(string name, ISet<string> taken)
    {
        string id = name.Trim();
        if (!BindContext.IsValidId(id))
        {
            var sb = new StringBuilder();
            foreach (char c in id.ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c) || c == '_')
                {
                    sb.Append(c);
                }
                else if (sb.Length > 0 && sb[^1] != '-')
                {
                    sb.Append('-');
                }
            }

            id = sb.ToString().Trim('-');
            if (id.Length > 60)
            {
                id = id[..60].Trim('-');
            }

            if (id.Length == 0)
            {
                id = "x";
            }
        }

        string unique = id;
        for (int n = 2; !taken.Add(unique); n++)
        {
            unique = $"{id}-{n}";
        }

        return unique;
    }

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Divides a decimal text by 100 exactly (so 49.53 becomes the double nearest 0.4953).</summary>
    public static bool TryPercent(string text, out double value)
    {
        value = 0;
        if (!decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d))
        {
            return false;
        }

        value = (double)(d / 100m);
        return true;
    }

    public static Quantity Q(double value, Provenance provenance, Visibility visibility = Visibility.Public) =>
        new() { Value = value, Provenance = provenance, Visibility = visibility };

    public static Diagnostic Error(string file, int line, int column, string message, string? hint = null) =>
        new(Severity.Error, DiagnosticCodes.ImportFormat, file, line, column, message, hint);

    public static string FileLabel(string file) => Path.GetFileName(file);
}
