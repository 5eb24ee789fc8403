using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Durability;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley durability --validate [--seed S] [--format table|json]</c>: the empirical durability model and its held-out metrics.</summary>
internal static class DurabilityCommand
{
    public static Command Create(Output output)
    {
        var validate = new Option<bool>("--validate") { Description = "Fit on UCDP agreements signed up to 2005 and report on those signed 2006-2021" };
        Option<ulong> seed = Common.Seed();
        Option<string> format = Common.Format();
        var command = new Command("durability",
            "Will the deal hold? (work in progress: the empirical model is available; scoring a package is not yet.)\n" +
            "--validate fits a Cox proportional-hazards model of agreement failure on the UCDP Peace Agreement Dataset\n" +
            "(agreements signed up to 2005) and reports concordance with a bootstrap interval, calibration against\n" +
            "Kaplan-Meier at one and five years, and hazard ratios with intervals clustered by conflict on 2006-2021.\n\n" +
            "Example:\n  parley durability --validate");
        command.Options.Add(validate);
        command.Options.Add(seed);
        command.WithFormatCheck(format);
        command.SetAction(parse => Run(output, parse.GetValue(validate), parse.GetValue(seed), parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, bool validate, ulong seed, string format)
    {
        if (!validate)
        {
            output.Err.WriteLine("parley durability: scoring a package is not available yet; use --validate to fit and check the empirical model");
            return CliApp.UsageError;
        }

        ValidationReport r = DurabilityValidation.Run(PeaceAgreements.Shipped(), seed);
        const string Attribution = "Data: UCDP Peace Agreement Dataset v22.1 (Uppsala Conflict Data Program), CC BY 4.0. Mostly civil wars; peacekeepers go to the hardest cases.";
        if (format == "json")
        {
            var doc = new JsonObject
            {
                ["train"] = new JsonObject { ["agreements"] = r.Train.Agreements, ["ended"] = r.Train.Ended, ["signed"] = "1975-2005" },
                ["test"] = new JsonObject { ["agreements"] = r.Test.Agreements, ["ended"] = r.Test.Ended, ["signed"] = "2006-2021" },
                ["concordance"] = Math.Round(r.Concordance, 4),
                ["concordance_interval"] = new JsonArray(Math.Round(r.ConcordanceInterval.Low, 4), Math.Round(r.ConcordanceInterval.High, 4)),
                ["calibration"] = new JsonArray([.. r.Calibration.Select(c => (JsonNode?)new JsonObject
                {
                    ["years"] = c.Years, ["observed_km"] = Math.Round(c.Observed, 4), ["predicted"] = Math.Round(c.Predicted, 4),
                })]),
                ["hazard_ratios"] = new JsonObject(r.HazardRatios.Select(h => new KeyValuePair<string, JsonNode?>(h.Name, new JsonObject
                {
                    ["ratio"] = Math.Round(h.Ratio, 4), ["low"] = Math.Round(h.Low, 4), ["high"] = Math.Round(h.High, 4),
                }))),
                ["data"] = Attribution,
            };
            output.Out.WriteLine(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.Ok;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine("[bold]Empirical durability model: Cox proportional hazards of agreement failure[/]");
        c.WriteLine($"Fitted on {r.Train.Agreements} agreements signed 1975-2005 ({r.Train.Ended} ended); checked on {r.Test.Agreements} signed 2006-2021 ({r.Test.Ended} ended).");
        c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out concordance (C-index): {r.Concordance:0.000} [95% bootstrap {r.ConcordanceInterval.Low:0.000}-{r.ConcordanceInterval.High:0.000}]."));
        var cal = new Table().Border(TableBorder.Simple).Title("Calibration on 2006-2021: share of agreements still holding").AddColumn("after")
            .AddColumn(new TableColumn("observed (Kaplan-Meier)").RightAligned()).AddColumn(new TableColumn("predicted (mean)").RightAligned());
        foreach (Calibration k in r.Calibration)
        {
            cal.AddRow(k.Years.ToString("0", CultureInfo.InvariantCulture) + " year(s)", k.Observed.ToString("0.00", CultureInfo.InvariantCulture), k.Predicted.ToString("0.00", CultureInfo.InvariantCulture));
        }

        c.Write(cal);
        var hr = new Table().Border(TableBorder.Simple).Title("Hazard ratios (below 1: the agreement lasts longer), 95% intervals clustered by conflict")
            .AddColumn("provision").AddColumn(new TableColumn("ratio").RightAligned()).AddColumn(new TableColumn("interval").RightAligned());
        foreach (HazardRatio h in r.HazardRatios)
        {
            hr.AddRow(Markup.Escape(h.Name), h.Ratio.ToString("0.00", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{h.Low:0.00}-{h.High:0.00}"));
        }

        c.Write(hr);
        c.WriteLine(Attribution);
        return CliApp.Ok;
    }
}
