using Parley.Core.Analyses;

namespace Parley.Reporting;

/// <summary>What a report is made from: a stored (or just computed) run's typed result and how it was made.</summary>
public sealed record ReportInput
{
    /// <summary>Run id in the store, if stored.</summary>
    public long? RunId { get; init; }

    /// <summary>The command (<c>run</c>, <c>forecast</c>, …).</summary>
    public required string Command { get; init; }

    /// <summary>The command line after the program name.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Tool version.</summary>
    public string ToolVersion { get; init; } = string.Empty;

    /// <summary>When the run was made.</summary>
    public string CreatedUtc { get; init; } = string.Empty;

    /// <summary>A time as reports show it (<c>2026-12-06 21:31 UTC</c>).</summary>
    /// <param name="utc">The time, in UTC.</param>
    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The typed result.</summary>
    public required AnalysisResult Result { get; init; }
}
