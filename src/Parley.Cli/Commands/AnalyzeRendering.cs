using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>Renders a deal-space analysis for people (tables, anchor labels); programs read its JSON.</summary>
internal static class AnalyzeRendering
{
    private static readonly Dictionary<string, string> Short = new(StringComparer.Ordinal)
    {
        ["nash"] = "Nash",
        ["asymmetric-nash"] = "asym.Nash",
        ["kalai-smorodinsky"] = "K-S",
        ["egalitarian"] = "egalit.",
        ["utilitarian"] = "utilit.",
    };

    public static void Table(Output output, Scenario scenario, DealOutcome r, double? step)
    {
        IAnsiConsole c = output.Console;
        c.MarkupLine($"[bold]Deal space: {Markup.Escape(r.Scenario)}[/]" + (r.Variant is null ? string.Empty : $"  (variant {Markup.Escape(r.Variant)})"));
        c.WriteLine(r.Seating is null ? $"Parties: {string.Join(", ", r.Parties.Select(p => p.Id))}." : "Who must accept the deal, " + r.Seating);
        if (scenario.Stipulations.Count > 0)
        {
            c.WriteLine((scenario.AppliedVariant is string v ? $"Variant {v} stipulates" : "The scenario stipulates") + " (every package respects it, for every actor): " +
                string.Join("; ", scenario.Stipulations.Select(kv => $"{kv.Key} {kv.Value}")) + ".");
        }
        c.WriteLine($"Packages: {Count(r.Packages)} ({Grid(step ?? StepOf(scenario))}); " + (r.Exact ? "all enumerated (exact)." : $"APPROXIMATE: {r.SampleSize:N0} sampled packages plus local improvement."));
        c.WriteLine((r.Exact ? "Within" : $"Of the {Count(r.SampleSize)} sampled packages: within") +
            $" every party's red lines: {Count(r.WithinRedLines)}. Zone of possible agreement (also at or above every reservation value): {Count(r.ZoneSize)}.");

        var rt = new Table().Border(TableBorder.Simple).Title("Reservation values (utility of no deal)").AddColumn("party").AddColumn(new TableColumn("value").RightAligned()).AddColumn("basis");
        foreach ((string party, ReservationValue rv) in r.Reservation)
        {
            rt.AddRow(Markup.Escape(party), U(rv.Value), Markup.Escape(rv.Basis));
        }

        c.Write(rt);
        if (!r.ZoneExists)
        {
            c.MarkupLine("[bold]No package is acceptable to every actor who signs.[/]");
            RenderBlockers(c, scenario, r);
        }
        else
        {
            RenderSolutions(c, scenario, r);
            var zt = new Table().Border(TableBorder.Simple).Title("Inside the zone, each issue ranges over").AddColumn("issue").AddColumn("from").AddColumn("to");
            foreach (ZoneRange z in r.ZoneRanges)
            {
                Issue issue = scenario.FindIssue(z.Issue)!;
                zt.AddRow(Markup.Escape(Cut(issue.Name, 20)), Markup.Escape(Cut(IssueWords.Level(issue, z.Min), 23)), Markup.Escape(Cut(IssueWords.Level(issue, z.Max), 23)));
            }

            c.Write(zt);
        }

        RenderFrontier(c, r);
        RenderTrades(c, scenario, r);
        RenderHub(c, r);
        RenderDistribution(c, scenario, r);
        if (r.ProvenanceNote is not null)
        {
            c.WriteLine(r.ProvenanceNote);
        }
    }

    private static void RenderSolutions(IAnsiConsole c, Scenario scenario, DealOutcome r)
    {
        var t = new Table().Border(TableBorder.Simple).Title("Bargaining solutions (packages; utilities below)").AddColumn("issue");
        foreach (DealSolution sol in r.Solutions)
        {
            t.AddColumn(new TableColumn(Short[sol.Name]).RightAligned());
        }

        foreach (string id in r.Grid.Keys)
        {
            Issue issue = scenario.FindIssue(id)!;
            var row = new List<string> { Markup.Escape(Cut(issue.Name, 20)) };
            row.AddRange(r.Solutions.Select(sol => Markup.Escape(Cut(issue.Format(sol.Package[id].Value), 10))));
            t.AddRow(row.ToArray());
        }

        t.AddEmptyRow();
        foreach (Actor a in scenario.Actors)
        {
            bool inGroup = r.Parties.Any(p => p.Id == a.Id);
            var row = new List<string> { Markup.Escape((inGroup ? "u " : "u (out) ") + a.Id) };
            row.AddRange(r.Solutions.Select(sol => U(sol.Utility[a.Id]) + (WithinRedLines(a, sol) ? string.Empty : "!")));
            t.AddRow(row.ToArray());
        }

        c.Write(t);
        c.WriteLine("'!' marks a package beyond that actor's red lines; '(out)' an actor not in the analysed group (no veto).");
        DealSolution nash = r.Solutions[0];
        c.WriteLine("The Nash package in words:");
        foreach ((string id, PackageLevel level) in nash.Package)
        {
            c.WriteLine($"  {scenario.FindIssue(id)!.Name}: {level.Reading}");
        }

        foreach (Objection o in r.Objections ?? [])
        {
            c.WriteLine(o.Text + ".");
        }
    }

