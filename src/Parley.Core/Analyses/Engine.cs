using System.Text.Json.Serialization;

namespace Parley.Core.Analyses;

/// <summary>
/// A request for one analysis: data that can be stored, sent to another machine and run again to the same bytes. Written
/// with its kind in <c>"analysis"</c> (e.g. <c>{"analysis": "forecast", "draws": 200}</c>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "analysis")]
[JsonDerivedType(typeof(ForecastRequest), "forecast")]
[JsonDerivedType(typeof(DealRequest), "deal")]
[JsonDerivedType(typeof(NegotiationRequest), "negotiation")]
[JsonDerivedType(typeof(DurabilityRequest), "durability")]
[JsonDerivedType(typeof(ValidationRequest), "validation")]
[JsonDerivedType(typeof(ComparisonRequest), "comparison")]
[JsonDerivedType(typeof(SensitivityRequest), "sensitivity")]
[JsonDerivedType(typeof(MainJobRequest), "main-job")]
[JsonDerivedType(typeof(WhatIfRequest), "what-if")]
[JsonDerivedType(typeof(SourcesRequest), "sources")]
[JsonDerivedType(typeof(BacktestRequest), "backtest")]
[JsonDerivedType(typeof(ExperimentRequest), "experiment")]
[JsonDerivedType(typeof(BriefRequest), "brief")]
[JsonDerivedType(typeof(TournamentRequest), "tournament")]
public abstract record AnalysisRequest
{
    /// <summary>True when the analysis reads a scenario (all but the durability model's validation).</summary>
    [JsonIgnore]
    public virtual bool NeedsScenario => true;
}

/// <summary>The result of one analysis: an immutable record of what was found (see each type).</summary>
public abstract record AnalysisResult;

/// <summary>Fit and check the empirical durability model: the request.</summary>
public sealed record ValidationRequest : AnalysisRequest
{
    /// <summary>The bootstrap's seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <inheritdoc/>
    public override bool NeedsScenario => false;
}

/// <summary>
/// The library's front door: load a scenario with its diagnostics, then run any request on it. The CLI, the dashboard,
/// the run store's rerun and any .NET program go through here (or through each analysis's own entry point).
/// </summary>
public static class Engine
{
    /// <summary>The engine's version (as runs and reports record it).</summary>
    public static string Version { get; } =
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Engine).Assembly)?.InformationalVersion ?? "0").Split('+')[0];

    /// <summary>Loads a scenario (files read once; variants bound on demand).</summary>
    /// <param name="files">One scenario file, a folder, or a Genius domain with its profiles.</param>
    public static ScenarioSetLoad Load(IReadOnlyList<string> files) => ScenarioSet.Load(files);

    /// <summary>Runs a request; bad requests come back as problems, never as exceptions.</summary>
    /// <param name="request">Any request.</param>
    /// <param name="set">The scenario (null only for requests that need none).</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<AnalysisResult> Run(AnalysisRequest request, ScenarioSet? set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NeedsScenario && set is null)
        {
            return AnalysisOutcome<AnalysisResult>.Refuse($"the {request.GetType().Name} needs a scenario");
        }

        return request switch
        {
            ForecastRequest q => Up(ForecastAnalysis.Run(q, set!, context)),
            DealRequest q => Up(DealSpaceAnalysis.Run(q, set!, context)),
            NegotiationRequest { Compare: true } q => Up(NegotiationAnalysis.CompareProcesses(q, set!, context)),
            NegotiationRequest { Draws: > 0 } q => Up(NegotiationAnalysis.RunOverDraws(q, set!, context)),
            NegotiationRequest q => Up(NegotiationAnalysis.RunOnce(q, set!, context)),
            DurabilityRequest { Compare: true } q => Up(DurabilityAnalysis.Compare(q, set!, context)),
            DurabilityRequest q => Up(DurabilityAnalysis.Run(q, set!, context)),
            ValidationRequest q => AnalysisOutcome<AnalysisResult>.Ok(DurabilityAnalysis.Validate(q.Seed)),
            ComparisonRequest q => Up(ComparisonAnalysis.Run(q, set!, context)),
            SensitivityRequest q => Up(SensitivityAnalysis.Run(q, set!, context)),
            MainJobRequest q => Up(MainJob.Run(q, set!, context)),
            WhatIfRequest q => Up(WhatIfAnalysis.Run(q, set!, context)),
            SourcesRequest q => Up(SourcesAnalysis.Run(q, set!, context)),
            BacktestRequest q => Up(BacktestAnalysis.Run(q, context)),
            ExperimentRequest q => Up(ExperimentAnalysis.Run(q, set!, context)),
            BriefRequest q => Up(BriefAnalysis.Run(q, set!, context)),
            TournamentRequest q => Up(TournamentAnalysis.Run(q, set!, context)),
            _ => throw new ArgumentException($"no analysis runs {request.GetType().Name}", nameof(request)),
        };
    }

    private static AnalysisOutcome<AnalysisResult> Up<T>(AnalysisOutcome<T> outcome)
        where T : AnalysisResult => new(outcome.Result, outcome.Problems);
}
