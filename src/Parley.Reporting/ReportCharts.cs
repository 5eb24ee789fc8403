using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using ScottPlot;

namespace Parley.Reporting;

/// <summary>One chart of a report: where it belongs, its title, and the plot.</summary>
/// <param name="Id">File-name-safe id (used for PNG export).</param>
/// <param name="Section">The report section it illustrates.</param>
/// <param name="Title">Its title.</param>
/// <param name="Plot">The ScottPlot plot.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record ReportChart(string Id, string Section, string Title, Plot Plot, int Width, int Height);

/// <summary>Builds the report's charts from a result document (ScottPlot; titles, labelled axes and legends).</summary>
public static class ReportCharts
{
    private static readonly Lock FontLock = new();

    /// <summary>Every chart the result supports.</summary>
    /// <param name="result">A typed result.</param>
    public static List<ReportChart> Build(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Build(ReportSections.Of(result));
    }

    /// <summary>Every chart the sections support.</summary>
    internal static List<ReportChart> Build(ReportSections r)
    {
        lock (FontLock)
        {
            Fonts.Default = "DejaVu Sans";
        }

        var charts = new List<ReportChart>();
        if (r.Forecast is { } forecast)
        {
            charts.AddRange(ForecastCharts(forecast, r.Summary));
            charts.AddRange(TrajectoryCharts(forecast, r.Summary));
        }

        if (r.Deal is { } deal)
        {
            charts.AddRange(FrontierCharts(deal, r.Belligerents));
        }

        if (r.Simulation is { Transcript.Count: > 0 } sim)
        {
            charts.Add(Timeline(sim, r.Summary));
        }

        if (r.Dashboard is { } dashboard)
        {
            charts.Add(WhatIfChart(dashboard));
        }

        if (r.Durability is { Count: > 0 } runs)
        {
            charts.Add(Survival(runs));
        }

        return charts;
    }

    /// <summary>The issue's scale and anchor ticks from the summary (0–100 without one).</summary>
    internal static (double Min, double Max, double[] Ticks, string[] Labels) Scale(ScenarioDocument? summary, string issueId)
    {
        IssueDocument? issue = summary?.Issue(issueId);
        if (issue?.Options is { } options)
        {
            return (0, options.Count - 1, [.. Enumerable.Range(0, options.Count).Select(k => (double)k)], [.. options.Select(Wrap)]);
        }

        double min = issue?.Scale?.Min ?? 0, max = issue?.Scale?.Max ?? 100;
        if (issue?.Anchors is { Count: > 0 } anchors)
        {
            var pairs = anchors.Select(kv => (V: double.Parse(kv.Key, CultureInfo.InvariantCulture), L: kv.Value)).OrderBy(p => p.V).ToList();
            return (min, max, [.. pairs.Select(p => p.V)], [.. pairs.Select(p => Wrap($"{Num(p.V)}: {p.L}"))]);
        }

        double[] ticks = [min, min + ((max - min) / 4), min + ((max - min) / 2), min + (3 * (max - min) / 4), max];
        return (min, max, ticks, [.. ticks.Select(Num)]);
    }

    private static IEnumerable<ReportChart> ForecastCharts(ForecastOutcome forecast, ScenarioDocument? summary)
    {
        IReadOnlyList<ModelForecast> models = forecast.Models;
        if (models.Count == 0)
        {
            yield break;
        }

        IReadOnlyList<IssueForecast> issues = models[0].Issues;
        for (int i = 0; i < issues.Count; i++)
        {
            string id = issues[i].Id;
            string name = issues[i].Name;
            var plt = new Plot();
            (double min, double max, double[] ticks, string[] labels) = Scale(summary, id);
            double[] xs = [.. Enumerable.Range(0, models.Count).Select(m => (double)m)];
            double[] central = [.. models.Select(m => m.Issues[i].Central)];
            if (issues[i].Median is not null)
            {
                double[] med = [.. models.Select(m => m.Issues[i].Median ?? double.NaN)];
                double[] lo = [.. models.Select((m, k) => med[k] - (m.Issues[i].P10 ?? double.NaN))];
                double[] hi = [.. models.Select((m, k) => (m.Issues[i].P90 ?? double.NaN) - med[k])];
                var bars = new ScottPlot.Plottables.ErrorBar(xs, med, null, null, lo, hi) { LineWidth = 2 };
                bars.LegendText = "10th-90th percentile over draws";
                plt.Add.Plottable(bars);
                var medians = plt.Add.ScatterPoints(xs, med);
                medians.MarkerSize = 10;
                medians.LegendText = "median over draws";
            }

            var c = plt.Add.ScatterPoints(xs, central);
            c.MarkerShape = MarkerShape.OpenDiamond;
            c.MarkerSize = 10;
            c.LegendText = "on the central inputs";
            plt.Axes.Bottom.SetTicks(xs, [.. models.Select(m => m.Name)]);
            plt.Axes.Left.SetTicks(ticks, labels);
            double pad = (max - min) * 0.05;
            plt.Axes.SetLimits(-0.5, models.Count - 0.5, min - pad, max + pad);
            plt.Title($"Forecast: {name}");
            plt.XLabel("model");
            plt.YLabel("position on the issue");
            plt.ShowLegend(Alignment.UpperRight);
            yield return new ReportChart($"forecast-{id}", "forecast", $"Forecast: {name}", plt, 760, 380);
        }
    }

