using System.Text.Json.Serialization;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;

namespace Parley.Core.Analyses;

/// <summary>One-at-a-time sensitivity (a tornado table): the request.</summary>
public sealed record SensitivityRequest : AnalysisRequest
{
    /// <summary>The variant to apply, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The seed of the durability paths and of the draws (the same for every swing).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>0: each end's forecast on the central values of the other inputs; N: the median over N draws of them.</summary>
    public long Draws { get; init; }
}

/// <summary>One input swung over its range.</summary>
/// <param name="Input">Dotted path of the input.</param>
/// <param name="Low">Its low end.</param>
/// <param name="High">Its high end.</param>
/// <param name="ForecastSwing">Largest change of any issue's smp forecast between the two ends.</param>
/// <param name="Issue">The issue that moved most.</param>
/// <param name="Holds5yLow">The base Nash deal's five-year durability at the low end (null without dynamics).</param>
/// <param name="Holds5yHigh">The same at the high end.</param>
/// <param name="Link">Through which model and link the swing travels: own, joint, votes or war (<see cref="SwingLink"/>).</param>
/// <param name="Through">The link in words.</param>
public sealed record SwingRow(
    string Input,
    double Low,
    double High,
    double ForecastSwing,
    string Issue,
    [property: JsonPropertyName("holds_5y_low")] double? Holds5yLow,
    [property: JsonPropertyName("holds_5y_high")] double? Holds5yHigh,
    string Link = "own",
    string Through = "");

/// <summary>The tornado table, largest forecast swing first.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Draws">0: forecasts on the central values of the other inputs; N: medians over N draws of them.</param>
/// <param name="Swings">Every uncertain input.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record SensitivityOutcome(
    string Scenario,
    long Draws,
    IReadOnlyList<SwingRow> Swings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>Sensitivity: every uncertain input swung over its range, with the forecast (the scenario's model parameters) and durability.</summary>
public static class SensitivityAnalysis
{
    /// <summary>Power paths behind each durability of the table (the same at every end of every swing).</summary>
    public const int DurabilityPaths = Experiments.Sensitivity.DurabilityPaths;

    /// <summary>Runs the tornado table.</summary>
    /// <param name="request">Variant and seed.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<SensitivityOutcome> Run(SensitivityRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is not { } s)
        {
            return AnalysisOutcome<SensitivityOutcome>.Fail([.. problems]);
        }

        if (Limits.Draws(request.Draws) is string tooMany)
        {
            return AnalysisOutcome<SensitivityOutcome>.Refuse(tooMany);
        }

        IReadOnlyList<Swing> swings = Sensitivity.Run(s, DurabilityAnalysis.DefaultYears, seed: request.Seed, options: ScenarioOptions.Forecast(s), draws: request.Draws);
        return AnalysisOutcome<SensitivityOutcome>.Ok(new SensitivityOutcome(
            s.Name,
            request.Draws,
            [.. swings.Select(w => new SwingRow(w.Input, w.Low, w.High, w.ForecastSwing, w.ForecastIssue, double.IsNaN(w.DurabilityLow) ? null : w.DurabilityLow, double.IsNaN(w.DurabilityHigh) ? null : w.DurabilityHigh,
                w.Link.Code, w.Link.Text))],
            s.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }
}
