using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;

namespace Parley.Core.Analyses;

/// <summary>Where each issue lands, per model: the request.</summary>
public sealed record ForecastRequest : AnalysisRequest
{
    /// <summary>The variant to apply, or null for the scenario as written.</summary>
    public string? Variant { get; init; }

    /// <summary>A model's short name, or <c>all</c>.</summary>
    public string Model { get; init; } = "all";

    /// <summary>Monte Carlo draws over the uncertain inputs (0: central values only).</summary>
    public long Draws { get; init; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads (null: all cores; the result does not depend on it).</summary>
    public int? Threads { get; init; }

    /// <summary>Model parameters set for this run (<c>eum.q=0.5</c>), applied after the scenario's <c>models:</c> block.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>Keep every round's positions and events (trajectories).</summary>
    public bool Trajectories { get; init; } = true;
}

/// <summary>A forecast: per model, where each issue lands, with intervals over draws.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Variant">The variant applied, or null.</param>
/// <param name="Draws">Monte Carlo draws (0: central inputs only).</param>
/// <param name="Seed">The seed, when there were draws.</param>
/// <param name="Values">What the values are.</param>
/// <param name="Parameters">The model parameters in force (scenario, then request).</param>
/// <param name="SkippedIssues">Issues that cannot be forecast (unordered options).</param>
/// <param name="Models">One forecast per model.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record ForecastOutcome(
    string Scenario,
    string? Variant,
    long Draws,
    ulong? Seed,
    string Values,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> SkippedIssues,
    IReadOnlyList<ModelForecast> Models,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>One model's forecast.</summary>
/// <param name="Name">Short name.</param>
/// <param name="Title">Display name.</param>
/// <param name="Rounds">Rounds on the central inputs (0 for closed-form models).</param>
/// <param name="Issues">Per issue.</param>
/// <param name="Trajectory">Every round on the central inputs, for models that run in rounds.</param>
public sealed record ModelForecast(
    string Name,
    string Title,
    int Rounds,
    IReadOnlyList<IssueForecast> Issues,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ForecastRoundState>? Trajectory);

/// <summary>One issue's forecast under one model.</summary>
/// <param name="Id">Issue id.</param>
/// <param name="Name">Issue name.</param>
/// <param name="Central">The forecast on the central inputs.</param>
/// <param name="Reading">The reported value in the issue's words.</param>
/// <param name="Median">Median over draws.</param>
/// <param name="P10">10th percentile over draws.</param>
/// <param name="P90">90th percentile over draws.</param>
/// <param name="Mean">Mean over draws.</param>
/// <param name="Modes">Two or more modes over the draws (<see cref="Modality"/>), else null: the median then stands between answers.</param>
public sealed record IssueForecast(
    string Id,
    string Name,
    double Central,
    string Reading,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Median = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? P10 = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? P90 = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Mean = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ForecastMode>? Modes = null)
{
    /// <summary>The modes in words ("35.6 (65% of the draws), 61.9 (15%) and 88.2 (15%)"), or empty when there is one.</summary>
    /// <param name="number">Writes a value on the issue's scale.</param>
    public string ModesText(Func<double, string> number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (Modes is not { Count: > 1 } modes)
        {
            return string.Empty;
        }

        string[] parts = [.. modes.Select((m, k) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{number(m.Value)} ({m.Share * 100:0}%{(k == 0 ? " of the draws" : string.Empty)})"))];
        double rest = 1 - modes.Sum(m => m.Share);
        return string.Join(", ", parts[..^1]) + " and " + parts[^1] +
            (rest >= 0.005 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (the other {rest * 100:0}% in minor bumps)") : string.Empty);
    }

    /// <summary>The value a table reports: the median over draws, else the central forecast.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Value => Median ?? Central;
}

/// <summary>The state after one round of a model.</summary>
/// <param name="Round">Round; 0 is the input.</param>
/// <param name="Forecast">Forecast per issue id.</param>
/// <param name="WeightedMean">Capability·salience-weighted mean per issue id.</param>
/// <param name="Positions">Position per actor id, per issue id.</param>
/// <param name="Events">What happened in the round.</param>
public sealed record ForecastRoundState(
    int Round,
    IReadOnlyDictionary<string, double> Forecast,
    IReadOnlyDictionary<string, double> WeightedMean,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Positions,
    IReadOnlyList<ForecastRoundEvent> Events);

/// <summary>Something a model did in a round.</summary>
/// <param name="Kind">challenge, conflict, compromise, capitulation, move, target, bargain, choice.</param>
/// <param name="Actor">The acting actor.</param>
/// <param name="Other">The other actor, if any.</param>
/// <param name="Issue">The issue, for per-issue models.</param>
/// <param name="Text">A sentence for people.</param>
public sealed record ForecastRoundEvent(string Kind, string Actor, string? Other, string? Issue, string Text);

/// <summary>Runs forecasts: the one way to forecast a scenario (CLI, dashboard, main job, compare).</summary>
public static class ForecastAnalysis
{
    /// <summary>The models by short name, with their display names.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Models { get; } =
        [.. ForecastModels.Default.All.Select(m => new KeyValuePair<string, string>(m.Name, m.Title))];

    /// <summary>Every model parameter a request or a scenario's <c>models:</c> block may set.</summary>
    public static IReadOnlyList<string> ParameterKeys { get; } = [.. ModelParameterCatalog.All.Select(p => p.Key)];

    /// <summary>The model parameters in force: the scenario's <c>models:</c> block, then the request's.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="request">The request's parameters.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Settings(Scenario scenario, IEnumerable<KeyValuePair<string, string>> request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return [.. scenario.ModelParameters, .. request];
    }

    /// <summary>Runs a forecast on the set's scenario (with the request's variant).</summary>
    /// <param name="request">What to forecast.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<ForecastOutcome> Run(ForecastRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        return set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is { } scenario
            ? Run(request, scenario, set.MainFile, context)
            : AnalysisOutcome<ForecastOutcome>.Fail([.. problems]);
    }

    /// <summary>Runs a forecast on a scenario already chosen.</summary>
    /// <param name="request">What to forecast (its variant is taken as applied).</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="file">The scenario's file, for the provenance note.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<ForecastOutcome> Run(ForecastRequest request, Scenario scenario, string file, AnalysisContext? context = null) =>
        Run(request, scenario, file, context, null);

    /// <summary>Runs a forecast on a scenario already chosen, handing the draws' distributions (per model, per issue) to <paramref name="keep"/>.</summary>
    /// <param name="request">What to forecast (its variant is taken as applied).</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="file">The scenario's file, for the provenance note.</param>
    /// <param name="context">Progress and cancellation.</param>
    /// <param name="keep">Receives the distributions when there are draws (the backtest reads its intervals from them).</param>
    internal static AnalysisOutcome<ForecastOutcome> Run(ForecastRequest request, Scenario scenario, string file, AnalysisContext? context, Action<IReadOnlyList<ModelDistribution>>? keep)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scenario);
        context ??= AnalysisContext.None;
        if (Limits.Draws(request.Draws) is string tooMany)
        {
            return AnalysisOutcome<ForecastOutcome>.Refuse(tooMany);
        }

        if (request.Threads is < 1)
        {
            return AnalysisOutcome<ForecastOutcome>.Refuse("--threads must be 1 or more");
        }

        IForecastModel? single = request.Model == "all" ? null : ForecastModels.Default.Find(request.Model);
        if (request.Model != "all" && single is null)
        {
            return AnalysisOutcome<ForecastOutcome>.Refuse($"unknown model '{request.Model}'", "models: " + string.Join(", ", ForecastModels.Default.All.Select(m => m.Name)) + ", or all");
        }

        var errors = new List<string>();
        IReadOnlyList<KeyValuePair<string, string>> settings = Settings(scenario, request.Parameters);
        // the scenario's models block was bound once when it loaded; only a request's own parameters need binding here
        ForecastOptions options = request.Parameters.Count == 0 ? ScenarioOptions.Forecast(scenario) : ForecastOptions.From(settings, errors);
        if (errors.Count > 0)
        {
            return AnalysisOutcome<ForecastOutcome>.Fail([.. errors.Select(e => new Scenarios.Diagnostic(Scenarios.Severity.Error, Scenarios.DiagnosticCodes.Request, string.Empty, 0, 0, "--param " + e, null))]);
        }

        var input = ForecastInput.FromScenario(scenario);
        if (input.IssueCount == 0)
        {
            return AnalysisOutcome<ForecastOutcome>.NotApplicable($"no issue can be forecast (only unordered discrete issues: {string.Join(", ", input.SkippedIssues)})", file);
        }

        IReadOnlyList<IForecastModel> models = single is null ? ForecastModels.Default.All : [single];
        var central = new List<ForecastResult>();
        foreach (IForecastModel m in models)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            // a large spatial run shares its turns among the threads the request allows (--threads; all cores by default)
            IForecastModel runner = m is SpatialModel ? new SpatialModel { TurnWorkers = input.ActorCount >= 40 ? request.Threads ?? Environment.ProcessorCount : 1 } : m;
            central.Add(runner.Run(input, options, record: request.Trajectories));
        }

