using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley experiment FILE [--claim ID] [--draws N] [--seed S] [--threads N] [--without MECHANISM]… [--no-robustness]
/// [--format table|json] [--db PATH] [--no-store]</c>: the scenario's claims as experiments.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario with a 'claims:' block", Arity = ArgumentArity.OneOrMore };
        var claim = new Option<string?>("--claim") { Description = "Run one claim (by id; default: every claim)" };
        Option<long> draws = Common.Draws();
        draws.DefaultValueFactory = _ => ExperimentAnalysis.DefaultDraws;
        draws.Description = "Draws of the uncertain inputs; each is simulated in the setting and in the counter-setting";
        Option<ulong> seed = Common.Seed();
        Option<int?> threads = Common.Threads();
        var without = new Option<string[]>("--without")
        {
            Description = $"Switch a mechanism off in both cases (repeatable): {string.Join(", ", Mechanisms.Names)}; an effect that runs through it disappears",
            AllowMultipleArgumentsPerToken = false,
        };
        var noRobustness = new Option<bool>("--no-robustness") { Description = "Do not move each parameter over its range (faster; the verdict on the stated values only)" };
        Option<string> format = Common.Format();
        var command = new Command("experiment",
            "The analyses' claims as experiments: each claim's setting and counter-setting are simulated on the same draws; the\n" +
            "paired effect on the outcome it names gets an 80% interval and a verdict (supported, contradicted, not decided),\n" +
            "and each parameter is moved over its range to show whether the verdict depends on it.\n\n" +
            "Examples:\n  parley experiment scenarios/ukraine-2025.yaml\n  parley experiment scenarios/ukraine-2025.yaml --claim one-sided-pressure --format json");
        command.Arguments.Add(files);
        command.Options.Add(claim);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.Options.Add(without);
        command.Options.Add(noRobustness);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: ExperimentRequest request } bound
            ? Run(output, [.. bound.Files], request, parse.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, string[] files, ExperimentRequest request, string format)
    {
        if (!Common.AllExist(output, "experiment", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        using var progress = new ProgressLine(output.Err, 1, "experiment");
        AnalysisOutcome<ExperimentOutcome> outcome = output.Compute(request, set, () => ExperimentAnalysis.Run(request, set, new AnalysisContext(progress)));
        if (outcome.Result is not { } r)
        {
            return output.Problems("experiment", outcome.Problems);
        }

        output.Result(r, request, set, set.Base, request.Seed, request.Draws, print: format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Claims as experiments: {Markup.Escape(r.Scenario)}[/] ({r.Claims.Count} claim(s), {r.Draws:N0} paired draws each, seed {r.Seed})"
            + (r.SwitchedOff.Count > 0 ? $"; switched off: {Markup.Escape(string.Join(", ", r.SwitchedOff))}" : string.Empty));
        var t = new Table().Border(TableBorder.Simple).AddColumn("claim").AddColumn("measure").AddColumn("expects")
            .AddColumn(new TableColumn("setting / counter").RightAligned()).AddColumn(new TableColumn("effect [[80%]]").RightAligned()).AddColumn("verdict").AddColumn("over ranges");
        foreach (ClaimResult x in r.Claims)
        {
            t.AddRow(Markup.Escape(x.Id), Markup.Escape(x.Measure), x.Expect, Markup.Escape(ClaimText.Means(x)), Markup.Escape(ClaimText.Effect(x)), Markup.Escape(ClaimText.Verdict(x)),
                Markup.Escape(x.Robustness.Count == 0 ? "-" : x.Robustness.All(v => v.Verdict == x.Verdict) ? "holds" : "changes"));
        }

        c.Write(t);
        foreach (ClaimResult x in r.Claims)
        {
            c.WriteLine();
            c.MarkupLine($"[bold]{Markup.Escape(x.Id)}[/]: {Markup.Escape(x.Claim)}");
            c.WriteLine($"  \"{x.Quote}\" ({x.Source})");
            c.WriteLine($"  setting: {x.Setting}" + (x.Variant is null ? string.Empty : $" (on variant {x.Variant})"));
            c.WriteLine($"  counter: {x.Counter}");
            c.WriteLine($"  {x.MeasureText}: {ClaimText.Means(x)} over {x.Pairs:N0} paired draws; effect {ClaimText.Effect(x)}; {ClaimText.Verdict(x)} (expects {x.Expect}; through {string.Join(", ", x.Mechanism)})");
            foreach (ClaimRobustness v in x.Robustness)
            {
                c.WriteLine($"    {v.Parameter} at its {v.End} end ({v.Value.ToString("0.####", CultureInfo.InvariantCulture)}): {ClaimText.Interval(v.Effect, x.Measure)} → {v.Verdict}");
            }
        }

        c.WriteLine();
        c.WriteLine(r.Method);
        if (r.ProvenanceNote is string note)
        {
            c.WriteLine(note);
        }

        return CliApp.Ok;
    }
}
