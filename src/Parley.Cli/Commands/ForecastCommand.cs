using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Serialization;

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
            Description = "Model: " + string.Join(", ", ForecastAnalysis.Models.Select(m => $"{m.Key} ({m.Value})")) + ", or all",
            DefaultValueFactory = _ => "all",
        };
        model.AcceptOnlyFromAmong([.. ForecastAnalysis.Models.Select(m => m.Key), "all"]);
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
                string.Join(", ", ForecastAnalysis.ParameterKeys),
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
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: ForecastRequest request } bound
            ? Run(output, request, bound.Files, parse.GetValue(format)!, parse.GetValue(trajectory))
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, ForecastRequest request, IReadOnlyList<string> files, string format, string? trajectory)
    {
        if (!Common.AllExist(output, "forecast", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        using var progress = new ProgressLine(output.Err, request.Draws);
        AnalysisOutcome<ForecastOutcome> outcome = output.Compute(request, set, () => ForecastAnalysis.Run(request, set, new AnalysisContext(request.Draws >= 500 ? progress : null)));
        if (outcome.Result is not { } result)
        {
            return output.Problems("forecast", outcome.Problems);
        }

        if (trajectory is not null)
        {
            foreach (ModelForecast m in result.Models)
            {
                string path = result.Models.Count == 1 ? trajectory : Path.ChangeExtension(trajectory, null) + "." + m.Name + ".csv";
                TrajectoryCsv.Write(path, m);
                output.Err.WriteLine($"wrote {path} ({m.Trajectory?.Count ?? 0} rounds)");
            }
        }

        Scenario scenario = set.Get(request.Variant);
        output.Result(result, request, set, scenario, request.Draws > 0 ? request.Seed : null, request.Draws, format == "json");
        if (format != "json")
        {
            ForecastRendering.Table(output, scenario, result, set.MainFile);
        }

        return CliApp.Ok;
    }
}

/// <summary>Writes the <c>turn,actor,dimension,position</c> CSV of a trajectory.</summary>
internal static class TrajectoryCsv
{
    public static void Write(string path, ModelForecast result)
    {
        using var w = new StreamWriter(path);
        Write(w, result);
    }

    public static void Write(TextWriter w, ModelForecast result)
    {
        w.WriteLine("turn,actor,dimension,position");
        foreach (ForecastRoundState round in result.Trajectory ?? [])
        {
            foreach ((string actor, IReadOnlyDictionary<string, double> positions) in round.Positions)
            {
                foreach ((string issue, double position) in positions)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{round.Round},{actor},{issue},{position:0.######}"));
                }
            }
        }
    }
}

/// <summary>Progress on stderr: one line rewritten in place on a terminal, plain lines every 10% otherwise.</summary>
internal sealed class ProgressLine(TextWriter err, long total, string command = "forecast") : IDisposable, IProgress<AnalysisProgress>
{
    void IProgress<AnalysisProgress>.Report(AnalysisProgress value)
    {
        // an analysis that knows its total only once it has read the request says it with each report
        if (value.Total > 0)
        {
            total = value.Total;
        }

        Report(value.Done);
    }

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