        IReadOnlyList<ModelDistribution>? distributions = null;
        if (request.Draws > 0)
        {
            distributions = MonteCarloForecast.Run(input, models, options, new MonteCarloSettings
            {
                Draws = request.Draws,
                Seed = request.Seed,
                Threads = request.Threads,
                Progress = context.Reporter("forecast", request.Draws),
                Cancellation = context.Cancellation,
            });
            keep?.Invoke(distributions);
        }

        var results = new List<ModelForecast>(central.Count);
        for (int m = 0; m < central.Count; m++)
        {
            ForecastResult res = central[m];
            var issues = new List<IssueForecast>(input.IssueCount);
            for (int d = 0; d < input.IssueCount; d++)
            {
                Issue issue = input.Issues[d];
                if (distributions is null)
                {
                    issues.Add(new IssueForecast(issue.Id, issue.Name, res.Forecast[d], IssueWords.Reading(issue, res.Forecast[d])));
                }
                else
                {
                    ForecastDistribution dist = distributions[m].Issues[d];
                    issues.Add(new IssueForecast(issue.Id, issue.Name, res.Forecast[d], IssueWords.Reading(issue, dist.Median), dist.Median, dist.P10, dist.P90, dist.Mean, issue.Kind == IssueKind.Continuous ? Modality.Of(dist.Counts, dist.Min, dist.Max) : null));
                }
            }

            results.Add(new ModelForecast(res.Model, ForecastModels.Default.Find(res.Model)!.Title, res.Rounds, issues, Trajectory(res)));
        }

