using System.CommandLine;
using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Serialization;
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
        protocol.AcceptOnlyFromAmong([.. NegotiationAnalysis.ProtocolNames]);
        var actors = new Option<string?>("--actors") { Description = "Actors at the table, two or more (default: every party and the mediator, by their roles)" };
        var strategy = new Option<string[]>("--strategy") { Description = "actor=NAME, repeatable; names: " + string.Join(", ", NegotiationAnalysis.StrategyNames) + " (default: the actor's 'strategy' in the scenario, else linear)" };
        var deadline = new Option<int>("--deadline") { Description = "Last time step (in the scenario's time unit) at which a deal can be made", DefaultValueFactory = _ => new NegotiationRequest().Deadline };
        var step = new Option<double?>("--step") { Description = "Grid step on continuous issues (default: anchors, midpoints and red-line limits)" };
        Option<ulong> seed = Common.Seed();
        Option<string?> variant = Common.Variant();
        Option<string> format = Common.Format();
        var transcript = new Option<string?>("--transcript") { Description = "Write every message as CSV (time,from,to,kind,issue,amount,package)" };
        Option<long> draws = Common.Draws();
        Option<int?> threads = Common.Threads();
        var compare = new Option<bool>("--compare") { Description = "Run the process choices side by side: hub-and-spoke, single text, tracks first versus summit first, direct alternating offers, and every variant under hub-and-spoke; with --variant, the process choices on that variant" };
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
        command.SetAction(parse => CommandRequests.Bind(parse, output.Err) is { Request: NegotiationRequest request } bound
            ? Run(output, request, bound.Files, parse.GetValue(transcript), parse.GetValue(format)!)
            : CliApp.UsageError);
        return command;
    }

    private static int Run(Output output, NegotiationRequest request, IReadOnlyList<string> files, string? transcriptPath, string format)
    {
        if (!Common.AllExist(output, "simulate", files))
        {
            return CliApp.UsageError;
        }

        if (output.LoadSet(files) is not { } set)
        {
            return CliApp.InvalidInput;
        }

        (string? variant, ulong seed, long draws, int deadline) = (request.Variant, request.Seed, request.Draws, request.Deadline);
        IReadOnlyDictionary<string, string> strategies = request.Strategies;
        Scenario? scenario = variant is null || set.TryGet(variant).Succeeded ? set.Get(variant) : null;
        using var progress = new ProgressLine(output.Err, Math.Max(1, draws), "simulate");
        AnalysisOutcome<AnalysisResult> outcome = output.Compute(request, set, () => Engine.Run(request, set, new AnalysisContext(draws > 0 ? progress : null)));
        switch (outcome.Result)
        {
            case null:
                return output.Problems("simulate", outcome.Problems);
            case NegotiationDistributionOutcome d:
                output.Result(d, request, set, scenario, seed, d.Draws, format == "json");
                if (format != "json")
                {
                    RenderDistribution(output, scenario!, d, request);
                }

                return CliApp.Ok;
            case ProcessComparisonOutcome rows:
                output.Result(rows, request, set, scenario, seed, 0, format == "json");
                if (format != "json")
                {
                    RenderComparison(output, rows);
                }

                return CliApp.Ok;
        }

        var result = (SessionOutcome)outcome.Result;
        if (transcriptPath is not null)
        {
            File.WriteAllText(transcriptPath, Parley.Reporting.Exporters.TranscriptCsv.Write(result));
            output.Err.WriteLine($"wrote {transcriptPath} ({result.Transcript.Count} messages)");
        }

        output.Result(result, request, set, scenario, seed, 0, format == "json");
        if (format == "json")
        {
            return CliApp.Ok;
        }

        string[] ids = [.. result.Parties.Keys];
        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Simulation: {Markup.Escape(scenario!.Name)}{Variant(scenario)}[/]");
        c.WriteLine($"Protocol {result.Protocol}; parties {string.Join(", ", ids)}; deadline {deadline} {scenario.TimeStep}s; seed {seed}.");
        if (result.Seating is not null)
        {
            c.WriteLine("At the table, " + result.Seating);
        }

        if (result.CandidateEpsilon is double eps)
        {
            c.WriteLine($"Candidate packages: an ε-Pareto set (ε = {eps:0.###} per issue; the exact public frontier of this table is too large to enumerate; docs/simulation.md).");
        }
        c.WriteLine("Strategies: " + string.Join(", ", ids.Select(id => $"{id} {NegotiationAnalysis.StrategyOf(scenario, strategies, id)}")));
        c.WriteLine("Timeline (offers and answers; packages as issue values):");
        foreach (TranscriptMessage m in result.Transcript.Where(m => m.Kind is not ("offer" or "hold") || m.To == result.Transcript.First(x => x.Time == m.Time && x.Kind == m.Kind).To).Take(60))
        {
            string what = m.Kind switch
            {
                "offer" => "offers " + Short(m.Package!),
                "accept" => "accepts" + (m.Issue is string on && on.StartsWith("track ", StringComparison.Ordinal) ? $" on the direct {on}" : string.Empty),
                "reject" => "rejects" + (m.Issue is null ? string.Empty : m.Issue.StartsWith("track ", StringComparison.Ordinal) ? $" on the direct {m.Issue}" : $" (blocked by {m.Issue}{(m.RedLine ? HardLimit(scenario, m) : string.Empty)})"),
                "sidedeal" => $"offers a side deal worth {U(m.Amount)} if it signs",
                "hold" => $"settles {m.Issue} (pulled back and forth) and holds them: " + Short(m.Package!),
                "event" => EventText(result, m),
                "concession" => "concedes before the talks (its floor from now on): " + Short(m.Package!),
                "walkaway" => "walks away",
                "pressure" => $"presses: raises its cost of war by {m.Amount.ToString("0.###", CultureInfo.InvariantCulture)} per {scenario.TimeStep} from now",
                "escalation" => $"escalates: raises its cost of war by {m.Amount.ToString("0.###", CultureInfo.InvariantCulture)} per {scenario.TimeStep} until it pays",
                "trackoffer" => $"offers on the direct {m.Issue}: " + string.Join(", ", scenario.Channels.Tracks.First(t => "track " + t.Id == m.Issue).Issues.Select(i => $"{i} {m.Package![i].ToString("0.#", CultureInfo.InvariantCulture)}")),
                "demand" => $"offers to stop escalating if it concedes {m.Issue} at {m.Package![m.Issue!].ToString("0.#", CultureInfo.InvariantCulture)}",
                _ => m.Kind,
            };
            c.WriteLine(m.Kind == "event" ? $"  t={m.Time,-3} event {m.From}: {what}" : $"  t={m.Time,-3} {m.From} -> {(m.Kind is "offer" or "hold" ? "table" : m.To)}: {what}");
        }

        if (result.Transcript.Count > 60)
        {
            c.WriteLine($"  ... {result.Transcript.Count - 60} more messages (--transcript FILE or --format json)");
        }

        RenderOutcome(c, scenario, result.Agreement, result.EndedBy, result.Time, result.Parties);
        if (result.Parties.Values.Any(o => o.Horizon is not null))
        {
            c.WriteLine($"Own horizon ({scenario.TimeStep}s until waiting would have cost a party its whole surplus; time-dependent strategies concede over it): " +
                string.Join(", ", result.Parties.Select(kv => $"{kv.Key} {kv.Value.Horizon}")) + ".");
        }

        if (result.HeldIssues.Count > 0 || result.TextSettledAt is not null)
        {
            string held = result.HeldIssues.Count == 0 ? string.Empty : $"the mediator held {string.Join(", ", result.HeldIssues)} after the parties pulled them back and forth";
            // who rejected it at the end: the parties, or only the mediator itself (every party's answer to its last text an accept)
            int last = result.Transcript.Where(m => m.Kind is "accept" or "reject" && m.Issue?.StartsWith("track ", StringComparison.Ordinal) != true).Select(m => m.Time).DefaultIfEmpty(-1).Max();
            bool onlyMediator = last >= 0 && result.Transcript.Where(m => m.Time == last && m.Kind is "accept" or "reject" && m.Issue?.StartsWith("track ", StringComparison.Ordinal) != true).All(m => m.Kind == "accept");
            string settled = result.TextSettledAt is int at
                ? $"the text stopped changing at t={at} and was still rejected at the end" + (onlyMediator ? " — by the mediator itself: every party accepted it, but it is worth less to the mediator than no deal" : string.Empty)
                : string.Empty;
            c.WriteLine("Mediation: " + string.Join("; ", new[] { held, settled }.Where(x => x.Length > 0)) + ".");
        }

        if (result.Ripeness is { } ripeness)
        {
            c.WriteLine("Ripeness (first step at which the table's Nash package beats fighting on and fighting on is expected to get worse): " +
                string.Join(", ", ripeness.Select(kv => $"{kv.Key} {(kv.Value is int t ? "t=" + t.ToString(CultureInfo.InvariantCulture) : "never")}")) + ".");
        }

        if (result.ProvenanceNote is not null)
        {
            c.WriteLine(result.ProvenanceNote);
        }

        return CliApp.Ok;
    }

    private static void RenderOutcome(IAnsiConsole c, Scenario scenario, IReadOnlyDictionary<string, double>? agreement, string endedBy, int time, IReadOnlyDictionary<string, PartyOutcome> parties)
    {
        if (agreement is not null)
        {
            c.MarkupLine($"[bold]Agreement at t={time}.[/]");
            foreach ((string id, double level) in agreement)
            {
                Issue issue = scenario.FindIssue(id)!;
                c.WriteLine($"  {issue.Name}: {IssueWords.Level(issue, level)}");
            }
        }
        else
        {
            c.MarkupLine($"[bold]No agreement ({endedBy}) at t={time}.[/]");
        }

        var t = new Table().Border(TableBorder.Simple).AddColumn("party").AddColumn(new TableColumn("utility").RightAligned())
            .AddColumn(new TableColumn("no-deal value then").RightAligned()).AddColumn(new TableColumn("discounted to t=0").RightAligned());
        foreach ((string party, PartyOutcome o) in parties)
        {
            t.AddRow(Markup.Escape(party), U(o.Utility), U(o.Reservation), U(o.Discounted));
        }

        c.Write(t);
    }

    private static void RenderComparison(Output output, ProcessComparisonOutcome cmp)
    {
        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Process choices compared: {Markup.Escape(cmp.Scenario)}{(cmp.Variant is string v ? $" (variant {Markup.Escape(v)})" : string.Empty)}[/] (seed {cmp.Seed})");
        if (cmp.Seating is not null)
        {
            c.WriteLine("At the table, " + cmp.Seating);
        }

        string[] parties = [.. cmp.Runs[0].Parties.Keys];
        if (cmp.Runs[0].OverDraws is { } first)
        {
            var over = new Table().Border(TableBorder.Simple).Title($"Over {first.Draws:N0} draws of the uncertain inputs (seed {cmp.Seed})")
                .AddColumn("run").AddColumn(new TableColumn("deal").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
            foreach (string p in parties)
            {
                over.AddColumn(new TableColumn(Markup.Escape(p)).RightAligned());
            }

            foreach (ProcessRun r in cmp.Runs)
            {
                ProcessOverDraws d = r.OverDraws!;
                var cells = new List<string>
                {
                    Markup.Escape(r.Run), Markup.Escape(new Proportion(d.Agreements, d.Draws).ShareBrief),
                    d.Time.Median is null ? "-" : $"{F(d.Time.Median)} ({F(d.Time.P10)}-{F(d.Time.P90)})",
                };
                cells.AddRange(parties.Select(p => U(d.MeanUtility[p])));
                over.AddRow(cells.ToArray());
            }

            c.Write(over);
            c.WriteLine($"deal = share of the {first.Draws:N0} runs that ended in agreement, with its 90% interval (Wilson); time = median time to agreement (10th-90th percentile) over the runs with one; utilities are means over all runs (no deal: its value then).");
            c.WriteLine($"One run each on the central inputs (seed {cmp.Seed}), for the terms:");
        }

        var t = new Table().Border(TableBorder.Simple).AddColumn("run").AddColumn("deal?").AddColumn(new TableColumn("t").RightAligned());
        foreach (string p in parties)
        {
            t.AddColumn(new TableColumn(Markup.Escape(p)).RightAligned());
        }

        foreach (ProcessRun r in cmp.Runs)
        {
            var cells = new List<string> { Markup.Escape(r.Run), r.Agreement is null ? "no" : "yes", r.Time.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(r.Parties.Values.Select(o => U(o.Utility)));
            t.AddRow(cells.ToArray());
        }

        c.Write(t);
        c.WriteLine("Utilities of the agreed package (or of no deal at the end). Terms of each deal:");
        foreach (ProcessRun r in cmp.Runs.Where(x => x.Agreement is not null))
        {
            c.WriteLine($"  {r.Run}: {Short(r.Agreement!)}");
        }

        if (cmp.ProvenanceNote is not null)
        {
            c.WriteLine(cmp.ProvenanceNote);
        }
    }

    private static void RenderDistribution(Output output, Scenario scenario, NegotiationDistributionOutcome d, NegotiationRequest request)
    {
        IAnsiConsole c = output.Console;
        long agreements = (long)Math.Round(d.AgreementProbability * d.Draws);
        c.MarkupLine($"[bold]Simulation: {Markup.Escape(scenario.Name)}{Variant(scenario)}[/]");
        c.WriteLine($"Protocol {d.Protocol}; parties {string.Join(", ", d.MeanUtility.Keys)}; {d.Draws} runs over the uncertain inputs, seed {d.Seed}.");
        if (d.Seating is not null)
        {
            c.WriteLine("At the table, " + d.Seating);
        }
        if (!scenario.HasUncertainInputs())
        {
            c.WriteLine("The scenario gives no ranges: every run has the same inputs (only chance in the process and the war differs).");
        }

        c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Agreement in {agreements:N0} of {d.Draws:N0} runs ({new Proportion(agreements, d.Draws).ShareText}); time to agreement (10th/median/90th): {F(d.Time.P10)} / {F(d.Time.Median)} / {F(d.Time.P90)} {scenario.TimeStep}s."));
        var t = new Table().Border(TableBorder.Simple).Title("Agreed terms over the runs with a deal").AddColumn("issue").AddColumn(new TableColumn("10th").RightAligned()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("90th").RightAligned());
        foreach ((string id, Spread q) in d.Terms)
        {
            t.AddRow(Markup.Escape(scenario.FindIssue(id)!.Name), F(q.P10), F(q.Median), F(q.P90));
        }

        c.Write(t);
        c.WriteLine("Mean utility of the outcome: " + string.Join(", ", d.MeanUtility.Select(kv => $"{kv.Key} {U(kv.Value)}")));
        if (NegotiationAnalysis.EventRunsText(d) is string fired)
        {
            c.WriteLine(fired);
        }
        if (d.ProvenanceNote is not null)
        {
            c.WriteLine(d.ProvenanceNote);
        }
    }

    private static string F(double? x) => x is not double v || double.IsNaN(v) ? "-" : v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>What an event that fired changed, from the session's list of fired events.</summary>
    private static string EventText(SessionOutcome result, TranscriptMessage m) =>
        result.Events?.FirstOrDefault(e => e.Id == m.From && e.Time == m.Time) is { } fired ? $"{fired.Name} ({fired.Effect})" : "fired";

    private static string Short(IReadOnlyDictionary<string, double> p) =>
        string.Join(", ", p.Select(kv => $"{kv.Key} {kv.Value.ToString("0.#", CultureInfo.InvariantCulture)}"));

    /// <summary>" (variant X)" for a scenario with a variant applied, else nothing.</summary>
    private static string Variant(Scenario s) => s.AppliedVariant is string v ? $" (variant {Markup.Escape(v)})" : string.Empty;

    /// <summary>
    /// Why a hard limit blocks a text on an issue: beyond the party's red line there, or, where the red line holds, the
    /// party's linkage (it takes one issue's levels only with another's).
    /// </summary>
    private static string HardLimit(Scenario s, TranscriptMessage m)
    {
        Actor? actor = s.FindActor(m.From);
        bool lineCrossed = actor?.StanceOn(m.Issue!)?.RedLine is RedLine line && m.Package is { } p && p.TryGetValue(m.Issue!, out double x) && !line.Accepts(x);
        return lineCrossed || actor is null || actor.Linkage.Count == 0
            ? ": beyond its red line"
            : ": its linkage, " + string.Join("; ", actor.Linkage.Select(l => l.ToString()));
    }

    private static string U(double u) => u.ToString("0.00", CultureInfo.InvariantCulture);
}
