using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Durability;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley durability --validate [--seed S] [--format table|json]</c>: the empirical durability model and its held-out metrics.</summary>
internal static class DurabilityCommand
{
    private static readonly int[] MarkYears = [1, 2, 5];

    public static Command Create(Output output)
    {
        var validate = new Option<bool>("--validate") { Description = "Fit on UCDP agreements signed up to 2005 and report on those signed 2006-2021" };
        var files = new Argument<string[]>("file") { Description = "A scenario with dynamics (for the strategic model)", Arity = ArgumentArity.ZeroOrMore };
        var solution = new Option<string>("--solution") { Description = "Which deal to test: " + string.Join(", ", DealAnalysis.SolutionNames), DefaultValueFactory = _ => "nash" };
        solution.AcceptOnlyFromAmong([.. DealAnalysis.SolutionNames]);
        var actors = new Option<string?>("--actors") { Description = "The parties whose deal it is (default: all)" };
        var years = new Option<double>("--years") { Description = "Horizon in years", DefaultValueFactory = _ => 5 };
        var guarantee = new Option<string[]>("--guarantee") { Description = "actor=K: extra cost (utility units) guarantees impose on that side if it breaks the deal; repeatable" };
        Option<long> draws = Common.Draws();
        Option<string?> variant = Common.Variant();
        var compare = new Option<bool>("--compare") { Description = "The base scenario and every variant side by side (e.g. no guarantees vs bilateral guarantees vs a European force)" };
        Option<ulong> seed = Common.Seed();
        Option<string> format = Common.Format();
        var command = new Command("durability",
            "Will the deal hold?\n" +
            "--validate fits a Cox proportional-hazards model of agreement failure on the UCDP Peace Agreement Dataset\n" +
            "(agreements signed up to 2005) and reports concordance with a bootstrap interval, calibration against\n" +
            "Kaplan-Meier at one and five years, and hazard ratios with intervals clustered by conflict on 2006-2021.\n\n" +
            "With a scenario, the strategic model: after signing the chosen deal, power keeps shifting along the scenario's\n" +
            "dynamics; the deal breaks when a belligerent prefers fighting to keeping it (net of guarantees).\n\n" +
            "Examples:\n  parley durability --validate\n  parley durability scenarios/ukraine-2025.yaml --draws 2000 --guarantee russia=0.1");
        command.Arguments.Add(files);
        command.Options.Add(validate);
        command.Options.Add(solution);
        command.Options.Add(actors);
        command.Options.Add(years);
        command.Options.Add(guarantee);
        command.Options.Add(draws);
        command.Options.Add(variant);
        command.Options.Add(compare);
        command.Options.Add(seed);
        command.WithFormatCheck(format);
        command.SetAction(parse =>
        {
            string[] f = parse.GetValue(files) ?? [];
            if (f.Length > 0 && parse.GetValue(compare))
            {
                return Compare(output, f, parse.GetValue(solution)!, parse.GetValue(actors), parse.GetValue(years), parse.GetValue(draws), parse.GetValue(seed), parse.GetValue(format)!);
            }

            return f.Length > 0 && !parse.GetValue(validate)
                ? Strategic(output, f, parse.GetValue(solution)!, parse.GetValue(actors), parse.GetValue(years), parse.GetValue(guarantee) ?? [], parse.GetValue(draws), parse.GetValue(seed), parse.GetValue(variant), parse.GetValue(format)!)
                : Run(output, parse.GetValue(validate), parse.GetValue(seed), parse.GetValue(format)!);
        });
        return command;
    }

    /// <summary>The agreement terms of this package: linked terms follow its issue levels.</summary>
    private static AgreementTerms TermsOf(AgreementTerms terms, DealSpace space, Solution deal) =>
        terms.For(id =>
        {
            for (int d = 0; d < space.Issues.Count; d++)
            {
                if (space.Issues[d].Id == id)
                {
                    return space.Levels[d][deal.Levels[d]];
                }
            }

            return null;
        });

