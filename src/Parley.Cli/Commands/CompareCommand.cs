using System.CommandLine;
using Parley.Core.Analyses;
using Parley.Core.Serialization;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley compare FILE --variant A --variant B … [--draws N] [--seed S] [--format table|json]</c>: forecast, deal
/// space, simulation and durability for the base scenario and each variant, side by side.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var variants = new Option<string[]>("--variant") { Description = "A variant to compare with the base (repeatable; default: every variant)" };
        Option<long> draws = Common.Draws();
        Option<ulong> seed = Common.Seed();
        Option<string> format = Common.Format();
        var command = new Command("compare",
            "What-if comparison: the forecast (smp), the deal space (zone and Nash package), a simulated hub-and-spoke run\n" +
            "(or direct talks without a mediator) and the Nash deal's durability, for the base scenario and each variant.\n" +
            "With --draws N the forecast carries its 10th-90th percentile interval and the simulation its probability of agreement.\n\n" +
            "Example:\n  parley compare scenarios/ukraine-2025.yaml --variant aid-cut --variant european-force --draws 200");
        command.Arguments.Add(files);
        command.Options.Add(variants);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: ComparisonRequest request } bound
            ? Run(output, [.. bound.Files], request, parse.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, string[] files, ComparisonRequest request, string format)
    {
        (long draws, ulong seed) = (request.Draws, request.Seed);
        if (!Common.AllExist(output, "compare", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        AnalysisOutcome<ComparisonOutcome> outcome = output.Compute(request, set, () => ComparisonAnalysis.Run(request, set));
        if (outcome.Result is not { } result)
        {
            return output.Problems("compare", outcome.Problems);
        }

        output.Result(result, request, set, set.Base, seed, draws, format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole con = output.Console;
        con.MarkupLine($"[bold]What if: {Markup.Escape(result.Scenario)}[/]" + (draws > 0 ? $" ({draws} draws, seed {seed})" : string.Empty));
        var t = new Table().Border(TableBorder.Simple).AddColumn("");
        foreach (string label in result.Runs.Keys)
        {
            t.AddColumn(new TableColumn(Markup.Escape(label.Length > 12 ? label[..11] + "…" : label)).RightAligned());
        }

        foreach (string metric in result.Runs["base"].Keys)
        {
            t.AddRow([Markup.Escape(metric), .. result.Runs.Values.Select(r => Markup.Escape(r.TryGetValue(metric, out string? v) ? v : "-"))]);
        }

        con.Write(t);
        con.WriteLine("forecast = smp (median [10th-90th] with --draws); who signs / at the table = by the roles; zone = packages acceptable to every actor who signs; Nash = deal-space Nash package; deal = simulated run (probability with --draws); holds 5y = strategic durability of the Nash deal; ripe = the hurting stalemate: the first month the Nash package beats fighting on for the party and fighting on is expected to get worse, in the run on the central inputs (never: not before the deadline; -: no Nash package).");
        if (result.ProvenanceNote is not null)
        {
            con.WriteLine(result.ProvenanceNote);
        }

        return CliApp.Ok;
    }
}
