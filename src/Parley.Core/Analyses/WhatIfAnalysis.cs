using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;

namespace Parley.Core.Analyses;

/// <summary>One slider move of the what-if page: an actor's position and/or salience on one issue.</summary>
public sealed record WhatIfChange
{
    /// <summary>Actor id.</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>Issue id.</summary>
    public string Issue { get; init; } = string.Empty;

    /// <summary>New position on the issue's scale, if changed.</summary>
    public double? Position { get; init; }

    /// <summary>New salience in [0, 1], if changed.</summary>
    public double? Salience { get; init; }
}

/// <summary>A what-if request: a scenario, optionally a variant, and changes to compare with the base case.</summary>
public sealed record WhatIfRequest : AnalysisRequest
{
    /// <summary>Scenario name (its file name without extension).</summary>
    public string Scenario { get; init; } = string.Empty;

    /// <summary>Variant applied to the what-if case (the base case is the scenario as written).</summary>
    public string? Variant { get; init; }

    /// <summary>Changes that make the what-if case.</summary>
    public IReadOnlyList<WhatIfChange> Changes { get; init; } = [];

    /// <summary>Monte Carlo draws (0: central inputs only).</summary>
    public long Draws { get; init; }

    /// <summary>Seed.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>The what-if comparison: every model's forecast, the zone and the Nash deal for the base case and the what-if case.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Variant">The variant applied to the what-if case, or null.</param>
/// <param name="Draws">Draws.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Changes">The changes that make the what-if case.</param>
/// <param name="Models">The models, in order.</param>
/// <param name="Issues">The issues forecast, with their scales.</param>
/// <param name="Base">The scenario as written.</param>
/// <param name="Whatif">The variant with the changes.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record WhatIfOutcome(
    string Scenario,
    string? Variant,
    long Draws,
    ulong Seed,
    IReadOnlyList<WhatIfChange> Changes,
    IReadOnlyList<string> Models,
    IReadOnlyList<WhatIfIssue> Issues,
    WhatIfCase Base,
    WhatIfCase Whatif,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>An issue and its scale.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Min">Scale minimum.</param>
/// <param name="Max">Scale maximum.</param>
public sealed record WhatIfIssue(string Id, string Name, double Min, double Max);

/// <summary>One case of a what-if.</summary>
/// <param name="Forecast">Per model, per issue.</param>
/// <param name="ZoneSize">Packages acceptable to every party.</param>
/// <param name="Nash">The Nash package (issue id → level), or null without a zone.</param>
public sealed record WhatIfCase(IReadOnlyDictionary<string, IReadOnlyDictionary<string, WhatIfForecast>> Forecast, long ZoneSize, IReadOnlyDictionary<string, double>? Nash);

/// <summary>One issue's forecast in a what-if case.</summary>
/// <param name="Central">On the central inputs.</param>
/// <param name="Median">Median over draws.</param>
/// <param name="P10">10th percentile.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Modes">Two or more modes over the draws, else null (see <see cref="Modality"/>).</param>
public sealed record WhatIfForecast(
    double Central,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Median = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? P10 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? P90 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ForecastMode>? Modes = null);

/// <summary>
/// A what-if comparison: forecast (every model) and the Nash deal for the base case and for the case with a variant and
/// the user's changes. The dashboard runs it; the CLI reruns stored dashboard runs with it.
/// </summary>
public static class WhatIfAnalysis
{
    /// <summary>Problems with a request, by field (empty when it is valid for this scenario).</summary>
    /// <param name="request">The request.</param>
    /// <param name="scenario">The scenario (with the variant applied).</param>
    /// <param name="maxDraws">Largest number of draws allowed.</param>
    public static Dictionary<string, string[]> Check(WhatIfRequest request, Scenario scenario, long maxDraws)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out List<string>? list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (request.Draws < 0 || request.Draws > maxDraws)
        {
            Add("draws", $"draws must be between 0 and {maxDraws}");
        }

        // a JSON body may say "changes": null or [null]: a problem with the request, never an internal error
        if (request.Changes is null)
        {
            Add("changes", "changes must be a list (empty for none)");
            return errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        }

        if (request.Changes.Count > 100)
        {
            Add("changes", "at most 100 changes");
        }

        for (int k = 0; k < request.Changes.Count; k++)
        {
            WhatIfChange? c = request.Changes[k];
            string at = $"changes[{k}]";
            if (c is null || c.Actor is null || c.Issue is null)
            {
                Add(at, "each change names an actor and an issue: {\"actor\": \"us\", \"issue\": \"territory\", \"position\": 50}");
                continue;
            }

            Actor? actor = scenario.FindActor(c.Actor);
            Issue? issue = scenario.Issues.FirstOrDefault(i => i.Id == c.Issue);
            if (actor is null)
            {
                Add(at + ".actor", $"'{c.Actor}' is not an actor of the scenario");
            }

            if (issue is null)
            {
                Add(at + ".issue", $"'{c.Issue}' is not an issue of the scenario");
            }

            if (actor is not null && issue is not null && actor.StanceOn(issue.Id) is null)
            {
                Add(at, $"'{c.Actor}' has no stance on '{c.Issue}'");
            }

            if (c.Position is double p && issue is not null && (!double.IsFinite(p) || p < issue.Min || p > issue.Max))
            {
                Add(at + ".position", string.Create(CultureInfo.InvariantCulture, $"the position must lie on the issue's scale [{issue.Min}, {issue.Max}]"));
            }

            if (c.Salience is double s && (!double.IsFinite(s) || s < 0 || s > 1))
            {
                Add(at + ".salience", "the salience must lie in [0, 1]");
            }
        }

