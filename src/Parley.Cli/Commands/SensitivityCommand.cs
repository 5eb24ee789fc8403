using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Serialization;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley sensitivity FILE [--variant NAME] [--top N] [--draws N] [--seed S] [--format table|json] [--db PATH] [--no-store]</c>: a tornado table of the inputs.</summary>
internal static class SensitivityCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "Rows to print (json lists all)", DefaultValueFactory = _ => 15 };
        Option<string?> variant = Common.Variant();
        Option<ulong> seed = Common.Seed();
        Option<long> draws = Common.Draws();
        draws.Description = "0: each end's forecast on the central values of the other inputs; N: the median over N draws of them (the same draws at every swing)";
        Option<string> format = Common.Format();
        var grid = new Option<string?>("--grid") { Description = "Two inputs, A,B, as the table names them (e.g. russia.territory.position,dynamics.p_prevail): also a two-way grid of both set together" };
        var gridSteps = new Option<int?>("--grid-steps") { Description = "Values per input of the grid, 2 to 21 (default 5)" };
        var command = new Command("sensitivity",
            "Which inputs matter: each uncertain number is set to the low and the high end of its range (one at a time, the rest\n" +
            "at their central values); the table ranks them by how far they move the forecast (smp, largest issue) and the\n" +
            "five-year durability of the base Nash deal. With --grid A,B, also a two-way grid: both inputs set together across their\n" +
            "ranges, the forecast and the durability at every pair.\n\nExamples:\n  parley sensitivity scenarios/ukraine-2025.yaml\n" +
            "  parley sensitivity scenarios/ukraine-2025.yaml --variant freeze-on-the-line --grid dynamics.p_prevail,russia.territory.position");
        command.Arguments.Add(files);
        command.Options.Add(top);
        command.Options.Add(variant);
        command.Options.Add(seed);
        command.Options.Add(draws);
        command.Options.Add(grid);
        command.Options.Add(gridSteps);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: SensitivityRequest request } bound
            ? Run(output, [.. bound.Files], parse.GetValue(top), request, parse.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, string[] files, int top, SensitivityRequest request, string format)
    {
        if (top < 1)
        {
            output.Err.WriteLine($"parley sensitivity: --top must be 1 or more, not {top}");
            return CliApp.UsageError;
        }

        if (!Common.AllExist(output, "sensitivity", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        AnalysisOutcome<SensitivityOutcome> outcome = output.Compute(request, set, () => SensitivityAnalysis.Run(request, set));
        if (outcome.Result is not { } r)
        {
            return output.Problems("sensitivity", outcome.Problems);
        }

        output.Result(r, request, set, set.Resolve(request.Variant, out _), request.Seed, request.Draws, print: format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Sensitivity: {Markup.Escape(r.Scenario)}[/] ({r.Swings.Count} uncertain inputs, each swung over its range)");
        var t = new Table().Border(TableBorder.Simple).AddColumn("input").AddColumn(new TableColumn("range").RightAligned())
            .AddColumn(new TableColumn("forecast moves").RightAligned()).AddColumn("via").AddColumn(new TableColumn("holds 5y").RightAligned());
        foreach (SwingRow w in r.Swings.Take(top))
        {
            string path = w.Input.Replace("actors.", string.Empty, StringComparison.Ordinal).Replace("stances.", string.Empty, StringComparison.Ordinal);
            t.AddRow(Markup.Escape(path.Length > 30 ? path[..29] + "…" : path), $"{N(w.Low)}-{N(w.High)}",
                $"{w.ForecastSwing.ToString("0.0", CultureInfo.InvariantCulture)} ({Markup.Escape(w.Issue)})", Markup.Escape(w.Link),
                w.Holds5yLow is not double lo ? "-" : $"{P(lo)}-{P(w.Holds5yHigh ?? double.NaN)}");
        }

        c.Write(t);
        c.WriteLine("forecast moves = largest change of any issue's smp forecast between the input's low and high end" +
            (r.Draws > 0 ? string.Create(CultureInfo.InvariantCulture, $" (each end: the median over {r.Draws:N0} draws of the other inputs)") : " (the other inputs at their central values; --draws N takes the median over N draws of them)") +
            $"; holds 5y = the base Nash deal's durability at the low and at the high end ({SensitivityAnalysis.DurabilityPaths} power paths, the same at every end); rows are ranked by the forecast's swing plus 100 times the durability's.");
        c.WriteLine("via = the link the swing travels through: own (the input is on the issue that moved), joint (on another issue: smp bargains over whole position vectors, so the input changes which vector wins), votes (an actor's capability, on every issue), war (the dynamics: they move only the durability, through both sides' values of fighting on); --format json says each in words ('through').");
        if (r.Grid is { } g)
        {
            Grid(c, g, r.Draws);
        }

        if (r.ProvenanceNote is not null)
        {
            c.WriteLine(r.ProvenanceNote);
        }

        return CliApp.Ok;
    }

    /// <summary>The two-way grid: the forecast of the issue it moves most, and the deal's durability, at every pair of values.</summary>
    private static void Grid(IAnsiConsole c, SensitivityGrid g, long draws)
    {
        static double Spread(double[][] v)
        {
            double[] all = [.. v.SelectMany(r => r).Where(double.IsFinite)];
            return all.Length == 0 ? 0 : all.Max() - all.Min();
        }

        SensitivityGridIssue moved = g.Forecasts.OrderByDescending(f => Spread(f.Values)).First();
        void Table(string title, double[][] values, Func<double, string> show)
        {
            c.WriteLine();
            c.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
            c.WriteLine($"rows: {Short(g.RowInput)}; columns: {Short(g.ColumnInput)}");
            var t = new Table().Border(TableBorder.Simple).AddColumn("rows \\ columns");
            foreach (double col in g.Columns)
            {
                t.AddColumn(new TableColumn(N(col)).RightAligned());
            }

            for (int row = 0; row < g.Rows.Length; row++)
            {
                t.AddRow([N(g.Rows[row]), .. values[row].Select(show)]);
            }

            c.Write(t);
        }

        double spread = Spread(moved.Values);
        Table(spread < 0.05
                ? $"Two-way grid: the forecast of {moved.Issue} (smp; no issue's forecast moves over this grid)"
                : $"Two-way grid: the forecast of {moved.Issue} (smp; it moves {spread.ToString("0.0", CultureInfo.InvariantCulture)} over the grid, more than any other issue)",
            moved.Values, v => v.ToString("0.0", CultureInfo.InvariantCulture));
        if (g.Holds is { } holds)
        {
            Table("Two-way grid: the base Nash deal holding after 5 years", holds, P);
        }

        c.WriteLine((draws > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Each cell: the median over {draws:N0} draws of the other inputs")
            : "Every other input at its central value") + "; --format json gives every issue's grid.");
    }

    private static string Short(string path) => path.Replace("actors.", string.Empty, StringComparison.Ordinal).Replace("stances.", string.Empty, StringComparison.Ordinal);

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string P(double v) => v.ToString("0%", CultureInfo.InvariantCulture);
}
