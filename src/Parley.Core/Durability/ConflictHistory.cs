using System.Globalization;

namespace Parley.Core.Durability;

/// <summary>One dyad episode of the UCDP Conflict Termination data: its conflict, when it ended and how.</summary>
/// <param name="ConflictId">UCDP conflict id.</param>
/// <param name="Ended">End date of the episode, or null when it had not ended.</param>
/// <param name="Outcome">How it ended (1 peace agreement, 2 ceasefire, 3/4 victory, 5 low activity, 6 actor ceased; 0 not ended).</param>
public sealed record DyadEpisode(string ConflictId, DateOnly? Ended, int Outcome);

/// <summary>The UCDP Conflict Termination data as the history covariates need them.</summary>
/// <param name="Starts">Each conflict's start date (the earliest over its rows).</param>
/// <param name="Types">Per conflict, (year, type of conflict) of each row.</param>
/// <param name="Episodes">Every dyad episode.</param>
public sealed record TerminationData(IReadOnlyDictionary<string, DateOnly> Starts, IReadOnlyDictionary<string, IReadOnlyList<(int Year, int Type)>> Types, IReadOnlyList<DyadEpisode> Episodes);

/// <summary>
/// What is known about a conflict when an agreement is signed (docs/durability.md, "Conflict-history covariates"):
/// its age, its earlier dyad episodes and how they ended, whether it was internationalised or interstate, the earlier
/// agreements in it, and its region. Taken from the UCDP Conflict Termination dataset v3-2021 (CC BY 4.0), joined on
/// the agreement's conflict ids.
/// </summary>
public static class ConflictHistory
{
    /// <summary>The covariates, in order (counts and ages as log(1 + x); regions against Europe).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["conflict_age", "previous_episodes", "previous_agreement_endings", "previous_ceasefire_endings", "internationalised", "interstate", "earlier_agreements", "middle_east", "asia", "africa", "americas"];

