using System.CommandLine;
using Parley.Reporting;
using Parley.Storage;

namespace Parley.Cli.Commands;

/// <summary><c>parley report ID [--format html|markdown|json|csv] [--out PATH] [--png DIR]</c>: a stored run through one of the exporters.</summary>
internal static class ReportCommand
{
    public static Command Create(Output output)
    {
        var id = new Argument<long>("id") { Description = "Run id (see 'parley runs list')" };
        var outFile = new Option<string?>("--out") { Description = "The file to write (a folder for csv; default: run-ID-report.html, run-ID.md, run-ID.json or run-ID-csv/)" };
        var format = new Option<string>("--format") { Description = "html (one self-contained file with charts), markdown, json (the result document) or csv (one tidy table per section)", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong([.. Parley.Reporting.Exporters.Exporters.All.Select(e => e.Name), "md"]);
        var png = new Option<string?>("--png") { Description = "Also write each chart as a PNG file into this folder" };
        Option<string?> db = Common.Db();
        var command = new Command("report", "Write a stored run as one self-contained HTML file with its charts (SVG inside), or as Markdown, JSON or CSV\n\nExamples:\n  parley report 3 --out report.html --png charts/\n  parley report 3 --format markdown --out brief.md\n  parley report 3 --format csv --out tables/")
        {
            id, outFile, format, png, db,
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

            Parley.Reporting.Exporters.IResultExporter exporter = Parley.Reporting.Exporters.Exporters.Find(p.GetValue(format)!)!;
            IReadOnlyList<Parley.Reporting.Exporters.ExportFile> files = exporter.Export(input);
            try
            {
                if (exporter.Name == "csv")
                {
                    string folder = p.GetValue(outFile) ?? $"run-{run.Id}-csv";
                    Directory.CreateDirectory(folder);
                    foreach (Parley.Reporting.Exporters.ExportFile f in files)
                    {
                        File.WriteAllText(Path.Combine(folder, f.Name), f.Content);
                        output.Out.WriteLine($"wrote {Path.Combine(folder, f.Name)}");
                    }
                }
                else
                {
                    string path = p.GetValue(outFile) ?? exporter.Name switch { "html" => $"run-{run.Id}-report.html", "markdown" => $"run-{run.Id}.md", _ => $"run-{run.Id}.json" };
                    File.WriteAllText(path, files[0].Content);
                    output.Out.WriteLine($"wrote {path}");
                }

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
