using System.Globalization;
using System.Text;
using Parley.Core.Analyses;

namespace Parley.Reporting.Exporters;

/// <summary>
/// A simulated negotiation's messages as CSV, <c>time,from,to,kind,issue,amount,package</c> (the package as its issue
/// levels joined by ';' in the issues' order): the one format of <c>simulate --transcript</c> and of the CSV export.
/// </summary>
public static class TranscriptCsv
{
    /// <summary>The transcript as CSV text.</summary>
    /// <param name="session">The session.</param>
    public static string Write(SessionOutcome session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sb = new StringBuilder("time,from,to,kind,issue,amount,package\n");
        foreach (TranscriptMessage m in session.Transcript)
        {
            sb.Append(m.Time.ToString(CultureInfo.InvariantCulture)).Append(',').Append(CsvText.Cell(m.From)).Append(',').Append(CsvText.Cell(m.To)).Append(',').Append(m.Kind).Append(',').Append(CsvText.Cell(m.Issue)).Append(',')
                .Append(m.Amount == 0 ? string.Empty : m.Amount.ToString("0.###", CultureInfo.InvariantCulture)).Append(',')
                .Append(m.Package is null ? string.Empty : string.Join(';', m.Package.Values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))).Append('\n');
        }

        return sb.ToString();
    }
}
