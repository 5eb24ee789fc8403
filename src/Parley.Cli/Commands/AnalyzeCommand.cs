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
        var actors = new Option<string?>("--actors") { Description = "The actors who must accept the deal (default: those who sign, by their roles), e.g. --actors us,russia" };
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
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: DealRequest request } bound
            ? Run(output, request, bound.Files, parse.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, DealRequest request, IReadOnlyList<string> files, string format)
    {
        if (!Common.AllExist(output, "analyze", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        using var progress = new ProgressLine(output.Err, request.Draws, "analyze");
        AnalysisOutcome<DealOutcome> outcome = output.Compute(request, set, () => DealSpaceAnalysis.Run(request, set, new AnalysisContext(progress)));
        if (outcome.Result is not { } result)
        {
            return output.Problems("analyze", outcome.Problems);
        }

        Scenario scenario = set.Get(request.Variant);
        output.Result(result, request, set, scenario, request.Draws > 0 ? request.Seed : null, request.Draws, format == "json");
        if (format != "json")
        {
            AnalyzeRendering.Table(output, scenario, result, request.Step);
        }

        return CliApp.Ok;
    }
}
