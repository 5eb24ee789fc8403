using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ScottPlot;

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
        (JsonObject sections, JsonObject? summary, JsonObject root) = Sections(input);
        List<ReportChart> charts = ReportCharts.Build(sections, summary);
        string name = root["scenario"] is JsonValue sv && sv.TryGetValue(out string? sn) ? sn : summary?["name"]?.GetValue<string>() ?? "Parley run";
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Append("<title>").Append(E(name)).Append(" — Parley report</title><style>").Append(Style).Append("</style></head><body>");
        h.Append("<h1>").Append(E(name)).Append("</h1>");
        string note = root["provenance_note"]?.GetValue<string>() ?? Find(sections, "provenance_note")
            ?? "Note: these numbers come from the scenario's inputs; check its sources before relying on them.";
        h.Append("<p class=\"note\" id=\"provenance\">").Append(E(note)).Append("</p>");
        h.Append("<p class=\"meta\">").Append(input.RunId is long id ? $"Run {id} · " : string.Empty).Append("parley ").Append(E(string.Join(' ', input.Args)))
            .Append(" · ").Append(E(input.CreatedUtc)).Append(" · parley ").Append(E(input.ToolVersion));
        if (root["seed"] is JsonNode seed)
        {
            h.Append(" · seed ").Append(E(seed.ToJsonString()));
        }

        if (root["draws"] is JsonNode draws)
        {
            h.Append(" · ").Append(E(draws.ToJsonString())).Append(" draws");
        }

        h.Append("</p><nav>");
        foreach ((string key, string title) in new[] { ("forecast", "Forecast"), ("deal", "Deal space"), ("simulation", "Negotiation"), ("durability", "Durability"), ("whatif", "What-if"), ("summary", "Scenario and sources") })
        {
            if (sections[key] is not null || (key == "summary" && summary is not null))
            {
                h.Append("<a href=\"#").Append(key).Append("\">").Append(title).Append("</a>");
            }
        }

        h.Append("</nav>");
        if (sections["forecast"] is JsonObject forecast)
        {
            ForecastSection(h, forecast, charts);
        }

        if (sections["deal"] is JsonObject deal)
        {
            DealSection(h, deal, charts);
        }

        if (sections["simulation"] is JsonObject || sections["negotiation"] is JsonObject)
        {
            NegotiationSection(h, sections["simulation"] as JsonObject, sections["negotiation"] as JsonObject, charts);
        }

        if (sections["durability"] is JsonObject durability)
        {
            DurabilitySection(h, durability, charts);
        }

        if (sections["whatif"] is JsonObject whatif)
        {
            WhatIfSection(h, whatif);
        }

        if (sections["dashboard"] is JsonObject dashboard)
        {
            DashboardSection(h, dashboard, charts);
        }

        if (sections["validation"] is JsonObject validation)
        {
            h.Append("<h2 id=\"validation\">Empirical durability model: held-out check</h2>");
            KeyValues(h, validation);
        }

        if (summary is not null)
        {
            // the answers first; the scenario they rest on, and its sources, after them
            ScenarioSection(h, summary);
        }

        if (root["skipped"] is JsonObject skipped && skipped.Count > 0)
        {
            h.Append("<h2>Not in this report</h2><ul>");
            foreach (KeyValuePair<string, JsonNode?> kv in skipped)
            {
                h.Append("<li class=\"skipped\"><b>").Append(E(kv.Key)).Append("</b>: ").Append(E(kv.Value?.GetValue<string>() ?? string.Empty)).Append("</li>");
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
        (JsonObject sections, JsonObject? summary, _) = Sections(input);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (ReportChart c in ReportCharts.Build(sections, summary))
        {
            string path = Path.Combine(folder, c.Id + ".png");
            File.WriteAllBytes(path, c.Plot.GetImageBytes(c.Width, c.Height, ImageFormat.Png));
            written.Add(path);
        }

        return written;
    }

    /// <summary>The result's sections, whichever command made it.</summary>
    internal static (JsonObject Sections, JsonObject? Summary, JsonObject Root) Sections(ReportInput input)
    {
        JsonObject root = JsonNode.Parse(input.Result) as JsonObject ?? [];
        if (input.Command == "run")
        {
            if (root["deal"] is JsonObject deal && root["summary"]?["dynamics"]?["belligerents"] is JsonArray b)
            {
                deal["belligerents"] = b.DeepClone();
            }

            return (root, root["summary"] as JsonObject, root);
        }

        JsonObject copy = JsonNode.Parse(input.Result)!.AsObject();
        string section = input.Command switch
        {
            "forecast" => "forecast",
            "analyze" => "deal",
            "simulate" => root["agreement_probability"] is not null ? "negotiation" : root["transcript"] is not null ? "simulation" : "other",
            "durability" => root["concordance"] is not null ? "validation" : "durability",
            "compare" => "whatif",
            "whatif" => "dashboard",
            _ => "other",
        };
        if (section == "durability" && root["runs"] is null)
        {
            copy["run"] = "deal";
            copy = new JsonObject { ["runs"] = new JsonArray(copy) };
        }

        return (new JsonObject { [section] = copy }, null, root);
    }

    private static void ScenarioSection(StringBuilder h, JsonObject s)
    {
        h.Append("<h2 id=\"summary\">The scenario and its sources</h2>");
        if (s["description"]?.GetValue<string>() is string d)
        {
            h.Append("<p>").Append(E(d)).Append("</p>");
        }

        h.Append("<p class=\"meta\">As of ").Append(E(s["as_of"]?.ToString() ?? "-")).Append("; time step: ").Append(E(s["time_step"]?.ToString() ?? "-"))
            .Append(s["variant"] is JsonNode v ? "; variant " + E(v.ToString()) : string.Empty).Append(".</p>");
        h.Append("<table><tr><th>issue</th><th>scale and anchors</th></tr>");
        foreach (JsonNode? i in (s["issues"] as JsonArray) ?? [])
        {
            string anchors = i?["anchors"] is JsonObject a
                ? string.Join("; ", a.Select(kv => $"{kv.Key} = {kv.Value}"))
                : i?["options"] is JsonArray o ? string.Join("; ", o.Select(x => x?.ToString())) : string.Empty;
            h.Append("<tr><td>").Append(E(i?["name"]?.ToString() ?? string.Empty)).Append("</td><td>").Append(E(anchors)).Append("</td></tr>");
        }

        h.Append("</table><table><tr><th>actor</th><th>capability</th><th>positions (salience)</th></tr>");
        foreach (JsonNode? a in (s["actors"] as JsonArray) ?? [])
        {
            string stances = a?["stances"] is JsonObject st
                ? string.Join("; ", st.Select(kv => $"{kv.Key} {kv.Value?["position"]?["value"]} ({kv.Value?["salience"]?["value"]})"))
                : string.Empty;
            h.Append("<tr><td>").Append(E(a?["name"]?.ToString() ?? string.Empty)).Append("</td><td class=\"n\">").Append(E(a?["capability"]?["value"]?.ToString() ?? "-"))
                .Append("</td><td>").Append(E(stances)).Append("</td></tr>");
        }

        h.Append("</table><h3>Sources</h3><ol>");
        foreach (JsonNode? src in (s["sources"] as JsonArray) ?? [])
        {
            h.Append("<li>[").Append(E(src?["id"]?.ToString() ?? string.Empty)).Append("] ").Append(E(string.Join(", ", new[] { src?["author"], src?["title"], src?["outlet"], src?["date"] }.Where(x => x is not null).Select(x => x!.ToString()))));
            if (src?["url"]?.ToString() is string url && url.StartsWith("http", StringComparison.Ordinal))
            {
                h.Append(" <a href=\"").Append(E(url)).Append("\">").Append(E(url)).Append("</a>");
            }

            h.Append("</li>");
        }

        h.Append("</ol>");
    }

    private static void ForecastSection(StringBuilder h, JsonObject f, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"forecast\">Where the talks land: forecast per issue</h2>");
        if (f["models"] is JsonArray models && models.Count > 0 && models[0]?["issues"] is JsonArray issues)
        {
            bool draws = issues.Count > 0 && issues[0]?["median"] is not null;
            h.Append("<p>").Append(draws ? "Median over the Monte Carlo draws with the 10th–90th percentile in brackets; models side by side." : "Forecast on the central inputs, per model.").Append("</p>");
            h.Append("<table><tr><th>issue</th>");
            foreach (JsonNode? m in models)
            {
                h.Append("<th>").Append(E(m?["title"]?.ToString() ?? m?["name"]?.ToString() ?? string.Empty)).Append("</th>");
            }

            h.Append("</tr>");
            for (int i = 0; i < issues.Count; i++)
            {
                h.Append("<tr><td>").Append(E(issues[i]?["name"]?.ToString() ?? string.Empty)).Append("</td>");
                foreach (JsonNode? m in models)
                {
                    JsonNode? x = m?["issues"]?[i];
                    string cell = x?["median"] is JsonNode med
                        ? $"{F(med)} [{F(x["p10"])}–{F(x["p90"])}]"
                        : F(x?["central"]);
                    h.Append("<td class=\"n\" title=\"").Append(E(x?["reading"]?.ToString() ?? string.Empty)).Append("\">").Append(E(cell)).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table>");
        }

        Figures(h, charts, "forecast");
        if (charts.Any(c => c.Section == "trajectory"))
        {
            h.Append("<h3>How positions move, round by round</h3>");
            Figures(h, charts, "trajectory");
        }
    }

    private static void DealSection(StringBuilder h, JsonObject d, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"deal\">Which deals are possible</h2><p>")
            .Append(E($"{d["zone_size"]} of {d["packages"]} packages are acceptable to every party ({d["within_red_lines"]} within everyone's red lines)."))
            .Append("</p>");
        if (d["solutions"] is JsonArray sols && sols.Count > 0 && sols[0]?["package"] is JsonObject first)
        {
            h.Append("<table><tr><th>solution</th>");
            foreach (KeyValuePair<string, JsonNode?> kv in first)
            {
                h.Append("<th>").Append(E(kv.Key)).Append("</th>");
            }

            h.Append("</tr>");
            foreach (JsonNode? s in sols)
            {
                h.Append("<tr><td>").Append(E(s?["name"]?.ToString() ?? string.Empty)).Append("</td>");
                foreach (KeyValuePair<string, JsonNode?> kv in first)
                {
                    JsonNode? cell = s?["package"]?[kv.Key];
                    h.Append("<td class=\"n\" title=\"").Append(E(cell?["reading"]?.ToString() ?? string.Empty)).Append("\">").Append(E(F(cell?["value"]))).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table>");
        }

        Figures(h, charts, "deal");
    }

    private static void NegotiationSection(StringBuilder h, JsonObject? sim, JsonObject? dist, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"simulation\">How the process unfolds</h2>");
        if (sim is not null)
        {
            h.Append("<p>").Append(E($"One simulated run ({sim["protocol"]}, deadline {sim["deadline"]}): ended by {sim["ended_by"]} at t = {sim["time"]}."));
            if (sim["agreement"] is JsonObject agreed)
            {
                h.Append(E(" Agreed terms: " + string.Join("; ", agreed.Select(kv => $"{kv.Key} {F(kv.Value)}")) + "."));
            }

            h.Append("</p>");
        }

        if (dist is not null)
        {
            h.Append("<p>").Append(E($"Over {dist["draws"]} runs with the uncertain inputs drawn: agreement in {P(dist["agreement_probability"])} of runs; time to agreement (10th/median/90th) {F(dist["time"]?["p10"])} / {F(dist["time"]?["median"])} / {F(dist["time"]?["p90"])}.")).Append("</p>");
        }

        Figures(h, charts, "simulation");
    }

    private static void DurabilitySection(StringBuilder h, JsonObject d, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"durability\">Will the deal hold?</h2><table><tr><th>run</th><th>1 year</th><th>2 years</th><th>5 years</th><th>broken by</th><th>commitment gap</th><th>UCDP, same terms, 5 years</th></tr>");
        foreach (JsonNode? r in (d["runs"] as JsonArray) ?? [])
        {
            string broken = r?["broken_by"] is JsonObject b ? string.Join(", ", b.Select(kv => $"{kv.Key} {kv.Value}")) : "-";
            h.Append("<tr><td>").Append(E(r?["run"]?.ToString() ?? string.Empty)).Append("</td><td class=\"n\">").Append(P(r?["holding"]?["1y"])).Append("</td><td class=\"n\">")
                .Append(P(r?["holding"]?["2y"])).Append("</td><td class=\"n\">").Append(P(r?["holding"]?["5y"])).Append("</td><td>").Append(E(broken)).Append("</td><td>")
                .Append(r?["commitment_gap"]?.GetValue<bool>() == true ? "yes" : "no").Append("</td><td class=\"n\">").Append(P(r?["empirical"]?["5y"])).Append("</td></tr>");
        }

        h.Append("</table><p class=\"meta\">Strategic model: share of simulated power paths on which each belligerent still prefers the deal to fighting. The UCDP column is the empirical model fitted on real agreements, mostly civil wars, where guarantors and peacekeepers go to the hardest cases.</p>");
        Figures(h, charts, "durability");
    }

    private static void WhatIfSection(StringBuilder h, JsonObject w)
    {
        h.Append("<h2 id=\"whatif\">What if: the variants side by side</h2>");
        if (w["runs"] is not JsonObject runs || runs.Count == 0)
        {
            return;
        }

        List<string> metrics = [.. runs.First().Value!.AsObject().Select(kv => kv.Key)];
        h.Append("<table><tr><th></th>");
        foreach (KeyValuePair<string, JsonNode?> r in runs)
        {
            h.Append("<th>").Append(E(r.Key)).Append("</th>");
        }

        h.Append("</tr>");
        foreach (string m in metrics)
        {
            h.Append("<tr><td>").Append(E(m)).Append("</td>");
            foreach (KeyValuePair<string, JsonNode?> r in runs)
            {
                h.Append("<td class=\"n\">").Append(E(r.Value?[m]?.ToString() ?? "-")).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
    }

    private static void DashboardSection(StringBuilder h, JsonObject d, List<ReportChart> charts)
    {
        h.Append("<h2 id=\"forecast\">Where the talks land: the base case and the what-if case</h2>");
        string changes = d["changes"] is JsonArray cs && cs.Count > 0
            ? string.Join("; ", cs.Select(c => $"{c?["actor"]} on {c?["issue"]}" + (c?["position"] is JsonNode p ? $" position {F(p)}" : string.Empty) + (c?["salience"] is JsonNode sl ? $" salience {F(sl)}" : string.Empty)))
            : "none (the base case)";
        h.Append("<p>Changes: ").Append(E(changes)).Append(". ").Append(d["draws"]?.GetValue<long>() > 0 ? "Median over the draws." : "Central inputs.").Append("</p>");
        if (d["models"] is not JsonArray models || d["issues"] is not JsonArray issues)
        {
            return;
        }

        h.Append("<table><tr><th>issue</th>");
        foreach (JsonNode? m in models)
        {
            h.Append("<th>").Append(E(m!.ToString())).Append(" base</th><th>").Append(E(m.ToString())).Append(" what-if</th>");
        }

        h.Append("<th>Nash base</th><th>Nash what-if</th></tr>");
        foreach (JsonNode? i in issues)
        {
            string id = i!["id"]!.ToString();
            h.Append("<tr><td>").Append(E(i["name"]!.ToString())).Append("</td>");
            foreach (JsonNode? m in models)
            {
                foreach (string side in new[] { "base", "whatif" })
                {
                    JsonNode? v = d[side]?["forecast"]?[m!.ToString()]?[id];
                    h.Append("<td class=\"n\">").Append(E(F(v?["median"] ?? v?["central"]))).Append("</td>");
                }
            }

            h.Append("<td class=\"n\">").Append(E(F(d["base"]?["nash"]?[id]))).Append("</td><td class=\"n\">").Append(E(F(d["whatif"]?["nash"]?[id]))).Append("</td></tr>");
        }

        h.Append("</table>");
        Figures(h, charts, "dashboard");
    }

    private static void KeyValues(StringBuilder h, JsonObject o)
    {
        h.Append("<table>");
        foreach (KeyValuePair<string, JsonNode?> kv in o)
        {
            h.Append("<tr><th>").Append(E(kv.Key)).Append("</th><td>").Append(E(kv.Value is JsonValue v ? v.ToString() : kv.Value?.ToJsonString() ?? string.Empty)).Append("</td></tr>");
        }

        h.Append("</table>");
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

    private static string? Find(JsonObject sections, string key) =>
        sections.Select(kv => (kv.Value as JsonObject)?[key]).OfType<JsonValue>().Select(v => v.GetValue<string>()).FirstOrDefault();

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(JsonNode? n) => n is JsonValue v && v.TryGetValue(out double d) ? d.ToString("0.#", CultureInfo.InvariantCulture) : n?.ToString() ?? "-";

    private static string P(JsonNode? n) => n is JsonValue v && v.TryGetValue(out double d) ? d.ToString("0%", CultureInfo.InvariantCulture) : "-";
}
