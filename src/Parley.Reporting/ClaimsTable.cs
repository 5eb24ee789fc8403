using System.Text;
using Parley.Core.Analyses;

namespace Parley.Reporting;

/// <summary>
/// The table of claims (quote, setting, effect, interval, verdict, mechanism) in Markdown: the report's section and the
/// table in docs/claims.md, which docs/claims.sh writes and a test holds to this renderer's output.
/// </summary>
internal static class ClaimsTable
{
    /// <summary>The header row's cells.</summary>
    public static IReadOnlyList<string> Header { get; } = ["claim", "quote", "setting (against)", "outcome: setting vs counter", "effect [80%]", "verdict", "mechanism", "over the ranges"];

    /// <summary>One row per claim, cells in <see cref="Header"/> order.</summary>
    /// <param name="r">The experiment.</param>
    public static IEnumerable<IReadOnlyList<string>> Rows(ExperimentOutcome r) => r.Claims.Select(c => (IReadOnlyList<string>)
    [
        $"**{c.Id}**: {c.Claim}",
        $"\"{c.Quote}\" ({c.Source})",
        (c.Variant is null ? string.Empty : $"on {c.Variant}: ") + $"{c.Setting} (against: {c.Counter})",
        $"{c.MeasureText}: {ClaimText.Means(c)} ({c.Pairs:N0} pairs)",
        ClaimText.Effect(c),
        $"{ClaimText.Verdict(c)} (claimed {c.Expect})",
        string.Join(", ", c.Mechanism),
        c.RobustnessSummary,
    ]);

    /// <summary>The whole table as Markdown, ending with a blank line.</summary>
    /// <param name="r">The experiment.</param>
    public static string Markdown(ExperimentOutcome r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var md = new StringBuilder();
        md.Append("| ").AppendJoin(" | ", Header.Select(Exporters.MarkdownExporter.Esc)).Append(" |\n|").AppendJoin("|", Header.Select(_ => " --- ")).Append("|\n");
        foreach (IReadOnlyList<string> row in Rows(r))
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Exporters.MarkdownExporter.Esc)).Append(" |\n");
        }

        return md.ToString();
    }
}