        return errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Runs a what-if on the set: base = the scenario as written; what-if = the request's variant with its changes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress (stage "whatif", in thousandths) and cancellation.</param>
    public static AnalysisOutcome<WhatIfOutcome> Run(WhatIfRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is not { } varied)
        {
            return AnalysisOutcome<WhatIfOutcome>.Fail([.. problems]);
        }

        Dictionary<string, string[]> errors = Check(request, varied, long.MaxValue);
        if (errors.Count > 0)
        {
            return AnalysisOutcome<WhatIfOutcome>.Fail([.. errors.Select(kv => new Scenarios.Diagnostic(Scenarios.Severity.Error, Scenarios.DiagnosticCodes.Request, string.Empty, 0, 0, $"{kv.Key}: {string.Join("; ", kv.Value)}", null))]);
        }

        Action<double>? progress = context?.Progress is { } p ? share => p.Report(new AnalysisProgress("whatif", (long)Math.Round(share * 1000), 1000)) : null;
        return AnalysisOutcome<WhatIfOutcome>.Ok(Run(set.Base, varied, request, set.MainFile, progress, context?.Cancellation ?? default));
    }

    /// <summary>Forecasts and deals for the base case and the what-if case (the variant, if any, and the changes).</summary>
    /// <param name="baseScenario">The scenario as written.</param>
    /// <param name="variantScenario">The scenario with the request's variant applied (the base scenario when there is none).</param>
    /// <param name="request">The request (checked against <paramref name="variantScenario"/>).</param>
    /// <param name="sourceFile">The scenario's file name, for the provenance note.</param>
    /// <param name="progress">Receives the share done, in [0, 1].</param>
    /// <param name="cancellation">Stops the run.</param>
    public static WhatIfOutcome Run(Scenario baseScenario, Scenario variantScenario, WhatIfRequest request, string sourceFile, Action<double>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(baseScenario);
        ArgumentNullException.ThrowIfNull(variantScenario);
        ArgumentNullException.ThrowIfNull(request);
        Scenario changed = WhatIf.Apply(variantScenario, [.. request.Changes.Select(c => new ScenarioChange(c.Actor, c.Issue, c.Position, c.Salience))]);
        ForecastOptions options = ScenarioOptions.Forecast(baseScenario);
        IReadOnlyList<IForecastModel> models = ForecastModels.Default.All;
        var input = ForecastInput.FromScenario(baseScenario);
        WhatIfCase baseCase = Case(baseScenario, models, options, request, p => progress?.Invoke(p / 2), cancellation);
        WhatIfCase whatifCase = Case(changed, models, options, request, p => progress?.Invoke(0.5 + (p / 2)), cancellation);
        progress?.Invoke(1);
        return new WhatIfOutcome(
            baseScenario.Name,
            variantScenario.AppliedVariant,
            request.Draws,
            request.Seed,
            request.Changes,
            [.. models.Select(m => m.Name)],
            [.. input.Issues.Select(i => new WhatIfIssue(i.Id, i.Name, i.Min, i.Max))],
            baseCase,
            whatifCase,
            baseScenario.HasSources ? ProvenanceNote.For(sourceFile) : null);
    }

    private static WhatIfCase Case(Scenario s, IReadOnlyList<IForecastModel> models, ForecastOptions options, WhatIfRequest request, Action<double> progress, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var input = ForecastInput.FromScenario(s);
        IReadOnlyList<ModelDistribution>? dist = null;
        if (request.Draws > 0)
        {
            dist = MonteCarloForecast.Run(input, models, options, new MonteCarloSettings
            {
                Draws = request.Draws,
                Seed = request.Seed,
                Cancellation = cancellation,
                Progress = done => progress(0.9 * done / request.Draws),
            });
        }

        var forecast = new Dictionary<string, IReadOnlyDictionary<string, WhatIfForecast>>(StringComparer.Ordinal);
        for (int m = 0; m < models.Count; m++)
        {
            cancellation.ThrowIfCancellationRequested();
            double[] central = models[m].Run(input, options, record: false).Forecast;
            var issues = new Dictionary<string, WhatIfForecast>(StringComparer.Ordinal);
            for (int i = 0; i < input.IssueCount; i++)
            {
                ForecastDistribution? d = dist?[m].Issues[i];
                issues[input.Issues[i].Id] = d is null ? new WhatIfForecast(central[i]) : new WhatIfForecast(central[i], d.Median, d.P10, d.P90, input.Issues[i].Kind == IssueKind.Continuous ? Modality.Of(d.Counts, d.Min, d.Max) : null);
            }

            forecast[models[m].Name] = issues;
        }

        cancellation.ThrowIfCancellationRequested();
        DealSpace space = DealSpace.Build(s, ScenarioOptions.Deal(s));
        DealReport deal = TableDeal.Solutions(space, TableDeal.Group(space));
        Solution? nash = deal.Find("nash");
        progress(1);
        return new WhatIfCase(forecast, deal.ZopaCount, nash is null ? null : space.Issues.Select((i, d) => (i.Id, space.Levels[d][nash.Levels[d]])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal));
    }
}
