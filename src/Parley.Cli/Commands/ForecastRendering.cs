using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>Renders a forecast as tables for people or JSON for programs.</summary>
internal static class ForecastRendering
{
    public static void Table(Output output, ForecastReport r)
    {
        IAnsiConsole c = output.Console;
        Scenario s = r.Scenario;
        string what = r.Distributions is null
            ? "central values of every input (add --draws N for intervals)"
            : $"median of {r.Request.Draws} draws [10th-90th percentile], seed {r.Request.Seed}";
        c.MarkupLine($"[bold]Forecast: {Markup.Escape(s.Name)}[/]" + (s.AppliedVariant is null ? string.Empty : $"  (variant {Markup.Escape(s.AppliedVariant)})"));
        c.WriteLine("Values: " + what + ".");
        if (r.Input.SkippedIssues.Count > 0)
        {
            c.WriteLine("Not forecast (unordered options): " + string.Join(", ", r.Input.SkippedIssues));
        }

        var t = new Table().Border(TableBorder.Simple).AddColumn("issue");
        foreach (ForecastResult m in r.Central)
        {
            t.AddColumn(new TableColumn(m.Model).RightAligned());
        }

        if (r.Central.Count == 1)
        {
            t.AddColumn("reading");
        }

        for (int d = 0; d < r.Input.IssueCount; d++)
        {
            Issue issue = r.Input.Issues[d];
            var row = new List<string> { Markup.Escape(Short(issue.Name, 22)) };
            for (int m = 0; m < r.Central.Count; m++)
            {
                row.Add(Markup.Escape(Cell(r, m, d)));
            }

            if (r.Central.Count == 1)
            {
                row.Add(Markup.Escape(Short(Reading(issue, Value(r, 0, d)), 40)));
            }

            t.AddRow(row.ToArray());
        }

        c.Write(t);
        if (r.Central.Count > 1)
        {
            RenderReadings(c, r);
        }
        else
        {
            RenderRounds(c, r.Central[0], r.Input);
        }

        c.WriteLine(Rounds(r));
        if (s.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(r.Request.Files[0]));
        }
    }

    public static JsonObject Document(ForecastReport r)
    {
        var models = new JsonArray();
        for (int m = 0; m < r.Central.Count; m++)
        {
            ForecastResult res = r.Central[m];
            var issues = new JsonArray();
            for (int d = 0; d < r.Input.IssueCount; d++)
            {
                Issue issue = r.Input.Issues[d];
                var o = new JsonObject
                {
                    ["id"] = issue.Id,
                    ["name"] = issue.Name,
                    ["central"] = Round(res.Forecast[d]),
                    ["reading"] = Reading(issue, Value(r, m, d)),
                };
                if (r.Distributions is not null)
                {
                    ForecastDistribution dist = r.Distributions[m].Issues[d];
                    o["median"] = Round(dist.Median);
                    o["p10"] = Round(dist.P10);
                    o["p90"] = Round(dist.P90);
                    o["mean"] = Round(dist.Mean);
                }

                issues.Add(o);
            }

            var mo = new JsonObject
            {
                ["name"] = res.Model,
                ["title"] = ForecastModels.Default.Find(res.Model)!.Title,
                ["rounds"] = res.Rounds,
                ["issues"] = issues,
            };
            if (res.Trajectory is not null)
            {
                mo["trajectory"] = TrajectoryJson(res);
            }

            models.Add(mo);
        }

        var doc = new JsonObject
        {
            ["scenario"] = r.Scenario.Name,
            ["variant"] = r.Scenario.AppliedVariant,
            ["draws"] = r.Request.Draws,
            ["seed"] = r.Request.Draws > 0 ? r.Request.Seed : null,
            ["values"] = r.Distributions is null ? "central inputs" : "median and 10th-90th percentile over draws; central = run on the central inputs",
            ["parameters"] = new JsonObject(r.Settings.GroupBy(kv => kv.Key).Select(g => new KeyValuePair<string, JsonNode?>(g.Key, g.Last().Value))),
            ["skipped_issues"] = new JsonArray(r.Input.SkippedIssues.Select(x => (JsonNode?)x).ToArray()),
            ["models"] = models,
        };
        if (r.Scenario.HasSources)
        {
            doc["provenance_note"] = Output.ProvenanceNote(r.Request.Files[0]);
        }

        return doc;
    }

    private static JsonArray TrajectoryJson(ForecastResult res)
    {
        var rounds = new JsonArray();
        int ni = res.Issues.Count;
        foreach (TrajectoryRound tr in res.Trajectory!)
        {
            var positions = new JsonObject();
            for (int a = 0; a < res.ActorIds.Count; a++)
            {
                var p = new JsonObject();
                for (int d = 0; d < ni; d++)
                {
                    p[res.Issues[d].Id] = Round(tr.Positions[(a * ni) + d]);
                }

                positions[res.ActorIds[a]] = p;
            }

            rounds.Add(new JsonObject
            {
                ["round"] = tr.Round,
                ["forecast"] = IssueMap(res, tr.Forecast),
                ["weighted_mean"] = IssueMap(res, tr.WeightedMean),
                ["positions"] = positions,
                ["events"] = new JsonArray(tr.Events.Select(e => (JsonNode?)new JsonObject
                {
                    ["kind"] = e.Kind,
                    ["actor"] = e.Actor,
                    ["other"] = e.Other,
                    ["issue"] = e.Issue,
                    ["text"] = e.Text,
                }).ToArray()),
            });
        }

        return rounds;
    }

    private static JsonObject IssueMap(ForecastResult res, double[] values)
    {
        var o = new JsonObject();
        for (int d = 0; d < values.Length; d++)
        {
            o[res.Issues[d].Id] = Round(values[d]);
        }

        return o;
    }

    private static void RenderReadings(IAnsiConsole c, ForecastReport r)
    {
        var t = new Table().Border(TableBorder.Simple).Title("What the models' range means").AddColumn("issue").AddColumn("models span").AddColumn("on the scale");
        for (int d = 0; d < r.Input.IssueCount; d++)
        {
            Issue issue = r.Input.Issues[d];
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int m = 0; m < r.Central.Count; m++)
            {
                lo = Math.Min(lo, Value(r, m, d));
                hi = Math.Max(hi, Value(r, m, d));
            }

            string reading = Reading(issue, (lo + hi) / 2);
            t.AddRow(Markup.Escape(Short(issue.Name, 22)), Markup.Escape($"{Num(issue, lo)}-{Num(issue, hi)}"), Markup.Escape(Short(reading, 40)));
        }

        c.Write(t);
    }

    private static void RenderRounds(IAnsiConsole c, ForecastResult res, ForecastInput input)
    {
        if (res.Trajectory is null || res.Trajectory.Count <= 1)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title("Forecast by round (central inputs)").AddColumn(new TableColumn("round").RightAligned());
        int shown = Math.Min(input.IssueCount, 7);
        for (int d = 0; d < shown; d++)
        {
            t.AddColumn(new TableColumn(Markup.Escape(Short(input.Issues[d].Id, 9))).RightAligned());
        }

        foreach (TrajectoryRound tr in res.Trajectory)
        {
            var row = new List<string> { tr.Round.ToString(CultureInfo.InvariantCulture) };
            for (int d = 0; d < shown; d++)
            {
                row.Add(Num(input.Issues[d], tr.Forecast[d]));
            }

            t.AddRow(row.ToArray());
        }

        c.Write(t);
        var events = res.Trajectory.SelectMany(tr => tr.Events).Where(e => e.Kind is "move" or "choice" && (e.Kind == "move" || e.Other is not null)).ToList();
        if (events.Count > 0)
        {
            c.WriteLine("Who moved (all events, with challenges and offers: --format json):");
            foreach (ForecastEvent e in events.Take(30))
            {
                c.WriteLine($"  round {e.Round}{(e.Issue is null ? string.Empty : ", " + e.Issue)}: {e.Text}");
            }

            if (events.Count > 30)
            {
                c.WriteLine($"  ... and {events.Count - 30} more");
            }
        }
    }

    private static string Rounds(ForecastReport r)
    {
        var parts = r.Central.Where(x => x.Rounds > 0).Select(x => $"{x.Model} {x.Rounds}").ToList();
        return parts.Count == 0 ? string.Empty : "Rounds on the central inputs: " + string.Join(", ", parts) + ".";
    }

    /// <summary>The value a cell reports: the Monte Carlo median, or the central run's forecast.</summary>
    private static double Value(ForecastReport r, int m, int d) =>
        r.Distributions is null ? r.Central[m].Forecast[d] : r.Distributions[m].Issues[d].Median;

    private static string Cell(ForecastReport r, int m, int d)
    {
        Issue issue = r.Input.Issues[d];
        if (r.Distributions is null)
        {
            return Num(issue, r.Central[m].Forecast[d]);
        }

        ForecastDistribution dist = r.Distributions[m].Issues[d];
        return $"{Num(issue, dist.Median)} [{Num(issue, dist.P10)}-{Num(issue, dist.P90)}]";
    }

    /// <summary>Where a value sits among the issue's labelled anchors.</summary>
    internal static string Reading(Issue issue, double v)
    {
        if (issue.Kind == IssueKind.Discrete)
        {
            return issue.Format(v);
        }

        if (issue.Anchors.Count == 0)
        {
            return string.Empty;
        }

        Anchor nearest = issue.Anchors[0];
        foreach (Anchor a in issue.Anchors)
        {
            if (Math.Abs(a.Value - v) < Math.Abs(nearest.Value - v))
            {
                nearest = a;
            }
        }

        return Math.Abs(nearest.Value - v) <= 0.05 * issue.Span
            ? $"~ {nearest.Label}"
            : $"nearest {Num(issue, nearest.Value)}: {nearest.Label}";
    }

    /// <summary>A number with as many decimals as the scale warrants (no false precision).</summary>
    private static string Num(Issue issue, double v) =>
        v.ToString(issue.Span >= 20 ? "0" : issue.Span >= 2 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static double Round(double v) => Math.Round(v, 4);

    private static string Short(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