        return AnalysisOutcome<ForecastOutcome>.Ok(new ForecastOutcome(
            scenario.Name,
            scenario.AppliedVariant,
            request.Draws,
            request.Draws > 0 ? request.Seed : null,
            distributions is null ? "central inputs" : "median and 10th-90th percentile over draws; central = run on the central inputs",
            Ordered(settings),
            input.SkippedIssues,
            results,
            scenario.HasSources ? ProvenanceNote.For(file) : null));
    }

    /// <summary>Parameters by key, in first-seen order, the last value winning.</summary>
    private static Dictionary<string, string> Ordered(IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        var keys = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string k, string v) in settings)
        {
            if (!values.ContainsKey(k))
            {
                keys.Add(k);
            }

            values[k] = v;
        }

        var ordered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string k in keys)
        {
            ordered[k] = values[k];
        }

        return ordered;
    }

    private static List<ForecastRoundState>? Trajectory(ForecastResult res)
    {
        if (res.Trajectory is null)
        {
            return null;
        }

        int ni = res.Issues.Count;
        var rounds = new List<ForecastRoundState>(res.Trajectory.Count);
        foreach (TrajectoryRound tr in res.Trajectory)
        {
            var positions = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            for (int a = 0; a < res.ActorIds.Count; a++)
            {
                var p = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int d = 0; d < ni; d++)
                {
                    p[res.Issues[d].Id] = tr.Positions[(a * ni) + d];
                }

                positions[res.ActorIds[a]] = p;
            }

            rounds.Add(new ForecastRoundState(tr.Round, IssueMap(res, tr.Forecast), IssueMap(res, tr.WeightedMean), positions,
                [.. tr.Events.Select(e => new ForecastRoundEvent(e.Kind, e.Actor, e.Other, e.Issue, e.Text))]));
        }

        return rounds;
    }

    private static Dictionary<string, double> IssueMap(ForecastResult res, double[] values)
    {
        var o = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int d = 0; d < values.Length; d++)
        {
            o[res.Issues[d].Id] = values[d];
        }

        return o;
    }
}
