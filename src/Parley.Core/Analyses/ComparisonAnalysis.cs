using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;

namespace Parley.Core.Analyses;

/// <summary>What-if: the base scenario and variants side by side. The request.</summary>
public sealed record ComparisonRequest : AnalysisRequest
{
    /// <summary>The variants to compare with the base (empty: every variant).</summary>
    public IReadOnlyList<string> Variants { get; init; } = [];

    /// <summary>Monte Carlo draws (0: central values; forecasts use at most 2,000 and negotiations 500).</summary>
    public long Draws { get; init; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>The what-if table: per run (base, then each variant), each metric as displayed.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Draws">Draws.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Runs">Per run label, metric → value as displayed.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record ComparisonOutcome(
    string Scenario,
    long Draws,
    ulong Seed,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Runs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>
/// The what-if comparison: for the base and each variant, the smp forecast, the zone and the Nash package, a simulated run
/// at the default table and the Nash deal's five-year durability — each through the same analysis its own command uses.
/// </summary>
public static class ComparisonAnalysis
{
    /// <summary>Forecast draws at most used per run.</summary>
    public const long MaxForecastDraws = 2000;

    /// <summary>Negotiation draws at most used per run.</summary>
    public const long MaxNegotiationDraws = 500;

    /// <summary>Compares the base scenario with its variants.</summary>
    /// <param name="request">Which variants, draws and seed.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<ComparisonOutcome> Run(ComparisonRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        if (Limits.Draws(request.Draws) is string tooMany)
        {
            return AnalysisOutcome<ComparisonOutcome>.Refuse(tooMany);
        }

        IReadOnlyList<string> ids = request.Variants.Count > 0 ? request.Variants : [.. set.Base.Variants.Select(v => v.Id)];
        var columns = new List<(string Label, Scenario Scenario)> { ("base", set.Base) };
        foreach (string id in ids)
        {
            Scenarios.LoadResult r = set.TryGet(id);
            if (!r.Succeeded)
            {
                return AnalysisOutcome<ComparisonOutcome>.Fail([.. r.Diagnostics]);
            }

            columns.Add((id, r.Scenario!));
        }

        var runs = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach ((string label, Scenario s) in columns)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            runs[label] = Evaluate(s, set.MainFile, request);
        }

        return AnalysisOutcome<ComparisonOutcome>.Ok(new ComparisonOutcome(set.Base.Name, request.Draws, request.Seed, runs, set.Base.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }

    private static Dictionary<string, string> Evaluate(Scenario s, string file, ComparisonRequest q)
    {
        var r = new Dictionary<string, string>(StringComparer.Ordinal);
        var forecastRequest = new ForecastRequest { Model = "smp", Draws = Math.Min(q.Draws, MaxForecastDraws), Seed = q.Seed, Trajectories = false };
        if (ForecastAnalysis.Run(forecastRequest, s, file).Result is { } forecast)
        {
            foreach (IssueForecast f in forecast.Models[0].Issues)
            {
                r[$"forecast {f.Id}"] = f.Median is double median ? $"{F(median)} [{F(f.P10!.Value)}-{F(f.P90!.Value)}]" : F(f.Central);
            }
        }

        // who takes part (a variant may change a role)
        r["who signs"] = string.Join(", ", s.Signatories());
        r["at the table"] = string.Join(", ", s.Table());
        DealSpace space = DealSpace.Build(s, Experiments.ScenarioOptions.Deal(s));
        int[] group = TableDeal.Group(space);
        DealReport? deal = group.Length >= 2 ? TableDeal.Solutions(space, group) : null;   // a deal needs two who sign
        r["zone (packages)"] = deal is null ? "- (fewer than two sign)" : deal.ZopaCount.ToString("N0", CultureInfo.InvariantCulture);
        Solution? nash = deal?.Find("nash");
        for (int d = 0; d < space.Issues.Count; d++)
        {
            r[$"Nash {space.Issues[d].Id}"] = nash is null ? "-" : space.Levels[d][nash.Levels[d]].ToString("0.#", CultureInfo.InvariantCulture);
        }

        var negotiation = new NegotiationRequest { Seed = q.Seed, Draws = Math.Min(q.Draws, MaxNegotiationDraws) };
        SessionOutcome? central = NegotiationAnalysis.RunOnce(negotiation with { Draws = 0 }, s, file).Result;
        if (q.Draws > 0)
        {
            if (NegotiationAnalysis.RunOverDraws(negotiation, s, file).Result is { } nd)
            {
                // the share with its interval, and its N
                r["deal (simulated)"] = $"{new Proportion(nd.Agreements, nd.Draws).ShareBrief} of {nd.Draws:N0}";
            }
        }
        else if (central is { } run)
        {
            r["deal (simulated)"] = run.Agreement is null ? "no" : $"yes, t={run.Time}";
        }

        // ripeness (the hurting stalemate) per party, in the run on the central inputs: the first step at which the table's
        // Nash package beats fighting on for it and fighting on is expected to get worse ("-": no Nash package, or no dynamics)
        foreach (string party in s.Table())
        {
            r[$"ripe: {party}"] = central?.Ripeness is { } ripe && ripe.TryGetValue(party, out int? step) ? step is int t ? $"t={t}" : "never" : "-";
        }

        if (s.Dynamics is not null && nash is not null
            && DurabilityAnalysis.Run(new DurabilityRequest { Seed = q.Seed }, s, file).Result is { } durability
            && durability.Holding.TryGetValue("5y", out double holds))
        {
            // with its 10th-90th percentile over draws of the inputs
            r["holds 5y"] = DurabilityAnalysis.ShareWithRange(durability, "5y");
        }

        return r;
    }

    private static string F(double v) => v.ToString("0", CultureInfo.InvariantCulture);
}
