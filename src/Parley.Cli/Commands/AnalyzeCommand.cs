using System.CommandLine;
using System.Globalization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;

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

        if (req.Draws < 0 || req.Step is <= 0 || req.Threads is < 1)
        {
            output.Err.WriteLine("parley analyze: --draws must be 0 or more, --step and --threads positive");
            return CliApp.UsageError;
        }

        if (Common.Params(output, "analyze", req.Params, "deal.shape=quadratic") is not { } cli)
        {
            return CliApp.UsageError;
        }

        if (req.Step is double st)
        {
            cli.Add(new("deal.step", st.ToString(CultureInfo.InvariantCulture)));
        }

        Scenario? scenario = output.Load(req.Files, req.Variant);
        if (scenario is null)
        {
            return CliApp.InvalidInput;
        }

        var errors = new List<string>();
        foreach ((string k, _) in cli)
        {
            if (!k.StartsWith("deal.", StringComparison.Ordinal))
            {
                errors.Add($"'{k}' is not a deal parameter (deal.step, deal.shape, deal.weights, deal.horizon)");
            }
        }

        DealSettings settings = DealSettings.From(scenario.ModelParameters.Concat(cli), errors);
        if (errors.Count > 0)
        {
            errors.ForEach(e => output.Err.WriteLine("parley analyze: --param " + e));
            return CliApp.UsageError;
        }

        DealSpace space = DealSpace.Build(scenario, settings);
        int[] group;
        if (req.Actors is null)
        {
            group = [.. Enumerable.Range(0, space.Actors.Count)];
        }
        else
        {
            string[] ids = [.. req.Actors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            string[] unknown = [.. ids.Where(id => space.IndexOf(id) < 0)];
            if (unknown.Length > 0 || ids.Length == 0)
            {
                output.Err.WriteLine($"parley analyze: unknown actor(s) {string.Join(", ", unknown)}; the scenario has {string.Join(", ", space.Actors.Select(a => a.Id))}");
                return CliApp.UsageError;
            }

            group = [.. ids.Distinct(StringComparer.Ordinal).Select(space.IndexOf)];
        }

        DealReport report = DealAnalysis.Run(space, group);
        IReadOnlyList<CoalitionDeal> hub = [];
        string? mediator = scenario.Channels.Mediator;
        if (mediator is not null && group.Contains(space.IndexOf(mediator)) && group.Length > 2)
        {
            int m = space.IndexOf(mediator);
            int[] spokes = [.. group.Where(g => g != m && scenario.Channels.Connects(mediator, space.Actors[g].Id))];
            hub = HubAndSpoke.Compare(space, m, spokes, group);
        }

        DealDistribution? dist = null;
        DealSettings mcSettings = settings;
        if (req.Draws > 0)
        {
            // the same grid as the central analysis (use --step for a coarser one on very large spaces)

            using var progress = new ProgressLine(output.Err, req.Draws, "analyze");
            dist = MonteCarloDeal.Run(scenario, mcSettings, [.. group.Select(g => space.Actors[g].Id)], req.Draws, req.Seed, req.Threads, req.Draws >= 20 ? progress.Report : null);
        }

        var view = new AnalyzeReport(scenario, req, report, hub, dist, mcSettings);
        output.Result(AnalyzeRendering.Document(view), req.Files, scenario, req.Draws > 0 ? req.Seed : null, req.Draws, req.Format == "json");
        if (req.Format != "json")
        {
            AnalyzeRendering.Table(output, view);
        }

        return CliApp.Ok;
    }
}

/// <summary>Everything an analyze run produced, for rendering.</summary>
internal sealed record AnalyzeReport(Scenario Scenario, AnalyzeCommand.Request Request, DealReport Report, IReadOnlyList<CoalitionDeal> Hub,
    DealDistribution? Distribution, DealSettings MonteCarloSettings);
