using System.CommandLine;
using System.Globalization;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley forecast FILE [--model NAME|all] [--variant NAME] [--draws N] [--seed S] [--format table|json]
/// [--trajectory FILE] [--param KEY=VALUE]…</c>: where each issue lands, per model, with intervals.
/// </summary>
internal static class ForecastCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario (YAML, KTAB CSV, Genius XML, Decide CSV)", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string>("--model")
        {
            Description = "Model: " + string.Join(", ", ForecastModels.Default.All.Select(m => $"{m.Name} ({m.Title})")) + ", or all",
            DefaultValueFactory = _ => "all",
        };
        model.AcceptOnlyFromAmong([.. ForecastModels.Default.All.Select(m => m.Name), "all"]);
        Option<string?> variant = Common.Variant();
        Option<long> draws = Common.Draws();
        Option<ulong> seed = Common.Seed();
        Option<int?> threads = Common.Threads();
        Option<string> format = Common.Format();
        var trajectory = new Option<string?>("--trajectory")
        {
            Description = "Write every round's positions as CSV (turn,actor,dimension,position); with --model all, one file per model (FILE.model.csv)",
        };
        var param = new Option<string[]>("--param")
        {
            Description = "Set a model parameter, e.g. --param eum.q=0.5 --param smp.voting=binary (overrides the scenario's 'models' block). Known: " +
                string.Join(", ", ModelParameterCatalog.All.Select(p => p.Key)),
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("forecast",
            "Forecast where each issue lands: compromise (weighted mean), median (Condorcet winner), eum (Bueno de Mesquita's\n" +
            "expected-utility model) and smp (KTAB's spatial model), side by side. With --draws N, every uncertain input is\n" +
            "sampled N times and each forecast is given as the median with its 10th-90th percentile interval.\n\n" +
            "Examples:\n  parley forecast scenarios/ukraine-2025.yaml --model all --draws 2000\n" +
            "  parley forecast scenarios/ukraine-2025.yaml --model eum --trajectory eum.csv\n" +
            "  parley forecast tests/fixtures/ktab/inputs/dummyData_3Dim.csv --model smp --format json");
        command.Arguments.Add(files);
        command.Options.Add(model);
        command.Options.Add(variant);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.Options.Add(trajectory);
        command.Options.Add(param);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => Run(output, new Request(
            parse.GetValue(files)!, parse.GetValue(model)!, parse.GetValue(variant), parse.GetValue(draws), parse.GetValue(seed),
            parse.GetValue(threads), parse.GetValue(format)!, parse.GetValue(trajectory), parse.GetValue(param) ?? [])));
        return command;
    }

    internal sealed record Request(string[] Files, string Model, string? Variant, long Draws, ulong Seed, int? Threads, string Format, string? Trajectory, string[] Params);

    private static int Run(Output output, Request req)
    {
        if (!Common.AllExist(output, "forecast", req.Files))
        {
            return CliApp.UsageError;
        }

        if (req.Draws < 0)
        {
            output.Err.WriteLine("parley forecast: --draws must be 0 or more");
            return CliApp.UsageError;
        }

        if (req.Threads is < 1)
        {
            output.Err.WriteLine("parley forecast: --threads must be 1 or more");
            return CliApp.UsageError;
        }

        if (Common.Params(output, "forecast", req.Params, "eum.q=0.5") is not { } cliSettings)
        {
            return CliApp.UsageError;
        }

        Scenario? scenario = output.Load(req.Files, req.Variant);
        if (scenario is null)
        {
            return CliApp.InvalidInput;
        }

        var errors = new List<string>();
        var settings = scenario.ModelParameters.Concat(cliSettings).ToList();
        ForecastOptions options = ForecastOptions.From(settings, errors);
        if (errors.Count > 0)
        {
            foreach (string e in errors)
            {
                output.Err.WriteLine("parley forecast: --param " + e);
            }

            return CliApp.UsageError;
        }

        var input = ForecastInput.FromScenario(scenario);
        if (input.IssueCount == 0)
        {
            output.Err.WriteLine($"{req.Files[0]}: no issue can be forecast (only unordered discrete issues: {string.Join(", ", input.SkippedIssues)})");
            return CliApp.InvalidInput;
        }

        IReadOnlyList<IForecastModel> models = req.Model == "all" ? ForecastModels.Default.All : [ForecastModels.Default.Find(req.Model)!];
        var central = new List<ForecastResult>();
        foreach (IForecastModel m in models)
        {
            IForecastModel runner = m is SpatialModel ? new SpatialModel { ParallelTurns = input.ActorCount >= 40 } : m;
            central.Add(runner.Run(input, options, record: true));
        }

        IReadOnlyList<ModelDistribution>? distributions = null;
        if (req.Draws > 0)
        {
            using var progress = new ProgressLine(output.Err, req.Draws);
            distributions = MonteCarloForecast.Run(input, models, options, new MonteCarloSettings
            {
                Draws = req.Draws,
                Seed = req.Seed,
                Threads = req.Threads,
                Progress = req.Draws >= 500 ? progress.Report : null,
            });
        }

        if (req.Trajectory is not null)
        {
            foreach (ForecastResult r in central)
            {
                string path = central.Count == 1 ? req.Trajectory : Path.ChangeExtension(req.Trajectory, null) + "." + r.Model + ".csv";
                TrajectoryCsv.Write(path, r);
                output.Err.WriteLine($"wrote {path} ({r.Trajectory!.Count} rounds)");
            }
        }

        var report = new ForecastReport(scenario, req, input, options, settings, central, distributions);
        output.Result(ForecastRendering.Document(report), req.Files, scenario, req.Draws > 0 ? req.Seed : null, req.Draws, req.Format == "json");
        if (req.Format != "json")
        {
            ForecastRendering.Table(output, report);
        }

        return CliApp.Ok;
    }
}