    private static bool WithinRedLines(Actor a, DealSolution sol)
    {
        foreach ((string id, PackageLevel level) in sol.Package)
        {
            if (a.StanceOn(id)?.RedLine is RedLine rl && !rl.Accepts(level.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static void RenderBlockers(IAnsiConsole c, Scenario scenario, DealOutcome r)
    {
        if (r.Blockers.Count == 0)
        {
            c.WriteLine("No single change of one party's red line or reservation value opens a zone: at least two must move.");
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title("What blocks it: each change below would open a zone on its own").AddColumn("party").AddColumn("constraint").AddColumn("smallest change that opens a zone");
        foreach (DealBlocker b in r.Blockers.OrderBy(b => b.Kind == "reservation" ? 0 : 1).ThenBy(b => b.Relaxation))
        {
            t.AddRow(Markup.Escape(b.Actor), Markup.Escape(b.Constraint), Markup.Escape(b.Change ?? b.Describe(scenario)));
        }

        c.Write(t);
    }

    private static void RenderFrontier(IAnsiConsole c, DealOutcome r)
    {
        if (r.Frontier is { } f)
        {
            double ties = f.Sum(p => (double)p.Ties);
            int inZone = f.Count(p => p.Utility.All(kv => kv.Value >= r.Reservation[kv.Key].Value - 1e-12));
            c.WriteLine(r.FrontierEpsilon > 0
                ? string.Create(CultureInfo.InvariantCulture, $"Pareto frontier (within the red lines), approximate: too large to list, so an ε-Pareto set of {f.Count:N0} points stands for it (ε = {r.FrontierEpsilon:G3} per issue, so every frontier package is within 2 × {r.Grid.Count} issues × ε = {2 * r.FrontierEpsilon * r.Grid.Count:G3} utility of a listed point for each party); they cover {(ties < 1e15 ? ties.ToString("N0", CultureInfo.InvariantCulture) : "more than " + ties.ToString("G2", CultureInfo.InvariantCulture))} packages, {inZone:N0} points in the zone. Full list: --format json.")
                : string.Create(CultureInfo.InvariantCulture, $"Pareto frontier (within the red lines): {f.Count:N0} distinct utility vectors ({(ties < 1e15 ? ties.ToString("N0", CultureInfo.InvariantCulture) : ties.ToString("G3", CultureInfo.InvariantCulture))} packages), {inZone:N0} of them in the zone. Full list: --format json."));
        }
        else if (r.FrontierPairs is { Count: > 0 } pairs)
        {
            c.WriteLine($"Pareto frontier: {r.Parties.Count} parties, so it is shown as pairwise projections{(r.FrontierEpsilon > 0 ? string.Create(CultureInfo.InvariantCulture, $", approximate (ε-Pareto sets, ε = {r.FrontierEpsilon:G3})") : string.Empty)} (--format json lists the points):");
            var t = new Table().Border(TableBorder.Simple).AddColumn("pair").AddColumn(new TableColumn("points").RightAligned()).AddColumn("best for the first").AddColumn("best for the second");
            foreach (DealFrontierPair p in pairs.Take(12))
            {
                double[] a = p.Points.MaxBy(x => x[0])!, b = p.Points.MaxBy(x => x[1])!;
                t.AddRow(Markup.Escape($"{p.A} / {p.B}"), p.Points.Count.ToString(CultureInfo.InvariantCulture), $"{U(a[0])} / {U(a[1])}", $"{U(b[0])} / {U(b[1])}");
            }

            c.Write(t);
            if (pairs.Count > 12)
            {
                c.WriteLine($"  ... and {pairs.Count - 12} more pairs");
            }
        }
    }

    private static void RenderTrades(IAnsiConsole c, Scenario scenario, DealOutcome r)
    {
        if (r.Trades.Count == 0)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title("Best trades: from splitting every issue between two parties, each gets its way where it cares more")
            .AddColumn("first gets").AddColumn("second gets").AddColumn(new TableColumn("gains").RightAligned());
        foreach (DealTrade tr in r.Trades.Take(8))
        {
            t.AddRow(
                Markup.Escape($"{tr.A}: {tr.IssueForA} = {Cut(IssueWords.Level(scenario.FindIssue(tr.IssueForA)!, tr.LevelForA), 40)}"),
                Markup.Escape($"{tr.B}: {tr.IssueForB} = {Cut(IssueWords.Level(scenario.FindIssue(tr.IssueForB)!, tr.LevelForB), 40)}"),
                $"{U(tr.GainA)} / {U(tr.GainB)}");
        }

        c.Write(t);
    }

    private static void RenderHub(IAnsiConsole c, DealOutcome r)
    {
        if (r.HubAndSpoke is not { Count: > 0 } hub)
        {
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title($"Hub and spoke: the mediator's Nash deal with each spoke vs all parties (utility; '!' unacceptable)").AddColumn("deal");
        IReadOnlyList<string> actors = [.. hub[0].Acceptable.Keys];
        foreach (string a in actors)
        {
            t.AddColumn(new TableColumn(Markup.Escape(Cut(a, 8))).RightAligned());
        }

        foreach (HubDeal row in hub)
        {
            var cells = new List<string> { Markup.Escape(Cut(row.Deal, 16)) };
            foreach (string a in actors)
            {
                cells.Add(row.Nash is null ? "-" : U(row.Nash.Utility[a]) + (row.Acceptable[a] ? string.Empty : "!"));
            }

            t.AddRow(cells.ToArray());
        }

        c.Write(t);
    }

    private static void RenderDistribution(IAnsiConsole c, Scenario scenario, DealOutcome r)
    {
        if (r.Uncertainty is not { } dist)
        {
            return;
        }

        long zoneDraws = (long)Math.Round(dist.ZoneProbability * dist.Draws);
        c.WriteLine($"Under uncertainty ({dist.Draws} draws, seed {dist.Seed}, grid: {Grid(dist.GridStep)}):");
        c.WriteLine($"  a zone of possible agreement exists in {zoneDraws} of {dist.Draws} draws ({new Proportion(zoneDraws, dist.Draws).ShareText}).");
        if (dist.BlockerShare.Count > 0)
        {
            c.WriteLine("  When it does not, these single changes would open one (draws):");
            foreach ((string key, double share) in dist.BlockerShare.OrderByDescending(kv => kv.Value).Take(8))
            {
                c.WriteLine($"    {key.Replace('/', ' ')}: {(long)Math.Round(share * dist.Draws)} ({Pct(share)})");
            }
        }

        if (zoneDraws > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Nash package over the draws with a zone").AddColumn("issue").AddColumn(new TableColumn("10th").RightAligned()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("90th").RightAligned());
            foreach ((string id, LevelQuantiles q) in dist.Nash)
            {
                t.AddRow(Markup.Escape(Cut(scenario.FindIssue(id)!.Name, 22)), F(q.P10), F(q.Median), F(q.P90));
            }

            c.Write(t);
            c.WriteLine($"The Nash package as a whole: {dist.DistinctNashPackages:N0} different packages over the {zoneDraws:N0} draws with a zone; the most frequent:");
            foreach (NashShare n in dist.NashPackages)
            {
                c.WriteLine($"  {new Proportion(n.Count, n.Of).ShareText} ({n.Count:N0} draws): " + string.Join(", ", n.Package.Select(kv => $"{kv.Key} {F(kv.Value)}")));
            }
        }
    }

    private static double? StepOf(Scenario scenario) =>
        scenario.ModelParameters.TryGetValue("deal.step", out string? v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double st) ? st : null;

    private static string Grid(double? step) =>
        step is double st ? $"continuous issues every {F(st)}" : "anchors and the midpoints between them";

    private static string Pct(double p) => p.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Count(double n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string U(double u) => u.ToString("0.00", CultureInfo.InvariantCulture);

    private static string F(double? x) => x is not double v || double.IsNaN(v) ? "-" : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
