using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley simulate FILE [--protocol NAME] [--actors a,b,c] [--strategy actor=name]… [--deadline N] [--seed S]
/// [--variant NAME] [--transcript FILE] [--compare] [--format table|json]</c>: one negotiation, step by step.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario", Arity = ArgumentArity.OneOrMore };
        var protocol = new Option<string?>("--protocol") { Description = "alternating-offers, single-text, hub-and-spoke, sequenced (tracks first) or sequenced-summit-first (default: hub-and-spoke when the scenario has a mediator)" };
        protocol.AcceptOnlyFromAmong([.. Session.Protocols]);
        var actors = new Option<string?>("--actors") { Description = "Parties at the table, 2 to 4 (default: the mediator and the belligerents)" };
        var strategy = new Option<string[]>("--strategy") { Description = "actor=NAME, repeatable; names: " + string.Join(", ", StrategyRegistry.Names) + " (default: the actor's 'strategy' in the scenario, else linear)" };
        var deadline = new Option<int>("--deadline") { Description = "Last time step (in the scenario's time unit) at which a deal can be made", DefaultValueFactory = _ => 24 };
        var step = new Option<double?>("--step") { Description = "Grid step on continuous issues (default: anchors, midpoints and red-line limits)" };
        Option<ulong> seed = Common.Seed();
        Option<string?> variant = Common.Variant();
        Option<string> format = Common.Format();
        var transcript = new Option<string?>("--transcript") { Description = "Write every message as CSV (time,from,to,kind,issue,amount,package)" };
        Option<long> draws = Common.Draws();
        Option<int?> threads = Common.Threads();
        var compare = new Option<bool>("--compare") { Description = "Run the process choices side by side: hub-and-spoke, single text, tracks first versus summit first, direct alternating offers, and every variant under hub-and-spoke" };
        var command = new Command("simulate",
            "Simulate the talks step by step: who offers what to whom, who accepts, and where (or whether) they land. The war\n" +
            "moves each party's alternative along one random path per run (the scenario's dynamics); utilities are discounted\n" +
            "by patience; every party sees only its own numbers, the others' public ones and the messages sent to it.\n\n" +
            "Examples:\n  parley simulate scenarios/ukraine-2025.yaml\n  parley simulate scenarios/ukraine-2025.yaml --compare\n" +
            "  parley simulate scenarios/ukraine-2025.yaml --protocol alternating-offers --strategy russia=boulware --transcript talks.csv");
        command.Arguments.Add(files);
        command.Options.Add(protocol);
        command.Options.Add(actors);
        command.Options.Add(strategy);
        command.Options.Add(deadline);
        command.Options.Add(step);
        command.Options.Add(seed);
        command.Options.Add(variant);
        command.Options.Add(transcript);
        command.Options.Add(compare);
        command.Options.Add(draws);
        command.Options.Add(threads);
        command.WithFormatCheck(format).WithStore();
        command.SetAction(parse => Run(output, parse.GetValue(files)!, parse.GetValue(protocol), parse.GetValue(actors), parse.GetValue(strategy) ?? [],
            parse.GetValue(deadline), parse.GetValue(step), parse.GetValue(seed), parse.GetValue(variant), parse.GetValue(transcript), parse.GetValue(compare), parse.GetValue(format)!, parse.GetValue(draws), parse.GetValue(threads)));
        return command;
    }

    private static int Run(Output output, string[] files, string? protocol, string? actorList, string[] strategyArgs, int deadline, double? step,
        ulong seed, string? variant, string? transcriptPath, bool compare, string format, long draws = 0, int? threads = null)
    {
        if (!Common.AllExist(output, "simulate", files))
        {
            return CliApp.UsageError;
        }

        if (deadline < 0 || step is <= 0 || draws < 0 || threads is < 1)
        {
            output.Err.WriteLine("parley simulate: --deadline and --draws must be 0 or more, --step and --threads positive");
            return CliApp.UsageError;
        }

        Scenario? scenario = output.Load(files, variant);
        if (scenario is null)
        {
            return CliApp.InvalidInput;
        }

        var errors = new List<string>();
        DealSettings settings = DealSettings.From(scenario.ModelParameters, errors);
        if (step is double st)
        {
            settings = settings with { Step = st };
        }

        string[] ids = actorList is not null
            ? actorList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : DefaultTable(scenario);
        var strategies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string a in strategyArgs)
        {
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            string name = eq > 0 ? a[(eq + 1)..].Trim() : string.Empty;
            if (eq <= 0 || !StrategyRegistry.Names.Contains(name))
            {
                errors.Add($"--strategy '{a}' is not actor=NAME with NAME one of {string.Join(", ", StrategyRegistry.Names)}");
                continue;
            }

            strategies[a[..eq].Trim()] = name;
        }

        string[] unknown = [.. ids.Concat(strategies.Keys).Where(id => scenario.FindActor(id) is null).Distinct()];
        if (unknown.Length > 0)
        {
            errors.Add($"unknown actor(s) {string.Join(", ", unknown)}; the scenario has {string.Join(", ", scenario.Actors.Select(a => a.Id))}");
        }

        if (ids.Length is < 2 or > 4)
        {
            errors.Add($"a session needs 2 to 4 parties (got {ids.Length}); choose them with --actors");
        }

        string chosen = protocol ?? (scenario.Channels.Mediator is string hub && ids.Contains(hub) ? "hub-and-spoke" : "alternating-offers");
        if (chosen != "alternating-offers" && (scenario.Channels.Mediator is not string med || !ids.Contains(med)))
        {
            errors.Add($"{chosen} needs the scenario's mediator at the table ({scenario.Channels.Mediator ?? "the scenario names none"})");
        }

        if (errors.Count > 0)
        {
            errors.ForEach(e => output.Err.WriteLine("parley simulate: " + e));
            return CliApp.UsageError;
        }

        int[]? ripeness = null;
        SessionResult Simulate(Scenario s, string proto)
        {
            DealSpace space = DealSpace.Build(s, settings);
            int[] parties = [.. ids.Select(space.IndexOf)];
            IStrategy[] strats = [.. ids.Select(id => StrategyRegistry.Create(StrategyOf(s, strategies, id), strategies.ContainsKey(id) ? null : s.FindActor(id)?.StrategyParameter?.Value))];
            var session = new Session(space, parties, strats, new SessionSettings { Deadline = deadline, Seed = seed });
            if (DealAnalysis.Run(space, parties, new DealAnalysisOptions { Frontier = false, Trades = 0, Blockers = false }).Find("nash") is Solution nash)
            {
                ripeness = session.Ripeness(nash.Levels);
            }

            return session.Run(proto);
        }

        if (draws > 0 && !compare)
        {
            using var progress = new ProgressLine(output.Err, draws, "simulate");
            string[] names = [.. ids.Select(id => StrategyOf(scenario, strategies, id))];
            Parley.Core.Experiments.NegotiationDistribution dist = Parley.Core.Experiments.MonteCarloNegotiation.Run(
                scenario, settings, ids, names, chosen, deadline, draws, seed, threads, draws >= 50 ? progress.Report : null);
            RenderDistribution(output, scenario, files[0], DealSpace.Build(scenario, settings), dist, chosen, ids, format, seed);
            return CliApp.Ok;
        }

        if (compare)
        {
            var rows = new List<(string Label, SessionResult Result, DealSpace Space)>();
            string[] protocols = scenario.Channels.Mediator is string mm && ids.Contains(mm) ? ["hub-and-spoke", "single-text", "sequenced", "sequenced-summit-first", "alternating-offers"] : ["alternating-offers"];
            foreach (string p in protocols)
            {
                rows.Add((p + (p == "alternating-offers" ? " (direct talks)" : string.Empty), Simulate(scenario, p), DealSpace.Build(scenario, settings)));
            }

            foreach (Variant v in scenario.Variants)
            {
                Scenario? vs = output.Load(files, v.Id);
                if (vs is not null)
                {
                    rows.Add(($"{protocols[0]}, variant {v.Id}", Simulate(vs, protocols[0]), DealSpace.Build(vs, settings)));
                }
            }

            RenderComparison(output, scenario, files[0], rows, format, seed);
            return CliApp.Ok;
        }

        SessionResult result = Simulate(scenario, chosen);
        DealSpace shown = DealSpace.Build(scenario, settings);
        if (transcriptPath is not null)
        {
            using var w = new StreamWriter(transcriptPath);
            w.WriteLine("time,from,to,kind,issue,amount,package");
            foreach (Message msg in result.Transcript)
            {
                w.WriteLine($"{msg.Time},{msg.From},{msg.To},{msg.Kind.ToString().ToLowerInvariant()},{msg.Issue},{(msg.Amount == 0 ? string.Empty : msg.Amount.ToString("0.###", CultureInfo.InvariantCulture))},{(msg.Package is null ? string.Empty : string.Join(';', msg.Package.Select((l, d) => shown.Levels[d][l].ToString("0.##", CultureInfo.InvariantCulture))))}");
            }

            output.Err.WriteLine($"wrote {transcriptPath} ({result.Transcript.Count} messages)");
        }

        {
            var doc = ResultJson(shown, result);
            doc["protocol"] = chosen;
            if (ripeness is not null)
            {
                doc["ripeness"] = new JsonObject(ids.Select((id, k) => new KeyValuePair<string, JsonNode?>(id, ripeness[k] < 0 ? null : ripeness[k])));
            }

            doc["seed"] = seed;
            doc["deadline"] = deadline;
            doc["transcript"] = new JsonArray([.. result.Transcript.Select(m => (JsonNode?)new JsonObject
            {
                ["time"] = m.Time, ["from"] = m.From, ["to"] = m.To, ["kind"] = m.Kind.ToString().ToLowerInvariant(), ["issue"] = m.Issue, ["amount"] = m.Amount,
                ["package"] = m.Package is null ? null : Package(shown, m.Package),
            })]);
            if (scenario.HasSources)
            {
                doc["provenance_note"] = Output.ProvenanceNote(files[0]);
            }

            output.Result(doc, files, scenario, seed, 0, format == "json");
            if (format == "json")
            {
                return CliApp.Ok;
            }
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Simulation: {Markup.Escape(scenario.Name)}[/]");
        c.WriteLine($"Protocol {chosen}; parties {string.Join(", ", ids)}; deadline {deadline} {scenario.TimeStep}s; seed {seed}.");
        c.WriteLine("Strategies: " + string.Join(", ", ids.Select(id => $"{id} {StrategyOf(scenario, strategies, id)}")));
        c.WriteLine("Timeline (offers and answers; packages as issue values):");
        foreach (Message m in result.Transcript.Where(m => m.Kind != MessageKind.Offer || m.To == result.Transcript.First(x => x.Time == m.Time && x.Kind == MessageKind.Offer).To).Take(60))
        {
            string what = m.Kind switch
            {
                MessageKind.Offer => "offers " + Short(shown, m.Package!),
                MessageKind.Accept => "accepts",
                MessageKind.Reject => "rejects" + (m.Issue is null ? string.Empty : $" (blocked by {m.Issue})"),
                MessageKind.SideDeal => $"offers a side deal worth {U(m.Amount)} if it signs",
                _ => "walks away",
            };
            c.WriteLine($"  t={m.Time,-3} {m.From} -> {(m.Kind == MessageKind.Offer ? "table" : m.To)}: {what}");
        }

        if (result.Transcript.Count > 60)
        {
            c.WriteLine($"  ... {result.Transcript.Count - 60} more messages (--transcript FILE or --format json)");
        }

        RenderOutcome(c, shown, result);
        if (ripeness is not null)
        {
            c.WriteLine("Ripeness (first step at which the table's Nash package beats fighting on and fighting on is expected to get worse): " +
                string.Join(", ", ids.Select((id, k) => $"{id} {(ripeness[k] < 0 ? "never" : "t=" + ripeness[k].ToString(CultureInfo.InvariantCulture))}")) + ".");
        }
        if (scenario.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(files[0]));
        }

        return CliApp.Ok;
    }

    /// <summary>The command line's choice, else the scenario's, else linear.</summary>
    private static string StrategyOf(Scenario s, Dictionary<string, string> cli, string id) =>
        cli.TryGetValue(id, out string? name) ? name : s.FindActor(id)?.Strategy ?? "linear";

    private static string[] DefaultTable(Scenario s)
    {
        var ids = new List<string>();
        if (s.Channels.Mediator is string m)
        {
            ids.Add(m);
        }

        if (s.Dynamics is { } d)
        {
            ids.Add(d.Belligerents.A);
            ids.Add(d.Belligerents.B);
        }

        foreach (Actor a in s.Actors)
        {
            if (ids.Count >= 2)
            {
                break;
            }

            ids.Add(a.Id);
        }

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static void RenderOutcome(IAnsiConsole c, DealSpace space, SessionResult r)
    {
        if (r.Agreement is int[] deal)
        {
            c.MarkupLine($"[bold]Agreement at t={r.Time}.[/]");
            for (int d = 0; d < space.Issues.Count; d++)
            {
                c.WriteLine($"  {space.Issues[d].Name}: {space.Describe(d, deal[d])}");
            }
        }
        else
        {
            c.MarkupLine($"[bold]No agreement ({r.EndedBy}) at t={r.Time}.[/]");
        }

        var t = new Table().Border(TableBorder.Simple).AddColumn("party").AddColumn(new TableColumn("utility").RightAligned())
            .AddColumn(new TableColumn("discounted").RightAligned()).AddColumn(new TableColumn("no-deal value then").RightAligned());
        for (int k = 0; k < r.Parties.Count; k++)
        {
            t.AddRow(Markup.Escape(r.Parties[k]), U(r.Utility[k]), U(r.Discounted[k]), U(r.Reservation[k]));
        }

        c.Write(t);
    }

    private static void RenderComparison(Output output, Scenario scenario, string file, List<(string Label, SessionResult Result, DealSpace Space)> rows, string format, ulong seed)
    {
        {
            var arr = new JsonArray([.. rows.Select(r => { JsonObject o = ResultJson(r.Space, r.Result); o["run"] = r.Label; return (JsonNode?)o; })]);
            var doc = new JsonObject { ["scenario"] = scenario.Name, ["seed"] = seed, ["runs"] = arr };
            if (scenario.HasSources)
            {
                doc["provenance_note"] = Output.ProvenanceNote(file);
            }

            output.Result(doc, [file], scenario, seed, 0, format == "json");
            if (format == "json")
            {
                return;
            }
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Process choices compared: {Markup.Escape(scenario.Name)}[/] (seed {seed})");
        string[] parties = [.. rows[0].Result.Parties];
        var t = new Table().Border(TableBorder.Simple).AddColumn("run").AddColumn("deal?").AddColumn(new TableColumn("t").RightAligned());
        foreach (string p in parties)
        {
            t.AddColumn(new TableColumn(Markup.Escape(p)).RightAligned());
        }

        foreach ((string label, SessionResult r, _) in rows)
        {
            var cells = new List<string> { Markup.Escape(label), r.Agreement is null ? "no" : "yes", r.Time.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(r.Utility.Select(U));
            t.AddRow(cells.ToArray());
        }

        c.Write(t);
        c.WriteLine("Utilities of the agreed package (or of no deal at the end). Terms of each deal:");
        foreach ((string label, SessionResult r, DealSpace space) in rows.Where(x => x.Result.Agreement is not null))
        {
            c.WriteLine($"  {label}: {Short(space, r.Agreement!)}");
        }

        if (scenario.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(file));
        }
    }

    private static void RenderDistribution(Output output, Scenario scenario, string file, DealSpace space, Parley.Core.Experiments.NegotiationDistribution d,
        string protocol, string[] ids, string format, ulong seed)
    {
        {
            var doc = new JsonObject
            {
                ["scenario"] = scenario.Name,
                ["protocol"] = protocol,
                ["draws"] = d.Draws,
                ["seed"] = seed,
                ["agreement_probability"] = Math.Round(d.AgreementProbability, 4),
                ["time"] = new JsonObject { ["p10"] = Num(d.TimeQuantile(0.1)), ["median"] = Num(d.TimeQuantile(0.5)), ["p90"] = Num(d.TimeQuantile(0.9)) },
                ["terms"] = new JsonObject(space.Issues.Select((i, k) => new KeyValuePair<string, JsonNode?>(i.Id, new JsonObject
                {
                    ["p10"] = Num(d.TermQuantile(space, k, 0.1)), ["median"] = Num(d.TermQuantile(space, k, 0.5)), ["p90"] = Num(d.TermQuantile(space, k, 0.9)),
                }))),
                ["mean_utility"] = new JsonObject(ids.Select((id, k) => new KeyValuePair<string, JsonNode?>(id, Math.Round(d.MeanUtility[k], 4)))),
            };
            if (scenario.HasSources)
            {
                doc["provenance_note"] = Output.ProvenanceNote(file);
            }

            output.Result(doc, [file], scenario, seed, d.Draws, format == "json");
            if (format == "json")
            {
                return;
            }
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Simulation: {Markup.Escape(scenario.Name)}[/]");
        c.WriteLine($"Protocol {protocol}; parties {string.Join(", ", ids)}; {d.Draws} runs over the uncertain inputs, seed {seed}.");
        c.WriteLine($"Agreement in {d.Agreements} of {d.Draws} runs ({d.AgreementProbability.ToString("0.#%", CultureInfo.InvariantCulture)}); time to agreement (10th/median/90th): {F(d.TimeQuantile(0.1))} / {F(d.TimeQuantile(0.5))} / {F(d.TimeQuantile(0.9))} {scenario.TimeStep}s.");
        var t = new Table().Border(TableBorder.Simple).Title("Agreed terms over the runs with a deal").AddColumn("issue").AddColumn(new TableColumn("10th").RightAligned()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("90th").RightAligned());
        for (int k = 0; k < space.Issues.Count; k++)
        {
            t.AddRow(Markup.Escape(space.Issues[k].Name), F(d.TermQuantile(space, k, 0.1)), F(d.TermQuantile(space, k, 0.5)), F(d.TermQuantile(space, k, 0.9)));
        }

        c.Write(t);
        c.WriteLine("Mean utility of the outcome: " + string.Join(", ", ids.Select((id, k) => $"{id} {U(d.MeanUtility[k])}")));
        if (scenario.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(file));
        }
    }

    private static string F(double x) => double.IsNaN(x) ? "-" : x.ToString("0.#", CultureInfo.InvariantCulture);

    private static JsonNode? Num(double x) => double.IsNaN(x) ? null : x;

    private static JsonObject ResultJson(DealSpace space, SessionResult r) => new()
    {
        ["ended_by"] = r.EndedBy,
        ["time"] = r.Time,
        ["agreement"] = r.Agreement is null ? null : Package(space, r.Agreement),
        ["parties"] = new JsonObject(r.Parties.Select((p, k) => new KeyValuePair<string, JsonNode?>(p, new JsonObject
        {
            ["utility"] = Math.Round(r.Utility[k], 4), ["discounted"] = Math.Round(r.Discounted[k], 4), ["reservation"] = Math.Round(r.Reservation[k], 4),
        }))),
    };

    private static JsonObject Package(DealSpace space, int[] p) =>
        new(space.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, space.Levels[d][p[d]])));

    private static string Short(DealSpace space, int[] p) =>
        string.Join(", ", space.Issues.Select((i, d) => $"{i.Id} {space.Levels[d][p[d]].ToString("0.#", CultureInfo.InvariantCulture)}"));

    private static string U(double u) => u.ToString("0.00", CultureInfo.InvariantCulture);
}
