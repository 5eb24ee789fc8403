using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>Renders a deal-space analysis for people (tables, anchor labels) or programs (JSON).</summary>
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

    public static void Table(Output output, AnalyzeReport v)
    {
        IAnsiConsole c = output.Console;
        DealReport r = v.Report;
        DealSpace s = r.Space;
        string group = string.Join(", ", r.Group.Select(g => s.Actors[g].Id));
        c.MarkupLine($"[bold]Deal space: {Markup.Escape(v.Scenario.Name)}[/]" + (v.Scenario.AppliedVariant is null ? string.Empty : $"  (variant {Markup.Escape(v.Scenario.AppliedVariant)})"));
        c.WriteLine($"Parties: {group}.");
        c.WriteLine($"Packages: {Count(r.PackageCount)} ({Grid(s)}); " + (r.Exact ? "all enumerated (exact)." : $"APPROXIMATE: {r.SampleSize:N0} sampled packages plus local improvement."));
        c.WriteLine($"Within every party's red lines: {Count(r.FeasibleCount)}. Zone of possible agreement (also at or above every reservation value): {Count(r.ZopaCount)}.");

        var rt = new Table().Border(TableBorder.Simple).Title("Reservation values (utility of no deal)").AddColumn("party").AddColumn(new TableColumn("value").RightAligned()).AddColumn("basis");
        foreach (int g in r.Group)
        {
            rt.AddRow(Markup.Escape(s.Actors[g].Id), U(s.Reservation[g]), Markup.Escape(s.ReservationBasis[g]));
        }

        c.Write(rt);
        if (!r.ZoneExists)
        {
            c.MarkupLine("[bold]No package is acceptable to every party.[/]");
            RenderBlockers(c, r);
        }
        else
        {
            RenderSolutions(c, r);
            var zt = new Table().Border(TableBorder.Simple).Title("Inside the zone, each issue ranges over").AddColumn("issue").AddColumn("from").AddColumn("to");
            foreach (IssueRange z in r.ZopaRanges)
            {
                int d = IssueIndex(s, z.IssueId);
                zt.AddRow(Markup.Escape(Cut(s.Issues[d].Name, 20)), Markup.Escape(Cut(Level(s, d, z.Min), 23)), Markup.Escape(Cut(Level(s, d, z.Max), 23)));
            }

            c.Write(zt);
        }

        RenderFrontier(c, r);
        RenderTrades(c, r);
        RenderHub(c, v);
        RenderDistribution(c, v);
        if (v.Scenario.HasSources)
        {
            c.WriteLine(Output.ProvenanceNote(v.Request.Files[0]));
        }
    }

    private static void RenderSolutions(IAnsiConsole c, DealReport r)
    {
        DealSpace s = r.Space;
        var t = new Table().Border(TableBorder.Simple).Title("Bargaining solutions (packages; utilities below)").AddColumn("issue");
        foreach (Solution sol in r.Solutions)
        {
            t.AddColumn(new TableColumn(Short[sol.Name]).RightAligned());
        }

        for (int d = 0; d < s.Issues.Count; d++)
        {
            var row = new List<string> { Markup.Escape(Cut(s.Issues[d].Name, 20)) };
            row.AddRange(r.Solutions.Select(sol => Markup.Escape(Cut(s.Issues[d].Format(s.Levels[d][sol.Levels[d]]), 10))));
            t.AddRow(row.ToArray());
        }

        t.AddEmptyRow();
        foreach (int a in Enumerable.Range(0, s.Actors.Count))
        {
            bool inGroup = r.Group.Contains(a);
            var row = new List<string> { Markup.Escape((inGroup ? "u " : "u (out) ") + s.Actors[a].Id) };
            row.AddRange(r.Solutions.Select(sol => U(sol.Utilities[a]) + (s.Accepts(a, sol.Levels) ? string.Empty : "!")));
            t.AddRow(row.ToArray());
        }

        c.Write(t);
        c.WriteLine("'!' marks a package beyond that party's red lines; '(out)' a party not in the analysed group.");
        Solution nash = r.Solutions[0];
        c.WriteLine("The Nash package in words:");
        for (int d = 0; d < s.Issues.Count; d++)
        {
            c.WriteLine($"  {s.Issues[d].Name}: {s.Describe(d, nash.Levels[d])}");
        }
    }

    private static void RenderBlockers(IAnsiConsole c, DealReport r)
    {
        DealSpace s = r.Space;
        if (r.Blockers.Count == 0)
        {
            c.WriteLine("No single change of one party's red line or reservation value opens a zone: at least two must move.");
            return;
        }

        var t = new Table().Border(TableBorder.Simple).Title("What blocks it: each change below would open a zone on its own").AddColumn("party").AddColumn("constraint").AddColumn("smallest change that opens a zone");
        foreach (Blocker b in r.Blockers.OrderBy(b => b.Kind == "reservation" ? 0 : 1).ThenBy(b => b.Relaxation))
        {
            string what = b.Kind == "reservation"
                ? $"accept {U(b.Relaxation)} less than its alternative"
                : RedLineChange(s, b);
            t.AddRow(Markup.Escape(b.ActorId), b.Kind == "reservation" ? "reservation value" : Markup.Escape("red line on " + b.IssueId), Markup.Escape(what));
        }

        c.Write(t);
    }

    private static string RedLineChange(DealSpace s, Blocker b)
    {
        int d = IssueIndex(s, b.IssueId!);
        Issue issue = s.Issues[d];
        RedLine? rl = s.Actors[s.IndexOf(b.ActorId)].StanceOn(issue.Id)?.RedLine;
        if (rl?.Limit is Quantity q && issue.Kind == IssueKind.Continuous)
        {
            double moved = rl.Bound == RedLineBound.AtLeast ? q.Value - b.Relaxation : q.Value + b.Relaxation;
            return $"move it from {F(q.Value)} to {F(moved)} ({(rl.Bound == RedLineBound.AtLeast ? "at least" : "at most")})";
        }

        return "allow one more option";
    }

    private static void RenderFrontier(IAnsiConsole c, DealReport r)
    {
        DealSpace s = r.Space;
        if (r.Frontier is { } f)
        {
            long ties = f.Sum(p => p.Ties);
            int inZone = f.Count(p => p.Utilities.Select((u, k) => u >= s.Reservation[r.Group[k]] - 1e-12).All(x => x));
            c.WriteLine($"Pareto frontier (within the red lines): {f.Count} distinct utility vectors ({ties} packages), {inZone} of them in the zone. Full list: --format json.");
        }
        else if (r.Projections.Count > 0)
        {
            c.WriteLine($"Pareto frontier: {r.Group.Length} parties, so it is shown as pairwise projections (--format json lists the points):");
            var t = new Table().Border(TableBorder.Simple).AddColumn("pair").AddColumn(new TableColumn("points").RightAligned()).AddColumn("best for the first").AddColumn("best for the second");
            foreach (PairFrontier p in r.Projections.Take(12))
            {
                FrontierPoint a = p.Points.MaxBy(x => x.Utilities[0])!, b = p.Points.MaxBy(x => x.Utilities[1])!;
                t.AddRow(Markup.Escape($"{p.A} / {p.B}"), p.Points.Count.ToString(CultureInfo.InvariantCulture), $"{U(a.Utilities[0])} / {U(a.Utilities[1])}", $"{U(b.Utilities[0])} / {U(b.Utilities[1])}");
            }

            c.Write(t);
            if (r.Projections.Count > 12)
            {
                c.WriteLine($"  ... and {r.Projections.Count - 12} more pairs");
            }
        }
    }

    private static void RenderTrades(IAnsiConsole c, DealReport r)
    {
        if (r.Trades.Count == 0)
        {
            return;
        }

        DealSpace s = r.Space;
        var t = new Table().Border(TableBorder.Simple).Title("Best trades: from splitting every issue between two parties, each gets its way where it cares more")
            .AddColumn("first gets").AddColumn("second gets").AddColumn(new TableColumn("gains").RightAligned());
        foreach (Trade tr in r.Trades.Take(8))
        {
            int da = IssueIndex(s, tr.IssueForA), db = IssueIndex(s, tr.IssueForB);
            t.AddRow(
                Markup.Escape($"{tr.A}: {tr.IssueForA} = {Cut(s.Describe(da, tr.LevelForA), 40)}"),
                Markup.Escape($"{tr.B}: {tr.IssueForB} = {Cut(s.Describe(db, tr.LevelForB), 40)}"),
                $"{U(tr.GainA)} / {U(tr.GainB)}");
        }

        c.Write(t);
    }

    private static void RenderHub(IAnsiConsole c, AnalyzeReport v)
    {
        if (v.Hub.Count == 0)
        {
            return;
        }

        DealSpace s = v.Report.Space;
        var t = new Table().Border(TableBorder.Simple).Title($"Hub and spoke: the mediator's Nash deal with each spoke vs all parties (utility; '!' unacceptable)").AddColumn("deal");
        foreach (Actor a in s.Actors)
        {
            t.AddColumn(new TableColumn(Markup.Escape(Cut(a.Id, 8))).RightAligned());
        }

        foreach (CoalitionDeal row in v.Hub)
        {
            var cells = new List<string> { Markup.Escape(Cut(row.Label, 16)) };
            for (int a = 0; a < s.Actors.Count; a++)
            {
                cells.Add(row.Deal is null ? "-" : U(row.Deal.Utilities[a]) + (row.Acceptable[a] ? string.Empty : "!"));
            }

            t.AddRow(cells.ToArray());
        }

        c.Write(t);
    }

    private static void RenderDistribution(IAnsiConsole c, AnalyzeReport v)
    {
        if (v.Distribution is not { } dist)
        {
            return;
        }

        DealSpace coarse = DealSpace.Build(v.Scenario, v.MonteCarloSettings);
        c.WriteLine($"Under uncertainty ({dist.Draws} draws, seed {v.Request.Seed}, grid: {Grid(coarse)}):");
        c.WriteLine($"  a zone of possible agreement exists in {dist.ZoneDraws} of {dist.Draws} draws ({Pct(dist.ZoneProbability)}).");
        if (dist.BlockerDraws.Count > 0)
        {
            c.WriteLine("  When it does not, these single changes would open one (draws):");
            foreach ((string key, long n) in dist.BlockerDraws.OrderByDescending(kv => kv.Value).Take(8))
            {
                c.WriteLine($"    {key.Replace('/', ' ')}: {n} ({Pct((double)n / dist.Draws)})");
            }
        }

        if (dist.ZoneDraws > 0)
        {
            var t = new Table().Border(TableBorder.Simple).Title("Nash package over the draws with a zone").AddColumn("issue").AddColumn(new TableColumn("10th").RightAligned()).AddColumn(new TableColumn("median").RightAligned()).AddColumn(new TableColumn("90th").RightAligned());
            for (int d = 0; d < coarse.Issues.Count; d++)
            {
                t.AddRow(Markup.Escape(Cut(coarse.Issues[d].Name, 22)), F(dist.NashQuantile(coarse, d, 0.1)), F(dist.NashQuantile(coarse, d, 0.5)), F(dist.NashQuantile(coarse, d, 0.9)));
            }

            c.Write(t);
        }
    }

    public static JsonObject Document(AnalyzeReport v)
    {
        DealReport r = v.Report;
        DealSpace s = r.Space;
        var doc = new JsonObject
        {
            ["scenario"] = v.Scenario.Name,
            ["variant"] = v.Scenario.AppliedVariant,
            ["parties"] = new JsonArray([.. r.Group.Select(g => (JsonNode?)s.Actors[g].Id)]),
            ["packages"] = r.PackageCount,
            ["exact"] = r.Exact,
            ["sample_size"] = r.SampleSize,
            ["grid"] = new JsonObject(s.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, new JsonArray([.. s.Levels[d].Select(x => (JsonNode?)x)])))),
            ["within_red_lines"] = r.FeasibleCount,
            ["zone_size"] = r.ZopaCount,
            ["reservation"] = new JsonObject(r.Group.Select(g => new KeyValuePair<string, JsonNode?>(s.Actors[g].Id, new JsonObject { ["value"] = R(s.Reservation[g]), ["basis"] = s.ReservationBasis[g] }))),
            ["solutions"] = new JsonArray([.. r.Solutions.Select(sol => (JsonNode?)SolutionJson(s, sol))]),
            ["zone_ranges"] = new JsonArray([.. r.ZopaRanges.Select(z => (JsonNode?)new JsonObject { ["issue"] = z.IssueId, ["min"] = z.Min, ["max"] = z.Max })]),
            ["blockers"] = new JsonArray([.. r.Blockers.Select(b => (JsonNode?)new JsonObject { ["actor"] = b.ActorId, ["kind"] = b.Kind, ["issue"] = b.IssueId, ["relaxation"] = R(b.Relaxation) })]),
            ["trades"] = new JsonArray([.. r.Trades.Select(t => (JsonNode?)new JsonObject
            {
                ["a"] = t.A, ["b"] = t.B, ["issue_for_a"] = t.IssueForA, ["level_for_a"] = s.Levels[IssueIndex(s, t.IssueForA)][t.LevelForA],
                ["issue_for_b"] = t.IssueForB, ["level_for_b"] = s.Levels[IssueIndex(s, t.IssueForB)][t.LevelForB], ["gain_a"] = R(t.GainA), ["gain_b"] = R(t.GainB),
            })]),
        };
        if (r.Frontier is { } f)
        {
            doc["frontier"] = new JsonArray([.. f.Select(p => (JsonNode?)PointJson(s, r.Group, p))]);
        }

        if (r.Projections.Count > 0)
        {
            doc["frontier_pairs"] = new JsonArray([.. r.Projections.Select(p => (JsonNode?)new JsonObject
            {
                ["a"] = p.A, ["b"] = p.B, ["points"] = new JsonArray([.. p.Points.Select(x => (JsonNode?)new JsonArray(R(x.Utilities[0]), R(x.Utilities[1])))]),
            })]);
        }

        if (v.Hub.Count > 0)
        {
            doc["hub_and_spoke"] = new JsonArray([.. v.Hub.Select(h => (JsonNode?)new JsonObject
            {
                ["deal"] = h.Label,
                ["nash"] = h.Deal is null ? null : SolutionJson(s, h.Deal),
                ["acceptable"] = new JsonObject(s.Actors.Select((a, k) => new KeyValuePair<string, JsonNode?>(a.Id, h.Deal is not null && h.Acceptable[k]))),
            })]);
        }

        if (v.Distribution is { } dist)
        {
            DealSpace coarse = DealSpace.Build(v.Scenario, v.MonteCarloSettings);
            doc["uncertainty"] = new JsonObject
            {
                ["draws"] = dist.Draws,
                ["seed"] = v.Request.Seed,
                ["grid_step"] = v.MonteCarloSettings.Step,
                ["zone_probability"] = R(dist.ZoneProbability),
                ["blocker_share"] = new JsonObject(dist.BlockerDraws.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, R((double)kv.Value / dist.Draws)))),
                ["nash"] = new JsonObject(coarse.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, new JsonObject
                {
                    ["p10"] = Num(dist.NashQuantile(coarse, d, 0.1)), ["median"] = Num(dist.NashQuantile(coarse, d, 0.5)), ["p90"] = Num(dist.NashQuantile(coarse, d, 0.9)),
                }))),
            };
        }

        if (v.Scenario.HasSources)
        {
            doc["provenance_note"] = Output.ProvenanceNote(v.Request.Files[0]);
        }

        return doc;
    }

    private static JsonObject SolutionJson(DealSpace s, Solution sol) => new()
    {
        ["name"] = sol.Name,
        ["package"] = new JsonObject(s.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, new JsonObject { ["value"] = s.Levels[d][sol.Levels[d]], ["reading"] = s.Describe(d, sol.Levels[d]) }))),
        ["utility"] = new JsonObject(s.Actors.Select((a, k) => new KeyValuePair<string, JsonNode?>(a.Id, R(sol.Utilities[k])))),
        ["gain"] = new JsonObject(s.Actors.Select((a, k) => new KeyValuePair<string, JsonNode?>(a.Id, R(sol.Gains[k])))),
    };

    private static JsonObject PointJson(DealSpace s, int[] group, FrontierPoint p) => new()
    {
        ["utility"] = new JsonObject(group.Select((g, k) => new KeyValuePair<string, JsonNode?>(s.Actors[g].Id, R(p.Utilities[k])))),
        ["package"] = new JsonObject(s.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, s.Levels[d][p.Levels[d]]))),
        ["ties"] = p.Ties,
    };

    private static int IssueIndex(DealSpace s, string id)
    {
        for (int d = 0; d < s.Issues.Count; d++)
        {
            if (s.Issues[d].Id == id)
            {
                return d;
            }
        }

        return -1;
    }

    private static string Level(DealSpace s, int d, double value)
    {
        int l = Array.IndexOf(s.Levels[d], value);
        return l >= 0 ? s.Describe(d, l) : F(value);
    }

    private static string Grid(DealSpace s) =>
        s.Settings.Step is double st ? $"continuous issues every {F(st)}" : "anchors and the midpoints between them";

    private static string Pct(double p) => p.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Count(double n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string U(double u) => u.ToString("0.00", CultureInfo.InvariantCulture);

    private static string F(double x) => double.IsNaN(x) ? "-" : x.ToString("0.##", CultureInfo.InvariantCulture);

    private static double R(double x) => Math.Round(x, 4);

    private static JsonNode? Num(double x) => double.IsNaN(x) ? null : x;

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
