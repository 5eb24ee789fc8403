using System.CommandLine;
using System.Globalization;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley show FILE [--variant NAME]</c>: the scenario laid out for reading.</summary>
internal static class ShowCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("file") { Description = "A scenario (YAML, KTAB CSV, Genius XML folder or files, Decide CSV)", Arity = ArgumentArity.OneOrMore };
        Option<string?> variant = Common.Variant();
        Option<string> format = Common.Format();
        var command = new Command("show",
            "Lay out a scenario: issues, actors x issues (position / salience), red lines, attributes, channels, dynamics, variants and sources.\n" +
            "With --variant, also list what the variant changes.\n\n" +
            "Examples:\n  parley show scenarios/ukraine-2025.yaml\n  parley show scenarios/ukraine-2025.yaml --variant aid-cut --format json");
        command.Arguments.Add(files);
        command.Options.Add(variant);
        command.WithFormatCheck(format);
        command.SetAction(parse => Run(output, parse.GetValue(files)!, parse.GetValue(variant), parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string[] files, string? variant, string format)
    {
        if (!Common.AllExist(output, "show", files))
        {
            return CliApp.UsageError;
        }

        Scenario? s = output.Load(files, variant);
        if (s is null)
        {
            return CliApp.InvalidInput;
        }

        IReadOnlyList<FactChange> changes = [];
        if (variant is not null)
        {
            Scenario? b = output.Load(files, null);
            if (b is null)
            {
                return CliApp.InvalidInput;
            }

            changes = ScenarioFacts.Compare(b, s);
        }

        if (format == "json")
        {
            output.Out.WriteLine(ScenarioShow.Json(s, files[0], variant is null ? null : changes));
            return CliApp.Ok;
        }

        Render(output, s, files[0], variant, changes);
        return CliApp.Ok;
    }

    private static void Render(Output output, Scenario s, string file, string? variant, IReadOnlyList<FactChange> changes)
    {
        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]{Markup.Escape(s.Name)}[/]" + (s.AsOf is null ? string.Empty : $"  (as of {s.AsOf}, time step: {s.TimeStep})"));
        if (s.Description is not null)
        {
            c.WriteLine(s.Description.Trim());
        }

        if (s.HasSources)
        {
            c.WriteLine(ProvenanceNote.For(file));
        }

        if (variant is not null)
        {
            c.WriteLine();
            foreach (string id in variant.Split(ScenarioLoader.VariantStack))
            {
                Variant v = s.Variants.First(x => x.Id == id);
                c.MarkupLine($"[bold]Variant applied:[/] {Markup.Escape(v.Id)} - {Markup.Escape(v.Name)}");
            }

            var vt = new Table().Border(TableBorder.Simple).AddColumn("what the variant changes").AddColumn("base").AddColumn("variant");
            foreach (FactChange ch in changes)
            {
                vt.AddRow(Markup.Escape(ch.Path), Markup.Escape(ch.Before ?? "-"), Markup.Escape(ch.After ?? "-"));
            }

            c.Write(vt);
        }

        c.WriteLine();
        var it = new Table().Border(TableBorder.Simple).Title("Issues").AddColumn("id").AddColumn("name").AddColumn("scale and anchors");
        foreach (Issue i in s.Issues)
        {
            string scale = i.Kind == IssueKind.Discrete
                ? string.Join("; ", i.Options.Select((o, k) => $"{k}={o}")) + (i.Ordered ? " (ordered)" : string.Empty)
                : $"{Num(i.Min)}-{Num(i.Max)}" + (i.Anchors.Count > 0 ? ": " + string.Join("; ", i.Anchors.Select(a => $"{Num(a.Value)} {a.Label}")) : string.Empty);
            it.AddRow(Markup.Escape(i.Id), Markup.Escape(i.Name), Markup.Escape(scale));
        }

        c.Write(it);
        RenderMatrix(c, s);
        RenderRedLines(c, s);
        RenderAttributes(c, s);
        RenderProcess(c, s);
        if (s.Sources.Count > 0)
        {
            var st = new Table().Border(TableBorder.Simple).Title("Sources").AddColumn("id").AddColumn("source");
            foreach (Source src in s.Sources)
            {
                string text = string.Join(", ", new[] { src.Author, $"\"{src.Title}\"", src.Outlet, src.Date }.Where(x => !string.IsNullOrEmpty(x)));
                st.AddRow(Markup.Escape(src.Id), Markup.Escape(text));
            }

            c.Write(st);
        }
    }

    private static void RenderMatrix(IAnsiConsole c, Scenario s)
    {
        // Actors x issues in chunks of issues, so that it stays within 80 columns.
        const int perChunk = 6;
        for (int start = 0; start < s.Issues.Count; start += perChunk)
        {
            var t = new Table().Border(TableBorder.Simple)
                .Title(start == 0 ? "Positions / saliences (ranges: --format json)" : "Positions / saliences (continued)")
                .AddColumn("actor");
            int end = Math.Min(s.Issues.Count, start + perChunk);
            for (int k = start; k < end; k++)
            {
                t.AddColumn(new TableColumn(Markup.Escape(Short(s.Issues[k].Id, 9))).RightAligned());
            }

            foreach (Actor a in s.Actors)
            {
                var row = new List<string> { Markup.Escape(Short(a.Id, 10)) };
                for (int k = start; k < end; k++)
                {
                    Issue issue = s.Issues[k];
                    Stance? st = a.StanceOn(issue.Id);
                    row.Add(st is null ? "-" : Markup.Escape($"{Short(issue.Format(st.Position.Value), 6)}/{st.Salience.Value.ToString("0.00", CultureInfo.InvariantCulture)}"));
                }

                t.AddRow(row.ToArray());
            }

            c.Write(t);
        }
    }

    private static void RenderRedLines(IAnsiConsole c, Scenario s)
    {
        var t = new Table().Border(TableBorder.Simple).Title("Red lines (hard constraints)").AddColumn("actor").AddColumn("issue").AddColumn("acceptable").AddColumn("sources");
        var why = new List<string>();
        foreach (Actor a in s.Actors)
        {
            foreach (Stance st in a.Stances)
            {
                if (st.RedLine is not RedLine r)
                {
                    continue;
                }

                Issue issue = s.FindIssue(st.IssueId)!;
                string text = r.Bound switch
                {
                    RedLineBound.AtLeast => ">= " + ScenarioFacts.Describe(r.Limit!, issue),
                    RedLineBound.AtMost => "<= " + ScenarioFacts.Describe(r.Limit!, issue),
                    _ => "not " + string.Join(", ", r.Excluded.Select(x => issue.Options[x])),
                };
                Provenance p = r.Limit?.Provenance ?? st.Position.Provenance;
                t.AddRow(Markup.Escape(a.Id), Markup.Escape(issue.Id), Markup.Escape(text), Markup.Escape(p.Cites.Count > 0 ? string.Join(",", p.Cites.Select(q => q.Source).Distinct(StringComparer.Ordinal)) + " (quoted)" : Cite(p)));

                // the reasoning and the quotes behind the line, as written in the scenario
                string quotes = string.Concat(p.Cites.Select(q => $" {q.Reference()}: \"{q.Quote}\"."));
                if (p.Note is not null || quotes.Length > 0)
                {
                    why.Add($"{a.Id} on {issue.Id} ({text}): {(p.Note is null ? string.Empty : p.Note.TrimEnd('.') + ".")}{quotes}");
                }
            }
        }

        if (t.Rows.Count > 0)
        {
            c.Write(t);
            foreach (string line in why)
            {
                c.WriteLine("  " + line);
            }

            if (why.Count > 0)
            {
                c.WriteLine("  ('parley sources FILE' lists the evidence behind every number.)");
            }
        }
    }

    private static void RenderAttributes(IAnsiConsole c, Scenario s)
    {
        // the alternative column only where some actor states one (80 columns hold the rest)
        bool alternatives = s.Actors.Any(a => a.Alternative is not null);
        var t = new Table().Border(TableBorder.Simple).Title("Actors").AddColumn("actor").AddColumn("kind").AddColumn("role")
            .AddColumn(new TableColumn("capab.").RightAligned()).AddColumn(new TableColumn("credib.").RightAligned())
            .AddColumn(new TableColumn("patience").RightAligned());
        if (alternatives)
        {
            t.AddColumn(new TableColumn("altern.").RightAligned());
        }

        t.AddColumn("sources");
        foreach (Actor a in s.Actors)
        {
            string[] cells = [Markup.Escape(Short(a.Id, 10)), a.Kind.ToString().ToLowerInvariant(), Seating.Name(s.RoleOf(a)), V(a.Capability), V(a.Credibility), V(a.Patience)];
            t.AddRow([.. cells, .. alternatives ? [V(a.Alternative)] : Array.Empty<string>(), Markup.Escape(Short(ActorSources(a), 16))]);
        }

        c.Write(t);
        c.WriteLine("Who takes part: " + SeatingLine(s));
        foreach (Actor a in s.Actors.Where(a => a.RoleNote is not null))
        {
            c.WriteLine($"  {a.Id}: {Seating.Name(s.RoleOf(a))}: {a.RoleNote}");
        }
    }

    /// <summary>Signatories, the simulated table and who has no veto, in one line.</summary>
    internal static string SeatingLine(Scenario s)
    {
        string[] noVeto = [.. s.Actors.Where(a => !s.Signs(a)).Select(a => $"{a.Id} ({s.Describe(a)})")];
        return $"sign and must accept the deal: {string.Join(", ", s.Signatories())}; simulated table: {string.Join(", ", s.Table())}" +
               (noVeto.Length > 0 ? $"; no veto: {string.Join(", ", noVeto)}" : string.Empty) + ".";
    }

    private static void RenderProcess(IAnsiConsole c, Scenario s)
    {
        if (s.Channels.Mediator is not null || s.Channels.Links.Count > 0)
        {
            c.WriteLine("Channels: " + (s.Channels.Mediator is null ? "no mediator" : $"mediator {s.Channels.Mediator}") +
                        "; direct links: " + (s.Channels.Links.Count == 0 ? "none" : string.Join(", ", s.Channels.Links.Select(l => $"{l.A}-{l.B}"))));
        }

        // the levers beside the links (pressure, coordination, escalation, direct tracks, a failed summit's cost), and linkage
        string[] levers = [.. ScenarioFacts.Flatten(s).Where(f => f.Path.StartsWith("channels.", StringComparison.Ordinal) && !f.Path.StartsWith("channels.links.", StringComparison.Ordinal) && f.Path != "channels.mediator")
            .Select(f => $"{f.Path["channels.".Length..]} {f.Text}")];
        if (levers.Length > 0)
        {
            c.WriteLine("Levers and tracks: " + string.Join("; ", levers));
        }

        foreach (Actor a in s.Actors.Where(a => a.Linkage.Count > 0))
        {
            c.WriteLine($"Linkage of {a.Id}: " + string.Join("; ", a.Linkage.Select(l => l.ToString())));
        }

        if (s.Dynamics is Dynamics d)
        {
            c.WriteLine($"Dynamics: p({d.Belligerents.A} prevails over {d.Belligerents.B}) = {ScenarioFacts.Describe(d.PrevailProbability)}, " +
                        $"trend {ScenarioFacts.Describe(d.Trend)} and volatility {ScenarioFacts.Describe(d.Volatility)} per {s.TimeStep}");
            if (d.Costs.Count > 0)
            {
                c.WriteLine($"Cost of war per {s.TimeStep} (utility): " + string.Join(", ", d.Costs.Select(kv => $"{kv.Key} {ScenarioFacts.Describe(kv.Value)}")));
            }
        }

        if (s.Events.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Events during the talks (change the war, a stance or who sits at the table from the step they fire)")
                .AddColumn("id").AddColumn("when").AddColumn(new TableColumn("chance").RightAligned()).AddColumn("what it changes").AddColumn("source");
            foreach (TalkEvent e in s.Events)
            {
                string changes = string.Join(", ", e.Changes.Select(ch => $"{ch.Path} {(ch.Operation == VariantOperation.Shift ? (ch.Amount!.Value >= 0 ? "+" : string.Empty) : "= ")}{Num(ch.Amount!.Value)}")
                    .Concat(e.Seat.Select(id => $"seat {id}")).Concat(e.Unseat.Select(id => $"unseat {id}")));
                t.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Timing.ToString()), e.Probability is null ? "1" : V(e.Probability), Markup.Escape(changes), Markup.Escape(Cite(e.Provenance)));
            }

            c.Write(t);
        }

        if (s.Claims.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Claims ('parley experiment FILE --claim ID')")
                .AddColumn("id").AddColumn("measure").AddColumn("expects").AddColumn("setting").AddColumn("mechanism").AddColumn("source");
            foreach (Claim k in s.Claims)
            {
                t.AddRow(Markup.Escape(k.Id), Markup.Escape(k.Measure.ToString()), k.Expect == ClaimDirection.Up ? "up" : "down", Markup.Escape(Short(k.Setting.ToString(), 60)),
                    Markup.Escape(string.Join(", ", k.Mechanisms)), Markup.Escape(Cite(k.Provenance)));
            }

            c.Write(t);
        }

        if (s.Variants.Count > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Variants (--variant ID)").AddColumn("id").AddColumn("what it represents").AddColumn(new TableColumn("changes").RightAligned());
            foreach (Variant v in s.Variants)
            {
                t.AddRow(Markup.Escape(v.Id), Markup.Escape(v.Name), v.Changes.Count.ToString(CultureInfo.InvariantCulture));
            }

            c.Write(t);
        }
    }

    private static string V(Quantity? q) => q is null ? "-" : Markup.Escape(q.Value.ToString("0.###", CultureInfo.InvariantCulture));

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Short(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "~";

    private static string Cite(Provenance p) => string.Join(",", p.Sources) + (p.IsEstimate ? (p.Sources.Count > 0 ? " (est.)" : "estimate") : string.Empty);

    private static string ActorSources(Actor a)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        bool estimate = false;
        void Add(Quantity? q)
        {
            if (q is null)
            {
                return;
            }

            ids.UnionWith(q.Provenance.Sources);
            estimate |= q.Provenance.IsEstimate;
        }

        Add(a.Capability);
        Add(a.Credibility);
        Add(a.Patience);
        Add(a.Alternative);
        Add(a.RiskAttitude);
        foreach (Stance st in a.Stances)
        {
            Add(st.Position);
            Add(st.Salience);
            Add(st.RedLine?.Limit);
        }

        return string.Join(",", ids) + (estimate ? " (est.)" : string.Empty);
    }
}
