using System.Globalization;
using System.Text;

namespace Parley.Core.Durability;

/// <summary>One peace agreement with the covariates a scenario can state and its survival time.</summary>
/// <param name="Id">UCDP agreement id.</param>
/// <param name="Name">Agreement name.</param>
/// <param name="ConflictId">UCDP conflict id (agreements of one conflict are not independent).</param>
/// <param name="SignedOn">Signing date.</param>
/// <param name="Years">Years from signing to its end, or to the end of 2021 when it had not ended.</param>
/// <param name="Ended">True when the agreement ended (an event); false when censored.</param>
/// <param name="Covariates">Values of <see cref="PeaceAgreements.CovariateNames"/>, in that order.</param>
/// <param name="Region">UCDP region (1 Europe, 2 Middle East, 3 Asia, 4 Africa, 5 Americas; the first listed), 0 when not given.</param>
/// <param name="History">Values of <see cref="ConflictHistory.Names"/> at signing (NaN where unknown), or empty before the join.</param>
public sealed record PeaceAgreement(string Id, string Name, string ConflictId, DateOnly SignedOn, double Years, bool Ended, double[] Covariates, int Region = 0, double[]? History = null)
{
    /// <summary>The provision covariates followed by the conflict-history covariates.</summary>
    public double[] WithHistory() => [.. Covariates, .. History ?? throw new InvalidOperationException("the agreement has no conflict history (join it first: PeaceAgreements.Shipped)")];
}

/// <summary>Reads the UCDP peace-agreement file into survival records (MODELS.md §5).</summary>
public static class PeaceAgreements
{
    /// <summary>The end of the data: agreements that had not ended are censored here.</summary>
    public static readonly DateOnly DataEnd = new(2021, 12, 31);

    /// <summary>Covariates, all 0/1: what a scenario can state about an agreement's terms.</summary>
    public static IReadOnlyList<string> CovariateNames { get; } =
        ["full", "partial", "ceasefire", "peacekeepers", "third_party", "commission", "inclusive", "territory", "withdrawal"];

    /// <summary>Agreement terms a scenario can state that the UCDP data do not code: only the strategic model counts them.</summary>
    public static IReadOnlyList<string> UnscoredTerms { get; } = ["demilitarised_zone", "force_limits", "snapback"];

    /// <summary>The empirical model's covariates for a scenario's agreement terms (same coding as the data).</summary>
    /// <param name="terms">The terms.</param>
    public static double[] Covariates(Parley.Core.Domain.AgreementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return
        [
            terms.Type == Parley.Core.Domain.AgreementType.Full ? 1 : 0,
            terms.Type == Parley.Core.Domain.AgreementType.Partial ? 1 : 0,
            terms.Ceasefire ? 1 : 0,
            terms.Peacekeepers ? 1 : 0,
            terms.ThirdParty ? 1 : 0,
            terms.Commission ? 1 : 0,
            terms.Inclusive ? 1 : 0,
            terms.Territory ? 1 : 0,
            terms.Withdrawal ? 1 : 0,
        ];
    }

    private static readonly Lazy<RidgeCoxModel> FittedOnAll = new(() => RidgeCoxModel.FitSelected(Shipped()));

    /// <summary>
    /// The model scenarios are scored with: provisions and conflict history, fitted on every shipped agreement with λ chosen
    /// by grouped cross-validation among them (validation uses the splits instead). Fitted once per process.
    /// </summary>
    public static RidgeCoxModel FitAll() => FittedOnAll.Value;

    /// <summary>The UCDP Peace Agreement Dataset v22.1 shipped with Parley (CC BY 4.0; cite UCDP).</summary>
    public static IReadOnlyList<PeaceAgreement> Shipped() => Embedded.Value;

    private static readonly Lazy<IReadOnlyList<PeaceAgreement>> Embedded = new(ReadEmbedded);

