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

    /// <summary>Two inputs for a two-way grid beside the tornado (full paths, or the short names the table prints); null: none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Grid { get; init; }

    /// <summary>Values per input of the two-way grid (2 to 21; null: 5).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? GridSteps { get; init; }
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult
{
    /// <summary>The two-way grid, when one was asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SensitivityGrid? Grid { get; init; }
}

/// <summary>A two-way grid: two inputs set together across their ranges, everything else at its central value.</summary>
/// <param name="RowInput">The first input (rows).</param>
/// <param name="Rows">Its values.</param>
/// <param name="ColumnInput">The second input (columns).</param>
/// <param name="Columns">Its values.</param>
/// <param name="Forecasts">Per issue, the forecast (smp) at [row][column].</param>
/// <param name="Holds">The base Nash deal's share of power paths holding after five years at [row][column] (null without dynamics or a deal).</param>
public sealed record SensitivityGrid(string RowInput, double[] Rows, string ColumnInput, double[] Columns, IReadOnlyList<SensitivityGridIssue> Forecasts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[][]? Holds);

/// <summary>One issue's forecast over a two-way grid.</summary>
/// <param name="Issue">The issue.</param>
/// <param name="Values">The forecast at [row][column].</param>
public sealed record SensitivityGridIssue(string Issue, double[][] Values);

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

        int steps = request.GridSteps ?? 5;
        if (request.GridSteps is not null && request.Grid is null)
        {
            return AnalysisOutcome<SensitivityOutcome>.Refuse("--grid-steps sets the values of a two-way grid: give the grid's two inputs with --grid A,B");
        }

        IReadOnlyList<string>? gridPaths = null;
        if (request.Grid is { } grid)
        {
            IReadOnlyList<string> known = Sensitivity.InputPaths(s);
            // an input by its full path, or by the short name the table prints (without 'actors.' and 'stances.')
            string? Resolve(string name) => known.Contains(name) ? name
                : known.FirstOrDefault(k => k.Replace("actors.", string.Empty, StringComparison.Ordinal).Replace("stances.", string.Empty, StringComparison.Ordinal) == name);
            if (grid.Count != 2)
            {
                return AnalysisOutcome<SensitivityOutcome>.Refuse($"a two-way grid takes two different inputs, e.g. {string.Join(",", known.Take(2))}");
            }

            if (grid.FirstOrDefault(g => Resolve(g) is null) is string unknown)
            {
                return AnalysisOutcome<SensitivityOutcome>.Refuse($"{unknown} is not an uncertain input of {s.Name}; the inputs with a range are listed by 'parley sensitivity FILE --format json' (e.g. {string.Join(", ", known.Take(3))})");
            }

            gridPaths = [Resolve(grid[0])!, Resolve(grid[1])!];
            if (gridPaths[0] == gridPaths[1])
            {
                return AnalysisOutcome<SensitivityOutcome>.Refuse($"a two-way grid takes two different inputs, not {gridPaths[0]} twice");
            }

            if (steps is < 2 or > 21)
            {
                return AnalysisOutcome<SensitivityOutcome>.Refuse($"a grid takes 2 to 21 values per input, not {steps}");
            }
        }

        IReadOnlyList<Swing> swings = Sensitivity.Run(s, DurabilityAnalysis.DefaultYears, seed: request.Seed, options: ScenarioOptions.Forecast(s), draws: request.Draws);
        SensitivityGrid? twoWay = gridPaths is { } g2 && Sensitivity.Grid(s, g2[0], g2[1], steps, DurabilityAnalysis.DefaultYears, seed: request.Seed, options: ScenarioOptions.Forecast(s), draws: request.Draws) is { } tw
            ? new SensitivityGrid(tw.RowInput, tw.Rows, tw.ColumnInput, tw.Columns, [.. tw.Forecasts.Select(f => new SensitivityGridIssue(f.Issue, f.Values))], tw.Holds)
            : null;
        return AnalysisOutcome<SensitivityOutcome>.Ok(new SensitivityOutcome(
            s.Name,
            request.Draws,
            [.. swings.Select(w => new SwingRow(w.Input, w.Low, w.High, w.ForecastSwing, w.ForecastIssue, double.IsNaN(w.DurabilityLow) ? null : w.DurabilityLow, double.IsNaN(w.DurabilityHigh) ? null : w.DurabilityHigh,
                w.Link.Code, w.Link.Text))],
            s.HasSources ? ProvenanceNote.For(set.MainFile) : null)
        {
            Grid = twoWay,
        });
    }
}