    private static int Compare(Output output, string[] files, string solution, string? actorList, double years, long draws, ulong seed, string format)
    {
        if (!Common.AllExist(output, "durability", files))
        {
            return CliApp.UsageError;
        }

        Scenario? baseScenario = output.Load(files, null);
        if (baseScenario is null)
        {
            return CliApp.InvalidInput;
        }

        var rows = new List<(string Label, JsonObject Result)>();
        foreach (string? v in new string?[] { null }.Concat(baseScenario.Variants.Select(x => x.Id)))
        {
            var sw = new StringWriter();
            var quiet = new Output(sw, output.Err);
            int code = Strategic(quiet, files, solution, actorList, years, [], draws, seed, v, "json");
            if (code != CliApp.Ok)
            {
                return code;
            }

            rows.Add((v ?? "base", (JsonObject)JsonNode.Parse(sw.ToString())!));
        }

        if (format == "json")
        {
            var doc = new JsonObject { ["scenario"] = baseScenario.Name, ["runs"] = new JsonArray([.. rows.Select(r => { r.Result["run"] = r.Label; return (JsonNode?)r.Result; })]) };
            output.Out.WriteLine(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Will the {Markup.Escape(solution)} deal hold? {Markup.Escape(baseScenario.Name)}, base and variants[/]");
        var t = new Table().Border(TableBorder.Simple).AddColumn("run").AddColumn(new TableColumn("1y").RightAligned()).AddColumn(new TableColumn("2y").RightAligned())
            .AddColumn(new TableColumn("5y").RightAligned()).AddColumn(new TableColumn("gap").RightAligned()).AddColumn(new TableColumn("UCDP 5y").RightAligned());
        foreach ((string label, JsonObject r) in rows)
        {
            JsonObject h = r["holding"]!.AsObject();
            string P(JsonNode? n) => n is null ? "-" : n.GetValue<double>().ToString("0%", CultureInfo.InvariantCulture);
            t.AddRow(Markup.Escape(label), P(h["1y"]), P(h["2y"]), P(h["5y"]), r["commitment_gap"]!.GetValue<bool>() ? "yes" : "no", P(r["empirical"]?["5y"]));
        }

        c.Write(t);
        c.WriteLine("Share of power paths on which the deal still holds (strategic model, guarantees from each variant's agreement terms); gap = commitment gap; UCDP 5y = share of real agreements with the same terms still holding after five years (mostly civil wars; peacekeepers and guarantors go to the hardest cases).");
        if (baseScenario.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(files[0]));
        }

        return CliApp.Ok;
    }

    private static int Strategic(Output output, string[] files, string solution, string? actorList, double years, string[] guarantees, long draws, ulong seed, string? variant, string format)
    {
        if (!Common.AllExist(output, "durability", files))
        {
            return CliApp.UsageError;
        }

        Scenario? s = output.Load(files, variant);
        if (s is null)
        {
            return CliApp.InvalidInput;
        }

        var k = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string g in guarantees)
        {
            int eq = g.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(g[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0 || s.FindActor(g[..eq]) is null)
            {
                output.Err.WriteLine($"parley durability: --guarantee '{g}' is not ACTOR=K with a known actor and K >= 0");
                return CliApp.UsageError;
            }

            k[g[..eq]] = v;
        }

        if (k.Count == 0 && s.Agreement is { } terms)
        {
            k = terms.GuaranteeCosts();
        }

        if (s.Dynamics is null)
        {
            output.Err.WriteLine($"{files[0]}: the strategic durability model needs 'dynamics' (belligerents, p_prevail, trend, volatility)");
            return CliApp.InvalidInput;
        }

        DealSpace space = DealSpace.Build(s, DealSettings.From(s.ModelParameters, []));
        int[] group = actorList is null ? [.. Enumerable.Range(0, space.Actors.Count)] : [.. actorList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(space.IndexOf)];
        if (group.Contains(-1) || group.Length == 0)
        {
            output.Err.WriteLine("parley durability: unknown actor in --actors");
            return CliApp.UsageError;
        }

        Solution? deal = DealAnalysis.Run(space, group, new DealAnalysisOptions { Frontier = false, Trades = 0, Blockers = false }).Find(solution);
        if (deal is null)
        {
            output.Err.WriteLine("parley durability: the parties have no zone of agreement, so there is no deal to test (see 'parley analyze')");
            return CliApp.InvalidInput;
        }

        int perYear = s.StepsPerYear;
        int steps = Math.Max(1, (int)Math.Round(years * perYear));
        int paths = draws > 0 ? (int)Math.Min(draws, 1_000_000) : 1000;
        StrategicDurabilityResult r = StrategicDurability.Run(space, deal.Levels, k, steps, paths, seed);
        int[] marks = [.. MarkYears.Where(y => y <= years + 1e-9).Select(y => y * perYear)];
        if (format == "json")
        {
            var doc = new JsonObject
            {
                ["scenario"] = s.Name,
                ["solution"] = solution,
                ["paths"] = paths,
                ["seed"] = seed,
                ["package"] = new JsonObject(space.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, space.Levels[d][deal.Levels[d]]))),
                ["holding"] = new JsonObject(marks.Select(m => new KeyValuePair<string, JsonNode?>($"{m / perYear}y", Math.Round(r.HoldingAt(m), 4)))),
                ["broken_by"] = new JsonObject(r.BrokenBy.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
                ["surplus"] = new JsonObject(r.Surplus.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, Math.Round(kv.Value, 4)))),
                ["commitment_gap"] = r.CommitmentGap,
            };
            if (s.Agreement is { } at)
            {
                CoxModel cox = PeaceAgreements.FitAll();
                double[] x = PeaceAgreements.Covariates(TermsOf(at, space, deal));
                doc["empirical"] = new JsonObject(MarkYears.Select(y => new KeyValuePair<string, JsonNode?>($"{y}y", Math.Round(cox.Survival(y, x), 4))));
            }

