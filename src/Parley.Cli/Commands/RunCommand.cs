using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Serialization;
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
        draws.DefaultValueFactory = _ => MainJob.DefaultDraws;
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
        command.SetAction(p => CommandRequests.Bind(p, output.Err) is { Request: MainJobRequest request } bound
            ? Run(output, [.. bound.Files], request, p.GetValue(report), p.GetValue(png), p.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, string[] files, MainJobRequest request, string? reportPath, string? pngDir, string format)
    {
        (string? variant, long draws, ulong seed) = (request.Variant, request.Draws, request.Seed);
        if (!Common.AllExist(output, "run", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        bool terminal = format != "json";
        var titles = MainJob.Sections.ToDictionary(kv => "section:" + kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var progress = new SectionProgress(p =>
        {
            if (terminal && titles.TryGetValue(p.Stage, out string? title))
            {
                output.Err.WriteLine($"parley run: {title}…");
            }
        });
        AnalysisOutcome<MainJobOutcome> outcome = output.Compute(request, set, () => MainJob.Run(request, set, new AnalysisContext(progress)));
        if (outcome.Result is not { } result)
        {
            return output.Problems("run", outcome.Problems);
        }

        foreach ((string section, string reason) in result.Skipped)
        {
            if (section != "durability" || set.Get(variant).Dynamics is not null)
            {
                output.Err.WriteLine($"parley run: {MainJob.SectionTitle(section)} skipped: {reason}");
            }
        }

        output.Result(result, request, set, set.Get(variant), seed, draws, format == "json");
        output.Timings = [.. result.Timings];
        // a variant's report is named after it, so that it never overwrites the scenario's own
        string path = reportPath ?? Path.Combine(Directory.GetCurrentDirectory(), Path.GetFileNameWithoutExtension(files[0]) + (variant is null ? string.Empty : "-" + variant) + "-report.html");
        string n = draws.ToString(CultureInfo.InvariantCulture);
        var report = new Parley.Reporting.ReportInput
        {
            Command = "run",
            Args = ["run", .. files, .. variant is null ? Array.Empty<string>() : ["--variant", variant], "--draws", n, "--seed", seed.ToString(CultureInfo.InvariantCulture)],
            ToolVersion = RunRecorder.ToolVersion,
            CreatedUtc = Parley.Reporting.ReportInput.When(DateTime.UtcNow),
            Result = result,
        };

        // the report is written once, after the run is stored, so that it carries the run's id
        output.Finish = id =>
        {
            try
            {
                // once stored, the report is the stored run's, exactly as 'parley report ID' writes it
                if (id is long stored && output.StoredIn is string db)
                {
                    using Parley.Storage.RunStore store = Parley.Storage.RunStore.Open(db);
                    report = store.Get(stored, withInputs: false) is { } run && Parley.Web.ParleyWeb.ReportOf(run) is { } fromStore ? fromStore : report with { RunId = id };
                }

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
                output.Out.WriteLine($"Report: {path}");
            }

            return CliApp.Ok;
        };
        if (terminal)
        {
            Summary(output, result);
        }

        return CliApp.Ok;
    }

    private static void Summary(Output output, MainJobOutcome doc)
    {
        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]{Markup.Escape(doc.Scenario)}[/]" + (doc.Variant is string v ? $" (variant {Markup.Escape(v)})" : string.Empty) +
            $": {doc.Draws} draws, seed {doc.Seed}; " + string.Join(", ", doc.Timings.Select(t => $"{t.Key} {t.Value / 1000:0.0} s")));
        if (doc.ExpectedDeal is { } expected)
        {
            c.MarkupLine(expected.How switch
            {
                "most-agreed" => "[bold]Expected deal[/]",
                "none" => "[bold]No deal expected[/]",
                _ => expected.Draws is null ? "[bold]Reference deal[/] (no runs over the uncertain inputs: the parties' Nash package)" : "[bold]No deal expected[/]; the reference package:",
            });
            if (expected.Package.Count > 0)
            {
                c.WriteLine("  " + string.Join("; ", expected.Package.Select(kv => $"{kv.Key} {kv.Value.Value.ToString("0.#", CultureInfo.InvariantCulture)}")));
            }

            string basis = expected.Basis.StartsWith("no deal expected: ", StringComparison.Ordinal) ? expected.Basis["no deal expected: ".Length..] : expected.Basis;
            c.WriteLine("  " + (expected.How == "most-agreed" ? "Chosen as " + basis : char.ToUpperInvariant(basis[0]) + basis[1..]) + ".");
            if (doc.DealDurability?.FirstOrDefault(d => d.Solution == "expected deal") is { } holds)
            {
                string broken = holds.BrokenBy.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} on {kv.Value:N0}").FirstOrDefault() is string who
                    ? $"; broken most often by {who} paths" : string.Empty;
                c.WriteLine($"  Holds (share of {holds.Paths:N0} power paths; in brackets: 10th-90th percentile over {holds.InputDraws ?? 0} draws of the inputs): "
                    + string.Join(", ", DurabilityAnalysis.MarkYears.Select(y => $"{y} y {DurabilityAnalysis.ShareWithRange(holds, $"{y}y")}")) + broken + ".");
            }

            c.WriteLine("  Where the answers differ: " + expected.Why);
            foreach (string general in expected.Notes ?? [])
            {
                c.WriteLine($"  - {general}.");
            }

            foreach (IssueReconciliation issue in expected.Issues.Where(i => i.Notes.Count > 0))
            {
                foreach (string why in issue.Notes)
                {
                    c.WriteLine($"  - {issue.Name}: {why}.");
                }
            }
        }

        if (doc.Forecast is { Models.Count: > 0 } forecast)
        {
            var t = new Table().Border(TableBorder.Simple).Title(Markup.Escape("Where the talks land: median forecast per model [10th-90th percentile]")).AddColumn("issue");
            foreach (ModelForecast m in forecast.Models)
            {
                t.AddColumn(new TableColumn(Markup.Escape(m.Name)).RightAligned());
            }

            IReadOnlyList<IssueForecast> first = forecast.Models[0].Issues;
            for (int i = 0; i < first.Count; i++)
            {
                var cells = new List<string> { Markup.Escape(first[i].Name) };
                foreach (ModelForecast m in forecast.Models)
                {
                    IssueForecast issue = m.Issues[i];
                    cells.Add(Markup.Escape(issue.Median is double med
                        ? string.Create(CultureInfo.InvariantCulture, $"{med:0} [{issue.P10:0}-{issue.P90:0}]{(issue.Modes is null ? string.Empty : "*")}")
                        : issue.Central.ToString("0", CultureInfo.InvariantCulture)));
                }

                t.AddRow([.. cells]);
            }

            c.Write(t);
            foreach (ModelForecast m in forecast.Models)
            {
                foreach (IssueForecast f in m.Issues.Where(f => f.Modes is not null))
                {
                    c.WriteLine($"* {m.Name} on {f.Name}: {f.Modes!.Count} modes, {f.ModesText(v => v.ToString("0", CultureInfo.InvariantCulture))}; a single number would hide all but one of them.");
                }
            }
        }

        if (doc.Deal is { } deal)
        {
            string nash = deal.Nash is { } ns
                ? string.Join("; ", ns.Package.Select(kv => $"{kv.Key} {kv.Value.Value.ToString(CultureInfo.InvariantCulture)}"))
                : "none (no zone of agreement)";
            c.WriteLine($"Deal space: {deal.ZoneSize:N0} of {deal.Packages.ToString("N0", CultureInfo.InvariantCulture)} packages acceptable to all who sign ({string.Join(", ", deal.Parties.Select(p => p.Id))}); Nash package: {nash}.");
            foreach (Objection o in deal.Objections ?? [])
            {
                c.WriteLine("  " + o.Text + ".");
            }
        }

        if (doc.Simulation is { } sim)
        {
            c.WriteLine($"Simulated negotiation ({sim.Protocol}; at the table: {string.Join(", ", sim.Parties.Keys)}): ended by {sim.EndedBy} at t = {sim.Time}.");
        }

        if (doc.Negotiation is { } neg)
        {
            c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Over {neg.Draws:N0} runs with uncertain inputs: agreement in {neg.Agreements:N0} ({new Proportion(neg.Agreements, neg.Draws).ShareText})."));
        }

        if (doc.Durability is { } durability)
        {
            c.WriteLine("Will the Nash deal hold five years (the scenario as written and each variant)? " + string.Join(", ", durability.Runs.Select(r => $"{r.Run} {DurabilityAnalysis.ShareWithRange(r, "5y")}")) +
                $" of {(durability.Runs.Count > 0 ? durability.Runs[0].Paths : 0):N0} power paths (in brackets: 10th-90th percentile over {DurabilityAnalysis.InputDraws} draws of the inputs)" +
                (durability.Skipped is { Count: > 0 } sk ? "; no deal to test under " + string.Join(", ", sk.Keys) : string.Empty) + ".");
        }

        if (doc.ProvenanceNote is string note)
        {
            c.WriteLine(note);
        }
    }

    /// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SectionProgress(Action<AnalysisProgress> handler) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => handler(value);
    }
}