    private static IEnumerable<ReportChart> TrajectoryCharts(ForecastOutcome forecast, ScenarioDocument? summary)
    {
        // the dynamic model with the longest run: smp, else eum
        ModelForecast? model = forecast.Models.Where(m => m.Trajectory is { Count: > 1 }).OrderByDescending(m => m.Name == "smp").FirstOrDefault();
        if (model?.Trajectory is not { } rounds)
        {
            yield break;
        }

        IReadOnlyCollection<string> actors = [.. rounds[0].Positions.Keys];
        foreach (IssueForecast issue in model.Issues)
        {
            var plt = new Plot();
            (double min, double max, double[] ticks, string[] labels) = Scale(summary, issue.Id);
            double[] xs = [.. Enumerable.Range(0, rounds.Count).Select(r => (double)r)];
            foreach (string actor in actors)
            {
                double[] ys = [.. rounds.Select(r => r.Positions.TryGetValue(actor, out IReadOnlyDictionary<string, double>? p) && p.TryGetValue(issue.Id, out double v) ? v : double.NaN)];
                var line = plt.Add.Scatter(xs, ys);
                line.LegendText = actor;
                line.LineWidth = 2;
            }

            plt.Axes.Left.SetTicks(ticks, labels);
            double pad = (max - min) * 0.05;
            plt.Axes.SetLimitsY(min - pad, max + pad);
            plt.Title($"Positions over rounds ({model.Name}): {issue.Name}");
            plt.XLabel("round");
            plt.YLabel("position on the issue");
            plt.ShowLegend(Alignment.UpperRight);
            yield return new ReportChart($"trajectory-{issue.Id}", "trajectory", $"Positions over rounds: {issue.Name}", plt, 760, 380);
        }
    }

