using System.CommandLine;
using Parley.Reporting;
using Parley.Storage;

namespace Parley.Cli.Commands;

/// <summary><c>parley report ID [--out report.html] [--png DIR]</c>: a stored run as a self-contained HTML report.</summary>
internal static class ReportCommand
{
    public static Command Create(Output output)
    {
        var id = new Argument<long>("id") { Description = "Run id (see 'parley runs list')" };
        var outFile = new Option<string?>("--out") { Description = "The HTML file to write (default: run-ID-report.html)" };
        var png = new Option<string?>("--png") { Description = "Also write each chart as a PNG file into this folder" };
        Option<string?> db = Common.Db();
        var command = new Command("report", "Write a stored run as one self-contained HTML file with its charts (SVG inside)\n\nExample:\n  parley report 3 --out report.html --png charts/")
        {
            id, outFile, png, db,
        };
        command.SetAction(p =>
        {
            using RunStore? store = RunsCommand.OpenStore(output, p.GetValue(db));
            StoredRun? run = store is null ? null : RunsCommand.Find(output, store, p.GetValue(id));
            if (run is null)
            {
                return CliApp.InvalidInput;
            }

            if (Parley.Web.ParleyWeb.ReportOf(run) is not { } input)
            {
                output.Err.WriteLine($"parley report: the result of run {run.Id} ({run.Command}) cannot be read as a result of any analysis");
                return CliApp.InvalidInput;
            }

            string path = p.GetValue(outFile) ?? $"run-{run.Id}-report.html";
            try
            {
                File.WriteAllText(path, HtmlReport.Render(input));
                output.Out.WriteLine($"wrote {path}");
                if (p.GetValue(png) is string dir)
                {
                    foreach (string f in HtmlReport.WritePngs(input, dir))
                    {
                        output.Out.WriteLine($"wrote {f}");
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Err.WriteLine($"parley report: cannot write: {e.Message}");
                return CliApp.UsageError;
            }

            return CliApp.Ok;
        });
        return command;
    }
}