            if (s.HasSources)
            {
                doc["provenance_note"] = Output.ProvenanceNote(files[0]);
            }

            output.Out.WriteLine(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Will the {Markup.Escape(solution)} deal hold? {Markup.Escape(s.Name)}[/]" + (s.AppliedVariant is null ? string.Empty : $"  (variant {Markup.Escape(s.AppliedVariant)})"));
        c.WriteLine("The deal: " + string.Join("; ", space.Issues.Select((i, d) => $"{i.Id} {space.Levels[d][deal.Levels[d]].ToString("0.#", CultureInfo.InvariantCulture)}")));
        c.WriteLine($"{paths} power paths after signing (the scenario's trend and volatility), seed {seed}; guarantees: " +
            (k.Count == 0 ? "none" : string.Join(", ", k.Select(kv => $"{kv.Key} {kv.Value.ToString("0.###", CultureInfo.InvariantCulture)}"))) + ".");
        foreach (int m in marks)
        {
            c.WriteLine($"  still holding after {m / perYear} year(s): {r.HoldingAt(m).ToString("0%", CultureInfo.InvariantCulture)}");
        }

        c.WriteLine("  broken by: " + string.Join(", ", r.BrokenBy.Select(kv => $"{kv.Key} on {kv.Value} paths")));
        c.WriteLine("  surplus at signing (deal minus fighting net of guarantees): " + string.Join(", ", r.Surplus.Select(kv => $"{kv.Key} {kv.Value.ToString("0.00", CultureInfo.InvariantCulture)}")));
        c.WriteLine(r.CommitmentGap
            ? "  Commitment gap: a plausible shift of power within the horizon would make a side prefer war; the deal is not self-enforcing without stronger guarantees."
            : "  No commitment gap: plausible shifts of power within the horizon leave both sides preferring the deal.");
        if (s.Agreement is { } terms2)
        {
            CoxModel cox = PeaceAgreements.FitAll();
            double[] x = PeaceAgreements.Covariates(TermsOf(terms2, space, deal));
            c.WriteLine("Empirically (UCDP agreements with the same terms; mostly civil wars): holding after " +
                string.Join(", ", MarkYears.Select(y => $"{y} year(s) {cox.Survival(y, x).ToString("0%", CultureInfo.InvariantCulture)}")) + ".");
        }
        else
        {
            c.WriteLine("Add an 'agreement:' block (terms and guarantees) to score the deal with the empirical model too; see docs/durability.md.");
        }
        if (s.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(files[0]));
        }

        return CliApp.Ok;
    }

    private static int Run(Output output, bool validate, ulong seed, string format)
    {
        if (!validate)
        {
            output.Err.WriteLine("parley durability: give a scenario (strategic model) or --validate (empirical model); scoring a package with the empirical model is not available yet");
            return CliApp.UsageError;
        }

        ValidationReport r = DurabilityValidation.Run(PeaceAgreements.Shipped(), seed);
        const string Attribution = "Data: UCDP Peace Agreement Dataset v22.1 (Uppsala Conflict Data Program), CC BY 4.0. Mostly civil wars; peacekeepers go to the hardest cases.";
        if (format == "json")
        {
            var doc = new JsonObject
            {
                ["train"] = new JsonObject { ["agreements"] = r.Train.Agreements, ["ended"] = r.Train.Ended, ["signed"] = "1975-2005" },
                ["test"] = new JsonObject { ["agreements"] = r.Test.Agreements, ["ended"] = r.Test.Ended, ["signed"] = "2006-2021" },
                ["concordance"] = Math.Round(r.Concordance, 4),
                ["concordance_interval"] = new JsonArray(Math.Round(r.ConcordanceInterval.Low, 4), Math.Round(r.ConcordanceInterval.High, 4)),
                ["calibration"] = new JsonArray([.. r.Calibration.Select(c => (JsonNode?)new JsonObject
                {
                    ["years"] = c.Years, ["observed_km"] = Math.Round(c.Observed, 4), ["predicted"] = Math.Round(c.Predicted, 4),
                })]),
                ["hazard_ratios"] = new JsonObject(r.HazardRatios.Select(h => new KeyValuePair<string, JsonNode?>(h.Name, new JsonObject
                {
                    ["ratio"] = Math.Round(h.Ratio, 4), ["low"] = Math.Round(h.Low, 4), ["high"] = Math.Round(h.High, 4),
                }))),
                ["data"] = Attribution,
            };
            output.Out.WriteLine(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine("[bold]Empirical durability model: Cox proportional hazards of agreement failure[/]");
        c.WriteLine($"Fitted on {r.Train.Agreements} agreements signed 1975-2005 ({r.Train.Ended} ended); checked on {r.Test.Agreements} signed 2006-2021 ({r.Test.Ended} ended).");
        c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out concordance (C-index): {r.Concordance:0.000} [95% bootstrap {r.ConcordanceInterval.Low:0.000}-{r.ConcordanceInterval.High:0.000}]."));
        var cal = new Table().Border(TableBorder.Simple).Title("Calibration on 2006-2021: share of agreements still holding").AddColumn("after")
            .AddColumn(new TableColumn("observed (Kaplan-Meier)").RightAligned()).AddColumn(new TableColumn("predicted (mean)").RightAligned());
        foreach (Calibration k in r.Calibration)
        {
            cal.AddRow(k.Years.ToString("0", CultureInfo.InvariantCulture) + " year(s)", k.Observed.ToString("0.00", CultureInfo.InvariantCulture), k.Predicted.ToString("0.00", CultureInfo.InvariantCulture));
        }

        c.Write(cal);
        var hr = new Table().Border(TableBorder.Simple).Title("Hazard ratios (below 1: the agreement lasts longer), 95% intervals clustered by conflict")
            .AddColumn("provision").AddColumn(new TableColumn("ratio").RightAligned()).AddColumn(new TableColumn("interval").RightAligned());
        foreach (HazardRatio h in r.HazardRatios)
        {
            hr.AddRow(Markup.Escape(h.Name), h.Ratio.ToString("0.00", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{h.Low:0.00}-{h.High:0.00}"));
        }

        c.Write(hr);
        c.WriteLine(Attribution);
        return CliApp.Ok;
    }
}
