using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Domain;
using Parley.Core.Experiments;

namespace Parley.Core.Analyses;

/// <summary>
/// The one deal the main job names: the whole package agreed most often over the simulated negotiations; when agreement
/// comes in under half of them, "no deal expected", with the parties' Nash package as the reference. Beside it, per issue,
/// where the forecasts, the zone, the Nash package and the simulated agreement differ, and why.
/// </summary>
/// <param name="Package">The level of each issue, with its reading.</param>
/// <param name="How"><c>most-agreed</c>, <c>nash-reference</c> (no deal expected, or no draws), or <c>none</c> (no deal expected and no zone: the package is empty and the basis names what blocks one).</param>
/// <param name="Basis">How it was chosen, in one line, with its N.</param>
/// <param name="Share">Share of the runs that agreed on exactly this package (most-agreed only).</param>
/// <param name="Low">Low end of that share's 90% interval (Wilson).</param>
/// <param name="High">High end.</param>
/// <param name="Draws">Simulated runs behind it (null without draws).</param>
/// <param name="Agreements">Runs that ended in any agreement.</param>
/// <param name="Why">Why the answers differ in general, in one line.</param>
/// <param name="Issues">Per issue: the answers side by side and what reconciles them.</param>
/// <param name="Notes">What reconciles the answers as a whole (e.g. the single run ended without a deal).</param>
public sealed record ExpectedDeal(
    IReadOnlyDictionary<string, PackageLevel> Package,
    string How,
    string Basis,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Share,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Low,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? High,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Draws,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Agreements,
    string Why,
    IReadOnlyList<IssueReconciliation> Issues,
    IReadOnlyList<string>? Notes = null)
{
    /// <summary>The package as issue id → level.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, double> Levels => Package.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
}

/// <summary>One issue's answers side by side.</summary>
/// <param name="Issue">Issue id.</param>
/// <param name="Name">Issue name.</param>
/// <param name="Expected">The expected deal's level.</param>
/// <param name="Nash">The Nash package's level (null without a zone).</param>
/// <param name="Simulated">The single simulated run's agreed level (null when it ended without one).</param>
/// <param name="ZoneLow">The zone's lowest level on this issue (null without a zone).</param>
/// <param name="ZoneHigh">Its highest.</param>
/// <param name="Forecasts">Each model's forecast (median over draws, else central) and whether it lies in the zone.</param>
/// <param name="Notes">Why the answers differ here, one line each (empty when they agree).</param>
public sealed record IssueReconciliation(
    string Issue,
    string Name,
    double Expected,
    double? Nash,
    double? Simulated,
    double? ZoneLow,
    double? ZoneHigh,
    IReadOnlyDictionary<string, ForecastCheck> Forecasts,
    IReadOnlyList<string> Notes);

/// <summary>A forecast and whether every signatory could accept that level.</summary>
/// <param name="Value">The forecast.</param>
/// <param name="InZone">True when it lies within the zone's range on the issue.</param>
public sealed record ForecastCheck(double Value, bool InZone);

/// <summary>Builds the expected deal from the main job's sections.</summary>
public static class ExpectedDeals
{
    /// <summary>Agreement in fewer runs than this share: no deal expected.</summary>
    public const double MinAgreementShare = 0.5;

    /// <summary>The general reason the answers differ.</summary>
    public const string Why = "Forecasts weigh positions by capability and salience and ignore red lines and no-deal values; the zone and the bargaining solutions respect them; the simulated talks add strategies, timing and who hears what.";

