using System.Text.Json.Nodes;

namespace Parley.Reporting.Tests;

public class HtmlReportTests
{
    // A small run document in the shape 'parley run' stores: two models, a deal space with one frontier pair,
    // a simulated run and two durability curves.
    private const string Run = """
        {
          "scenario": "Pie <test>", "seed": 7, "draws": 100,
          "summary": {"name": "Pie <test>", "issues": [{"id": "x", "name": "Share", "scale": {"min": 0, "max": 100}, "anchors": {"0": "all to B", "100": "all to A"}}],
                      "actors": [{"id": "a", "name": "A", "capability": {"value": 1}}], "sources": [{"id": "S", "title": "A source", "url": "https://example.org/s"}],
                      "dynamics": {"belligerents": ["a", "b"]}},
          "forecast": {"models": [
            {"name": "compromise", "title": "Compromise", "issues": [{"id": "x", "name": "Share", "central": 50, "median": 51, "p10": 40, "p90": 60}]},
            {"name": "smp", "title": "Spatial", "issues": [{"id": "x", "name": "Share", "central": 55, "median": 56, "p10": 45, "p90": 66}],
             "trajectory": [{"round": 0, "positions": {"a": {"x": 100}, "b": {"x": 0}}}, {"round": 1, "positions": {"a": {"x": 80}, "b": {"x": 30}}}]}]},
          "deal": {"packages": 21, "zone_size": 5, "within_red_lines": 21, "reservation": {"a": {"value": 0.3}, "b": {"value": 0.2}},
                   "solutions": [{"name": "nash", "package": {"x": {"value": 55, "reading": "55"}}, "utilities": {"a": 0.55, "b": 0.45}}],
                   "frontier_pairs": [{"a": "a", "b": "b", "points": [[1, 0], [0.5, 0.5], [0, 1]]}]},
          "simulation": {"protocol": "alternating-offers", "ended_by": "agreement", "time": 3, "deadline": 10, "agreement": {"x": 55},
                         "transcript": [{"time": 0, "kind": "offer", "package": {"x": 90}}, {"time": 3, "kind": "offer", "package": {"x": 55}}]},
          "durability": {"runs": [{"run": "base", "steps_per_year": 12, "holding": {"1y": 0.9, "5y": 0.5}, "commitment_gap": true, "curve": [1, 0.95, 0.9]},
                                  {"run": "guaranteed", "steps_per_year": 12, "holding": {"1y": 1, "5y": 0.9}, "commitment_gap": false, "curve": [1, 1, 0.99]}]},
          "whatif": {"runs": {"base": {"deal (Nash)": "55"}, "guaranteed": {"deal (Nash)": "60"}}},
          "skipped": {"negotiation": "no draws"},
          "provenance_note": "Note: these numbers are estimates from published analyses, not intelligence."
        }
        """;

    private static ReportInput Input(string command = "run", string result = Run) => new() { Command = command, Args = [command, "pie.yaml"], Result = result, RunId = 4 };

    [Fact]
    public void The_report_is_one_self_contained_file_with_provenance_sections_and_labelled_charts()
    {
        string html = HtmlReport.Render(Input());
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"note\" id=\"provenance\">Note: these numbers are estimates from published analyses, not intelligence.</p>", html, StringComparison.Ordinal);
        Assert.Contains("Pie &lt;test&gt;", html, StringComparison.Ordinal);   // escaped, never raw
        Assert.DoesNotContain("Pie <test>", html, StringComparison.Ordinal);
        Assert.Contains("Run 4", html, StringComparison.Ordinal);
        Assert.Contains("51 [40–60]", html, StringComparison.Ordinal);         // median with its interval
        Assert.Contains("https://example.org/s", html, StringComparison.Ordinal);
        Assert.Contains("no draws", html, StringComparison.Ordinal);           // what is missing is said
        // five charts: forecast, trajectory, frontier, timeline, survival; each an inline SVG with its axis labels
        Assert.Equal(5, html.Split("<svg", StringSplitOptions.None).Length - 1);
        foreach (string label in new[] { "utility to a", "utility to b", "years after signing", "round", "100: all to A", "nash", "guaranteed" })
        {
            Assert.Contains(label, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);   // nothing fetched from elsewhere
    }

    [Fact]
    public void A_single_command_run_becomes_its_section()
    {
        JsonObject forecast = JsonNode.Parse(Run)!["forecast"]!.AsObject();
        string html = HtmlReport.Render(Input("forecast", forecast.ToJsonString()));
        Assert.Contains("Where the talks land", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Which deals are possible", html, StringComparison.Ordinal);

        JsonObject strategic = new() { ["holding"] = new JsonObject { ["5y"] = 0.4 }, ["curve"] = new JsonArray(1.0, 0.5), ["steps_per_year"] = 12 };
        Assert.Contains("40%", HtmlReport.Render(Input("durability", strategic.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_chart_exports_as_png()
    {
        string dir = Directory.CreateTempSubdirectory("parley-png-").FullName;
        try
        {
            IReadOnlyList<string> files = HtmlReport.WritePngs(Input(), dir);
            Assert.Equal(["forecast-x.png", "trajectory-x.png", "frontier-a-b.png", "timeline.png", "survival.png"], files.Select(Path.GetFileName));
            Assert.All(files, f => Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(f).Take(4)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