    private static IReadOnlyList<PeaceAgreement> ReadEmbedded()
    {
        using Stream s = typeof(PeaceAgreements).Assembly.GetManifestResourceStream("Parley.Data.ucdp-peace-agreements-22.1.csv")
            ?? throw new InvalidOperationException("the UCDP data are not embedded in this build");
        using var r = new StreamReader(s);
        IReadOnlyList<PeaceAgreement> agreements = Parse(r.ReadToEnd());
        using Stream ts = typeof(PeaceAgreements).Assembly.GetManifestResourceStream("Parley.Data.ucdp-conflict-termination-dyad-3-2021.csv")
            ?? throw new InvalidOperationException("the UCDP conflict termination data are not embedded in this build");
        using var tr = new StreamReader(ts);
        return ConflictHistory.Join(agreements, ConflictHistory.ParseTermination(tr.ReadToEnd()));
    }

    /// <summary>
    /// Parses the CSV text (RFC 4180: quoted fields may contain commas and line breaks). Agreements coded as
    /// ended without an end date are left out (they have no survival time).
    /// </summary>
    /// <param name="csv">The file's text.</param>
    public static IReadOnlyList<PeaceAgreement> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        List<string[]> rows = Rows(csv);
        string[] head = rows[0];
        int Col(string name) => Array.FindIndex(head, h => h.Trim() == name);
        int id = Col("paid"), name = Col("pa_name"), conflict = Col("conflict_id"), date = Col("pa_date"), ended = Col("ended"), end = Col("duration");
        int region = Col("region"), type = Col("pa_type"), cease = Col("cease"), pko = Col("pko"), third = Col("pa_3rd"), impl = Col("co_impl"), incl = Col("inclusive"), terr = Col("terr_prov"), withd = Col("withd");
        var result = new List<PeaceAgreement>();
        string[][] data = [.. rows.Skip(1).Where(r => r.Length >= head.Length - 1)];
        foreach (string[] r in data)
        {
            if (!DateOnly.TryParse(r[date], CultureInfo.InvariantCulture, out DateOnly signed))
            {
                continue;
            }

            bool hasEnd = DateOnly.TryParse(r[end], CultureInfo.InvariantCulture, out DateOnly endDate);
            bool isEnded = r[ended] == "True";
            DateOnly stop = isEnded && hasEnd ? endDate : DataEnd;
            if (isEnded && !hasEnd)
            {
                // "ended" without an end date: the Bangsamoro annexes of 2013-2014, folded into the comprehensive agreement
                // of their conflict (2014-03-27). Superseded, not broken: censored at the first full agreement signed after
                // them in the same conflict; left out when there is none
                DateOnly? superseded = data
                    .Where(o => o[conflict] == r[conflict] && o[type] == "1" && DateOnly.TryParse(o[date], CultureInfo.InvariantCulture, out DateOnly od) && od > signed)
                    .Select(o => (DateOnly?)DateOnly.Parse(o[date], CultureInfo.InvariantCulture)).Min();
                if (superseded is not DateOnly by)
                {
                    continue;
                }

                isEnded = false;
                stop = by;
            }
            else if (isEnded && endDate < signed)
            {
                // an end before the signing (the Famboni Declaration, 2000): an error in the data, left out
                continue;
            }

            double years = Math.Max(1.0 / 365.25, (stop.DayNumber - signed.DayNumber) / 365.25);
            double[] x =
            [
                r[type] == "1" ? 1 : 0,
                r[type] == "2" ? 1 : 0,
                r[cease] == "1" ? 1 : 0,
                r[pko] == "1" ? 1 : 0,
                string.IsNullOrWhiteSpace(r[third]) ? 0 : 1,
                r[impl] == "1" ? 1 : 0,
                r[incl] == "1" ? 1 : 0,
                r[terr] == "1" ? 1 : 0,
                r[withd] == "1" ? 1 : 0,
            ];
            int reg = region >= 0 && r[region].Trim() is { Length: > 0 } rg && char.IsAsciiDigit(rg[0]) ? rg[0] - '0' : 0;
            result.Add(new PeaceAgreement(r[id], r[name], r[conflict], signed, years, isEnded, x, reg));
        }

        return result;
    }

    /// <summary>The rows of a CSV text (RFC 4180: quoted fields may hold commas and line breaks).</summary>
    internal static List<string[]> Rows(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    rows.Add([.. fields]);
                }

                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }
}
