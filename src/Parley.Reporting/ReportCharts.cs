using System.Globalization;
using System.Text.Json.Nodes;
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

    /// <summary>Every chart the sections support.</summary>
    /// <param name="sections">The result's sections (forecast, deal, simulation, durability, …).</param>
    /// <param name="summary">The scenario summary (issue names, scales and anchors), if known.</param>
    public static List<ReportChart> Build(JsonObject sections, JsonObject? summary)
    {
        ArgumentNullException.ThrowIfNull(sections);
        lock (FontLock)
        {
            Fonts.Default = "DejaVu Sans";
        }

        var charts = new List<ReportChart>();
        if (sections["forecast"] is JsonObject forecast)
        {
            charts.AddRange(ForecastCharts(forecast, summary));
            charts.AddRange(TrajectoryCharts(forecast, summary));
        }

        if (sections["deal"] is JsonObject deal)
        {
            charts.AddRange(FrontierCharts(deal));
        }

        if (sections["simulation"] is JsonObject sim && sim["transcript"] is JsonArray transcript && transcript.Count > 0)
        {
            charts.Add(Timeline(sim, transcript, summary));
        }

        if (sections["dashboard"] is JsonObject dashboard && dashboard["issues"] is JsonArray)
        {
            charts.Add(WhatIfChart(dashboard));
        }

        if (sections["durability"]?["runs"] is JsonArray runs && runs.Count > 0)
        {
            charts.Add(Survival(runs));
        }

        return charts;
    }

    /// <summary>The issue's scale and anchor ticks from the summary (0–100 without one).</summary>
    internal static (double Min, double Max, double[] Ticks, string[] Labels) Scale(JsonObject? summary, string issueId)
    {
        JsonNode? issue = (summary?["issues"] as JsonArray)?.FirstOrDefault(i => i?["id"]?.GetValue<string>() == issueId);
        if (issue?["options"] is JsonArray options)
        {
            return (0, options.Count - 1, [.. Enumerable.Range(0, options.Count).Select(k => (double)k)], [.. options.Select(o => Wrap(o!.GetValue<string>()))]);
        }

        double min = issue?["scale"]?["min"]?.GetValue<double>() ?? 0, max = issue?["scale"]?["max"]?.GetValue<double>() ?? 100;
        if (issue?["anchors"] is JsonObject anchors && anchors.Count > 0)
        {
            var pairs = anchors.Select(kv => (V: double.Parse(kv.Key, CultureInfo.InvariantCulture), L: kv.Value!.GetValue<string>())).OrderBy(p => p.V).ToList();
            return (min, max, [.. pairs.Select(p => p.V)], [.. pairs.Select(p => Wrap($"{Num(p.V)}: {p.L}"))]);
        }

        double[] ticks = [min, min + ((max - min) / 4), min + ((max - min) / 2), min + (3 * (max - min) / 4), max];
        return (min, max, ticks, [.. ticks.Select(Num)]);
    }

    private static IEnumerable<ReportChart> ForecastCharts(JsonObject forecast, JsonObject? summary)
    {
        if (forecast["models"] is not JsonArray models || models.Count == 0 || models[0]?["issues"] is not JsonArray issues)
        {
            yield break;
        }

        for (int i = 0; i < issues.Count; i++)
        {
            string id = issues[i]!["id"]!.GetValue<string>();
            string name = issues[i]!["name"]!.GetValue<string>();
            var plt = new Plot();
            (double min, double max, double[] ticks, string[] labels) = Scale(summary, id);
            double[] xs = [.. Enumerable.Range(0, models.Count).Select(m => (double)m)];
            double[] central = [.. models.Select(m => m!["issues"]![i]!["central"]!.GetValue<double>())];
            bool hasDraws = models[0]!["issues"]![i]!["median"] is not null;
            if (hasDraws)
            {
                double[] med = [.. models.Select(m => m!["issues"]![i]!["median"]!.GetValue<double>())];
                double[] lo = [.. models.Select((m, k) => med[k] - m!["issues"]![i]!["p10"]!.GetValue<double>())];
                double[] hi = [.. models.Select((m, k) => m!["issues"]![i]!["p90"]!.GetValue<double>() - med[k])];
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
            plt.Axes.Bottom.SetTicks(xs, [.. models.Select(m => m!["name"]!.GetValue<string>())]);
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

    private static IEnumerable<ReportChart> TrajectoryCharts(JsonObject forecast, JsonObject? summary)
    {
        // the dynamic model with the longest run: smp, else eum
        JsonNode? model = (forecast["models"] as JsonArray)?.Where(m => m?["trajectory"] is JsonArray t && t.Count > 1)
            .OrderByDescending(m => m!["name"]!.GetValue<string>() == "smp").FirstOrDefault();
        if (model?["trajectory"] is not JsonArray rounds || rounds[0]?["positions"] is not JsonObject first)
        {
            yield break;
        }

        string modelName = model["name"]!.GetValue<string>();
        foreach (JsonNode? issue in (JsonArray)model["issues"]!)
        {
            string id = issue!["id"]!.GetValue<string>();
            string name = issue["name"]!.GetValue<string>();
            var plt = new Plot();
            (double min, double max, double[] ticks, string[] labels) = Scale(summary, id);
            double[] xs = [.. Enumerable.Range(0, rounds.Count).Select(r => (double)r)];
            foreach (KeyValuePair<string, JsonNode?> actor in first)
            {
                double[] ys = [.. rounds.Select(r => r!["positions"]![actor.Key]?[id]?.GetValue<double>() ?? double.NaN)];
                var line = plt.Add.Scatter(xs, ys);
                line.LegendText = actor.Key;
                line.LineWidth = 2;
            }

            plt.Axes.Left.SetTicks(ticks, labels);
            double pad = (max - min) * 0.05;
            plt.Axes.SetLimitsY(min - pad, max + pad);
            plt.Title($"Positions over rounds ({modelName}): {name}");
            plt.XLabel("round");
            plt.YLabel("position on the issue");
            plt.ShowLegend(Alignment.UpperRight);
            yield return new ReportChart($"trajectory-{id}", "trajectory", $"Positions over rounds: {name}", plt, 760, 380);
        }
    }

    private static IEnumerable<ReportChart> FrontierCharts(JsonObject deal)
    {
        if (deal["frontier_pairs"] is not JsonArray pairs)
        {
            yield break;
        }

        // pairs with the belligerents (named first in the summary's dynamics, else all) come first
        string[] key = deal["belligerents"] is JsonArray bel ? [.. bel.Select(x => x!.GetValue<string>())] : [];
        foreach (JsonNode? pair in pairs.OrderByDescending(p => key.Count(k => k == p?["a"]?.GetValue<string>() || k == p?["b"]?.GetValue<string>())).Take(6))
        {
            string a = pair!["a"]!.GetValue<string>(), b = pair["b"]!.GetValue<string>();
            if (pair["points"] is not JsonArray points || points.Count == 0)
            {
                continue;
            }

            var plt = new Plot();
            double[] ua = [.. points.Select(p => p![0]!.GetValue<double>())];
            double[] ub = [.. points.Select(p => p![1]!.GetValue<double>())];
            var frontier = plt.Add.Scatter(ua, ub);
            frontier.LegendText = "Pareto frontier (projection)";
            frontier.LineWidth = 2;
            if (deal["reservation"]?[a]?["value"] is JsonNode ra)
            {
                var v = plt.Add.VerticalLine(ra.GetValue<double>());
                v.LegendText = $"{a}'s reservation value";
                v.LineWidth = 1;
            }

            if (deal["reservation"]?[b]?["value"] is JsonNode rb)
            {
                var h = plt.Add.HorizontalLine(rb.GetValue<double>());
                h.LegendText = $"{b}'s reservation value";
            }

            MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.Cross];
            int k = 0;
            foreach (JsonNode? sol in (deal["solutions"] as JsonArray) ?? [])
            {
                if (Utility(sol, a) is double x && Utility(sol, b) is double y)
                {
                    var m = plt.Add.Marker(x, y, shapes[k % shapes.Length], 11);
                    m.LegendText = sol!["name"]!.GetValue<string>();
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

    private static double? Utility(JsonNode? solution, string actor)
    {
        JsonNode? u = solution?["utilities"]?[actor] ?? solution?["utility"]?[actor];
        return u switch
        {
            JsonValue v when v.TryGetValue(out double d) => d,
            JsonObject o when o["utility"] is JsonValue uv && uv.TryGetValue(out double d2) => d2,
            _ => null,
        };
    }

    private static ReportChart Timeline(JsonObject sim, JsonArray transcript, JsonObject? summary)
    {
        var plt = new Plot();
        var offers = transcript.Where(m => m?["package"] is JsonObject && m["kind"]?.GetValue<string>() is "offer" or "text" or "accept").ToList();
        if (offers.Count > 0 && offers[0]!["package"] is JsonObject p0)
        {
            foreach (KeyValuePair<string, JsonNode?> issue in p0)
            {
                (double min, double max, _, _) = Scale(summary, issue.Key);
                double[] xs = [.. offers.Select(o => o!["time"]!.GetValue<double>())];
                double[] ys = [.. offers.Select(o => 100 * ((o!["package"]![issue.Key]?.GetValue<double>() ?? double.NaN) - min) / Math.Max(1e-9, max - min))];
                var line = plt.Add.Scatter(xs, ys);
                line.LegendText = issue.Key;
                line.LineWidth = 2;
            }
        }

        if (sim["ended_by"]?.GetValue<string>() == "agreement" && sim["time"] is JsonNode t)
        {
            var v = plt.Add.VerticalLine(t.GetValue<double>());
            v.LegendText = "agreement";
        }

        if (sim["deadline"] is JsonNode dl)
        {
            var d = plt.Add.VerticalLine(dl.GetValue<double>());
            d.LegendText = "deadline";
        }

        plt.Axes.SetLimitsY(-5, 105);
        plt.Axes.Left.SetTicks([0, 50, 100], ["0% (scale minimum)", "50%", "100% (scale maximum)"]);
        plt.Title($"Negotiation timeline ({sim["protocol"]?.GetValue<string>()}): the terms on the table");
        plt.XLabel("time step");
        plt.YLabel("offer on each issue (% of its scale)");
        plt.ShowLegend(Alignment.UpperRight);
        return new ReportChart("timeline", "simulation", "Negotiation timeline", plt, 760, 400);
    }

    private static ReportChart Survival(JsonArray runs)
    {
        var plt = new Plot();
        foreach (JsonNode? run in runs)
        {
            if (run?["curve"] is not JsonArray curve || curve.Count == 0)
            {
                continue;
            }

            double perYear = run["steps_per_year"]?.GetValue<double>() ?? 12;
            double[] xs = [.. Enumerable.Range(0, curve.Count).Select(k => k / perYear)];
            double[] ys = [.. curve.Select(c => 100 * c!.GetValue<double>())];
            var line = plt.Add.Scatter(xs, ys);
            line.LegendText = run["run"]?.GetValue<string>() ?? "deal";
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

    private static ReportChart WhatIfChart(JsonObject d)
    {
        var plt = new Plot();
        JsonArray issues = (JsonArray)d["issues"]!;
        string model = d["models"] is JsonArray ms && ms.Any(m => m?.ToString() == "smp") ? "smp" : d["models"]?[0]?.ToString() ?? "compromise";
        double[] ys = [.. Enumerable.Range(0, issues.Count).Select(k => (double)(issues.Count - k))];
        foreach ((string side, string label, MarkerShape shape) in new[] { ("base", "base case", MarkerShape.FilledCircle), ("whatif", "what-if", MarkerShape.OpenCircle) })
        {
            double[] xs = [.. issues.Select(i =>
            {
                double min = i!["min"]!.GetValue<double>(), max = i["max"]!.GetValue<double>();
                JsonNode? v = d[side]?["forecast"]?[model]?[i["id"]!.ToString()];
                double x = (v?["median"] ?? v?["central"])?.GetValue<double>() ?? double.NaN;
                return 100 * (x - min) / Math.Max(1e-9, max - min);
            })];
            var pts = plt.Add.ScatterPoints(xs, ys);
            pts.LegendText = label;
            pts.MarkerShape = shape;
            pts.MarkerSize = 11;
        }

        plt.Axes.Left.SetTicks(ys, [.. issues.Select(i => Wrap(i!["name"]!.ToString()))]);
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