/// <summary>Everything a forecast run produced, for rendering.</summary>
internal sealed record ForecastReport(Scenario Scenario, ForecastCommand.Request Request, ForecastInput Input, ForecastOptions Options,
    IReadOnlyList<KeyValuePair<string, string>> Settings, IReadOnlyList<ForecastResult> Central, IReadOnlyList<ModelDistribution>? Distributions);

/// <summary>Writes the <c>turn,actor,dimension,position</c> CSV of a trajectory.</summary>
internal static class TrajectoryCsv
{
    public static void Write(string path, ForecastResult result)
    {
        using var w = new StreamWriter(path);
        Write(w, result);
    }

    public static void Write(TextWriter w, ForecastResult result)
    {
        w.WriteLine("turn,actor,dimension,position");
        int ni = result.Issues.Count;
        foreach (TrajectoryRound round in result.Trajectory!)
        {
            for (int a = 0; a < result.ActorIds.Count; a++)
            {
                for (int d = 0; d < ni; d++)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round.Round},{result.ActorIds[a]},{result.Issues[d].Id},{round.Positions[(a * ni) + d]:0.######}"));
                }
            }
        }
    }
}

/// <summary>Progress on stderr: one line rewritten in place on a terminal, plain lines every 10% otherwise.</summary>
internal sealed class ProgressLine(TextWriter err, long total, string command = "forecast") : IDisposable
{
    private readonly bool terminal = ReferenceEquals(err, Console.Error) && !Console.IsErrorRedirected;
    private readonly object gate = new();
    private int lastDecile = -1;
    private bool wrote;

    public void Report(long done)
    {
        int decile = (int)(done * 10 / total);
        lock (gate)
        {
            if (decile <= lastDecile || decile == 0)
            {
                return;
            }

            lastDecile = decile;
            string text = $"{command}: {decile * 10}% ({done}/{total} draws)";
            if (terminal)
            {
                err.Write("\r" + text);
            }
            else
            {
                err.WriteLine(text);
            }

            wrote = true;
        }
    }

    public void Dispose()
    {
        if (terminal && wrote)
        {
            err.WriteLine();
        }
    }
}
