using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley sensitivity FILE [--variant NAME] [--top N] [--seed S] [--format table|json]</c>: a tornado table of the inputs.</summary>
internal static class SensitivityCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "Rows to print (json lists all)", DefaultValueFactory = _ => 15 };
        Option<string?> variant = Common.Variant();
        Option<ulong> seed = Common.Seed();
        Option<string> format = Common.Format();
        var command = new Command("sensitivity",
            "Which inputs matter: each uncertain number is set to the low and the high end of its range (one at a time, the rest\n" +
            "at their central values); the table ranks them by how far they move the forecast (smp, largest issue) and the\n" +
            "five-year durability of the base Nash deal.\n\nExample:\n  parley sensitivity scenarios/ukraine-2025.yaml");
        command.Arguments.Add(files);
        command.Options.Add(top);
        command.Options.Add(variant);
        command.Options.Add(seed);
        command.WithFormatCheck(format);
        command.SetAction(parse => Run(output, parse.GetValue(files)!, parse.GetValue(top), parse.GetValue(variant), parse.GetValue(seed), parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string[] files, int top, string? variant, ulong seed, string format)
    {
        if (!Common.AllExist(output, "sensitivity", files) || top < 1)
        {
            return CliApp.UsageError;
        }

        Scenario? s = output.Load(files, variant);
        if (s is null)
        {
            return CliApp.InvalidInput;
        }

        IReadOnlyList<Swing> swings = Sensitivity.Run(s, seed: seed);
        if (format == "json")
        {
            var doc = new JsonObject
            {
                ["scenario"] = s.Name,
                ["swings"] = new JsonArray([.. swings.Select(w => (JsonNode?)new JsonObject
                {
                    ["input"] = w.Input, ["low"] = w.Low, ["high"] = w.High, ["forecast_swing"] = Math.Round(w.ForecastSwing, 3), ["issue"] = w.ForecastIssue,
                    ["holds_5y_low"] = double.IsNaN(w.DurabilityLow) ? null : Math.Round(w.DurabilityLow, 4),
                    ["holds_5y_high"] = double.IsNaN(w.DurabilityHigh) ? null : Math.Round(w.DurabilityHigh, 4),
                })]),
            };
            if (s.HasSources)
            {
                doc["provenance_note"] = Output.ProvenanceNote(files[0]);
            }

            output.Out.WriteLine(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Sensitivity: {Markup.Escape(s.Name)}[/] ({swings.Count} uncertain inputs, each swung over its range)");
        var t = new Table().Border(TableBorder.Simple).AddColumn("input").AddColumn(new TableColumn("range").RightAligned())
            .AddColumn(new TableColumn("forecast moves").RightAligned()).AddColumn(new TableColumn("holds 5y").RightAligned());
        foreach (Swing w in swings.Take(top))
        {
            string path = w.Input.Replace("actors.", string.Empty, StringComparison.Ordinal).Replace("stances.", string.Empty, StringComparison.Ordinal);
            t.AddRow(Markup.Escape(path.Length > 32 ? path[..31] + "…" : path), $"{N(w.Low)}-{N(w.High)}",
                $"{w.ForecastSwing.ToString("0.0", CultureInfo.InvariantCulture)} ({Markup.Escape(w.ForecastIssue)})",
                double.IsNaN(w.DurabilityLow) ? "-" : $"{P(w.DurabilityLow)}-{P(w.DurabilityHigh)}");
        }

        c.Write(t);
        c.WriteLine("forecast moves = largest change of any issue's smp forecast between the input's low and high end; holds 5y = the base Nash deal's durability at the low and at the high end.");
        if (s.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(files[0]));
        }

        return CliApp.Ok;
    }

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string P(double v) => v.ToString("0%", CultureInfo.InvariantCulture);
}