    /// <summary>A date written M/D/YY in the termination data: YY ≥ 46 is 19YY, else 20YY (the data run 1946–2021); null when blank or malformed.</summary>
    /// <param name="text">The field.</param>
    public static DateOnly? ParseDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] p = text.Trim().Split('/');
        if (p.Length != 3 || !int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out int m) || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            || !int.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out int yy) || p[2].Length != 2 || m is < 1 or > 12 || d < 1)
        {
            return null;
        }

        int year = yy >= 46 ? 1900 + yy : 2000 + yy;
        return d <= DateTime.DaysInMonth(year, m) ? new DateOnly(year, m, d) : null;
    }

    /// <summary>Reads the termination CSV.</summary>
    /// <param name="csv">The file's text.</param>
    public static TerminationData ParseTermination(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        List<string[]> rows = PeaceAgreements.Rows(csv);
        string[] head = rows[0];
        int Col(string name) => Array.FindIndex(head, h => h.Trim() == name);
        int conflict = Col("conflict_id"), dyad = Col("dyad_id"), episode = Col("dyadepisode"), end = Col("ependdate"), outcome = Col("outcome"), year = Col("year"), type = Col("type_of_conflict"), start = Col("start_date");
        var starts = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var types = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        var episodes = new Dictionary<string, DyadEpisode>(StringComparer.Ordinal);
        foreach (string[] r in rows.Skip(1).Where(r => r.Length >= head.Length))
        {
            string c = r[conflict].Trim();
            if (ParseDate(r[start]) is DateOnly s && (!starts.TryGetValue(c, out DateOnly known) || s < known))
            {
                starts[c] = s;
            }

            if (int.TryParse(r[year], NumberStyles.None, CultureInfo.InvariantCulture, out int y) && int.TryParse(r[type], NumberStyles.None, CultureInfo.InvariantCulture, out int t))
            {
                if (!types.TryGetValue(c, out List<(int, int)>? list))
                {
                    types[c] = list = [];
                }

                list.Add((y, t));
            }

            // a dyad episode's rows repeat it year by year; its last row carries the end date and the outcome
            string key = r[dyad].Trim() + "/" + r[episode].Trim();
            DateOnly? ended = ParseDate(r[end]);
            int how = int.TryParse(r[outcome], NumberStyles.None, CultureInfo.InvariantCulture, out int o) ? o : 0;
            if (!episodes.TryGetValue(key, out DyadEpisode? e) || (ended is not null && e.Ended is null))
            {
                episodes[key] = new DyadEpisode(c, ended, ended is null ? 0 : how);
            }
        }

        return new TerminationData(starts, types.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(int, int)>)kv.Value, StringComparer.Ordinal), [.. episodes.Values]);
    }

    /// <summary>Each agreement with its conflict-history covariates at signing.</summary>
    /// <param name="agreements">The agreements (their earlier agreements are counted among them).</param>
    /// <param name="data">The termination data.</param>
    public static IReadOnlyList<PeaceAgreement> Join(IReadOnlyList<PeaceAgreement> agreements, TerminationData data)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(data);
        var byConflict = data.Episodes.GroupBy(e => e.ConflictId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var result = new List<PeaceAgreement>(agreements.Count);
        foreach (PeaceAgreement a in agreements)
        {
            string[] ids = [.. a.ConflictId.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            DateOnly? start = ids.Where(data.Starts.ContainsKey).Select(i => (DateOnly?)data.Starts[i]).Min();
            DyadEpisode[] before = [.. ids.SelectMany(i => byConflict.TryGetValue(i, out DyadEpisode[]? e) ? e : []).Where(e => e.Ended is DateOnly d && d < a.SignedOn)];
            (int Year, int Type)[] rows = [.. ids.SelectMany(i => data.Types.TryGetValue(i, out IReadOnlyList<(int Year, int Type)>? t) ? t : []).Where(t => t.Year <= a.SignedOn.Year)];
            bool known = rows.Length > 0 || start is not null;
            int earlier = agreements.Count(o => o.SignedOn < a.SignedOn && o.ConflictId.Split(',', StringSplitOptions.TrimEntries).Intersect(ids, StringComparer.Ordinal).Any());
            double[] h =
            [
                start is DateOnly s ? Math.Log(1 + Math.Max(0, (a.SignedOn.DayNumber - s.DayNumber) / 365.25)) : double.NaN,
                known ? Math.Log(1 + before.Length) : double.NaN,
                known ? Math.Log(1 + before.Count(e => e.Outcome == 1)) : double.NaN,
                known ? Math.Log(1 + before.Count(e => e.Outcome == 2)) : double.NaN,
                known ? (rows.Any(r => r.Type == 4) ? 1 : 0) : double.NaN,
                known ? (rows.Any(r => r.Type == 2) ? 1 : 0) : double.NaN,
                Math.Log(1 + earlier),
                .. RegionDummies(a.Region),
            ];
            result.Add(a with { History = h });
        }

        return result;
    }

    /// <summary>The four region dummies (Middle East, Asia, Africa, Americas; Europe all zero); NaN when the region is unknown.</summary>
    /// <param name="region">UCDP region 1–5, or 0 when unknown.</param>
    public static double[] RegionDummies(int region) =>
        region is < 1 or > 5 ? [double.NaN, double.NaN, double.NaN, double.NaN] : [region == 2 ? 1 : 0, region == 3 ? 1 : 0, region == 4 ? 1 : 0, region == 5 ? 1 : 0];

    /// <summary>
    /// The covariates of a scenario's agreement from what it states about its conflict (NaN for what it leaves out, which
    /// the model reads as the average of its data), at the scenario's date.
    /// </summary>
    /// <param name="facts">The scenario's <c>agreement: conflict:</c>, or null.</param>
    /// <param name="asOf">The scenario's date (YYYY, YYYY-MM or YYYY-MM-DD), or null.</param>
    public static double[] Of(Parley.Core.Domain.ConflictFacts? facts, string? asOf)
    {
        double Log(int? n) => n is int v ? Math.Log(1 + v) : double.NaN;
        double Flag(bool? b) => b is bool v ? (v ? 1 : 0) : double.NaN;
        double age = double.NaN;
        if (facts?.Started is string started && asOf is not null)
        {
            double years = (Parley.Core.Domain.PartialDate.First(asOf).DayNumber - Parley.Core.Domain.PartialDate.First(started).DayNumber) / 365.25;
            age = Math.Log(1 + Math.Max(0, years));
        }

        int region = facts?.Region is string r ? Parley.Core.Domain.ConflictFacts.Regions.ToList().IndexOf(r) + 1 : 0;
        return
        [
            age,
            Log(facts?.PreviousEpisodes),
            Log(facts?.PreviousAgreementEndings),
            Log(facts?.PreviousCeasefireEndings),
            Flag(facts?.Internationalised),
            Flag(facts?.Interstate),
            Log(facts?.EarlierAgreements),
            .. RegionDummies(region),
        ];
    }

    /// <summary>The names of the covariates a scenario left unknown.</summary>
    /// <param name="history">The covariates from <see cref="Of(Parley.Core.Domain.ConflictFacts?, string?)"/>.</param>
    public static IReadOnlyList<string> Unknown(double[] history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var names = new List<string>();
        for (int k = 0; k < 7; k++)
        {
            if (double.IsNaN(history[k]))
            {
                names.Add(Names[k]);
            }
        }

        if (double.IsNaN(history[7]))
        {
            names.Add("region");
        }

        return names;
    }
}
