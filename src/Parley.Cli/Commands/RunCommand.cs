using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley run FILE [--variant V] [--draws N] [--seed S] [--out report.html]</c>: the main job. Forecast
/// (every model, Monte Carlo), deal space, a simulated negotiation and its Monte Carlo, durability with the
/// variants, and the what-if table, stored as one run with an HTML report written beside it.
/// </summary>
internal static class RunCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        Option<string?> variant = Common.Variant();
        Option<long> draws = Common.Draws();
        draws.DefaultValueFactory = _ => 1000;
        Option<ulong> seed = Common.Seed();
        var report = new Option<string?>("--out") { Description = "Where to write the HTML report (default: <scenario>-report.html in the working directory)" };
        var png = new Option<string?>("--png") { Description = "Also write each chart as a PNG file into this folder" };
        Option<string> format = Common.Format();
        var command = new Command("run",
            "The main job on a scenario: forecast with every model, the deal space, a simulated negotiation, durability and\n" +
            "the what-if table of its variants; stored as one run (see 'parley runs') with an HTML report.\n\n" +
            "Example:\n  parley run scenarios/ukraine-2025.yaml");
        command.Arguments.Add(files);
        command.Options.Add(variant);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.Options.Add(report);
        command.Options.Add(png);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(p => Run(output, p.GetValue(files)!, p.GetValue(variant), p.GetValue(draws), p.GetValue(seed), p.GetValue(report), p.GetValue(png), p.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string[] files, string? variant, long draws, ulong seed, string? reportPath, string? pngDir, string format)
    {
        if (!Common.AllExist(output, "run", files))
        {
            return CliApp.UsageError;
        }

        Scenario? scenario = output.Load(files, variant);
        if (scenario is null)
        {
            return CliApp.InvalidInput;
        }

        if (draws < 0)
        {
            output.Err.WriteLine("parley run: --draws must be 0 or more");
            return CliApp.UsageError;
        }

        string[] common = [.. files, .. variant is null ? Array.Empty<string>() : ["--variant", variant], "--seed", seed.ToString(CultureInfo.InvariantCulture), "--format", "json", Common.NoStore];
        string n = draws.ToString(CultureInfo.InvariantCulture);
        string simDraws = Math.Min(draws, 1000).ToString(CultureInfo.InvariantCulture);
        var steps = new List<(string Section, string Title, string[] Args)>
        {
            ("forecast", "forecast (every model)", ["forecast", .. common, "--model", "all", "--draws", n]),
            ("deal", "deal space", ["analyze", .. common]),
            ("simulation", "simulated negotiation", ["simulate", .. common]),
            ("negotiation", "simulation over the uncertain inputs", ["simulate", .. common, "--draws", simDraws]),
        };
        if (scenario.Dynamics is not null)
        {
            // durability compares base and variants itself; the variant flag would only repeat one of them
            steps.Add(("durability", "durability (base and variants)", ["durability", .. files, "--compare", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--draws", n, "--format", "json", Common.NoStore]));
        }

        if (scenario.Variants.Count > 0 && variant is null)
        {
            steps.Add(("whatif", "what-if table of the variants", ["compare", .. files, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--format", "json", Common.NoStore]));
        }

        var doc = new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["variant"] = scenario.AppliedVariant,
            ["seed"] = seed,
            ["draws"] = draws,
            ["summary"] = ScenarioJson.ToJson(scenario),
        };
        var skipped = new JsonObject();
        var timings = new List<KeyValuePair<string, double>>();
        bool terminal = format != "json";
        foreach ((string section, string title, string[] args) in steps)
        {
            if (terminal)
            {
                output.Err.WriteLine($"parley run: {title}…");
            }

            var clock = Stopwatch.StartNew();
            var err = new StringWriter();
            var sub = new Output(new StringWriter(), err);
            int code = CliApp.Invoke(args, sub);
            timings.Add(new(section, clock.Elapsed.TotalMilliseconds));
            if (code == CliApp.Ok && sub.Capture is not null)
            {
                doc[section] = JsonNode.Parse(sub.Capture.Json);
            }
            else
            {
                string reason = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => !l.StartsWith("stored run", StringComparison.Ordinal)) ?? $"exit code {code}";
                skipped[section] = reason;
                output.Err.WriteLine($"parley run: {title} skipped: {reason}");
            }
        }

        if (scenario.Dynamics is null)
        {
            skipped["durability"] = "the scenario has no dynamics (belligerents, p_prevail, trend, volatility)";
        }

        doc["skipped"] = skipped;
        if (scenario.HasSources)
        {
            doc["provenance_note"] = Output.ProvenanceNote(files[0]);
        }

        output.Result(doc, files, scenario, seed, draws, format == "json");
        output.Timings = timings;
        string path = reportPath ?? Path.Combine(Directory.GetCurrentDirectory(), Path.GetFileNameWithoutExtension(files[0]) + "-report.html");
        var report = new Parley.Reporting.ReportInput
        {
            Command = "run",
            Args = ["run", .. files, .. variant is null ? Array.Empty<string>() : ["--variant", variant], "--draws", n, "--seed", seed.ToString(CultureInfo.InvariantCulture)],
            ToolVersion = RunRecorder.ToolVersion,
            CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            Result = output.Capture!.Json,
        };
        // once stored, the report is written again with its run id in the header
        output.Stored = id => File.WriteAllText(path, Parley.Reporting.HtmlReport.Render(report with { RunId = id }));
        try
        {
            File.WriteAllText(path, Parley.Reporting.HtmlReport.Render(report));
            if (pngDir is not null)
            {
                foreach (string f in Parley.Reporting.HtmlReport.WritePngs(report, pngDir))
                {
                    output.Err.WriteLine($"wrote {f}");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.Err.WriteLine($"parley run: could not write the report {path}: {e.Message}");
            return CliApp.UsageError;
        }

        if (terminal)
        {
            Summary(output, doc, timings);
            output.Out.WriteLine($"Report: {path}");
        }

        return CliApp.Ok;
    }

    private static void Summary(Output output, JsonObject doc, List<KeyValuePair<string, double>> timings)
    {
        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]{Markup.Escape(doc["scenario"]!.GetValue<string>())}[/]" + (doc["variant"] is JsonNode v ? $" (variant {Markup.Escape(v.GetValue<string>())})" : string.Empty) +
            $": {doc["draws"]} draws, seed {doc["seed"]}; " + string.Join(", ", timings.Select(t => $"{t.Key} {t.Value / 1000:0.0} s")));
        if (doc["forecast"]?["models"] is JsonArray models && models.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title(Markup.Escape("Where the talks land: median forecast per model [10th-90th percentile]")).AddColumn("issue");
            foreach (JsonNode? m in models)
            {
                t.AddColumn(new TableColumn(Markup.Escape(m!["name"]!.GetValue<string>())).RightAligned());
            }

            JsonArray first = models[0]!["issues"]!.AsArray();
            for (int i = 0; i < first.Count; i++)
            {
                var cells = new List<string> { Markup.Escape(first[i]!["name"]!.GetValue<string>()) };
                foreach (JsonNode? m in models)
                {
                    JsonNode issue = m!["issues"]![i]!;
                    cells.Add(Markup.Escape(issue["median"] is JsonNode med
                        ? string.Create(CultureInfo.InvariantCulture, $"{med.GetValue<double>():0} [{issue["p10"]!.GetValue<double>():0}-{issue["p90"]!.GetValue<double>():0}]")
                        : issue["central"]!.GetValue<double>().ToString("0", CultureInfo.InvariantCulture)));
                }

                t.AddRow([.. cells]);
            }

            c.Write(t);
        }

        if (doc["deal"] is JsonObject deal)
        {
            string nash = deal["solutions"] is JsonArray sols && sols.FirstOrDefault(s => s?["name"]?.GetValue<string>() == "nash") is JsonNode ns && ns["package"] is JsonObject pkg
                ? string.Join("; ", pkg.Select(kv => $"{kv.Key} {kv.Value?["value"]}"))
                : "none (no zone of agreement)";
            c.WriteLine($"Deal space: {deal["zone_size"]} of {deal["packages"]} packages acceptable to all; Nash package: {nash}.");
        }

        if (doc["simulation"] is JsonObject sim)
        {
            c.WriteLine($"Simulated negotiation ({sim["protocol"]}): ended by {sim["ended_by"]} at t = {sim["time"]}.");
        }

        if (doc["negotiation"] is JsonObject neg)
        {
            c.WriteLine($"Over {neg["draws"]} runs with uncertain inputs: agreement in {neg["agreement_probability"]!.GetValue<double>():0%} of runs.");
        }

        if (doc["durability"]?["runs"] is JsonArray runs)
        {
            c.WriteLine("Will the Nash deal hold five years? " + string.Join(", ", runs.Select(r => $"{r!["run"]} {r["holding"]?["5y"]?.GetValue<double>():0%}")) + " of power paths.");
        }

        if (doc["provenance_note"] is JsonNode note)
        {
            c.WriteLine(note.GetValue<string>());
        }
    }
}