    /// <summary>The expected deal, or null when there is neither an agreement in the runs nor a zone.</summary>
    /// <param name="scenario">The scenario (variant applied).</param>
    /// <param name="deal">The deal space section.</param>
    /// <param name="simulation">The single simulated run.</param>
    /// <param name="negotiation">The runs over draws (null with no draws).</param>
    /// <param name="forecast">The forecast section.</param>
    public static ExpectedDeal? Of(Scenario scenario, DealOutcome? deal, SessionOutcome? simulation, NegotiationDistributionOutcome? negotiation, ForecastOutcome? forecast)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        IReadOnlyDictionary<string, double>? nash = deal?.Nash?.Levels;
        IReadOnlyDictionary<string, double> package;
        string how, basis;
        double? share = null, low = null, high = null;
        if (negotiation is { MostAgreed: { } most } && negotiation.AgreementProbability >= MinAgreementShare)
        {
            package = most.Package;
            how = "most-agreed";
            var p = new Proportion(most.Count, negotiation.Draws);
            (double lo, double hi) = p.Interval90;
            (share, low, high) = (p.Share, lo, hi);
            var any = new Proportion(negotiation.Agreements, negotiation.Draws);
            basis = string.Create(CultureInfo.InvariantCulture,
                $"the package agreed most often over {negotiation.Draws:N0} simulated negotiations ({negotiation.Protocol}): in {most.Count:N0} of them ({p.ShareText}); agreement of any kind in {negotiation.Agreements:N0} ({any.ShareText}{(Half(any) is { Length: > 0 } call ? ": " + call : string.Empty)})")
                + (scenario.HasUncertainInputs() ? string.Empty : "; the scenario gives no ranges, so every run has the same inputs (only chance in the process and the war differs)");
        }
        else if (nash is not null)
        {
            package = nash;
            how = "nash-reference";
            basis = negotiation is null
                ? "no simulated runs over the uncertain inputs (--draws 0): the parties' Nash package as the reference"
                : string.Create(CultureInfo.InvariantCulture,
                    $"no deal expected: agreement in {negotiation.Agreements:N0} of {negotiation.Draws:N0} simulated negotiations ({new Proportion(negotiation.Agreements, negotiation.Draws).ShareText}: {Half(new Proportion(negotiation.Agreements, negotiation.Draws))}); the parties' Nash package is the reference");
        }
        else if (deal is not null && negotiation is not null)
        {
            // no zone and (almost) no agreement: no package to name, but what blocks one
            var p = new Proportion(negotiation.Agreements, negotiation.Draws);
            string blockers = deal.Blockers.Count == 0
                ? "no single change of one party's red line or reservation value opens a zone: at least two must move"
                : "what blocks it, each change opening a zone on its own: " + string.Join("; ", deal.Blockers.Select(b => $"{b.Actor}'s {b.Constraint}, {b.Change ?? b.Describe(scenario)}"));
            return new ExpectedDeal(
                new Dictionary<string, PackageLevel>(StringComparer.Ordinal),
                "none",
                string.Create(CultureInfo.InvariantCulture,
                    $"no deal expected: agreement in {negotiation.Agreements:N0} of {negotiation.Draws:N0} simulated negotiations ({p.ShareText}), and ")
                    + (deal.WithinRedLines == 0 ? "no package meets every red line of those who sign" : "no package within their red lines is worth more than no deal to everyone who signs")
                    + $"; {blockers}",
                null,
                null,
                null,
                negotiation.Draws,
                negotiation.Agreements,
                Why,
                [],
                simulation is { Agreement: null } ? [$"the single simulated run on the central inputs ended without a deal ({simulation.EndedBy} at t = {simulation.Time})"] : []);
        }
        else
        {
            return null;
        }

