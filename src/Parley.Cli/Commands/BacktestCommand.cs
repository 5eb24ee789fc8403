using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley backtest PATH… [--draws N] [--seed S] [--threads N] [--format table|json] [--db PATH] [--no-store]</c>: the models against known outcomes.</summary>
internal static class BacktestCommand
{
    public static Command Create(Output output)
    {
        var paths = new Argument<string[]>("path") { Description = "Outcome files (NAME.outcome.yaml, beside their scenarios) or folders of them", Arity = ArgumentArity.OneOrMore };
        Option<long> draws = Common.Draws();
        draws.DefaultValueFactory = _ => 1000;
        draws.Description = $"Monte Carlo draws per case (at least {BacktestAnalysis.MinDraws}): the forecast intervals come from them";
        Option<ulong> seed = Common.Seed();
        Option<int?> threads = Common.Threads();
        Option<string> format = Common.Format();
        var command = new Command("backtest",
            "How well each forecast model has done: forecasts every case's scenario (as known before the outcome) and scores\n" +
            "the median against what happened, per issue, with the coverage of its 50%, 80% and 90% intervals; in-sample and\n" +
            "out-of-sample cases apart.\n\nExamples:\n  parley backtest backtests/\n  parley backtest backtests/dayton-1995.outcome.yaml --format json");
        command.Arguments.Add(paths);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => Run(output, new BacktestRequest
        {
            Cases = parse.GetValue(paths)!,
            Draws = parse.GetValue(draws),
            Seed = parse.GetValue(seed),
            Threads = parse.GetValue(threads),
        }, parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, BacktestRequest request, string format)
    {
        if (!Common.AllExist(output, "backtest", request.Cases))
        {
            return CliApp.UsageError;
        }

        BacktestLoad load = BacktestCases.Load(request.Cases);
        if (!load.Succeeded)
        {
            output.Diagnostics(load.Diagnostics.Where(d => d.Severity == Parley.Core.Scenarios.Severity.Error));
            output.Err.WriteLine($"{string.Join(' ', request.Cases)}: {load.Diagnostics.Count(d => d.Severity == Parley.Core.Scenarios.Severity.Error)} error(s); nothing done.");
            // a path that is no case is a mistake on the command line (exit 1); a case that cannot be read is bad input (exit 2)
            return load.Diagnostics.Any(d => d.Code == Parley.Core.Scenarios.DiagnosticCodes.Request) ? CliApp.UsageError : CliApp.InvalidInput;
        }

        AnalysisOutcome<BacktestOutcome> outcome = output.Compute(request, load.Inputs, () => BacktestAnalysis.Run(request, load.Cases));
        if (outcome.Result is not { } r)
        {
            return output.Problems("backtest", outcome.Problems);
        }

        output.Result(r, request, null, null, request.Seed, request.Draws, print: format == "json");
        output.Capture = output.Capture! with { Inputs = load.Inputs };
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        int inSample = r.Cases.Count(x => x.InSample);
        c.MarkupLine($"[bold]Backtest[/]: {r.Cases.Count} cases ({inSample} in-sample, {r.Cases.Count - inSample} out-of-sample), {r.Draws:N0} draws each, seed {r.Seed}");
        string Head(Func<ModelScore, SampleScore?> pick, string what) =>
            r.Models.Select(pick).FirstOrDefault(x => x is not null) is { } s0 ? $"{what}: {s0.N} outcomes, {s0.Cases} cases" : $"{what}: none";
        var t = new Table().Border(TableBorder.Simple).AddColumn("model")
            .AddColumn(new TableColumn(Markup.Escape(Head(m => m.OutOfSample, "out-of-sample"))).RightAligned()).AddColumn(new TableColumn("in 50/80/90%").RightAligned())
            .AddColumn(new TableColumn(Markup.Escape(Head(m => m.InSample, "in-sample"))).RightAligned()).AddColumn(new TableColumn("in 50/80/90%").RightAligned());
        foreach (ModelScore m in r.Models)
        {
            t.AddRow(Markup.Escape(m.Model), Markup.Escape(Error(m.OutOfSample)), Coverage(m.OutOfSample), Markup.Escape(Error(m.InSample)), Coverage(m.InSample));
        }

        c.Write(t);
        c.WriteLine("error = mean |median - outcome|, each issue's scale as 0-100 [5-95% over a bootstrap of cases]; in 50/80/90% = outcomes inside the central 50%, 80% and 90% intervals of the draws. A point interval (a scenario without ranges) holds only an outcome it hits.");
        foreach (CaseScore k in r.Cases)
        {
            c.WriteLine();
            c.MarkupLine($"[bold]{Markup.Escape(k.Name)}[/] ({(k.InSample ? "in-sample" : "out-of-sample")}: {Markup.Escape(k.SampleReason)}); decided {k.Decided}, reported by {Markup.Escape(k.Source.Title)}" +
                (k.Source.Outlet is string o ? $", {Markup.Escape(o)}" : string.Empty) + (k.Source.Date is string d ? $", {d}" : string.Empty));
            foreach (IssueScore i in k.Issues)
            {
                string models = string.Join("; ", i.Forecasts.Select(f =>
                    $"{f.Model} {i.Say(f.Median)} [{i.Say(f.P10)}-{i.Say(f.P90)}]{(f.Inside.Contains(80) ? string.Empty : " (outside 80%)")}"));
                c.WriteLine($"  {i.Issue}: outcome {i.OutcomeText} — {models}");
            }

            if (k.Skipped.Count > 0)
            {
                c.WriteLine("  not scored: " + string.Join(", ", k.Skipped.Select(s => $"{s.Key} ({s.Value})")));
            }
        }

        c.WriteLine();
        c.WriteLine($"{r.SkippedIssues} issue(s) of the cases' scenarios were not scored (no known outcome, or no model forecasts them). How to add a case: docs/backtests.md.");
        return CliApp.Ok;
    }

    private static string Error(SampleScore? s) => s is null ? "-" : BacktestAnalysis.ErrorText(s);

    private static string Coverage(SampleScore? s) => s is null ? "-" : BacktestAnalysis.CoverageText(s);

}
