using System.Text.Json.Serialization;
using Parley.Core.Domain;

namespace Parley.Core.Scenarios;

/// <summary>One diagnostic as programs read it.</summary>
/// <param name="Severity">error or warning.</param>
/// <param name="Code">PRL code.</param>
/// <param name="File">File.</param>
/// <param name="Line">Line (0: the whole file).</param>
/// <param name="Column">Column.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">How to fix it.</param>
public sealed record DiagnosticEntry(string Severity, string Code, string File, int Line, int Column, string Message, string? Hint)
{
    /// <summary>The entry of a diagnostic.</summary>
    /// <param name="d">The diagnostic.</param>
    public static DiagnosticEntry Of(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Severity == Scenarios.Severity.Error ? "error" : "warning", d.Code, d.File, d.Line, d.Column, d.Message, d.Hint);
    }
}

/// <summary>The check of one file (<c>parley validate --format json</c> lists one per file).</summary>
/// <param name="File">The file as given.</param>
/// <param name="Format">yaml, ktab, genius, decide or unknown.</param>
/// <param name="Valid">True when it has no error.</param>
/// <param name="Errors">Errors.</param>
/// <param name="Warnings">Warnings.</param>
/// <param name="Diagnostics">Every problem, in file order.</param>
public sealed record FileCheck(string File, string Format, bool Valid, int Errors, int Warnings, IReadOnlyList<DiagnosticEntry> Diagnostics)
{
    /// <summary>The check of a loaded file.</summary>
    /// <param name="file">The file as given.</param>
    /// <param name="r">Its load result.</param>
    public static FileCheck Of(string file, LoadResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int errors = r.Diagnostics.Count(d => d.Severity == Scenarios.Severity.Error);
        return new(file, r.Format.ToString().ToLowerInvariant(), r.Succeeded, errors, r.Diagnostics.Count - errors, [.. r.Diagnostics.Select(DiagnosticEntry.Of)]);
    }
}

/// <summary>What changed between two scenarios (or what a variant changes), number by number.</summary>
/// <param name="Before">The first scenario (as named on the command line).</param>
/// <param name="After">The second.</param>
/// <param name="Changes">Every changed fact.</param>
public sealed record ScenarioDiff(string Before, string After, IReadOnlyList<FactChange> Changes);

/// <summary>The scenario as a document (<c>parley show --format json</c>), with a variant's changes.</summary>
public static class ScenarioShow
{
    /// <summary>The scenario's JSON with its provenance note and, for a variant, what it changes.</summary>
    /// <param name="s">The scenario.</param>
    /// <param name="file">The file as given (named in the provenance note).</param>
    /// <param name="changes">The variant's changes, or null.</param>
    public static string Json(Scenario s, string file, IReadOnlyList<FactChange>? changes)
    {
        ArgumentNullException.ThrowIfNull(s);
        ScenarioDocument doc = ScenarioJson.Document(s) with { ProvenanceNote = s.HasSources ? ProvenanceNote.For(file) : null, VariantChanges = changes };
        return Serialization.ParleyJson.Serialize(doc);
    }
}