        var issues = new List<IssueReconciliation>();
        foreach (Issue issue in scenario.Issues)
        {
            if (!package.TryGetValue(issue.Id, out double e))
            {
                continue;
            }

            double? n = nash is not null && nash.TryGetValue(issue.Id, out double nv) ? nv : null;
            double? s = simulation?.Agreement is { } agreed && agreed.TryGetValue(issue.Id, out double sv) ? sv : null;
            ZoneRange? zone = deal?.ZoneRanges.FirstOrDefault(z => z.Issue == issue.Id);
            var checks = new Dictionary<string, ForecastCheck>(StringComparer.Ordinal);
            var notes = new List<string>();
            var outside = new List<(string Model, double Value, string Reason)>();
            foreach (ModelForecast m in forecast?.Models ?? [])
            {
                if (m.Issues.FirstOrDefault(f => f.Id == issue.Id) is not { } f)
                {
                    continue;
                }

                bool inZone = zone is not null && f.Value >= zone.Min - 1e-9 && f.Value <= zone.Max + 1e-9;
                checks[m.Name] = new ForecastCheck(f.Value, inZone);
                if (zone is not null && !inZone)
                {
                    // a median just outside the zone whose own 10th-90th percentile reaches it is not a clear miss: say so
                    bool reaches = f.P10 is double lo10 && f.P90 is double hi90 && hi90 >= zone.Min - 1e-9 && lo10 <= zone.Max + 1e-9;
                    string label = reaches ? $"{m.Name} {IssueWords.Number(issue, f.Value)}, whose 10th-90th percentile {IssueWords.Number(issue, f.P10!.Value)}-{IssueWords.Number(issue, f.P90!.Value)} reaches the zone" : $"{m.Name} {IssueWords.Number(issue, f.Value)}";
                    outside.Add((label, f.Value, Reason(scenario, deal!, issue, f.Value)));
                }
            }

            // forecasts outside the zone, grouped by why
            foreach (IGrouping<string, (string Model, double Value, string Reason)> why in outside.GroupBy(o => o.Reason))
            {
                string which = string.Join("; ", why.Select(o => o.Model));
                string range = zone!.Min == zone.Max ? IssueWords.GridNumber(issue, zone.Min) : $"{IssueWords.GridNumber(issue, zone.Min)}-{IssueWords.GridNumber(issue, zone.Max)}";
                notes.Add($"{(why.Count() == 1 ? "the forecast" : "the forecasts")} ({which}) {(why.Count() == 1 ? "lies" : "lie")} outside the zone on this issue ({range}): {why.Key}");
            }

            if (n is double nn && Math.Abs(nn - e) > 1e-9)
            {
                notes.Add($"the expected deal has {IssueWords.GridNumber(issue, e)} where the Nash package has {IssueWords.GridNumber(issue, nn)}: the simulated talks settle elsewhere in the zone than the balanced solution");
            }

            if (s is double ss && Math.Abs(ss - e) > 1e-9)
            {
                notes.Add(how == "most-agreed"
                    ? $"the single simulated run (central inputs) agreed on {IssueWords.GridNumber(issue, ss)}: one run, where the expected deal is the most frequent over the draws"
                    : $"the single simulated run (central inputs) agreed on {IssueWords.GridNumber(issue, ss)}, where the Nash package has {IssueWords.GridNumber(issue, e)}");
            }

            // every forecast inside the zone, yet the deal lies beyond all of them: the package trades this issue
            if (checks.Count > 0 && checks.Values.All(c => c.InZone))
            {
                double lo = checks.Values.Min(c => c.Value), hi = checks.Values.Max(c => c.Value);
                if (e < lo - (issue.Span / 20) || e > hi + (issue.Span / 20))
                {
                    notes.Add($"the {(how == "most-agreed" ? "expected deal" : "reference package")}'s {IssueWords.GridNumber(issue, e)} lies beyond every forecast ({IssueWords.Number(issue, lo)}-{IssueWords.Number(issue, hi)}): in one package the parties trade this issue against others, where each forecast treats the issue alone");
                }
            }

            issues.Add(new IssueReconciliation(issue.Id, issue.Name, e, n, s, zone?.Min, zone?.Max, checks, notes));
        }

        return new ExpectedDeal(
            package.ToDictionary(kv => kv.Key, kv => new PackageLevel(kv.Value, IssueWords.Reading(scenario.FindIssue(kv.Key)!, kv.Value)), StringComparer.Ordinal),
            how,
            basis,
            share,
            low,
            high,
            negotiation?.Draws,
            negotiation?.Agreements,
            Why,
            issues,
            simulation is { Agreement: null } ? [$"the single simulated run on the central inputs ended without a deal ({simulation.EndedBy} at t = {simulation.Time})"] : []);
    }

    /// <summary>
    /// The one rule for how a share of agreeing runs stands against half: under half ("under half", or too close to call
    /// when its interval reaches half), or at least half but with an interval reaching below it (too close to call); empty
    /// when it is clearly above half.
    /// </summary>
    private static string Half(Proportion p)
    {
        (double lo, double hi) = p.Interval90;
        return p.Share < MinAgreementShare
            ? (hi >= MinAgreementShare ? "under half, though its interval reaches half: too close to call a deal" : "under half")
            : (lo < MinAgreementShare ? "at least half, though its interval reaches below half: too close to call a deal" : string.Empty);
    }

    /// <summary>Why a level outside the zone's range is not acceptable to every signatory.</summary>
    private static string Reason(Scenario scenario, DealOutcome deal, Issue issue, double value)
    {
        foreach (SeatedParty p in deal.Parties)
        {
            if (scenario.FindActor(p.Id)?.StanceOn(issue.Id)?.RedLine is { Limit: { } limit } line && !line.Accepts(value))
            {
                string side = line.Bound == RedLineBound.AtLeast ? "at least" : "at most";
                return $"beyond {p.Id}'s red line ({side} {IssueWords.GridNumber(issue, limit.Value)})";
            }
        }

        return "within every red line, but with any package at that level someone who signs is better off without a deal";
    }
}
