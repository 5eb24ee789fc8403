using System.CommandLine;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Serialization;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley analyze FILE [--actors a,b] [--variant NAME] [--step N] [--draws N] [--seed S] [--format table|json]</c>:
/// which packages exist — the zone of agreement, bargaining solutions, blockers, trades, hub and spoke.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario (YAML, KTAB CSV, Genius XML, Decide CSV)", Arity = ArgumentArity.OneOrMore };
        var actors = new Option<string?>("--actors") { Description = "Analyse only these actors (comma-separated ids), e.g. --actors us,russia" };
        Option<string?> variant = Common.Variant();
        var step = new Option<double?>("--step") { Description = "Grid step on continuous issues (default: anchors and midpoints; same as deal.step)" };
        Option<long> draws = Common.Draws();
        Option<ulong> seed = Common.Seed();
        Option<int?> threads = Common.Threads();
        Option<string> format = Common.Format();
        var param = new Option<string[]>("--param") { Description = "Set a deal parameter, e.g. --param deal.shape=quadratic (deal.step, deal.shape, deal.weights, deal.horizon)" };
        var command = new Command("analyze",
            "Analyse the deal space: every package of issue levels, each party's utility of it, its red lines and its\n" +
            "reservation value (its alternative, or fighting on when the scenario has dynamics). Prints the zone of possible\n" +
            "agreement (or what blocks it), the Nash, asymmetric Nash, Kalai-Smorodinsky, egalitarian and utilitarian\n" +
            "packages, the Pareto frontier, the best trades and, with a mediator, each spoke's deal versus the joint one.\n\n" +
            "Examples:\n  parley analyze scenarios/ukraine-2025.yaml\n  parley analyze scenarios/ukraine-2025.yaml --actors us,russia\n" +
            "  parley analyze scenarios/ukraine-2025.yaml --draws 200 --step 25");
        command.Arguments.Add(files);
        command.Options.Add(actors);
        command.Options.Add(variant);
        command.Options.Add(step);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.Options.Add(param);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => Run(output, new Request(parse.GetValue(files)!, parse.GetValue(actors), parse.GetValue(variant), parse.GetValue(step),
            parse.GetValue(draws), parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(format)!, parse.GetValue(param) ?? [])));
        return command;
    }

    internal sealed record Request(string[] Files, string? Actors, string? Variant, double? Step, long Draws, ulong Seed, int? Threads, string Format, string[] Params);

    private static int Run(Output output, Request req)
    {
        if (!Common.AllExist(output, "analyze", req.Files))
        {
            return CliApp.UsageError;
        }

        if (Common.Params(output, "analyze", req.Params, "deal.shape=quadratic") is not { } cli)
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(req.Files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        var request = new DealRequest
        {
            Variant = req.Variant,
            Actors = req.Actors is null ? null : req.Actors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Step = req.Step,
            Draws = req.Draws,
            Seed = req.Seed,
            Threads = req.Threads,
            Parameters = cli,
        };
        using var progress = new ProgressLine(output.Err, req.Draws, "analyze");
        AnalysisOutcome<DealOutcome> outcome = DealSpaceAnalysis.Run(request, set, new AnalysisContext(progress));
        if (outcome.Result is not { } result)
        {
            return output.Problems("analyze", outcome.Problems);
        }

        Scenario scenario = set.Get(req.Variant);
        output.Result(result, request, set, scenario, req.Draws > 0 ? req.Seed : null, req.Draws, req.Format == "json");
        if (req.Format != "json")
        {
            AnalyzeRendering.Table(output, scenario, result, req.Step);
        }

        return CliApp.Ok;
    }
}
