using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley tournament FILE [--strategies a,b,…] [--protocols …] [--seeds N] [--seed S] [--variant NAME] [--format table|json]</c>:
/// which negotiation strategy does best at the scenario's table.
/// </summary>
internal static class TournamentCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var strategies = new Option<string?>("--strategies") { Description = "The strategies that compete, comma-separated (default: all: " + string.Join(", ", NegotiationAnalysis.StrategyNames) + ")" };
        var protocols = new Option<string?>("--protocols") { Description = "The protocols played, comma-separated (default: the table's own)" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per pairing (the rank's interval is over them)", DefaultValueFactory = _ => TournamentAnalysis.DefaultSeeds };
        var deadline = new Option<int>("--deadline") { Description = "Last time step of each session", DefaultValueFactory = _ => 24 };
        Option<string?> variant = Common.Variant();
        Option<ulong> seed = Common.Seed();
        Option<int?> threads = Common.Threads();
        Option<string> format = Common.Format();
        var command = new Command("tournament",
            "Which strategy does best at this table: each strategy in turn takes each seat while the others keep the scenario's\n" +
            "own strategies (with two parties at the table: every ordered pair of strategies), on each protocol and seed. Per\n" +
            "strategy: the agreement rate, the seat's utility and gain over its alternative, the welfare lost against the\n" +
            "utilitarian package and the Nash product lost against the Nash package, and its rank with an interval over seeds.\n\n" +
            "Examples:\n  parley tournament scenarios/ukraine-2025.yaml --variant freeze-on-the-line\n" +
            "  parley tournament scenarios/egypt-israel-1979.yaml --strategies boulware,conceder,linear --seeds 20");
        command.Arguments.Add(files);
        command.Options.Add(strategies);
        command.Options.Add(protocols);
        command.Options.Add(seeds);
        command.Options.Add(deadline);
        command.Options.Add(variant);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: TournamentRequest request } bound
            ? Run(output, [.. bound.Files], request, parse.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, string[] files, TournamentRequest request, string format)
    {
        if (!Common.AllExist(output, "tournament", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        AnalysisOutcome<TournamentOutcome> outcome = output.Compute(request, set, () => TournamentAnalysis.Run(request, set));
        if (outcome.Result is not { } r)
        {
            return output.Problems("tournament", outcome.Problems);
        }

        output.Result(r, request, set, set.Resolve(request.Variant, out _), request.Seed, r.Runs, print: format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Strategy tournament: {Markup.Escape(r.Scenario)}[/]" + (r.Variant is string v ? $" (variant {Markup.Escape(v)})" : string.Empty));
        c.WriteLine($"{r.Runs:N0} sessions: {r.Field} at the table {string.Join(", ", r.Seats)}, on {string.Join(", ", r.Protocols)}, {r.Seeds} seed(s) from {r.Seed}.");
        var t = new Table().Border(TableBorder.Simple).AddColumn("rank [[80%]]").AddColumn("strategy").AddColumn(new TableColumn("agreements [[90%]]").RightAligned())
            .AddColumn(new TableColumn("utility").RightAligned()).AddColumn(new TableColumn("gain").RightAligned())
            .AddColumn(new TableColumn("welfare lost").RightAligned()).AddColumn(new TableColumn("Nash product lost").RightAligned());
        foreach (TournamentEntry e in r.Entries)
        {
            t.AddRow(Markup.Escape(TournamentText.Rank(e)), Markup.Escape(e.Strategy), Markup.Escape(TournamentText.Agreements(e)),
                e.Utility.ToString("0.00", CultureInfo.InvariantCulture), e.Gain.ToString("+0.00;-0.00", CultureInfo.InvariantCulture),
                TournamentText.Loss(e.WelfareLoss, "0.000"), TournamentText.Loss(e.NashLoss, "0.0000"));
        }

        c.Write(t);
        c.WriteLine(TournamentText.Legend);
        if (r.ProvenanceNote is string note)
        {
            c.WriteLine(note);
        }

        return CliApp.Ok;
    }
}
