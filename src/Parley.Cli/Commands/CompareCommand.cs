using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Durability;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;
using Parley.Core.Negotiation;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley compare FILE --variant A --variant B … [--draws N] [--seed S] [--format table|json]</c>: forecast, deal
/// space, simulation and durability for the base scenario and each variant, side by side.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var variants = new Option<string[]>("--variant") { Description = "A variant to compare with the base (repeatable; default: every variant)" };
        Option<long> draws = Common.Draws();
        Option<ulong> seed = Common.Seed();
        Option<string> format = Common.Format();
        var command = new Command("compare",
            "What-if comparison: the forecast (smp), the deal space (zone and Nash package), a simulated hub-and-spoke run\n" +
            "(or direct talks without a mediator) and the Nash deal's durability, for the base scenario and each variant.\n" +
            "With --draws N the forecast carries its 10th-90th percentile interval and the simulation its probability of agreement.\n\n" +
            "Example:\n  parley compare scenarios/ukraine-2025.yaml --variant aid-cut --variant european-force --draws 200");
        command.Arguments.Add(files);
        command.Options.Add(variants);
        command.Options.Add(draws);
        command.Options.Add(seed);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => Run(output, parse.GetValue(files)!, parse.GetValue(variants) ?? [], parse.GetValue(draws), parse.GetValue(seed), parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string[] files, string[] variantIds, long draws, ulong seed, string format)
    {
        if (!Common.AllExist(output, "compare", files) || draws < 0)
        {
            return CliApp.UsageError;
        }

        Scenario? baseScenario = output.Load(files, null);
        if (baseScenario is null)
        {
            return CliApp.InvalidInput;
        }

        string[] ids = variantIds.Length > 0 ? variantIds : [.. baseScenario.Variants.Select(v => v.Id)];
        var columns = new List<(string Label, Scenario Scenario)> { ("base", baseScenario) };
        foreach (string id in ids)
        {
            Scenario? s = output.Load(files, id);
            if (s is null)
            {
                return CliApp.InvalidInput;
            }

            columns.Add((id, s));
        }

        var rows = new List<(string Metric, string[] Cells)>();
        var results = columns.Select(c => Evaluate(c.Scenario, draws, seed)).ToList();
        foreach (string metric in results[0].Keys)
        {
            rows.Add((metric, [.. results.Select(r => r.TryGetValue(metric, out string? v) ? v : "-")]));
        }

        {
            var doc = new JsonObject
            {
                ["scenario"] = baseScenario.Name,
                ["draws"] = draws,
                ["seed"] = seed,
                ["runs"] = new JsonObject(columns.Select((c, k) => new KeyValuePair<string, JsonNode?>(c.Label, new JsonObject(results[k].Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value)))))),
            };
            if (baseScenario.HasSources)
            {
                doc["provenance_note"] = Output.ProvenanceNote(files[0]);
            }

            output.Result(doc, files, baseScenario, seed, draws, format == "json");
            if (format == "json")
            {
                return CliApp.Ok;
            }
        }

        IAnsiConsole con = output.Console;
        con.MarkupLine($"[bold]What if: {Markup.Escape(baseScenario.Name)}[/]" + (draws > 0 ? $" ({draws} draws, seed {seed})" : string.Empty));
        var t = new Table().Border(TableBorder.Simple).AddColumn("");
        foreach ((string label, _) in columns)
        {
            t.AddColumn(new TableColumn(Markup.Escape(label.Length > 12 ? label[..11] + "…" : label)).RightAligned());
        }

        foreach ((string metric, string[] cells) in rows)
        {
            t.AddRow([Markup.Escape(metric), .. cells.Select(Markup.Escape)]);
        }

        con.Write(t);
        con.WriteLine("forecast = smp (median [10th-90th] with --draws); zone = packages acceptable to all; Nash = deal-space Nash package; deal = simulated run (probability with --draws); holds 5y = strategic durability of the Nash deal.");
        if (baseScenario.HasSources)
        {
            con.WriteLine(Output.ProvenanceNote(files[0]));
        }

        return CliApp.Ok;
    }

    private static Dictionary<string, string> Evaluate(Scenario s, long draws, ulong seed)
    {
        var r = new Dictionary<string, string>(StringComparer.Ordinal);
        var input = ForecastInput.FromScenario(s);
        ForecastResult central = new SpatialModel().Run(input, ForecastOptions.Default, false);
        IReadOnlyList<ModelDistribution>? dist = draws > 0
            ? MonteCarloForecast.Run(input, [new SpatialModel()], ForecastOptions.Default, new MonteCarloSettings { Draws = Math.Min(draws, 2000), Seed = seed })
            : null;
        for (int d = 0; d < input.IssueCount; d++)
        {
            r[$"forecast {input.Issues[d].Id}"] = dist is null
                ? F(central.Forecast[d])
                : $"{F(dist[0].Issues[d].Median)} [{F(dist[0].Issues[d].P10)}-{F(dist[0].Issues[d].P90)}]";
        }

        DealSpace space = DealSpace.Build(s, DealSettings.From(s.ModelParameters, []));
        int[] all = [.. Enumerable.Range(0, space.Actors.Count)];
        DealReport deal = DealAnalysis.Run(space, all, new DealAnalysisOptions { Frontier = false, Trades = 0 });
        r["zone (packages)"] = deal.ZopaCount.ToString("N0", CultureInfo.InvariantCulture);
        Solution? nash = deal.Find("nash");
        for (int d = 0; d < space.Issues.Count; d++)
        {
            r[$"Nash {space.Issues[d].Id}"] = nash is null ? "-" : F(space.Levels[d][nash.Levels[d]]);
        }

        string? mediator = s.Channels.Mediator;
        string[] table = [.. new[] { mediator, s.Dynamics?.Belligerents.A, s.Dynamics?.Belligerents.B }.OfType<string>().Distinct()];
        if (table.Length >= 2 && table.Length <= 4)
        {
            string protocol = mediator is not null ? "hub-and-spoke" : "alternating-offers";
            string[] names = [.. table.Select(id => s.FindActor(id)?.Strategy ?? "linear")];
            if (draws > 0)
            {
                NegotiationDistribution nd = MonteCarloNegotiation.Run(s, DealSettings.From(s.ModelParameters, []), table, names, protocol, 24, Math.Min(draws, 500), seed);
                r["deal (simulated)"] = nd.AgreementProbability.ToString("0%", CultureInfo.InvariantCulture);
            }
            else
            {
                int[] parties = [.. table.Select(space.IndexOf)];
                SessionResult run = new Session(space, parties, [.. names.Select(n => StrategyRegistry.Create(n))], new SessionSettings { Seed = seed }).Run(protocol);
                r["deal (simulated)"] = run.Agreement is null ? "no" : $"yes, t={run.Time}";
            }
        }

        if (s.Dynamics is not null && nash is not null)
        {
            int perYear = s.StepsPerYear;
            StrategicDurabilityResult dur = StrategicDurability.Run(space, nash.Levels, s.Agreement ?? new AgreementTerms(), 5 * perYear, 1000, seed);
            r["holds 5y"] = dur.HoldingAt(5 * perYear).ToString("0%", CultureInfo.InvariantCulture);
        }

        return r;
    }

    private static string F(double v) => v.ToString("0", CultureInfo.InvariantCulture);
}
