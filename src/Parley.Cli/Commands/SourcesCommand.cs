using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Serialization;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley sources FILE [--variant NAME] [--seed S] [--format table|json]</c>: the assumptions register.</summary>
internal static class SourcesCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        Option<string?> variant = Common.Variant();
        Option<ulong> seed = Common.Seed();
        Option<string> format = Common.Format();
        var command = new Command("sources",
            "The assumptions register: every input with its value and range, the sources it cites and the quotes that support\n" +
            "it, whether it is an unquoted estimate, and its rank in 'parley sensitivity'; warns about influential inputs\n" +
            "without a quote.\n\nExamples:\n  parley sources scenarios/ukraine-2025.yaml\n  parley sources scenarios/ukraine-2025.yaml --format json");
        command.Arguments.Add(files);
        command.Options.Add(variant);
        command.Options.Add(seed);
        command.WithFormatCheck(format);
        command.SetAction(parse => Run(output, parse.GetValue(files)!, new SourcesRequest { Variant = parse.GetValue(variant), Seed = parse.GetValue(seed) }, parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string[] files, SourcesRequest request, string format)
    {
        if (!Common.AllExist(output, "sources", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        AnalysisOutcome<SourcesOutcome> outcome = SourcesAnalysis.Run(request, set);
        if (outcome.Result is not { } r)
        {
            return output.Problems("sources", outcome.Problems);
        }

        if (format == "json")
        {
            output.Out.WriteLine(ParleyJson.Serialize(r));
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Sources: {Markup.Escape(r.Scenario)}[/]" + (r.Variant is string v ? $" (variant {Markup.Escape(v)})" : string.Empty) +
            $" — {r.Inputs.Count} inputs, {r.Quoted} with a quote, {r.Inputs.Count(i => i.Estimate && i.Quotes.Count == 0)} unquoted estimates");
        c.WriteLine("First the red lines that block any deal on their own ('parley analyze'), then every input by its rank in 'parley sensitivity' (#1 moves the answers most), then the rest:");
        foreach (RegisterInput i in r.InReadingOrder)
        {
            string range = i.Range is { } rg ? string.Create(CultureInfo.InvariantCulture, $" [{rg[0]:0.###}, {rg[1]:0.###}]") : string.Empty;
            string rank = i.BlocksDeal ? "blocks a deal: " : i.SensitivityRank is int k ? $"#{k} " : string.Empty;
            string who = i.Quotes.Count > 0 ? string.Empty
                : i.Sources.Count > 0 ? $" — cites {string.Join(", ", i.Sources)}, no quote" + (i.Estimate ? " (estimate)" : string.Empty)
                : i.Estimate ? " — estimate, no source" : " — no source";
            c.WriteLine($"{rank}{i.Path} = {i.Value.ToString("0.###", CultureInfo.InvariantCulture)}{range}{who}");
            foreach (Citation q in i.Quotes)
            {
                c.WriteLine($"    {q.Reference()}: \"{q.Quote}\"" + (q.Supports is null ? string.Empty : $" — {q.Supports}"));
            }

            if (i.Disagrees.Count > 0)
            {
                c.WriteLine($"    the range spans where {string.Join(" and ", i.Disagrees)} disagree");
            }

            if (i.Quotes.Count == 0 && i.Note is string note)
            {
                c.WriteLine($"    note: {note}");
            }
        }

        foreach (string w in r.Warnings)
        {
            output.Err.WriteLine("parley sources: warning: " + w);
        }

        if (r.ProvenanceNote is not null)
        {
            c.WriteLine(r.ProvenanceNote);
        }

        return CliApp.Ok;
    }
}
