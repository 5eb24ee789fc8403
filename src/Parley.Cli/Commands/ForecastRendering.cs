using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>Renders a forecast as tables for people or JSON for programs.</summary>
internal static class ForecastRendering
{
    public static void Table(Output output, Scenario s, ForecastOutcome r, string file)
    {
        IAnsiConsole c = output.Console;
        string what = r.Draws == 0
            ? "central values of every input (add --draws N for intervals)"
            : $"median of {r.Draws} draws [10th-90th percentile], seed {r.Seed}";
        c.Write(new Text($"Forecast: {s.Name}", new Style(decoration: Decoration.Bold)));
        c.WriteLine(s.AppliedVariant is null ? string.Empty : $"  (variant {s.AppliedVariant})");
        c.WriteLine("Values: " + what + ".");
        if (r.SkippedIssues.Count > 0)
        {
            c.WriteLine("Not forecast (unordered options): " + string.Join(", ", r.SkippedIssues));
        }

        var t = new Table().Border(TableBorder.Simple).AddColumn("issue");
        foreach (ModelForecast m in r.Models)
        {
            t.AddColumn(new TableColumn(m.Name).RightAligned());
        }

        if (r.Models.Count == 1)
        {
            t.AddColumn("reading");
        }

        IReadOnlyList<IssueForecast> first = r.Models[0].Issues;
        for (int d = 0; d < first.Count; d++)
        {
            Issue issue = s.FindIssue(first[d].Id)!;
            var row = new List<string> { Markup.Escape(Short(issue.Name, 22)) };
            foreach (ModelForecast m in r.Models)
            {
                row.Add(Markup.Escape(Cell(issue, m.Issues[d])));
            }

            if (r.Models.Count == 1)
            {
                row.Add(Markup.Escape(Short(first[d].Reading, 40)));
            }

            t.AddRow(row.ToArray());
        }

        c.Write(t);
        RenderModes(c, s, r);
        if (r.Models.Count > 1)
        {
            RenderReadings(c, s, r);
        }
        else
        {
            RenderRounds(c, s, r.Models[0]);
        }

        c.WriteLine(Rounds(r));
        if (r.ProvenanceNote is not null)
        {
            c.WriteLine(r.ProvenanceNote);
        }
    }

    private static void RenderReadings(IAnsiConsole c, Scenario s, ForecastOutcome r)
    {
        var t = new Table().Border(TableBorder.Simple).Title("What the models' range means").AddColumn("issue").AddColumn("models span").AddColumn("on the scale");
        for (int d = 0; d < r.Models[0].Issues.Count; d++)
        {
            Issue issue = s.FindIssue(r.Models[0].Issues[d].Id)!;
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (ModelForecast m in r.Models)
            {
                lo = Math.Min(lo, m.Issues[d].Value);
                hi = Math.Max(hi, m.Issues[d].Value);
            }

            string reading = IssueWords.Reading(issue, (lo + hi) / 2);
            t.AddRow(Markup.Escape(Short(issue.Name, 22)), Markup.Escape($"{IssueWords.Number(issue, lo)}-{IssueWords.Number(issue, hi)}"), Markup.Escape(Short(reading, 40)));
        }

        c.Write(t);
    }

    private static void RenderRounds(IAnsiConsole c, Scenario s, ModelForecast res)
    {
        if (res.Trajectory is null || res.Trajectory.Count <= 1)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title("Forecast by round (central inputs)").AddColumn(new TableColumn("round").RightAligned());
        int shown = Math.Min(res.Issues.Count, 7);
        for (int d = 0; d < shown; d++)
        {
            t.AddColumn(new TableColumn(Markup.Escape(Short(res.Issues[d].Id, 9))).RightAligned());
        }

        foreach (ForecastRoundState tr in res.Trajectory)
        {
            var row = new List<string> { tr.Round.ToString(CultureInfo.InvariantCulture) };
            for (int d = 0; d < shown; d++)
            {
                row.Add(IssueWords.Number(s.FindIssue(res.Issues[d].Id)!, tr.Forecast[res.Issues[d].Id]));
            }

            t.AddRow(row.ToArray());
        }

        c.Write(t);
        var events = res.Trajectory.SelectMany(tr => tr.Events.Select(e => (tr.Round, Event: e))).Where(x => x.Event.Kind is "move" or "choice" && (x.Event.Kind == "move" || x.Event.Other is not null)).ToList();
        if (events.Count > 0)
        {
            c.WriteLine("Who moved (all events, with challenges and offers: --format json):");
            foreach ((int round, ForecastRoundEvent e) in events.Take(30))
            {
                c.WriteLine($"  round {round}{(e.Issue is null ? string.Empty : ", " + e.Issue)}: {e.Text}");
            }

            if (events.Count > 30)
            {
                c.WriteLine($"  ... and {events.Count - 30} more");
            }
        }
    }

    private static string Rounds(ForecastOutcome r)
    {
        var parts = r.Models.Where(x => x.Rounds > 0).Select(x => $"{x.Name} {x.Rounds}").ToList();
        return parts.Count == 0 ? string.Empty : "Rounds on the central inputs: " + string.Join(", ", parts) + ".";
    }

    private static string Cell(Issue issue, IssueForecast f) =>
        f.Median is not double median
            ? IssueWords.Number(issue, f.Central)
            : $"{IssueWords.Number(issue, median)} [{IssueWords.Number(issue, f.P10!.Value)}-{IssueWords.Number(issue, f.P90!.Value)}]{(f.Modes is null ? string.Empty : "*")}";

    /// <summary>Forecasts whose draws gather in two or more places: the median alone would mislead.</summary>
    private static void RenderModes(IAnsiConsole c, Scenario s, ForecastOutcome r)
    {
        foreach (ModelForecast m in r.Models)
        {
            foreach (IssueForecast f in m.Issues.Where(f => f.Modes is not null))
            {
                Issue issue = s.FindIssue(f.Id)!;
                c.WriteLine($"* {m.Name} on {f.Name}: {f.Modes!.Count} modes, {f.ModesText(v => IssueWords.Number(issue, v))}; a single number would hide all but one of them (rule: docs/models.md, 'Several modes').");
            }
        }
    }

    private static string Short(string str, int n) => str.Length <= n ? str : str[..(n - 1)] + "…";
}
