using Parley.Core.Scenarios;

namespace Parley.Core.Analyses;

/// <summary>A result, or the problems with the request that stopped it (bad user data: never an exception).</summary>
/// <typeparam name="T">The result type.</typeparam>
/// <param name="Result">The result, or null.</param>
/// <param name="Problems">Why there is no result (or warnings beside one).</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Factories read best on the type they build: AnalysisOutcome<ForecastOutcome>.Refuse(...)")]
public sealed record AnalysisOutcome<T>(T? Result, IReadOnlyList<Diagnostic> Problems)
    where T : class
{
    /// <summary>True when there is a result.</summary>
    public bool Succeeded => Result is not null;

    /// <summary>A result.</summary>
    /// <param name="result">The result.</param>
    public static AnalysisOutcome<T> Ok(T result) => new(result, []);

    /// <summary>No result, because of these problems.</summary>
    /// <param name="problems">The problems.</param>
    public static AnalysisOutcome<T> Fail(params Diagnostic[] problems) => new(null, problems);

    /// <summary>No result, because of one problem with the request (no file position).</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="hint">What to do.</param>
    /// <param name="file">The file it concerns, if any.</param>
    public static AnalysisOutcome<T> Refuse(string message, string? hint = null, string file = "") =>
        Fail(new Diagnostic(Severity.Error, DiagnosticCodes.Request, file, 0, 0, message, hint));

    /// <summary>No result, because the scenario cannot support the analysis.</summary>
    /// <param name="message">Why not.</param>
    /// <param name="file">The scenario file, or empty.</param>
    /// <param name="hint">What to do.</param>
    public static AnalysisOutcome<T> NotApplicable(string message, string file = "", string? hint = null) =>
        Fail(new Diagnostic(Severity.Error, DiagnosticCodes.NotApplicable, file, 0, 0, message, hint));

    /// <summary>The same problems, for another result type.</summary>
    /// <typeparam name="TOther">The other type.</typeparam>
    public AnalysisOutcome<TOther> As<TOther>()
        where TOther : class => new(null, Problems);
}

/// <summary>A problem in one line, as the command that ran into it says it.</summary>
public static class ProblemText
{
    /// <summary><c>file[:line:col]: error PRL…: message (hint: …)</c> for a problem of a file; <c>parley COMMAND: message (hint)</c> for one of the request.</summary>
    /// <param name="d">The problem.</param>
    /// <param name="command">The command, for problems of the request itself.</param>
    public static string Of(Diagnostic d, string command)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d.File.Length > 0 ? d.ToString() : $"parley {command}: " + d.Message + (d.Hint is null ? string.Empty : $" ({d.Hint})");
    }
}

/// <summary>Progress of a long analysis: how far one stage is.</summary>
/// <param name="Stage">The stage (e.g. forecast, negotiation).</param>
/// <param name="Done">Units done (draws, paths).</param>
/// <param name="Total">Units in all.</param>
public readonly record struct AnalysisProgress(string Stage, long Done, long Total);

/// <summary>What every analysis is given besides its request: where to report progress, and when to stop.</summary>
/// <param name="Progress">Progress reporter, or null.</param>
/// <param name="Cancellation">Cancellation.</param>
public sealed record AnalysisContext(IProgress<AnalysisProgress>? Progress = null, CancellationToken Cancellation = default)
{
    /// <summary>No progress, no cancellation.</summary>
    public static AnalysisContext None { get; } = new();

    /// <summary>A progress callback for one stage, or null when nobody listens.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="total">Units in all.</param>
    public Action<long>? Reporter(string stage, long total) =>
        Progress is { } p ? done => p.Report(new AnalysisProgress(stage, done, total)) : null;
}