    private static IEnumerable<ReportChart> FrontierCharts(DealOutcome deal, IReadOnlyList<string> belligerents)
    {
        if (deal.FrontierPairs is not { } pairs)
        {
            yield break;
        }

        // pairs with the belligerents come first
        foreach (DealFrontierPair pair in pairs.OrderByDescending(p => belligerents.Count(k => k == p.A || k == p.B)).Take(6))
        {
            string a = pair.A, b = pair.B;
            if (pair.Points.Count == 0)
            {
                continue;
            }

            var plt = new Plot();
            double[] ua = [.. pair.Points.Select(p => p[0])];
            double[] ub = [.. pair.Points.Select(p => p[1])];
            var frontier = plt.Add.Scatter(ua, ub);
            frontier.LegendText = deal.FrontierEpsilon > 0 ? "Pareto frontier (projection, approximate: ε-Pareto)" : "Pareto frontier (projection)";
            frontier.LineWidth = 2;
            if (deal.Reservation.TryGetValue(a, out ReservationValue? ra))
            {
                var v = plt.Add.VerticalLine(ra.Value);
                v.LegendText = $"{a}'s reservation value";
                v.LineWidth = 1;
            }

            if (deal.Reservation.TryGetValue(b, out ReservationValue? rb))
            {
                var h = plt.Add.HorizontalLine(rb.Value);
                h.LegendText = $"{b}'s reservation value";
            }

            MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.Cross];
            int k = 0;
            foreach (DealSolution sol in deal.Solutions)
            {
                if (sol.Utility.TryGetValue(a, out double x) && sol.Utility.TryGetValue(b, out double y))
                {
                    var m = plt.Add.Marker(x, y, shapes[k % shapes.Length], 11);
                    m.LegendText = sol.Name;
                    k++;
                }
            }

            plt.Title($"Deal space: {a} vs {b}");
            plt.XLabel($"utility to {a}");
            plt.YLabel($"utility to {b}");
            plt.ShowLegend(Alignment.LowerLeft);
            yield return new ReportChart($"frontier-{a}-{b}", "deal", $"Pareto frontier: {a} vs {b}", plt, 640, 420);
        }
    }

    private static ReportChart Timeline(SessionOutcome sim, ScenarioDocument? summary)
    {
        var plt = new Plot();
        var offers = sim.Transcript.Where(m => m.Package is not null && m.Kind is "offer" or "text" or "accept").ToList();
        if (offers.Count > 0)
        {
            foreach (string issue in offers[0].Package!.Keys)
            {
                (double min, double max, _, _) = Scale(summary, issue);
                double[] xs = [.. offers.Select(o => (double)o.Time)];
                double[] ys = [.. offers.Select(o => 100 * ((o.Package!.TryGetValue(issue, out double v) ? v : double.NaN) - min) / Math.Max(1e-9, max - min))];
                var line = plt.Add.Scatter(xs, ys);
                line.LegendText = issue;
                line.LineWidth = 2;
            }
        }

        if (sim.EndedBy == "agreement")
        {
            var v = plt.Add.VerticalLine(sim.Time);
            v.LegendText = "agreement";
        }

        var d = plt.Add.VerticalLine(sim.Deadline);
        d.LegendText = "deadline";
        plt.Axes.SetLimitsY(-5, 105);
        plt.Axes.Left.SetTicks([0, 50, 100], ["0% (scale minimum)", "50%", "100% (scale maximum)"]);
        plt.Title($"Negotiation timeline ({sim.Protocol}): the terms on the table");
        plt.XLabel("time step");
        plt.YLabel("offer on each issue (% of its scale)");
        plt.ShowLegend(Alignment.UpperRight);
        return new ReportChart("timeline", "simulation", "Negotiation timeline", plt, 760, 400);
    }

    private static ReportChart Survival(IReadOnlyList<DurabilityOutcome> runs)
    {
        var plt = new Plot();
        foreach (DurabilityOutcome run in runs)
        {
            if (run.Curve.Count == 0)
            {
                continue;
            }

            double perYear = run.StepsPerYear;
            double[] xs = [.. Enumerable.Range(0, run.Curve.Count).Select(k => k / perYear)];
            double[] ys = [.. run.Curve.Select(c => 100 * c)];
            var line = plt.Add.Scatter(xs, ys);
            line.LegendText = run.Run ?? run.Solution;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }

        plt.Axes.SetLimitsY(0, 102);
        plt.Title("Will the deal hold? Share of power paths on which it still holds");
        plt.XLabel("years after signing");
        plt.YLabel("deal still holding (% of paths)");
        plt.ShowLegend(Alignment.LowerLeft);
        return new ReportChart("survival", "durability", "Durability: survival curves", plt, 760, 420);
    }

    private static ReportChart WhatIfChart(WhatIfOutcome d)
    {
        var plt = new Plot();
        IReadOnlyList<WhatIfIssue> issues = d.Issues;
        string model = d.Models.Contains("smp") ? "smp" : d.Models.Count > 0 ? d.Models[0] : "compromise";
        double[] ys = [.. Enumerable.Range(0, issues.Count).Select(k => (double)(issues.Count - k))];
        foreach ((WhatIfCase side, string label, MarkerShape shape) in new[] { (d.Base, "base case", MarkerShape.FilledCircle), (d.Whatif, "what-if", MarkerShape.OpenCircle) })
        {
            double[] xs = [.. issues.Select(i =>
            {
                WhatIfForecast? v = side.Forecast.TryGetValue(model, out IReadOnlyDictionary<string, WhatIfForecast>? byIssue) && byIssue.TryGetValue(i.Id, out WhatIfForecast? f) ? f : null;
                double x = v?.Median ?? v?.Central ?? double.NaN;
                return 100 * (x - i.Min) / Math.Max(1e-9, i.Max - i.Min);
            })];
            var pts = plt.Add.ScatterPoints(xs, ys);
            pts.LegendText = label;
            pts.MarkerShape = shape;
            pts.MarkerSize = 11;
        }

        plt.Axes.Left.SetTicks(ys, [.. issues.Select(i => Wrap(i.Name))]);
        plt.Axes.SetLimits(-5, 105, 0.3, issues.Count + 0.7);
        plt.Title($"Forecast ({model}): base case and what-if");
        plt.XLabel("position (% of each issue's scale)");
        plt.YLabel("issue");
        plt.ShowLegend(Alignment.LowerRight);
        return new ReportChart("whatif", "dashboard", "What-if: forecast per issue", plt, 760, 60 + (40 * issues.Count));
    }

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Wrap(string label) => label.Length <= 34 ? label : label[..32] + "…";
}
