using System.Globalization;
using System.Net;
using System.Text;
using Parley.Core.Domain;
using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using Parley.Storage;

namespace Parley.Web;

/// <summary>The dashboard's server-rendered pages (plain HTML; the what-if page adds a small script).</summary>
internal static class Pages
{
    private const string Style = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#1b1b1b;line-height:1.45}
        header{background:#24292f;color:#fff;padding:.6em 1.5em}header a{color:#fff;margin-right:1.4em;text-decoration:none;font-weight:bold}
        main{max-width:1150px;margin:1.5em auto;padding:0 1.5em}table{border-collapse:collapse;margin:.8em 0;font-size:.93em}
        th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .note{background:#fff8c5;border:1px solid #d4a72c;padding:.5em .8em;border-radius:6px}.err{color:#cf222e}.warn{color:#9a6700}.ok{color:#1a7f37}
        pre.src{background:#f6f8fa;padding:.5em;overflow:auto;font-size:.85em}pre.src .bad{background:#ffebe9}
        label{display:inline-block;margin:.3em 1em .3em 0}.changed{font-weight:bold;color:#0550ae}textarea{width:100%;font-family:monospace}
        """;

    public static string Layout(string title, string body, bool analystNav = true)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(E(title)).Append(" — Parley</title><style>").Append(Style).Append("</style></head><body><header>")
            .Append(analystNav
                ? "<a href=\"/scenarios\">Parley</a><a href=\"/scenarios\">Scenarios</a><a href=\"/validate\">Validate</a><a href=\"/runs\">Runs</a><a href=\"/whatif\">What-if</a>"
                : "<a href=\"/join\">Parley</a>")
            .Append("</header><main>")
            .Append("<h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return h.ToString();
    }

    public static string Scenarios(ScenarioCatalog catalog)
    {
        var h = new StringBuilder("<table id=\"scenarios\"><tr><th>scenario</th><th>file</th><th>issues</th><th>actors</th><th>variants</th><th>status</th><th></th></tr>");
        foreach ((string name, string file) in catalog.List())
        {
            LoadResult r = ScenarioLoader.LoadPath(file);
            int errors = r.Diagnostics.Count(d => d.Severity == Severity.Error), warnings = r.Diagnostics.Count - errors;
            h.Append("<tr><td><a href=\"/scenarios/").Append(E(name)).Append("\">").Append(E(r.Scenario?.Name ?? name)).Append("</a></td><td>").Append(E(Path.GetFileName(file)))
                .Append("</td><td class=\"n\">").Append(r.Scenario?.Issues.Count.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</td><td class=\"n\">")
                .Append(r.Scenario?.Actors.Count.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</td><td class=\"n\">")
                .Append(r.Scenario?.Variants.Count.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</td><td>")
                .Append(errors > 0 ? $"<span class=\"err\">{errors} error(s)</span>" : warnings > 0 ? $"<span class=\"warn\">{warnings} warning(s)</span>" : "<span class=\"ok\">valid</span>")
                .Append("</td><td><a href=\"/whatif?scenario=").Append(E(name)).Append("\">what-if</a></td></tr>");
        }

        h.Append("</table><p>Scenario files from ").Append(E(catalog.Folder)).Append(". <a href=\"/validate\">Validate a scenario of your own.</a></p>");
        return Layout("Scenarios", h.ToString());
    }

    public static string Scenario(string name, string file, LoadResult r)
    {
        var h = new StringBuilder();
        Scenario? s = r.Scenario;
        if (s is not null)
        {
            if (s.HasSources)
            {
                h.Append("<p class=\"note\">These numbers are estimates from published analyses, not intelligence; the sources are listed below.</p>");
            }

            h.Append("<p>").Append(E(s.Description ?? string.Empty)).Append("</p><h2>Issues</h2><table><tr><th>issue</th><th>scale and anchors</th></tr>");
            foreach (Issue i in s.Issues)
            {
                string scale = i.Kind == IssueKind.Discrete ? string.Join("; ", i.Options) : string.Join("; ", i.Anchors.Select(a => $"{a.Value.ToString(CultureInfo.InvariantCulture)} = {a.Label}"));
                h.Append("<tr><td>").Append(E(i.Name)).Append("</td><td>").Append(E(scale)).Append("</td></tr>");
            }

            h.Append("</table><h2>Actors</h2><table id=\"actors\"><tr><th>actor</th><th>brief</th><th>capability</th>");
            foreach (Issue i in s.Issues)
            {
                h.Append("<th>").Append(E(i.Id)).Append("</th>");
            }

            h.Append("</tr>");
            foreach (Actor a in s.Actors)
            {
                h.Append("<tr><td>").Append(E(a.Name)).Append("</td><td><a href=\"/scenarios/").Append(E(Uri.EscapeDataString(name))).Append("/brief?for=").Append(E(Uri.EscapeDataString(a.Id)))
                    .Append("\">its brief</a> (<a href=\"/scenarios/").Append(E(Uri.EscapeDataString(name))).Append("/brief.pdf?for=").Append(E(Uri.EscapeDataString(a.Id))).Append("\">PDF</a>)</td><td class=\"n\">").Append(N(a.Capability.Value)).Append("</td>");
                foreach (Issue i in s.Issues)
                {
                    Stance? st = a.StanceOn(i.Id);
                    h.Append("<td class=\"n\">").Append(st is null ? "-" : $"{N(st.Position.Value)} ({N(st.Salience.Value)})").Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table><p>Cells: position (salience).</p><h2>Red lines</h2><ul>");
            foreach (Actor a in s.Actors)
            {
                foreach (Stance st in a.Stances.Where(x => x.RedLine?.Limit is not null))
                {
                    RedLine line = st.RedLine!;
                    Provenance p = line.Limit!.Provenance;
                    h.Append("<li><b>").Append(E(a.Id)).Append("</b> on ").Append(E(st.IssueId)).Append(line.Bound == RedLineBound.AtLeast ? ": at least " : ": at most ").Append(N(line.Limit.Value));
                    if (p.Note is not null)
                    {
                        h.Append(" — ").Append(E(p.Note));
                    }

                    foreach (Citation q in p.Cites)
                    {
                        h.Append("<br><q>").Append(E(q.Quote)).Append("</q> (").Append(E(q.Reference())).Append(')');
                    }

                    h.Append("</li>");
                }
            }

            h.Append("</ul><p><a href=\"/scenarios/").Append(E(name)).Append("/sources\">The evidence behind every number</a> (the assumptions register).</p><h2>Variants</h2><ul>");
            foreach (Variant v in s.Variants)
            {
                h.Append("<li><b>").Append(E(v.Id)).Append("</b>: ").Append(E(v.Name)).Append("</li>");
            }

            h.Append("</ul><h2>Sources</h2><ol>");
            foreach (Source src in s.Sources)
            {
                h.Append("<li>[").Append(E(src.Id)).Append("] ").Append(E(string.Join(", ", new[] { src.Author, src.Title, src.Outlet, src.Date }.Where(x => !string.IsNullOrEmpty(x))))).Append("</li>");
            }

            h.Append("</ol>");
        }

        h.Append("<h2>Validation</h2>").Append(Diagnostics(r.Diagnostics, File.ReadAllText(file)));
        h.Append("<p><a href=\"/whatif?scenario=").Append(E(name)).Append("\">Open in the what-if page</a></p>");
        return Layout(s?.Name ?? name, h.ToString());
    }

    public static string Validate(string? text, IReadOnlyList<Diagnostic>? diagnostics, Microsoft.AspNetCore.Antiforgery.AntiforgeryTokenSet tokens, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var h = new StringBuilder("<p>Paste a scenario (YAML) and check it: every problem is listed with its line, column and a hint.</p>");
        if (problem is not null)
        {
            h.Append("<p class=\"bad\" id=\"problem\">").Append(E(problem)).Append("</p>");
        }

        h.Append("<form method=\"post\" action=\"/validate\"><input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken ?? string.Empty)).Append("\">")
            .Append("<textarea name=\"yaml\" id=\"yaml\" rows=\"16\">").Append(E(text ?? string.Empty))
            .Append("</textarea><p><button type=\"submit\" id=\"check\">Check</button></p></form>");
        if (diagnostics is not null)
        {
            h.Append(Diagnostics(diagnostics, text ?? string.Empty));
        }

        return Layout("Validate a scenario", h.ToString());
    }

    public static string Diagnostics(IReadOnlyList<Diagnostic> diagnostics, string text)
    {
        var h = new StringBuilder();
        if (diagnostics.Count == 0)
        {
            return "<p class=\"ok\" id=\"diagnostics\">Valid: no errors, no warnings.</p>";
        }

        h.Append("<table id=\"diagnostics\"><tr><th>line:col</th><th>severity</th><th>code</th><th>problem</th><th>hint</th></tr>");
        foreach (Diagnostic d in diagnostics)
        {
            h.Append("<tr><td><a href=\"#L").Append(d.Line).Append("\">").Append(d.Line).Append(':').Append(d.Column).Append("</a></td><td class=\"")
                .Append(d.Severity == Severity.Error ? "err" : "warn").Append("\">").Append(d.Severity.ToString().ToLowerInvariant()).Append("</td><td>").Append(E(d.Code))
                .Append("</td><td>").Append(E(d.Message)).Append("</td><td>").Append(E(d.Hint ?? string.Empty)).Append("</td></tr>");
        }

        h.Append("</table>");
        var bad = diagnostics.Select(d => d.Line).ToHashSet();
        string[] lines = text.Split('\n');
        if (lines.Length <= 2000)
        {
            h.Append("<pre class=\"src\">");
            for (int k = 0; k < lines.Length; k++)
            {
                int line = k + 1;
                h.Append("<span id=\"L").Append(line).Append('"').Append(bad.Contains(line) ? " class=\"bad\"" : string.Empty).Append('>')
                    .Append(line.ToString(CultureInfo.InvariantCulture).PadLeft(4)).Append("  ").Append(E(lines[k].TrimEnd('\r'))).Append("</span>\n");
            }

            h.Append("</pre>");
        }

        return h.ToString();
    }

    public static string Runs(IReadOnlyList<StoredRun> runs, string store)
    {
        var h = new StringBuilder("<form method=\"get\" action=\"/runs/compare\"><table id=\"runs\"><tr><th>compare</th><th>id</th><th>when (UTC)</th><th>command</th><th>scenario</th><th>variant</th><th>seed</th><th>draws</th><th></th></tr>");
        foreach (StoredRun r in runs)
        {
            h.Append("<tr><td><input type=\"radio\" name=\"a\" value=\"").Append(r.Id).Append("\"> <input type=\"radio\" name=\"b\" value=\"").Append(r.Id).Append("\"></td><td class=\"n\">").Append(r.Id)
                .Append("</td><td>").Append(E(r.CreatedUtc[..19].Replace('T', ' '))).Append("</td><td>").Append(E(r.Command)).Append("</td><td>").Append(E(r.ScenarioName ?? "-"))
                .Append("</td><td>").Append(E(r.Variant ?? "-")).Append("</td><td class=\"n\">").Append(r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</td><td class=\"n\">")
                .Append(r.Draws?.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</td><td><a class=\"report\" href=\"/runs/").Append(r.Id).Append("\">report</a></td></tr>");
        }

        h.Append("</table><button type=\"submit\">Compare the two chosen runs</button></form><p>Store: ").Append(E(store)).Append("</p>");
        return Layout("Runs", h.ToString());
    }

    public static string Compare(StoredRun a, StoredRun b, List<ValueChange> changes)
    {
        var h = new StringBuilder();
        if (a.Result.Contains("\"provenance_note\"", StringComparison.Ordinal) || b.Result.Contains("\"provenance_note\"", StringComparison.Ordinal))
        {
            h.Append("<p class=\"note\">These numbers are estimates from published analyses, not intelligence; each run's report lists the sources.</p>");
        }

        h.Append("<p>Run ").Append(a.Id).Append(" (").Append(E(string.Join(' ', a.Args))).Append(") → run ").Append(b.Id).Append(" (").Append(E(string.Join(' ', b.Args))).Append(").</p>");
        h.Append(changes.Count == 0 ? "<p>Identical results.</p>" : $"<p>{changes.Count} value(s) differ.</p>");
        h.Append("<table id=\"changes\"><tr><th>result</th><th>run ").Append(a.Id).Append("</th><th>run ").Append(b.Id).Append("</th><th>change</th></tr>");
        foreach (ValueChange c in changes.Take(500))
        {
            h.Append("<tr><td>").Append(E(c.Path)).Append("</td><td class=\"n\">").Append(E(c.Before)).Append("</td><td class=\"n\">").Append(E(c.After)).Append("</td><td class=\"n\">")
                .Append(c.Delta is double d ? d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : string.Empty).Append("</td></tr>");
        }

        h.Append("</table>");
        return Layout($"Run {a.Id} vs run {b.Id}", h.ToString());
    }

    public static string WhatIfPage(ScenarioCatalog catalog, string? selected)
    {
        var h = new StringBuilder();
        h.Append("<p>Pick a scenario, choose a variant and/or move an actor's position or salience on an issue, and run: the forecast of every model and the Nash deal of this what-if case are shown next to the base case (the scenario as written). Each run is stored.</p>");
        h.Append("<form id=\"whatif\" onsubmit=\"return false\"><label>Scenario <select id=\"scenario\">");
        foreach ((string name, _) in catalog.List())
        {
            h.Append("<option value=\"").Append(E(name)).Append('"').Append(name == selected ? " selected" : string.Empty).Append('>').Append(E(name)).Append("</option>");
        }

        h.Append("</select></label><label>Variant <select id=\"variant\"><option value=\"\">(none)</option></select></label><br>");
        h.Append("<label>Actor <select id=\"actor\"></select></label><label>Issue <select id=\"issue\"></select></label><br>");
        h.Append("<label>Position <input type=\"range\" id=\"position\" min=\"0\" max=\"100\" step=\"1\"> <output id=\"position-value\"></output></label>");
        h.Append("<label>Salience <input type=\"range\" id=\"salience\" min=\"0\" max=\"1\" step=\"0.05\"> <output id=\"salience-value\"></output></label>");
        h.Append("<label>Draws <input type=\"number\" id=\"draws\" value=\"0\" min=\"0\" max=\"20000\" step=\"100\" style=\"width:6em\"></label>");
        h.Append("<button id=\"run\" type=\"button\">Run</button> <button id=\"cancel\" type=\"button\" disabled>Cancel</button> <button id=\"reset\" type=\"button\">Reset sliders</button></form>");
        h.Append("<p><progress id=\"progress\" max=\"1\" value=\"0\"></progress> <span id=\"status\">ready</span></p><div id=\"note\"></div><div id=\"result\"></div>");
        h.Append("<script src=\"").Append(WhatIfScriptPath).Append("\"></script>");
        return Layout("What if?", h.ToString());
    }

    /// <summary>Where the what-if page's script is served (a file of its own: the pages allow no inline script).</summary>
    public const string WhatIfScriptPath = "/assets/whatif.js";

    /// <summary>The what-if page's script.</summary>
    public static string WhatIfScript => Script;

    private const string Script = """
        const $ = id => document.getElementById(id);
        const esc = v => String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
        let scenario = null, job = null;
        async function loadScenario() {
          const r = await fetch('/api/scenarios/' + encodeURIComponent($('scenario').value));
          scenario = await r.json();
          $('variant').innerHTML = '<option value="">(none)</option>' + scenario.variants.map(v => `<option value="${esc(v.id)}">${esc(v.id)}</option>`).join('');
          $('actor').innerHTML = scenario.actors.map(a => `<option value="${esc(a.id)}">${esc(a.name)}</option>`).join('');
          $('issue').innerHTML = scenario.issues.filter(i => i.scale).map(i => `<option value="${esc(i.id)}">${esc(i.name)}</option>`).join('');
          pick();
        }
        async function loadVariant() {
          // the sliders start from the variant's numbers; the base case stays the scenario as written
          const v = $('variant').value, q = v ? '?variant=' + encodeURIComponent(v) : '';
          const r = await fetch('/api/scenarios/' + encodeURIComponent($('scenario').value) + q);
          const varied = await r.json();
          scenario.actors = varied.actors;
          pick();
        }
        function stance() { const a = scenario.actors.find(a => a.id === $('actor').value); return a && a.stances[$('issue').value]; }
        function pick() {
          const issue = scenario.issues.find(i => i.id === $('issue').value), st = stance();
          $('position').min = issue.scale.min; $('position').max = issue.scale.max; $('position').step = (issue.scale.max - issue.scale.min) / 100;
          $('position').value = st ? st.position.value : issue.scale.min; $('salience').value = st ? st.salience.value : 0;
          $('position').disabled = $('salience').disabled = !st; shown();
        }
        function shown() { $('position-value').textContent = $('position').value; $('salience-value').textContent = $('salience').value; }
        function changes() {
          const st = stance(); if (!st) return [];
          const p = Number($('position').value), s = Number($('salience').value), c = { actor: $('actor').value, issue: $('issue').value };
          if (p !== st.position.value) c.position = p; if (s !== st.salience.value) c.salience = s;
          return (c.position !== undefined || c.salience !== undefined) ? [c] : [];
        }
        async function run() {
          const body = { scenario: $('scenario').value, variant: $('variant').value || null, changes: changes(), draws: Number($('draws').value), seed: 1 };
          $('status').textContent = 'starting'; $('progress').value = 0; $('run').disabled = true; $('cancel').disabled = false;
          const r = await fetch('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
          const j = await r.json();
          if (!r.ok) { $('status').textContent = 'error: ' + (j.detail || j.title) + ' ' + JSON.stringify(j.errors || {}); done(); return; }
          job = j.id; poll();
        }
        async function poll() {
          const r = await fetch('/api/jobs/' + job), j = await r.json();
          $('progress').value = j.progress; $('status').textContent = j.status + (j.error ? ': ' + j.error : '');
          if (j.status === 'queued' || j.status === 'running') { setTimeout(poll, 150); return; }
          if (j.status === 'done') { show(j.result, j.runId); }
          done();
        }
        function done() { $('run').disabled = false; $('cancel').disabled = true; job = null; }
        async function cancel() { if (job) await fetch('/api/jobs/' + job, { method: 'DELETE' }); }
        const fmt = v => v === null || v === undefined ? '-' : (Math.round(v * 10) / 10).toString();
        function show(res, runId) {
          $('note').innerHTML = res.provenance_note ? `<p class="note">${esc(res.provenance_note)}</p>` : '';
          let h = `<p>Stored as <a href="/runs/${runId}">run ${runId}</a>. Changes: ${res.changes.length ? res.changes.map(c => `${c.actor} on ${c.issue}` + (c.position !== null && c.position !== undefined ? ` position ${c.position}` : '') + (c.salience !== null && c.salience !== undefined ? ` salience ${c.salience}` : '')).join('; ') : 'none (the base case)'}.</p>`;
          const modes = [];
          h += '<table id="forecast"><tr><th>issue</th>' + res.models.map(m => `<th>${m} base</th><th>${m} what-if</th>`).join('') + '<th>Nash base</th><th>Nash what-if</th></tr>';
          for (const i of res.issues) {
            h += `<tr><td>${esc(i.name)}</td>`;
            for (const m of res.models) {
              const b = res.base.forecast[m][i.id], w = res.whatif.forecast[m][i.id];
              const bv = b.median ?? b.central, wv = w.median ?? w.central;
              h += `<td class="n">${fmt(bv)}${b.modes ? '*' : ''}</td><td class="n${Math.abs(wv - bv) > 0.05 ? ' changed' : ''}" data-model="${m}" data-issue="${i.id}">${fmt(wv)}${w.modes ? '*' : ''}</td>`;
              for (const [label, f] of [['base', b], ['what-if', w]]) {
                if (f.modes) modes.push(`* ${esc(m)} on ${esc(i.name)} (${label}): ${f.modes.length} modes over the draws, ${f.modes.map((o, k) => `${fmt(o.value)} (${Math.round(o.share * 100)}%${k === 0 ? ' of the draws' : ''})`).join(', ').replace(/, ([^,]*)$/, ' and $1')}; a single number would hide all but one of them.`);
              }
            }
            const nb = res.base.nash ? res.base.nash[i.id] : null, nw = res.whatif.nash ? res.whatif.nash[i.id] : null;
            h += `<td class="n">${fmt(nb)}</td><td class="n${nb !== nw ? ' changed' : ''}" data-nash="${i.id}">${fmt(nw)}</td></tr>`;
          }
          h += '</table>' + modes.map(t => `<p class="modes">${t}</p>`).join('') + chart(res);
          h += `<p>Packages acceptable to every actor who signs: ${res.base.zone_size} in the base case, ${res.whatif.zone_size} with the changes.</p>`;
          $('result').innerHTML = h;
        }
        function chart(res) {
          const W = 760, row = 34, H = 40 + row * res.issues.length, x0 = 190, x1 = W - 20, m = res.models.includes('smp') ? 'smp' : res.models[0];
          let s = `<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H + 30}" role="img"><title>Forecast (${m}): base and what-if, per issue</title>`;
          s += `<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">Forecast (${m}), % of each issue's scale: base (grey) and what-if (blue)</text>`;
          res.issues.forEach((i, k) => {
            const y = 40 + k * row, sc = v => x0 + (x1 - x0) * (v - i.min) / (i.max - i.min);
            const b = res.base.forecast[m][i.id], w = res.whatif.forecast[m][i.id];
            s += `<text x="${x0 - 8}" y="${y + 4}" text-anchor="end" font-size="12">${esc(i.name)}</text><line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#d0d7de"/>`;
            s += `<circle cx="${sc(b.median ?? b.central)}" cy="${y}" r="6" fill="#8c959f"/><circle cx="${sc(w.median ?? w.central)}" cy="${y}" r="5" fill="#0969da"/>`;
          });
          s += `<text x="${x0}" y="${H + 20}" font-size="12">0% (scale minimum)</text><text x="${x1}" y="${H + 20}" font-size="12" text-anchor="end">100% (scale maximum)</text></svg>`;
          return s;
        }
        $('scenario').onchange = loadScenario; $('variant').onchange = loadVariant; $('actor').onchange = pick; $('issue').onchange = pick;
        $('position').oninput = shown; $('salience').oninput = shown; $('run').onclick = run; $('cancel').onclick = cancel; $('reset').onclick = pick;
        loadScenario();
        """;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
