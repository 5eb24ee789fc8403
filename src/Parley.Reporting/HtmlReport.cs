using System.Globalization;
using System.Net;
using System.Text;
using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using ScottPlot;
using static Parley.Reporting.Display;

namespace Parley.Reporting;

/// <summary>
/// A run as one self-contained HTML file: a provenance line, the scenario and its sources, the forecast with
/// intervals per model, trajectories, the deal space with its frontier, the negotiation timeline, survival
/// curves and the what-if table. Charts are embedded as SVG; nothing is fetched from elsewhere.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}
        h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
        .note{background:#fff8c5;border:1px solid #d4a72c;padding:.5em .8em;border-radius:6px}
        .meta{color:#57606a;font-size:.9em}table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
        th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f6f8fa}
        td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0}figcaption{color:#57606a;font-size:.85em}
        nav a{margin-right:1em}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:.5em 1.5em}.skipped{color:#9a6700}svg{max-width:100%;height:auto}
        """;

    /// <summary>The report as HTML.</summary>
    /// <param name="input">The run.</param>
    public static string Render(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReportSections r = ReportSections.Of(input.Result);
        List<ReportChart> charts = ReportCharts.Build(r);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Append("<title>").Append(E(r.Name)).Append(" — Parley report</title><style>").Append(Style).Append("</style></head><body>");
        h.Append("<h1>").Append(E(r.Name)).Append("</h1>");
        string note = r.Note ?? "Note: these numbers come from the scenario's inputs; check its sources before relying on them.";
        h.Append("<p class=\"note\" id=\"provenance\">").Append(E(note)).Append("</p>");
        h.Append("<p class=\"meta\">").Append(input.RunId is long id ? $"Run {id} · " : string.Empty).Append("parley ").Append(E(string.Join(' ', input.Args)))
            .Append(" · ").Append(E(input.CreatedUtc)).Append(" · parley ").Append(E(input.ToolVersion));
        if (r.Seed is ulong seed)
        {
            h.Append(" · seed ").Append(seed.ToString(CultureInfo.InvariantCulture));
        }

        if (r.Draws is long draws)
        {
            h.Append(" · ").Append(draws.ToString(CultureInfo.InvariantCulture)).Append(" draws");
        }

        h.Append("</p><nav>");
        foreach ((bool present, string key, string title) in new[]
        {
            (r.Expected is not null, "expected", "Expected deal"), (r.Forecast is not null || r.Dashboard is not null, "forecast", "Forecast"), (r.Deal is not null, "deal", "Deal space"),
            (r.Simulation is not null || r.Negotiation is not null || r.Processes is not null, "simulation", "Negotiation"), (r.Durability is not null, "durability", "Durability"),
            (r.WhatIf is not null, "whatif", "What-if"), (r.Summary is not null, "summary", "Scenario and sources"),
        })
        {
            if (present)
            {
                h.Append("<a href=\"#").Append(key).Append("\">").Append(title).Append("</a>");
            }
        }

        h.Append("</nav>");
        if (r.Expected is { } expected)
        {
            ExpectedSection(h, expected, r.DealDurability);
        }

        if (r.Forecast is { } forecast)
        {
            ForecastSection(h, forecast, charts);
        }

        if (r.Deal is { } deal)
        {
            DealSection(h, deal, charts);
        }

        if (r.Simulation is not null || r.Negotiation is not null || r.Processes is not null)
        {
            NegotiationSection(h, r.Simulation, r.Negotiation, r.Processes, charts);
        }

        if (r.Durability is { } durability)
        {
            DurabilitySection(h, durability, charts);
            foreach ((string variant, string why) in r.DurabilitySkipped ?? new Dictionary<string, string>())
            {
                h.Append("<p class=\"note\">").Append(E($"No durability for {variant}: {why}.")).Append("</p>");
            }
        }

        if (r.WhatIf is { } whatif)
        {
            WhatIfSection(h, whatif);
        }

        if (r.Dashboard is { } dashboard)
        {
            DashboardSection(h, dashboard, charts);
        }

        if (r.Validation is { } validation)
        {
            ValidationSection(h, validation);
        }

        if (r.Sensitivity is { } sensitivity)
        {
            SensitivitySection(h, sensitivity);
        }

        if (r.Backtest is { } backtest)
        {
            BacktestSection(h, backtest);
        }

        if (r.Experiment is { } experiment)
        {
            ExperimentSection(h, experiment);
        }

        if (r.Brief is { } brief)
        {
            BriefDocument.Html(h, brief);
        }

        if (r.Tournament is { } tournament)
        {
            TournamentSection(h, tournament);
        }

        if (r.Register is { } register)
        {
            RegisterSection(h, register);
        }

        if (r.Summary is { } summary)
        {
            // the answers first; the scenario they rest on, and its sources, after them
            ScenarioSection(h, summary);
        }

        if (r.Skipped.Count > 0)
        {
            h.Append("<h2>Not in this report</h2><ul>");
            foreach ((string key, string reason) in r.Skipped)
            {
                h.Append("<li class=\"skipped\"><b>").Append(E(key)).Append("</b>: ").Append(E(reason)).Append("</li>");
            }

            h.Append("</ul>");
        }

        h.Append("<p class=\"meta\">Made with Parley. Charts are SVG inside this file; every number above can be traced to the run's stored inputs (<code>parley runs show</code>).</p></body></html>");
        return h.ToString();
    }

    /// <summary>Writes every chart as a PNG file into a folder; returns the files written.</summary>
    /// <param name="input">The run.</param>
    /// <param name="folder">Target folder (created when missing).</param>
    public static IReadOnlyList<string> WritePngs(ReportInput input, string folder)
    {
        ArgumentNullException.ThrowIfNull(input);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (ReportChart c in ReportCharts.Build(ReportSections.Of(input.Result)))
        {
            string path = Path.Combine(folder, c.Id + ".png");
            File.WriteAllBytes(path, c.Plot.GetImageBytes(c.Width, c.Height, ImageFormat.Png));
            written.Add(path);
        }

        return written;
    }

    private static void ScenarioSection(StringBuilder h, ScenarioDocument s)
    {
        h.Append("<h2 id=\"summary\">The scenario and its sources</h2>");
        if (s.Description is string d)
        {
            h.Append("<p>").Append(E(d)).Append("</p>");
        }

        h.Append("<p class=\"meta\">As of ").Append(E(s.AsOf ?? "-")).Append("; time step: ").Append(E(s.TimeStep ?? "-"))
            .Append(s.Variant is string v ? "; variant " + E(v) : string.Empty).Append(".</p>");
        h.Append("<table><tr><th>issue</th><th>scale and anchors</th></tr>");
        foreach (IssueDocument i in s.Issues)
        {
            string anchors = i.Anchors is { } a ? string.Join("; ", a.Select(kv => $"{kv.Key} = {kv.Value}")) : string.Join("; ", i.Options ?? []);
            h.Append("<tr><td>").Append(E(i.Name)).Append("</td><td>").Append(E(anchors)).Append("</td></tr>");
        }

        h.Append("</table><table><tr><th>actor</th><th>capability</th><th>positions (salience)</th></tr>");
        foreach (ActorDocument a in s.Actors)
        {
            string stances = string.Join("; ", a.Stances.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.Position.Value} ({kv.Value.Salience.Value})")));
            h.Append("<tr><td>").Append(E(a.Name)).Append("</td><td class=\"n\">").Append(E(a.Capability.Value.ToString(CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(E(stances)).Append("</td></tr>");
        }

        h.Append("</table><h3>Sources</h3><ol>");
        foreach (SourceDocument src in s.Sources)
        {
            h.Append("<li>[").Append(E(src.Id)).Append("] ").Append(E(string.Join(", ", new[] { src.Author, src.Title, src.Outlet, src.Date }.Where(x => x is not null))));
            if (src.Url is string url && url.StartsWith("http", StringComparison.Ordinal))
            {
                h.Append(" <a href=\"").Append(E(url)).Append("\">").Append(E(url)).Append("</a>");
            }

            h.Append("</li>");
        }

        h.Append("</ol>");
    }

    private static void ExpectedSection(StringBuilder h, ExpectedDeal e, IReadOnlyList<DurabilityOutcome>? durability)
    {
        h.Append("<h2 id=\"expected\">").Append(e.How switch
        {
            "most-agreed" => "The expected deal",
            "none" => "No deal expected",
            _ => e.Draws is null ? "The reference deal (no runs over draws: the Nash package)" : "No deal expected: the reference package",
        }).Append("</h2>");
        h.Append("<p>").Append(E((e.How == "most-agreed" ? "Chosen as " + e.Basis : char.ToUpperInvariant(e.Basis[0]) + e.Basis[1..]) + ".")).Append("</p>");
        if (e.Issues.Count == 0)
        {
            return;
        }

        h.Append("<table><tr><th>issue</th><th>expected</th><th>Nash</th><th>one simulated run</th><th>zone</th><th>forecasts (median)</th></tr>");
        foreach (IssueReconciliation i in e.Issues)
        {
            string zone = i.ZoneLow is double lo && i.ZoneHigh is double hi ? (lo == hi ? F(lo) : $"{F(lo)}–{F(hi)}") : "–";
            string forecasts = string.Join(", ", i.Forecasts.Select(kv => $"{kv.Key} {F(kv.Value.Value)}{(kv.Value.InZone ? string.Empty : " ✗")}"));
            h.Append("<tr><td title=\"").Append(E(e.Package[i.Issue].Reading)).Append("\">").Append(E(i.Name)).Append("</td><td class=\"n\"><b>").Append(E(F(i.Expected))).Append("</b></td><td class=\"n\">")
                .Append(E(i.Nash is double n ? F(n) : "–")).Append("</td><td class=\"n\">").Append(E(i.Simulated is double s ? F(s) : "no deal")).Append("</td><td class=\"n\">")
                .Append(E(zone)).Append("</td><td>").Append(E(forecasts)).Append("</td></tr>");
        }

        h.Append("</table><p>").Append(E("✗: outside the zone — no package at that level is acceptable to every party who signs. " + e.Why)).Append("</p>");
        string[] notes = [.. (e.Notes ?? []).Select(n => n + "."), .. e.Issues.SelectMany(i => i.Notes.Select(n => $"{i.Name}: {n}."))];
        if (notes.Length > 0)
        {
            h.Append("<ul class=\"reconcile\">");
            foreach (string n in notes)
            {
                h.Append("<li>").Append(E(n)).Append("</li>");
            }

            h.Append("</ul>");
        }

        if (durability is { Count: > 0 })
        {
            h.Append("<p>").Append(E("How long they would hold (share of power paths on which neither side prefers fighting again): " + string.Join("; ",
                durability.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Solution}: {string.Join(", ", d.Holding.Keys.Select(k => $"{k} {DurabilityAnalysis.ShareWithRange(d, k)}"))} (N = {d.Paths:N0} paths; in brackets: 10th-90th percentile over {d.InputDraws ?? 0} draws of the inputs)"))) + "; the Nash deal's is under Durability.")).Append("</p>");
        }
    }

    private static void ForecastSection(StringBuilder h, ForecastOutcome f, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"forecast\">Where the talks land: forecast per issue</h2>");
        if (f.Models.Count > 0)
        {
            IReadOnlyList<IssueForecast> issues = f.Models[0].Issues;
            bool draws = issues.Count > 0 && issues[0].Median is not null;
            h.Append("<p>").Append(draws ? "Median over the Monte Carlo draws with the 10th–90th percentile in brackets; models side by side." : "Forecast on the central inputs, per model.").Append("</p>");
            h.Append("<table><tr><th>issue</th>");
            foreach (ModelForecast m in f.Models)
            {
                h.Append("<th>").Append(E(m.Title)).Append("</th>");
            }

            h.Append("</tr>");
            for (int i = 0; i < issues.Count; i++)
            {
                h.Append("<tr><td>").Append(E(issues[i].Name)).Append("</td>");
                foreach (ModelForecast m in f.Models)
                {
                    IssueForecast x = m.Issues[i];
                    string cell = x.Median is double med ? $"{F(med)} [{F(x.P10)}–{F(x.P90)}]{(x.Modes is null ? string.Empty : "*")}" : F(x.Central);
                    h.Append("<td class=\"n\" title=\"").Append(E(x.Reading)).Append("\">").Append(E(cell)).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table>");
            foreach (ModelForecast m in f.Models)
            {
                foreach (IssueForecast x in m.Issues.Where(x => x.Modes is not null))
                {
                    h.Append("<p class=\"modes\">").Append(E($"* {m.Title}, {x.Name}: {x.Modes!.Count} modes over the draws, {x.ModesText(v => F(v))}; a single number would hide all but one of them.")).Append("</p>");
                }
            }
        }

        Figures(h, charts, "forecast");
        if (charts.Any(c => c.Section == "trajectory"))
        {
            h.Append("<h3>How positions move, round by round</h3>");
            Figures(h, charts, "trajectory");
        }
    }

    private static void DealSection(StringBuilder h, DealOutcome d, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"deal\">Which deals are possible</h2><p>")
            .Append(E(string.Create(CultureInfo.InvariantCulture, $"{d.ZoneSize} of {d.Packages} packages are acceptable to every actor who signs ({d.WithinRedLines} within their red lines).")))
            .Append("</p>");
        if (d.Seating is not null)
        {
            h.Append("<p>Who must accept the deal, ").Append(E(d.Seating)).Append("</p>");
        }

        if (d.Objections is { Count: > 0 } objections)
        {
            h.Append("<ul>");
            foreach (Objection o in objections)
            {
                h.Append("<li>").Append(E(o.Text)).Append(".</li>");
            }

            h.Append("</ul>");
        }
        if (d.Solutions.Count > 0)
        {
            IReadOnlyList<string> issues = [.. d.Solutions[0].Package.Keys];
            h.Append("<table><tr><th>solution</th>");
            foreach (string issue in issues)
            {
                h.Append("<th>").Append(E(issue)).Append("</th>");
            }

            h.Append("</tr>");
            foreach (DealSolution s in d.Solutions)
            {
                h.Append("<tr><td>").Append(E(s.Name)).Append("</td>");
                foreach (string issue in issues)
                {
                    PackageLevel cell = s.Package[issue];
                    h.Append("<td class=\"n\" title=\"").Append(E(cell.Reading)).Append("\">").Append(E(F(cell.Value))).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table>");
        }

        if (d.ZoneSize == 0 && d.Blockers.Count > 0)
        {
            h.Append("<p>What blocks a deal: each change below would open a zone on its own.</p><ul>");
            foreach (DealBlocker b in d.Blockers)
            {
                h.Append("<li>").Append(E($"{b.Actor}, {b.Constraint}: {b.Change}")).Append("</li>");
            }

            h.Append("</ul>");
        }

        if (d.Uncertainty is { } u)
        {
            long zone = (long)Math.Round(u.ZoneProbability * u.Draws);
            h.Append("<p>").Append(E(string.Create(CultureInfo.InvariantCulture, $"Over {u.Draws:N0} draws of the uncertain inputs a zone exists in {zone:N0} ({new Proportion(zone, u.Draws).ShareText}).")));
            if (u.NashPackages.Count > 0)
            {
                h.Append(E(string.Create(CultureInfo.InvariantCulture, $" The Nash package took {u.DistinctNashPackages:N0} different forms; the most frequent:"))).Append("</p><ul>");
                foreach (NashShare n in u.NashPackages)
                {
                    h.Append("<li>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{new Proportion(n.Count, n.Of).ShareText} ({n.Count:N0} draws): ") + string.Join(", ", n.Package.Select(kv => $"{kv.Key} {F(kv.Value)}")))).Append("</li>");
                }

                h.Append("</ul>");
            }
            else
            {
                h.Append("</p>");
            }
        }

        Figures(h, charts, "deal");
    }

    private static void NegotiationSection(StringBuilder h, SessionOutcome? sim, NegotiationDistributionOutcome? dist, ProcessComparisonOutcome? processes, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"simulation\">How the process unfolds</h2>");
        if (sim is not null)
        {
            h.Append("<p>").Append(E($"One simulated run ({sim.Protocol}, deadline {sim.Deadline}): ended by {sim.EndedBy} at t = {sim.Time}."));
            if (sim.Agreement is { } agreed)
            {
                h.Append(E(" Agreed terms: " + string.Join("; ", agreed.Select(kv => $"{kv.Key} {F(kv.Value)}")) + "."));
            }

            h.Append("</p>");
            if (sim.Ripeness is { Count: > 0 } ripe)
            {
                h.Append("<p>").Append(E("Ripeness in this run (the first month at which the table's Nash package beats fighting on for a party and fighting on is expected to get worse; every variant's: parley simulate --compare): "
                    + string.Join(", ", ripe.Select(kv => kv.Value is int m ? string.Create(CultureInfo.InvariantCulture, $"{kv.Key} month {m}") : $"{kv.Key} never")) + ".")).Append("</p>");
            }

            if (sim.Events is { Count: > 0 } events)
            {
                h.Append("<p>").Append(E("Events in this run (the scenario's events, from the month they fire, and what the engine records beside them): "
                    + string.Join("; ", events.Select(e => $"t = {e.Time}: {e.Name} ({e.Effect})")) + ".")).Append("</p>");
            }
        }

        if (dist is not null)
        {
            (double lo, double hi) = new Proportion(dist.Agreements, dist.Draws).Interval90;
            h.Append("<p>").Append(E(string.Create(CultureInfo.InvariantCulture, $"Over {dist.Draws:N0} runs with the uncertain inputs drawn: agreement in {dist.Agreements:N0} ({P(dist.AgreementProbability)}, 90% interval {lo * 100:0}–{hi * 100:0}%); time to agreement (10th/median/90th) {F(dist.Time.P10)} / {F(dist.Time.Median)} / {F(dist.Time.P90)}."))).Append("</p>");
            if (NegotiationAnalysis.EventRunsText(dist) is string fired)
            {
                h.Append("<p>").Append(E(fired)).Append("</p>");
            }
        }

        if (processes is not null && processes.Runs.Count > 0 && processes.Runs[0].OverDraws is { } first)
        {
            h.Append("<p>").Append(E(string.Create(CultureInfo.InvariantCulture, $"Each process over {first.Draws:N0} draws of the uncertain inputs: runs that ended in agreement with the 90% interval of that share (Wilson), time to agreement (10th / median / 90th) and each party's mean utility."))).Append("</p>");
            h.Append("<table><tr><th>run</th><th>deal in</th><th>90% interval</th><th>time</th>");
            foreach (string p in processes.Runs[0].Parties.Keys)
            {
                h.Append("<th>").Append(E(p)).Append("</th>");
            }

            h.Append("</tr>");
            foreach (ProcessRun run in processes.Runs)
            {
                ProcessOverDraws d = run.OverDraws!;
                h.Append("<tr><td>").Append(E(run.Run)).Append("</td><td class=\"n\">").Append(E(string.Create(CultureInfo.InvariantCulture, $"{d.Agreements:N0} of {d.Draws:N0}")))
                    .Append("</td><td class=\"n\">").Append(E(string.Create(CultureInfo.InvariantCulture, $"{new Proportion(d.Agreements, d.Draws).ShareBrief}")))
                    .Append("</td><td class=\"n\">").Append(E(d.Time.Median is null ? "–" : $"{F(d.Time.P10)} / {F(d.Time.Median)} / {F(d.Time.P90)}")).Append("</td>");
                foreach (string p in processes.Runs[0].Parties.Keys)
                {
                    h.Append("<td class=\"n\">").Append(d.MeanUtility[p].ToString("0.00", CultureInfo.InvariantCulture)).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table><p>One run each on the central inputs:</p>");
        }

        if (processes is not null && processes.Runs.Count > 0)
        {
            h.Append("<table><tr><th>run</th><th>deal?</th><th>t</th>");
            foreach (string p in processes.Runs[0].Parties.Keys)
            {
                h.Append("<th>").Append(E(p)).Append("</th>");
            }

            h.Append("</tr>");
            foreach (ProcessRun run in processes.Runs)
            {
                h.Append("<tr><td>").Append(E(run.Run)).Append("</td><td>").Append(run.Agreement is null ? "no" : "yes").Append("</td><td class=\"n\">").Append(run.Time.ToString(CultureInfo.InvariantCulture)).Append("</td>");
                foreach (PartyOutcome o in run.Parties.Values)
                {
                    h.Append("<td class=\"n\">").Append(o.Utility.ToString("0.00", CultureInfo.InvariantCulture)).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table>");
            if (processes.Runs.Any(r => r.Ripeness is not null))
            {
                // the hurting stalemate per party, in the base case and under each variant (MODELS.md §4)
                h.Append("<p>").Append(E("Ripeness: the first month at which the table's Nash package beats fighting on for a party and fighting on is expected to get worse (the hurting stalemate), in each run on the central inputs (with events, the war of that run):")).Append("</p>");
                h.Append("<table><tr><th>run</th>");
                foreach (string p in processes.Runs[0].Parties.Keys)
                {
                    h.Append("<th>").Append(E(p)).Append("</th>");
                }

                h.Append("</tr>");
                foreach (ProcessRun run in processes.Runs.Where(r => r.Ripeness is not null))
                {
                    h.Append("<tr><td>").Append(E(run.Run)).Append("</td>");
                    foreach (string p in processes.Runs[0].Parties.Keys)
                    {
                        h.Append("<td class=\"n\">").Append(run.Ripeness!.TryGetValue(p, out int? month) && month is int m ? m.ToString(CultureInfo.InvariantCulture) : "never").Append("</td>");
                    }

                    h.Append("</tr>");
                }

                h.Append("</table>");
            }
        }

        Figures(h, charts, "simulation");
    }

    private static void DurabilitySection(StringBuilder h, IReadOnlyList<DurabilityOutcome> runs, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"durability\">Will the deal hold?</h2><table><tr><th>run</th><th>1 year</th><th>2 years</th><th>5 years</th><th>broken by</th><th>commitment gap</th><th>UCDP, same terms and history, 5 years</th></tr>");
        foreach (DurabilityOutcome r in runs)
        {
            string broken = r.BrokenBy.Count > 0 ? string.Join(", ", r.BrokenBy.Select(kv => $"{kv.Key} {kv.Value}")) : "-";
            h.Append("<tr><td>").Append(E(r.Run ?? r.Solution)).Append("</td><td class=\"n\">").Append(P(At(r.Holding, "1y"))).Append("</td><td class=\"n\">")
                .Append(P(At(r.Holding, "2y"))).Append("</td><td class=\"n\">").Append(E(DurabilityAnalysis.ShareWithRange(r, "5y"))).Append("</td><td>").Append(E(broken)).Append("</td><td>")
                .Append(r.CommitmentGap ? "yes" : "no").Append("</td><td class=\"n\">").Append(P(At(r.Empirical, "5y"))).Append("</td></tr>");
        }

        h.Append("</table><p class=\"meta\">Strategic model: share of simulated power paths on which each belligerent still prefers the deal to fighting (5 years in brackets: 10th–90th percentile over ").Append(DurabilityAnalysis.InputDraws).Append(" draws of the uncertain inputs). The UCDP column is the empirical model fitted on real agreements, mostly civil wars, where guarantors and peacekeepers go to the hardest cases; ").Append(E(DurabilityAnalysis.EmpiricalCheck)).Append(".</p>");
        Figures(h, charts, "durability");
    }

    private const string RipeRows = "Ripe: the hurting stalemate per party, in the base case and each variant — the first month at which the Nash package beats fighting on for it and fighting on is expected to get worse, in the run on the central inputs (never: not before the deadline; -: no Nash package).";

    private static void WhatIfSection(StringBuilder h, ComparisonOutcome w)
    {
        h.Append("<h2 id=\"whatif\">What if: the variants side by side</h2>");
        if (w.Runs.Count == 0)
        {
            return;
        }

        List<string> metrics = [.. w.Runs.First().Value.Keys];
        h.Append("<table><tr><th></th>");
        foreach (string run in w.Runs.Keys)
        {
            h.Append("<th>").Append(E(run)).Append("</th>");
        }

        h.Append("</tr>");
        foreach (string m in metrics)
        {
            h.Append("<tr><td>").Append(E(m)).Append("</td>");
            foreach (IReadOnlyDictionary<string, string> run in w.Runs.Values)
            {
                h.Append("<td class=\"n\">").Append(E(run.TryGetValue(m, out string? v) ? v : "-")).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table><p class=\"meta\">").Append(E(w.Draws > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Forecast rows: the smp model's median over {w.Draws:N0} draws of the uncertain inputs [10th–90th percentile]; zone, Nash and the simulated deal on the central inputs; holds 5y: the Nash deal's durability. {RipeRows}")
            : "Forecast rows: the smp model on the central inputs (it can differ from the medians over draws in the forecast section); zone, Nash and the simulated deal on the central inputs; holds 5y: the Nash deal's durability. " + RipeRows)).Append("</p>");
    }

    private static void DashboardSection(StringBuilder h, WhatIfOutcome d, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"forecast\">Where the talks land: the base case and the what-if case</h2>");
        string changes = d.Changes.Count > 0
            ? string.Join("; ", d.Changes.Select(c => $"{c.Actor} on {c.Issue}" + (c.Position is double p ? $" position {F(p)}" : string.Empty) + (c.Salience is double sl ? $" salience {F(sl)}" : string.Empty)))
            : "none (the base case)";
        h.Append("<p>Changes: ").Append(E(changes)).Append(". ").Append(d.Draws > 0 ? "Median over the draws." : "Central inputs.").Append("</p>");
        h.Append("<table><tr><th>issue</th>");
        foreach (string m in d.Models)
        {
            h.Append("<th>").Append(E(m)).Append(" base</th><th>").Append(E(m)).Append(" what-if</th>");
        }

        h.Append("<th>Nash base</th><th>Nash what-if</th></tr>");
        foreach (WhatIfIssue i in d.Issues)
        {
            h.Append("<tr><td>").Append(E(i.Name)).Append("</td>");
            foreach (string m in d.Models)
            {
                foreach (WhatIfCase side in new[] { d.Base, d.Whatif })
                {
                    WhatIfForecast? v = side.Forecast.TryGetValue(m, out IReadOnlyDictionary<string, WhatIfForecast>? byIssue) && byIssue.TryGetValue(i.Id, out WhatIfForecast? x) ? x : null;
                    h.Append("<td class=\"n\">").Append(E(F(v?.Median ?? v?.Central))).Append("</td>");
                }
            }

            h.Append("<td class=\"n\">").Append(E(F(At(d.Base.Nash, i.Id)))).Append("</td><td class=\"n\">").Append(E(F(At(d.Whatif.Nash, i.Id)))).Append("</td></tr>");
        }

        h.Append("</table>");
        Figures(h, charts, "dashboard");
    }

    private static void ValidationSection(StringBuilder h, ValidationOutcome v)
    {
        h.Append("<h2 id=\"validation\">Empirical durability model: held-out check</h2><table>");
        h.Append("<tr><th>trained on</th><td>").Append(E($"{v.Train.Agreements} agreements signed {v.Train.SignedYears} ({v.Train.Ended} ended)")).Append("</td></tr>");
        h.Append("<tr><th>checked on</th><td>").Append(E($"{v.Test.Agreements} agreements signed {v.Test.SignedYears} ({v.Test.Ended} ended)")).Append("</td></tr>");
        h.Append("<tr><th>concordance (C-index)</th><td>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{v.Concordance:0.000} [95% bootstrap {v.ConcordanceInterval[0]:0.000}–{v.ConcordanceInterval[1]:0.000}]"))).Append("</td></tr>");
        if (v.Holdout is { } held)
        {
            h.Append("<tr><th>the same, bootstrap over conflicts</th><td>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{held.Interval[0]:0.000}–{held.Interval[1]:0.000} ({held.Endings} endings: {held.Breakdowns} distinct breakdowns in {held.Conflicts} conflicts)"))).Append("</td></tr>");
        }

        foreach ((string label, GroupedCvResult? g) in new[] { ("cross-validated C, folds by conflict", v.GroupedCv), ("the same, provisions alone", v.GroupedCvProvisionsOnly) })
        {
            if (g is not null)
            {
                h.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{g.Concordance:0.000} [{g.Interval[0]:0.000}–{g.Interval[1]:0.000} over {g.Repeats} repeats of {g.Folds}-fold]"))).Append("</td></tr>");
            }
        }

        foreach (CalibrationPoint c in v.Calibration)
        {
            h.Append("<tr><th>").Append(E(string.Create(CultureInfo.InvariantCulture, $"holding after {c.Years:0} year(s)"))).Append("</th><td>")
                .Append(E(string.Create(CultureInfo.InvariantCulture, $"observed {c.ObservedKm:0.00}, predicted {c.Predicted:0.00}"))).Append("</td></tr>");
        }

        foreach ((string name, HazardRatioInterval hr) in v.HazardRatios)
        {
            h.Append("<tr><th>hazard ratio: ").Append(E(name)).Append("</th><td>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{hr.Ratio:0.00} [{hr.Low:0.00}–{hr.High:0.00}]"))).Append("</td></tr>");
        }

        h.Append("</table><p class=\"meta\">").Append(E(v.Data)).Append("</p>");
    }

    private static void ExperimentSection(StringBuilder h, ExperimentOutcome x)
    {
        h.Append("<h2 id=\"claims\">The analyses' claims as experiments</h2><table><tr>");
        foreach (string head in ClaimsTable.Header)
        {
            h.Append("<th>").Append(E(head)).Append("</th>");
        }

        h.Append("</tr>");
        foreach (IReadOnlyList<string> row in ClaimsTable.Rows(x))
        {
            h.Append("<tr>");
            foreach (string cell in row)
            {
                h.Append("<td>").Append(E(cell.Replace("**", string.Empty, StringComparison.Ordinal))).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
        if (x.Claims.Any(c => c.Robustness.Count > 0))
        {
            h.Append("<h3>Each parameter at the ends of its range</h3><table><tr><th>claim</th><th>parameter</th><th>at</th><th>effect [80%]</th><th>verdict</th></tr>");
            foreach (ClaimResult c in x.Claims)
            {
                foreach (ClaimRobustness v in c.Robustness)
                {
                    h.Append("<tr><td>").Append(E(c.Id)).Append("</td><td>").Append(E(v.Parameter)).Append("</td><td class=\"n\">")
                        .Append(E($"{v.End} end, {v.Value.ToString("0.####", CultureInfo.InvariantCulture)}")).Append("</td><td class=\"n\">")
                        .Append(E(ClaimText.Interval(v.Effect, c.Measure))).Append("</td><td>").Append(E(v.Verdict)).Append("</td></tr>");
                }
            }

            h.Append("</table>");
        }

        h.Append("<p class=\"meta\">").Append(E(x.Method)).Append("</p>");
    }

    private static void BacktestSection(StringBuilder h, BacktestOutcome b)
    {
        h.Append("<h2 id=\"backtest\">How well each model has done</h2><table><tr><th>model</th><th>out-of-sample error</th><th>in 50/80/90%</th><th>in-sample error</th><th>in 50/80/90%</th></tr>");
        foreach (ModelScore m in b.Models)
        {
            h.Append("<tr><td>").Append(E(m.Title)).Append("</td>");
            foreach (SampleScore? s in new[] { m.OutOfSample, m.InSample })
            {
                h.Append("<td class=\"n\">").Append(s is null ? "-" : E(BacktestAnalysis.ErrorText(s))).Append("</td><td class=\"n\">").Append(s is null ? "-" : E(BacktestAnalysis.CoverageText(s))).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table><p class=\"meta\">Error: mean |median − outcome| with each issue's scale as 0–100, [5–95% over a bootstrap of cases]; in 50/80/90%: outcomes inside the central 50%, 80% and 90% intervals of the draws. A scenario without ranges gives point intervals, which hold an outcome only when they hit it.</p>");
        h.Append("<h3>The cases</h3><table><tr><th>case</th><th>sample</th><th>decided</th><th>outcome reported by</th></tr>");
        foreach (CaseScore c in b.Cases)
        {
            h.Append("<tr><td>").Append(E(c.Name)).Append("</td><td>").Append(E((c.InSample ? "in-sample: " : "out-of-sample: ") + c.SampleReason)).Append("</td><td>").Append(E(c.Decided))
                .Append("</td><td>").Append(E(c.Source.Title + (c.Source.Outlet is string o ? ", " + o : string.Empty) + (c.Source.Date is string d ? ", " + d : string.Empty)))
                .Append(c.Note is string n ? "<br><span class=\"meta\">" + E(n) + "</span>" : string.Empty).Append("</td></tr>");
        }

        h.Append("</table><h3>Forecasts against outcomes</h3><table><tr><th>case</th><th>issue</th><th>outcome</th>");
        foreach (ModelScore m in b.Models)
        {
            h.Append("<th>").Append(E(m.Model)).Append(": median [80%]</th>");
        }

        h.Append("</tr>");
        foreach (CaseScore c in b.Cases)
        {
            foreach (IssueScore i in c.Issues)
            {
                h.Append("<tr><td>").Append(E(c.Name)).Append("</td><td>")
                    .Append(E(i.Issue)).Append("</td><td>").Append(E(i.OutcomeText)).Append(i.Note is string note ? "<br><span class=\"meta\">" + E(note) + "</span>" : string.Empty).Append("</td>");
                foreach (ModelIssueScore f in i.Forecasts)
                {
                    h.Append("<td class=\"n\">").Append(E($"{i.Say(f.Median)} [{i.Say(f.P10)}–{i.Say(f.P90)}]" + (f.Inside.Contains(80) ? string.Empty : " outside"))).Append("</td>");
                }

                h.Append("</tr>");
            }
        }

        h.Append("</table><p class=\"meta\">").Append(E(string.Create(CultureInfo.InvariantCulture, $"{b.SkippedIssues} issue(s) of the cases' scenarios not scored (no known outcome, or no model forecasts them). How a case is built and how to add one: docs/backtests.md."))).Append("</p>");
    }

    private static void SensitivitySection(StringBuilder h, SensitivityOutcome s)
    {
        h.Append("<h2 id=\"sensitivity\">Which inputs matter</h2><table><tr><th>input</th><th>range</th><th>forecast moves</th><th>through</th><th>holds 5 years</th></tr>");
        foreach (SwingRow w in s.Swings)
        {
            h.Append("<tr><td>").Append(E(w.Input)).Append("</td><td class=\"n\">").Append(E($"{F(w.Low)}–{F(w.High)}")).Append("</td><td class=\"n\">")
                .Append(E($"{F(w.ForecastSwing)} ({w.Issue})")).Append("</td><td title=\"").Append(E(w.Through)).Append("\">").Append(E(w.Link)).Append("</td><td class=\"n\">").Append(w.Holds5yLow is double lo ? E($"{P(lo)}–{P(w.Holds5yHigh)}") : "-").Append("</td></tr>");
        }

        h.Append("</table>");
    }

    private static void TournamentSection(StringBuilder h, TournamentOutcome t)
    {
        h.Append("<h2 id=\"tournament\">Which strategy does best at this table</h2><p>")
            .Append(E(string.Create(CultureInfo.InvariantCulture, $"{t.Runs:N0} sessions: {t.Field} at the table {string.Join(", ", t.Seats)}, on {string.Join(", ", t.Protocols)}, {t.Seeds} seed(s) from {t.Seed}.")))
            .Append("</p><table><tr><th>rank [80%]</th><th>strategy</th><th>agreements [90%]</th><th>utility</th><th>gain</th><th>welfare lost</th><th>Nash product lost</th></tr>");
        foreach (TournamentEntry e in t.Entries)
        {
            h.Append("<tr><td>").Append(E(TournamentText.Rank(e))).Append("</td><td>").Append(E(e.Strategy)).Append("</td><td class=\"n\">").Append(E(TournamentText.Agreements(e)))
                .Append("</td><td class=\"n\">").Append(U(e.Utility)).Append("</td><td class=\"n\">").Append(U(e.Gain)).Append("</td><td class=\"n\">")
                .Append(E(TournamentText.Loss(e.WelfareLoss, "0.000"))).Append("</td><td class=\"n\">").Append(E(TournamentText.Loss(e.NashLoss, "0.0000"))).Append("</td></tr>");
        }

        h.Append("</table><p class=\"meta\">").Append(E(TournamentText.Legend)).Append("</p>");
    }

    private static void RegisterSection(StringBuilder h, SourcesOutcome s)
    {
        h.Append("<h2 id=\"sources\">The evidence behind each number</h2><p>")
            .Append(E(string.Create(CultureInfo.InvariantCulture, $"{s.Inputs.Count} inputs, {s.Quoted} with a quote from their sources; ranked by how much they move the answers (parley sensitivity).")))
            .Append("</p><table><tr><th>rank</th><th>input</th><th>value</th><th>evidence</th></tr>");
        foreach (RegisterInput i in s.InReadingOrder)
        {
            string value = F(i.Value) + (i.Range is { } rg ? $" [{F(rg[0])}–{F(rg[1])}]" : string.Empty);
            string evidence = i.Quotes.Count > 0
                ? string.Join(" ", i.Quotes.Select(q => $"{q.Reference()}: “{q.Quote}”{(q.Supports is null ? string.Empty : " — " + q.Supports)}"))
                : (i.Sources.Count > 0 ? $"cites {string.Join(", ", i.Sources)}, no quote" : "no source") + (i.Estimate ? " (estimate)" : string.Empty);
            h.Append("<tr><td class=\"n\">").Append(i.BlocksDeal ? "blocks a deal" : i.SensitivityRank?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td><td>").Append(E(i.Path)).Append("</td><td class=\"n\">")
                .Append(E(value)).Append("</td><td>").Append(E(evidence)).Append("</td></tr>");
        }

        h.Append("</table>");
        if (s.Warnings.Count > 0)
        {
            h.Append("<ul>");
            foreach (string w in s.Warnings)
            {
                h.Append("<li>").Append(E(w)).Append("</li>");
            }

            h.Append("</ul>");
        }
    }

    private static void Figures(StringBuilder h, List<ReportChart> charts, string section)
    {
        h.Append("<div class=\"charts\">");
        foreach (ReportChart c in charts.Where(c => c.Section == section))
        {
            h.Append("<figure id=\"chart-").Append(c.Id).Append("\">").Append(Svg(c)).Append("<figcaption>").Append(E(c.Title)).Append("</figcaption></figure>");
        }

        h.Append("</div>");
    }

    /// <summary>The chart as inline SVG that scales with the page (a viewBox is added when the renderer leaves it out).</summary>
    internal static string Svg(ReportChart c)
    {
        string svg = c.Plot.GetSvgXml(c.Width, c.Height);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start >= 0 ? svg[start..] : svg;
        int end = svg.IndexOf('>', StringComparison.Ordinal);
        return end > 0 && !svg[..end].Contains("viewBox", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {c.Width} {c.Height}\"") + svg[4..]
            : svg;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

}
