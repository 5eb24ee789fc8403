using System.CommandLine;
using Parley.Core.Analyses;
using Parley.Reporting;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley brief FILE --for ACTOR [--variant NAME] [--draws N] [--seed S] [--format table|json] [--out FILE.html|.md|.pdf]</c>:
/// one party's brief, computed on what that party can know.
/// </summary>
internal static class BriefCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var actor = new Option<string>("--for") { Description = "The party the brief is for (an actor id; 'parley show FILE' lists them)", Required = true };
        var outFile = new Option<string?>("--out") { Description = "Also write the brief to this file: .html (the whole brief, one self-contained page), .md (Markdown), .pdf (the one-page executive brief) or .png (that page as an image)" };
        Option<string?> variant = Common.Variant();
        Option<long> draws = Common.Draws();
        draws.Description = "Draws of the uncertain inputs, as the party sees them, behind every interval (0: central values only)";
        draws.DefaultValueFactory = _ => BriefAnalysis.DefaultDraws;
        Option<ulong> seed = Common.Seed();
        Option<int?> threads = Common.Threads();
        Option<string> format = Common.Format();
        var command = new Command("brief",
            "One party's brief: its positions, saliences and red lines; its alternative and how it moves over time; what each\n" +
            "other party wants and cares about; the zone of agreement from its side with its best and worst acceptable\n" +
            "packages; the trades it could offer; its natural partners; what moves each counterpart; what could break the\n" +
            "deal; and where the analyses behind the numbers disagree. Everything is computed on the party's own view: its\n" +
            "own numbers, everyone's public numbers, and the others' private numbers only as the ranges the scenario states\n" +
            "for them (or as unknown), so the brief does not change when only another party's private numbers do.\n\n" +
            "Examples:\n  parley brief scenarios/ukraine-2025.yaml --for ukraine\n" +
            "  parley brief scenarios/ukraine-2025.yaml --for ukraine --variant freeze-on-the-line --out ukraine-brief.pdf");
        command.Arguments.Add(files);
        command.Options.Add(actor);
        command.Options.Add(variant);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.Options.Add(threads);
        command.Options.Add(outFile);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: BriefRequest request } bound
            ? Run(output, [.. bound.Files], request, parse.GetValue(outFile), parse.GetValue(format)!, parse.Tokens.Select(t => t.Value).ToArray())
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, string[] files, BriefRequest request, string? outFile, string format, string[] args)
    {
        string? kind = outFile is null ? null : Path.GetExtension(outFile).ToLowerInvariant() switch
        {
            ".html" or ".htm" => "html",
            ".md" or ".markdown" => "markdown",
            ".pdf" => "pdf",
            ".png" => "png",
            _ => null,
        };
        if (outFile is not null && kind is null)
        {
            output.Err.WriteLine($"parley brief: --out {outFile}: write a .html, .md, .pdf or .png file");
            return CliApp.UsageError;
        }

        if (!Common.AllExist(output, "brief", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        AnalysisOutcome<BriefOutcome> outcome = output.Compute(request, set, () => BriefAnalysis.Run(request, set));
        if (outcome.Result is not { } r)
        {
            return output.Problems("brief", outcome.Problems);
        }

        output.Result(r, request, set, set.Resolve(request.Variant, out _), request.Seed, request.Draws, print: format == "json");
        if (outFile is not null)
        {
            var input = new ReportInput { Command = "brief", Args = args, ToolVersion = Engine.Version, CreatedUtc = ReportInput.When(DateTime.UtcNow), Result = r };
            try
            {
                if (kind is "pdf" or "png")
                {
                    using FileStream file = File.Create(outFile);
                    if (kind == "pdf")
                    {
                        BriefPdf.Write(r, file);
                    }
                    else
                    {
                        BriefPdf.WritePng(r, file);
                    }
                }
                else
                {
                    Parley.Reporting.Exporters.IResultExporter exporter = Parley.Reporting.Exporters.Exporters.Find(kind!)!;
                    File.WriteAllText(outFile, exporter.Export(input)[0].Content);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Err.WriteLine($"parley brief: cannot write {outFile}: {e.Message}");
                return CliApp.UsageError;
            }

            output.Err.WriteLine($"parley brief: wrote {outFile}");
        }

        // with --out the file is the brief; the terminal gets only the line that says where it went
        if (format == "json" || outFile is not null)
        {
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]{Markup.Escape(BriefDocument.Title(r))}[/]");
        c.WriteLine(r.View);
        foreach (BriefSection s in BriefDocument.Sections(r))
        {
            c.WriteLine();
            c.MarkupLine(s.Level == 2 ? $"[bold underline]{Markup.Escape(s.Title)}[/]" : $"[bold]{Markup.Escape(s.Title)}[/]");
            foreach (BriefPart part in s.Parts)
            {
                switch (part)
                {
                    case BriefParagraph p:
                        c.WriteLine(p.Text);
                        break;
                    case BriefList l:
                        foreach (string item in l.Items)
                        {
                            c.WriteLine("  - " + item);
                        }

                        break;
                    case BriefTable t:
                        var table = new Table().Border(TableBorder.Simple);
                        foreach (string head in t.Header)
                        {
                            table.AddColumn(Markup.Escape(head));
                        }

                        foreach (IReadOnlyList<string> row in t.Rows)
                        {
                            table.AddRow([.. row.Select(Markup.Escape)]);
                        }

                        c.Write(table);
                        break;
                }
            }
        }

        if (r.ProvenanceNote is string note)
        {
            c.WriteLine();
            c.WriteLine(note);
        }

        return CliApp.Ok;
    }
}
