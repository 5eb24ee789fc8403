using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley durability FILE [--solution|--package] [--horizon] [--guarantee] [--compare]</c> and <c>parley durability --validate</c>:
/// will the deal hold, and how good the empirical model is.
/// </summary>
internal static class DurabilityCommand
{
    public static Command Create(Output output)
    {
        var validate = new Option<bool>("--validate") { Description = "Fit on UCDP agreements signed up to 2005 and report on those signed 2006-2021" };
        var files = new Argument<string[]>("file") { Description = "A scenario with dynamics (for the strategic model)", Arity = ArgumentArity.ZeroOrMore };
        var solution = new Option<string>("--solution") { Description = "Which deal to test: " + string.Join(", ", DealSpaceAnalysis.SolutionNames), DefaultValueFactory = _ => "nash" };
        solution.AcceptOnlyFromAmong([.. DealSpaceAnalysis.SolutionNames]);
        var actors = new Option<string?>("--actors") { Description = "The actors whose deal it is (default: those who sign, by their roles: the parties and a mediator with a stake)" };
        var horizon = new Option<string>("--horizon", "--years") { Description = "How far to look: 5y (years), 18m (months) or a number of years", DefaultValueFactory = _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{DurabilityAnalysis.DefaultYears}y") };
        var package = new Option<string?>("--package") { Description = "A package typed in (YAML or JSON: issue id -> value, anchor label or option) instead of --solution" };
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
        command.Options.Add(horizon);
        command.Options.Add(package);
        command.Options.Add(guarantee);
        command.Options.Add(draws);
        command.Options.Add(variant);
        command.Options.Add(compare);
        command.Options.Add(seed);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) switch
        {
            { Request: ValidationRequest v } => Validate(output, parse.GetValue(validate), v, parse.GetValue(format)!),
            { Request: DurabilityRequest { Compare: true } d } bound => Compare(output, [.. bound.Files], d, parse.GetValue(format)!),
            { Request: DurabilityRequest d } bound => Strategic(output, [.. bound.Files], d, bound.PackageFile, parse.GetValue(format)!),
            _ => CliApp.UsageError,
        });
        return command;
    }

    private static int Compare(Output output, string[] files, DurabilityRequest request, string format)
    {
        if (!Common.AllExist(output, "durability", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        AnalysisOutcome<DurabilityComparisonOutcome> outcome = output.Compute(request, set, () => DurabilityAnalysis.Compare(request, set));
        if (outcome.Result is not { } cmp)
        {
            return output.Problems("durability", outcome.Problems);
        }

        output.Result(cmp, request, set, set.Base, request.Seed, cmp.Runs.Count > 0 ? cmp.Runs[0].Paths : request.Draws, format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Will the {Markup.Escape(SolutionTitle(request.Solution))} deal hold? {Markup.Escape(cmp.Scenario)}, base and variants[/]");
        var t = new Table().Border(TableBorder.Simple).AddColumn("run").AddColumn(new TableColumn("1y").RightAligned()).AddColumn(new TableColumn("2y").RightAligned())
            .AddColumn(new TableColumn("5y").RightAligned()).AddColumn(new TableColumn("gap").RightAligned()).AddColumn(new TableColumn("UCDP 5y").RightAligned());
        foreach (DurabilityOutcome r in cmp.Runs)
        {
            static string P(IReadOnlyDictionary<string, double>? d, string key) => d is not null && d.TryGetValue(key, out double v) ? v.ToString("0%", CultureInfo.InvariantCulture) : "-";
            t.AddRow(Markup.Escape(r.Run!), P(r.Holding, "1y"), P(r.Holding, "2y"), DurabilityAnalysis.ShareWithRange(r, "5y"), r.CommitmentGap ? "yes" : "no", P(r.Empirical, "5y"));
        }

        c.Write(t);
        c.WriteLine($"Share of {(cmp.Runs.Count > 0 ? cmp.Runs[0].Paths.ToString("N0", CultureInfo.InvariantCulture) + " " : string.Empty)}power paths on which the deal still holds (strategic model, guarantees from each variant's agreement terms); 5y in brackets: 10th-90th percentile over {DurabilityAnalysis.InputDraws} draws of the uncertain inputs ({DurabilityAnalysis.PathsPerInputDraw} paths each); gap = commitment gap; UCDP 5y = share of real agreements with the same terms and conflict history still holding after five years (mostly civil wars; peacekeepers and guarantors go to the hardest cases); " + DurabilityAnalysis.EmpiricalCheck + ".");
        foreach ((string variant, string why) in cmp.Skipped ?? new Dictionary<string, string>())
        {
            c.WriteLine($"No row for {variant}: {why}.");
        }
        if (cmp.Runs[0].ProvenanceNote is string note)
        {
            c.WriteLine(note);
        }

        return CliApp.Ok;
    }

    private static int Strategic(Output output, string[] files, DurabilityRequest request, string? packagePath, string format)
    {
        if (!Common.AllExist(output, "durability", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        if (request.Variant is not null && set.TryGet(request.Variant) is { Succeeded: false } bad)
        {
            return output.Problems("durability", bad.Diagnostics);
        }

        Scenario s = set.Get(request.Variant);
        ScenarioInput? package = null;
        if (packagePath is not null)
        {
            if (!File.Exists(packagePath))
            {
                output.Err.WriteLine($"parley durability: no such file: {packagePath}");
                return CliApp.UsageError;
            }

            // read once: the bytes parsed are the bytes stored with the run
            var diagnostics = new List<Diagnostic>();
            if (InputFile.Read(packagePath, 4 << 20, "a package file", diagnostics) is not { } bytes)
            {
                output.Diagnostics(diagnostics);
                return CliApp.InvalidInput;
            }

            package = new ScenarioInput(packagePath, bytes);
            if (PackageFile.Read(package.Content, packagePath, s, diagnostics) is not { } values)
            {
                output.Diagnostics(diagnostics);
                return CliApp.InvalidInput;
            }

            request = request with { Package = values, PackageName = Path.GetFileName(packagePath) };
        }

        AnalysisOutcome<DurabilityOutcome> outcome = output.Compute(request, set, () => DurabilityAnalysis.Run(request, set));
        if (outcome.Result is not { } r)
        {
            return output.Problems("durability", outcome.Problems);
        }

        foreach (string note in r.Notes ?? [])
        {
            output.Err.WriteLine("parley durability: " + note);
        }

        output.Result(r, request, set, s, request.Seed, r.Paths, format == "json");
        if (package is not null && output.Capture is { } capture)
        {
            output.Capture = capture with { Inputs = [.. set.Inputs, package] };
        }

        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Will the {Markup.Escape(SolutionTitle(r.Solution))} deal hold? {Markup.Escape(s.Name)}[/]" + (s.AppliedVariant is null ? string.Empty : $"  (variant {Markup.Escape(s.AppliedVariant)})"));
        c.WriteLine("The deal: " + string.Join("; ", r.Package.Select(kv => $"{kv.Key} {kv.Value.ToString("0.#", CultureInfo.InvariantCulture)}")));
        if (r.Seating is not null)
        {
            c.WriteLine("Whose deal (the actors who sign), " + r.Seating);
        }
        c.WriteLine("Its terms: " + (r.Terms.Count == 0 ? "none stated" : string.Join(", ", r.Terms.Select(h => h == "peacekeepers" && r.Mandate != "none" ? $"peacekeepers ({r.Mandate} mandate)" : h.Replace('_', ' ')))) + ".");
        string drift = s.Dynamics?.AfterAgreement is null
            ? "the scenario's trend and volatility"
            : string.Create(CultureInfo.InvariantCulture, $"after-agreement drift {r.Drift:+0.####;-0.####;0} per step from rearmament and aid, the scenario's volatility");
        c.WriteLine($"{r.Paths} power paths after signing ({drift}), seed {r.Seed}; cost of breaking the deal (guarantees and terms): " +
            string.Join(", ", r.BreakingCosts.Select(kv => $"{kv.Key} {kv.Value.ToString("0.###", CultureInfo.InvariantCulture)}")) + ".");
        foreach ((string mark, double share) in r.Holding)
        {
            string when = mark.EndsWith('y') ? $"{mark[..^1]} year(s)" : mark.EndsWith('m') ? $"{mark[..^1]} steps" : mark.Replace("steps", " steps", StringComparison.Ordinal);
            string range = r.HoldingRange is { } hr && hr.TryGetValue(mark, out double[]? lh)
                ? string.Create(CultureInfo.InvariantCulture, $" ({lh[0] * 100:0}-{lh[1] * 100:0}% over {r.InputDraws} draws of the uncertain inputs, 10th-90th percentile)")
                : string.Empty;
            c.WriteLine($"  still holding after {when}: {share.ToString("0%", CultureInfo.InvariantCulture)}{range}");
        }

        c.WriteLine("  broken by: " + string.Join(", ", r.BrokenBy.Select(kv => $"{kv.Key} on {kv.Value} paths")));
        c.WriteLine("  surplus at signing (deal minus fighting net of the cost of breaking): " + string.Join(", ", r.Surplus.Select(kv => $"{kv.Key} {kv.Value.ToString("0.00", CultureInfo.InvariantCulture)}")));
        foreach (KeyValuePair<string, double> kv in r.Surplus.Where(kv => kv.Value < 0))
        {
            c.WriteLine(r.Parties is { } signing && !signing.Any(p => p.Id == kv.Key)
                ? $"  {kv.Key} prefers fighting already at signing, and it does not sign: the deal does not bind it."
                : $"  {kv.Key} prefers fighting already at signing: this package is outside the zone of agreement.");
        }

        c.WriteLine(r.CommitmentGap
            ? "  Commitment gap: a plausible shift of power within the horizon would make a side prefer war; the deal is not self-enforcing without stronger guarantees."
            : "  No commitment gap: plausible shifts of power within the horizon leave both sides preferring the deal.");
        if (r.Empirical is { } empirical)
        {
            IReadOnlyList<string> unscored = r.EmpiricalUnscoredTerms ?? [];
            c.WriteLine("Empirically (UCDP agreements with the same terms and conflict history; mostly civil wars): holding after " +
                string.Join(", ", empirical.Select(kv => $"{kv.Key[..^1]} year(s) {kv.Value.ToString("0%", CultureInfo.InvariantCulture)}")) + "." +
                (unscored.Count == 0 ? string.Empty : $" The data have no covariate for {string.Join(", ", unscored.Select(u => u.Replace('_', ' ')))}: only the strategic model counts them.") +
                " Read it with care: " + DurabilityAnalysis.EmpiricalCheck + ".");
        }
        else
        {
            c.WriteLine("Add an 'agreement:' block (terms and guarantees) to score the deal with the empirical model too; see docs/durability.md.");
        }

        if (r.ProvenanceNote is not null)
        {
            c.WriteLine(r.ProvenanceNote);
        }

        return CliApp.Ok;
    }

    private static int Validate(Output output, bool validate, ValidationRequest request, string format)
    {
        if (!validate)
        {
            output.Err.WriteLine("parley durability: give a scenario (both models score its deal and agreement terms) or --validate (the empirical model's fit and held-out metrics)");
            return CliApp.UsageError;
        }

        ValidationOutcome r = DurabilityAnalysis.Validate(request.Seed);
        output.Result(r, request, null, null, request.Seed, null, format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine("[bold]Empirical durability model: Cox proportional hazards of agreement failure[/]");
        c.WriteLine($"Fitted on {r.Train.Agreements} agreements signed 1975-2005 ({r.Train.Ended} ended); checked on {r.Test.Agreements} signed 2006-2021 ({r.Test.Ended} ended).");
        c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out concordance (C-index): {r.Concordance:0.000} [95% bootstrap over agreements {r.ConcordanceInterval[0]:0.000}-{r.ConcordanceInterval[1]:0.000}]."));
        if (r.Holdout is { } held)
        {
            c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Its {held.Endings} endings are {held.Breakdowns} distinct breakdowns in {held.Conflicts} conflicts; resampling conflicts instead of agreements gives {held.Interval[0]:0.000}-{held.Interval[1]:0.000}."));
        }

        if (r.GroupedCv is { } g)
        {
            c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cross-validated concordance, folds by conflict ({g.Repeats} x {g.Folds}-fold, every agreement): {g.Concordance:0.000} [{g.Interval[0]:0.000}-{g.Interval[1]:0.000} over the repeats]. 0.5 is chance."));
        }

        if (r.GroupedCvProvisionsOnly is { } p)
        {
            c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  With the provisions alone (no conflict history): {p.Concordance:0.000} [{p.Interval[0]:0.000}-{p.Interval[1]:0.000}]."));
        }

        if (r.RidgeLambda is double lambda)
        {
            c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Covariates: the agreement's provisions and the conflict's history at signing (UCDP Conflict Termination data), standardised; ridge penalty {lambda:0.##} chosen by grouped cross-validation inside the training agreements."));
        }
        var cal = new Table().Border(TableBorder.Simple).Title("Calibration on 2006-2021: share of agreements still holding").AddColumn("after")
            .AddColumn(new TableColumn("observed (Kaplan-Meier)").RightAligned()).AddColumn(new TableColumn("predicted (mean)").RightAligned());
        foreach (CalibrationPoint k in r.Calibration)
        {
            cal.AddRow(k.Years.ToString("0", CultureInfo.InvariantCulture) + " year(s)", k.ObservedKm.ToString("0.00", CultureInfo.InvariantCulture), k.Predicted.ToString("0.00", CultureInfo.InvariantCulture));
        }

        c.Write(cal);
        var hr = new Table().Border(TableBorder.Simple).Title("Hazard ratios per unit (counts and ages as log(1 + x); regions against Europe; below 1: the agreement lasts longer), 95% intervals clustered by conflict, shrunk by the ridge")
            .AddColumn("covariate").AddColumn(new TableColumn("ratio").RightAligned()).AddColumn(new TableColumn("interval").RightAligned());
        foreach ((string name, HazardRatioInterval h) in r.HazardRatios)
        {
            hr.AddRow(Markup.Escape(name), h.Ratio.ToString("0.00", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{h.Low:0.00}-{h.High:0.00}"));
        }

        c.Write(hr);
        c.WriteLine(r.Data);
        return CliApp.Ok;
    }

    /// <summary>A solution's name as a title says it ("Nash", "Kalai-Smorodinsky", "egalitarian").</summary>
    private static string SolutionTitle(string solution) => solution switch
    {
        "nash" => "Nash",
        "asymmetric-nash" => "asymmetric Nash",
        "kalai-smorodinsky" => "Kalai-Smorodinsky",
        _ => solution,
    };
}
