using Parley.Core.Analyses;

namespace Parley.Storage;

/// <summary>One row of the <c>forecasts</c> query table, read from a typed result.</summary>
/// <param name="Model">The model (a dashboard what-if: "smp (base)", "smp (what-if)").</param>
/// <param name="Issue">The issue id.</param>
/// <param name="Central">On the central inputs.</param>
/// <param name="Median">Median over draws.</param>
/// <param name="P10">10th percentile.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Mean">Mean over draws.</param>
public sealed record ForecastRow(string Model, string Issue, double? Central, double? Median, double? P10, double? P90, double? Mean)
{
    /// <summary>The forecast rows of a result: a forecast, the main job's forecast, or both cases of a what-if; none for other results.</summary>
    /// <param name="result">The typed result, or null.</param>
    public static IReadOnlyList<ForecastRow> Of(AnalysisResult? result) => result switch
    {
        ForecastOutcome f => Rows(f),
        MainJobOutcome { Forecast: { } f } => Rows(f),
        WhatIfOutcome w => [.. Rows(w.Base, "base"), .. Rows(w.Whatif, "what-if")],
        _ => [],
    };

    private static List<ForecastRow> Rows(ForecastOutcome f) =>
        [.. f.Models.SelectMany(m => m.Issues.Select(i => new ForecastRow(m.Name, i.Id, i.Central, i.Median, i.P10, i.P90, i.Mean)))];

    private static IEnumerable<ForecastRow> Rows(WhatIfCase c, string label) =>
        c.Forecast.SelectMany(m => m.Value.Select(i => new ForecastRow($"{m.Key} ({label})", i.Key, i.Value.Central, i.Value.Median, i.Value.P10, i.Value.P90, null)));
}
