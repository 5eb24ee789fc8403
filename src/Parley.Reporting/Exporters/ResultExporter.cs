using Parley.Core.Analyses;

namespace Parley.Reporting.Exporters;

/// <summary>One file an exporter writes.</summary>
/// <param name="Name">File name (no folder), e.g. <c>forecast.csv</c>.</param>
/// <param name="Content">Its text.</param>
public sealed record ExportFile(string Name, string Content);

/// <summary>
/// Turns a typed result into files of one format (as BenchmarkDotNet's exporters turn its summary into reports). Every
/// exporter reads the typed result; none parses a document back.
/// </summary>
public interface IResultExporter
{
    /// <summary>The format's name on the command line (<c>html</c>, <c>markdown</c>, <c>json</c>, <c>csv</c>).</summary>
    string Name { get; }

    /// <summary>The files for a result.</summary>
    /// <param name="input">The result and how it was made.</param>
    IReadOnlyList<ExportFile> Export(ReportInput input);
}

/// <summary>The exporters by name.</summary>
public static class Exporters
{
    /// <summary>Every exporter.</summary>
    public static IReadOnlyList<IResultExporter> All { get; } = [new HtmlExporter(), new MarkdownExporter(), new JsonExporter(), new CsvExporter()];

    /// <summary>The exporter with that name, or null.</summary>
    /// <param name="name">html, markdown (or md), json or csv.</param>
    public static IResultExporter? Find(string name) => All.FirstOrDefault(e => e.Name == (name == "md" ? "markdown" : name));

    /// <summary>A file-name stem for a result: the scenario's name in lower case with dashes, else <c>result</c>.</summary>
    /// <param name="result">The result.</param>
    internal static string Stem(AnalysisResult result)
    {
        string name = ReportSections.Of(result).Name;
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        string stem = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return stem.Length == 0 ? "result" : stem;
    }
}

/// <summary>The self-contained HTML report.</summary>
public sealed class HtmlExporter : IResultExporter
{
    /// <inheritdoc/>
    public string Name => "html";

    /// <inheritdoc/>
    public IReadOnlyList<ExportFile> Export(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [new ExportFile(Exporters.Stem(input.Result) + "-report.html", HtmlReport.Render(input))];
    }
}

/// <summary>The result document as the engine's one serialiser writes it (what <c>--format json</c> prints).</summary>
public sealed class JsonExporter : IResultExporter
{
    /// <inheritdoc/>
    public string Name => "json";

    /// <inheritdoc/>
    public IReadOnlyList<ExportFile> Export(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [new ExportFile(Exporters.Stem(input.Result) + ".json", Parley.Core.Serialization.ParleyJson.SerializeResult(input.Result) + "\n")];
    }
}
