using Parley.Core.Domain;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios;

/// <summary>
/// Reads a package typed in by a user: a YAML (or JSON) mapping from issue id to a value on the issue's
/// scale, an anchor label, or (discrete issues) an option label, e.g. <c>territory: 50</c> or
/// <c>alignment: "no NATO, EU accession allowed"</c>. Every issue of the scenario must be given.
/// </summary>
public static class PackageFile
{
    /// <summary>Reads the file; null with diagnostics (file, line, column, hint) when it is not a package of the scenario.</summary>
    /// <param name="path">The file.</param>
    /// <param name="scenario">The scenario whose issues the package settles.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    public static Dictionary<string, double>? Read(string path, Scenario scenario, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return InputFile.Read(path, SafeYamlReader.MaxBytes, "a package file", diagnostics) is { } bytes ? Read(bytes, path, scenario, diagnostics) : null;
    }

    /// <summary>Reads a package from its bytes (a stored copy), named as given.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="file">Name used in diagnostics.</param>
    /// <param name="scenario">The scenario whose issues the package settles.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    public static Dictionary<string, double>? Read(byte[] bytes, string file, Scenario scenario, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string? text = SafeYamlReader.DecodeText(bytes, file, diagnostics, "package");
        return text is null ? null : Parse(text, file, scenario, diagnostics);
    }

    /// <summary>Parses package text (see <see cref="Read(string, Scenario, List{Diagnostic})"/>).</summary>
    /// <param name="text">YAML or JSON text.</param>
    /// <param name="file">Name used in diagnostics.</param>
    /// <param name="scenario">The scenario whose issues the package settles.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    public static Dictionary<string, double>? Parse(string text, string file, Scenario scenario, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(diagnostics);
        int before = diagnostics.Count;
        YNode? root = SafeYamlReader.Parse(text, file, diagnostics);
        if (root is null)
        {
            return null;
        }

        var ctx = new BindContext(file, diagnostics);
        YMapping? map = ctx.Mapping(root, "a package");
        if (map is null)
        {
            return null;
        }

        ctx.CheckKeys(map, [.. scenario.Issues.Select(i => i.Id)], "the package");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Issue issue in scenario.Issues)
        {
            YNode? node = ctx.Require(map, issue.Id, "the package", $"give the package's level on '{issue.Id}'");
            if (node is YScalar s && !s.IsNull && ValueOf(issue, s) is double v)
            {
                values[issue.Id] = v;
            }
            else if (node is not null)
            {
                ctx.Error(issue.Kind == IssueKind.Discrete ? DiagnosticCodes.UnknownOption : DiagnosticCodes.OutOfRange, node, $"'{issue.Id}' is not a level of the issue", "give " + Levels(issue));
            }
        }

        return diagnostics.Skip(before).Any(d => d.Severity == Severity.Error) ? null : values;
    }

    /// <summary>A level of the issue written as a number on its scale, an anchor label or (discrete issues) an option or its index; null when it is none.</summary>
    internal static double? ValueOf(Issue issue, YScalar s)
    {
        if (issue.Kind == IssueKind.Discrete)
        {
            int k = issue.Options.ToList().FindIndex(o => string.Equals(o, s.Value, StringComparison.OrdinalIgnoreCase));
            return k >= 0 ? k : s.TryGetNumber(out double i) && i >= 0 && i < issue.Options.Count && i == Math.Floor(i) ? i : null;
        }

        if (s.TryGetNumber(out double v))
        {
            return v >= issue.Min && v <= issue.Max ? v : null;
        }

        Anchor? a = issue.Anchors.FirstOrDefault(x => string.Equals(x.Label, s.Value, StringComparison.OrdinalIgnoreCase));
        return a?.Value;
    }

    /// <summary>What a level of the issue may be written as, for hints.</summary>
    internal static string Levels(Issue issue) => issue.Kind == IssueKind.Discrete
        ? "one of its options: " + string.Join(", ", issue.Options)
        : $"a number in [{issue.Min}, {issue.Max}]" + (issue.Anchors.Count > 0 ? " or an anchor label: " + string.Join("; ", issue.Anchors.Select(a => a.Label)) : string.Empty);
}
