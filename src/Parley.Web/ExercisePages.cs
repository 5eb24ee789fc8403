using System.Globalization;
using System.Net;
using System.Text;
using Parley.Core.Analyses;

namespace Parley.Web;

/// <summary>The exercise mode's pages: sign-in and join, the facilitator's list and desk, a player's table, the debrief and the replay.</summary>
internal static class ExercisePages
{
    /// <summary>Where the exercise pages' script is served (the pages allow no inline script).</summary>
    public const string ScriptPath = "/assets/exercise.js";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);

    private static string N(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Page(string title, string body, string? data = null, bool analystNav = true) =>
        Pages.Layout(title, (data is null ? body : $"<div id=\"exercise\" {data}></div>" + body) + $"<script src=\"{ScriptPath}\"></script>", analystNav);

    public static string SignIn() => Page("Facilitator", """
        <p>Type the facilitator's key that <code>parley serve --exercises</code> printed when the dashboard started.</p>
        <form id="signin"><label>Key <input id="key" type="password" autocomplete="off" size="70"></label> <button id="signin-button" type="submit">Sign in</button></form>
        <p id="message" class="err"></p>
        """);

    public static string Join() => JoinPage("Join an exercise", """
        <p>Type the code the facilitator gave you for your seat (ten letters and digits, such as <code>7KQ2M-XW4PD</code>). A code works once.</p>
        <form id="join"><label>Code <input id="code" autocomplete="off" size="14"></label> <button id="join-button" type="submit">Join</button></form>
        <p id="message" class="err"></p>
        """);

    private static string JoinPage(string title, string body) => Page(title, body, null, analystNav: false);

    public static string List(IReadOnlyList<LiveExercise> exercises, ScenarioCatalog catalog)
    {
        var h = new StringBuilder("<table id=\"exercises\"><tr><th>exercise</th><th>scenario</th><th>variant</th><th>time</th><th>status</th><th></th></tr>");
        foreach (LiveExercise e in exercises)
        {
            h.Append("<tr><td>").Append(e.Id).Append("</td><td>").Append(E(e.Exercise.Scenario.Name)).Append("</td><td>").Append(E(e.Exercise.Settings.Variant ?? "-"))
                .Append("</td><td class=\"n\">").Append(e.Exercise.Time).Append("</td><td>").Append(E(e.Exercise.EndedBy is { } end ? "ended: " + end : e.Paused ? "paused" : "running"))
                .Append("</td><td><a href=\"/exercises/").Append(e.Id).Append("/facilitate\">facilitate</a> · <a href=\"/exercises/").Append(e.Id).Append("/debrief\">debrief</a></td></tr>");
        }

        h.Append("</table><h2>New exercise</h2><form id=\"create\"><label>Scenario <select id=\"scenario\">");
        foreach ((string name, _) in catalog.List())
        {
            h.Append("<option value=\"").Append(E(name)).Append("\">").Append(E(name)).Append("</option>");
        }

        h.Append("</select></label><label>Variant <select id=\"variant\"></select></label><label>Deadline <input id=\"deadline\" type=\"number\" value=\"12\" min=\"1\" max=\"200\"></label>")
            .Append("<label>Seed <input id=\"seed\" type=\"number\" value=\"1\" min=\"0\"></label><table id=\"seats\"></table><button id=\"create-button\" type=\"submit\">Create</button></form>")
            .Append("<div id=\"codes\"></div><p id=\"message\" class=\"err\"></p>");
        return Page("Exercises", h.ToString(), "data-role=\"list\"");
    }

    public static string Facilitate(LiveExercise e) => Page($"Exercise {e.Id}: {e.Exercise.Scenario.Name}", $"""
        <p class="note">You see everything: every message, every chat and every party's utility. Players see only their own seat.</p>
        <p><button id="advance">Next step</button> <button id="pause">Pause</button> <button id="resume">Resume</button> <button id="end">End the talks</button>
        <label>Timer (seconds, 0: off) <input id="timer" type="number" min="0" max="3600" value="{e.TimerSeconds}" size="5"></label> <button id="set-timer">Set</button>
        · <a href="/exercises/{e.Id}/debrief">Debrief</a> · <a href="/exercises/{e.Id}/replay?step=0">Replay</a> · <a href="/api/exercises/{e.Id}/export">Export</a></p>
        <p id="clock"></p><div id="codes"></div><h2>Seats</h2><table id="seats"></table><h2>The talks</h2><table id="messages"></table><h2>Chats</h2><table id="chats"></table>
        <p id="message" class="err"></p>
        """, $"data-role=\"facilitate\" data-id=\"{e.Id}\"");

    public static string Play(LiveExercise e, string seat) => Page($"{e.Exercise.Scenario.FindActor(seat)!.Name} in exercise {e.Id}", $"""
        <p><a href="/exercises/{e.Id}/brief" target="_blank">Your brief</a> (your private view of the talks). You see only what reaches your seat.</p>
        <p id="clock"></p><p id="outcome"></p>
        <h2>What reached you</h2><table id="messages"></table>
        <h2>Your move</h2><p id="how">Before the clock moves on, set the package you offer and your answer to what is put to you.</p>
        <form id="move"><table id="offer"></table><p id="worth"></p><label><input type="radio" name="answer" value="reject" id="answer-reject"> Reject</label>
        <label><input type="radio" name="answer" value="accept" id="answer-accept"> Accept</label> <button id="move-button" type="submit">Set my move</button></form>
        <h2>Private messages</h2><form id="chat"><label>To <select id="to"></select></label> <input id="text" size="60" maxlength="2000"> <button id="chat-button" type="submit">Send</button></form>
        <table id="chats"></table><p id="message" class="err"></p>
        """, $"data-role=\"play\" data-id=\"{e.Id}\"", analystNav: false);

    public static string Debrief(long id, ExerciseDebrief d)
    {
        var h = new StringBuilder();
        if (d.Note is not null)
        {
            h.Append("<p class=\"note\">").Append(E(d.Note)).Append("</p>");
        }

        h.Append("<p id=\"outcome\">Ended: ").Append(E(d.EndedBy)).Append(" at step ").Append(d.Time).Append(". ")
            .Append(d.Agreement is null ? "No agreement." : "Agreed: " + E(string.Join("; ", d.Agreement.Select(kv => $"{kv.Key} {N(kv.Value.Value)} ({kv.Value.Reading})"))) + ".")
            .Append(" <a href=\"/exercises/").Append(id).Append("/debrief?download=true\">Download this debrief</a>.</p>");
        h.Append("<h2>Each party</h2><table id=\"utilities\"><tr><th>seat</th><th>played by</th><th>utility of the outcome</th><th>its alternative</th>")
            .Append(d.Simulated is not null ? "<th>utility in the engine's run</th>" : string.Empty).Append("</tr>");
        foreach (ExerciseSeat s in d.Seats)
        {
            h.Append("<tr><td>").Append(E(s.Actor)).Append("</td><td>").Append(s.Person ? "a person" : "the engine (" + E(s.Strategy ?? "scenario's strategy") + ")")
                .Append("</td><td class=\"n\">").Append(N(d.Utility[s.Actor])).Append("</td><td class=\"n\">").Append(N(d.Alternative[s.Actor])).Append("</td>");
            if (d.Simulated is not null)
            {
                h.Append("<td class=\"n\">").Append(d.Simulated.Parties.TryGetValue(s.Actor, out PartyOutcome? p) ? N(p.Utility) : "-").Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table><h2>The outcome beside the models</h2><table id=\"beside\"><tr><th>issue</th><th>exercise</th><th>engine's run</th><th>Nash (zone)</th>");
        string[] models = [.. d.Forecast.Keys];
        foreach (string m in models)
        {
            h.Append("<th>").Append(E(m)).Append(" forecast</th>");
        }

        h.Append("</tr>");
        IEnumerable<string> issues = d.Forecast.Values.FirstOrDefault()?.Keys ?? d.Agreement?.Keys ?? [];
        foreach (string issue in issues)
        {
            h.Append("<tr><td>").Append(E(issue)).Append("</td><td class=\"n\">").Append(d.Agreement?.TryGetValue(issue, out PackageLevel? a) == true ? N(a.Value) : "-")
                .Append("</td><td class=\"n\">").Append(d.Simulated?.Agreement?.TryGetValue(issue, out double sim) == true ? N(sim) : "-")
                .Append("</td><td class=\"n\">").Append(d.Deal?.Nash?.Package.TryGetValue(issue, out PackageLevel? nash) == true ? N(nash.Value) : "-").Append("</td>");
            foreach (string m in models)
            {
                h.Append("<td class=\"n\">").Append(d.Forecast[m].TryGetValue(issue, out double f) ? N(f) : "-").Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table><p class=\"meta\">Exercise: what the people agreed. Engine's run: the same talks with the engine in every seat (the scenario's strategies, the same protocol and seed). Nash: the package that maximises the product of the signatories' gains over their alternatives. The forecasts: where each forecasting model (docs/models.md) expects the issue to settle — compromise (capability × salience weighted mean), median (the weighted median voter), eum (the expected-utility model) and smp (KTAB's spatial model).</p>");
        if (d.Deal is { Solutions.Count: 0 } none)
        {
            h.Append("<p>No zone of agreement: no package is within every signatory's red lines and worth its alternative to each, so there is no bargaining solution to compare with (").Append(none.Blockers.Count).Append(" single changes would open one; see parley analyze).</p>");
        }
        else if (d.Deal is { } deal)
        {
            h.Append("<p>The zone of agreement holds ").Append(deal.ZoneSize.ToString("N0", CultureInfo.InvariantCulture)).Append(" packages. The bargaining solutions:</p><table><tr><th>solution</th>");
            string[] keys = deal.Solutions.Count > 0 ? [.. deal.Solutions[0].Package.Keys] : [];
            foreach (string k in keys)
            {
                h.Append("<th>").Append(E(k)).Append("</th>");
            }

            h.Append("</tr>");
            foreach (DealSolution s in deal.Solutions)
            {
                h.Append("<tr><td>").Append(E(s.Name)).Append("</td>");
                foreach (string k in keys)
                {
                    h.Append("<td class=\"n\">").Append(N(s.Package[k].Value)).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</table>");
        }

        if (d.Simulated is { } run)
        {
            h.Append("<p>The engine, playing every seat with the scenario's strategies on the same protocol and seed, ended by ").Append(E(run.EndedBy)).Append(" at step ").Append(run.Time).Append(".</p>");
        }

        if (d.Durability is { } dur)
        {
            h.Append("<h2>Will the agreement hold?</h2><p>On ").Append(dur.Paths.ToString("N0", CultureInfo.InvariantCulture)).Append(" power paths of the strategic model it holds: ")
                .Append(E(string.Join(", ", dur.Holding.Select(kv => $"{kv.Key} {kv.Value:0%}")))).Append(dur.CommitmentGap ? "; a commitment gap: a plausible shift of power makes a side prefer war." : ".").Append("</p>");
        }

        h.Append("<h2>Timeline</h2>");
        Messages(h, d.Timeline);
        h.Append("<h2>Chats</h2><table><tr><th>step</th><th>from</th><th>to</th><th>text</th></tr>");
        foreach (ExerciseChat c in d.Chats)
        {
            h.Append("<tr><td class=\"n\">").Append(c.Time).Append("</td><td>").Append(E(c.From)).Append("</td><td>").Append(E(c.To)).Append("</td><td>").Append(E(c.Text)).Append("</td></tr>");
        }

        h.Append("</table>");
        return Pages.Layout($"Debrief of exercise {id}: {d.Scenario}", h.ToString());
    }

    public static string Replay(long id, int step, IReadOnlyList<ExerciseAction> log, ExerciseState state)
    {
        var h = new StringBuilder();
        h.Append("<p>After ").Append(step).Append(" of ").Append(log.Count).Append(" actions: step ").Append(state.Time).Append(state.EndedBy is { } end ? ", ended: " + E(end) : string.Empty).Append(". ");
        if (step > 0)
        {
            h.Append("<a id=\"previous\" href=\"/exercises/").Append(id).Append("/replay?step=").Append(step - 1).Append("\">← previous</a> ");
        }

        if (step < log.Count)
        {
            h.Append("<a id=\"next\" href=\"/exercises/").Append(id).Append("/replay?step=").Append(step + 1).Append("\">next →</a> ");
            ExerciseAction a = log[step];
            h.Append("(next: ").Append(E(a.Kind)).Append(a.Actor is null ? string.Empty : " by " + E(a.Actor)).Append(')');
        }

        h.Append("</p>");
        Messages(h, state.Messages);
        return Pages.Layout($"Replay of exercise {id}", h.ToString());
    }

    private static void Messages(StringBuilder h, IReadOnlyList<ExerciseMessage> messages)
    {
        h.Append("<table class=\"timeline\"><tr><th>step</th><th>from</th><th>to</th><th>what</th><th>package</th><th>utility</th></tr>");
        foreach (ExerciseMessage m in messages)
        {
            h.Append("<tr><td class=\"n\">").Append(m.Time).Append("</td><td>").Append(E(m.From)).Append("</td><td>").Append(E(m.To.Length == 0 ? "everyone" : m.To)).Append("</td><td>")
                .Append(E(m.Kind + (m.Note is null ? string.Empty : ": " + m.Note))).Append("</td><td>")
                .Append(E(m.Package is null ? string.Empty : string.Join(", ", m.Package.Select(kv => $"{kv.Key} {N(kv.Value)}")))).Append("</td><td>")
                .Append(E(m.Utility is null ? string.Empty : string.Join(", ", m.Utility.Select(kv => $"{kv.Key} {kv.Value:0.00}")))).Append("</td></tr>");
        }

        h.Append("</table>");
    }

    /// <summary>The exercise pages' script: it reads the page's role from <c>#exercise</c> and talks to the API.</summary>
    public const string Script = """
        const $ = id => document.getElementById(id);
        const esc = v => String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
        const say = text => { if ($('message')) $('message').textContent = text || ''; };
        async function call(method, url, body) {
          const r = await fetch(url, { method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
          if (!r.ok) { let detail = r.statusText; try { detail = (await r.json()).detail || detail; } catch (e) { } throw new Error(detail); }
          return r.status === 204 ? null : r.json();
        }
        const pkg = p => p ? Object.entries(p).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(', ') : '';
        const utils = u => u ? Object.entries(u).map(([k, v]) => `${esc(k)} ${Number(v).toFixed(2)}`).join(', ') : '';
        function messages(list) {
          return '<tr><th>step</th><th>from</th><th>to</th><th>what</th><th>package</th><th>utility</th></tr>' + list.map(m =>
            `<tr><td class="n">${m.time}</td><td>${esc(m.from)}</td><td>${esc(m.to || 'everyone')}</td><td>${esc(m.kind)}${m.note ? ': ' + esc(m.note) : ''}</td><td>${pkg(m.package)}</td><td>${utils(m.utility)}</td></tr>`).join('');
        }
        function chats(list) {
          return '<tr><th>step</th><th>from</th><th>to</th><th>text</th></tr>' + list.map(c => `<tr><td class="n">${c.time}</td><td>${esc(c.from)}</td><td>${esc(c.to)}</td><td>${esc(c.text)}</td></tr>`).join('');
        }
        function listen(id, refresh) {
          refresh();
          const source = new EventSource(`/api/exercises/${id}/events`);
          source.onmessage = () => refresh();
        }
        const root = $('exercise');
        const role = root ? root.dataset.role : (document.getElementById('join') ? 'join' : 'signin');
        if (role === 'join') {
          $('join').addEventListener('submit', async ev => {
            ev.preventDefault();
            try { const r = await call('POST', '/api/join', { code: $('code').value }); location.href = r.play; } catch (e) { say(e.message); }
          });
        } else if (role === 'signin') {
          $('signin').addEventListener('submit', async ev => {
            ev.preventDefault();
            try { await call('POST', '/api/facilitator/login', { key: $('key').value }); location.href = '/exercises'; } catch (e) { say(e.message); }
          });
        } else if (role === 'list') {
          let table = null, asked = 0;
          async function seats() {
            const q = `scenario=${encodeURIComponent($('scenario').value)}&variant=${encodeURIComponent($('variant').value || '')}`;
            const mine = ++asked;
            const answer = await call('GET', '/api/exercises/table?' + q);
            if (mine !== asked) return;   // a later choice's answer wins
            table = answer;
            if (!$('variant').options.length) $('variant').innerHTML = '<option value="">(none)</option>' + table.variants.map(v => `<option>${esc(v)}</option>`).join('');
            $('seats').innerHTML = '<tr><th>seat</th><th>played by</th><th>engine strategy</th></tr>' + table.seats.map(s =>
              `<tr><td>${esc(s.name)}</td><td><select data-actor="${esc(s.actor)}" class="who"><option value="person">a person</option><option value="engine">the engine</option></select></td>` +
              `<td><select data-actor="${esc(s.actor)}" class="strategy">${table.strategies.map(n => `<option${n === s.strategy ? ' selected' : ''}>${esc(n)}</option>`).join('')}</select></td></tr>`).join('');
            $('seats').dataset.for = $('scenario').value + '/' + ($('variant').value || '');
          }
          $('scenario').addEventListener('change', () => { $('variant').innerHTML = ''; seats(); });
          $('variant').addEventListener('change', seats);
          seats();
          $('create').addEventListener('submit', async ev => {
            ev.preventDefault();
            const body = { scenario: $('scenario').value, variant: $('variant').value, deadline: Number($('deadline').value), seed: Number($('seed').value),
              seats: [...document.querySelectorAll('select.who')].map(s => ({ actor: s.dataset.actor, person: s.value === 'person',
                strategy: s.value === 'person' ? null : document.querySelector(`select.strategy[data-actor="${s.dataset.actor}"]`).value })) };
            try {
              const r = await call('POST', '/api/exercises', body);
              $('codes').innerHTML = `<p>Exercise ${r.id} created. Give each player the code of its seat (shown once), then open <a id="facilitate-link" href="${esc(r.facilitate)}">its desk</a>.</p><table id="new-codes">` +
                Object.entries(r.codes).map(([a, c]) => `<tr><td>${esc(a)}</td><td><code data-actor="${esc(a)}">${esc(c)}</code></td></tr>`).join('') + '</table>';
            } catch (e) { say(e.message); }
          });
        } else if (role === 'facilitate') {
          const id = root.dataset.id;
          async function refresh() {
            const s = await call('GET', `/api/exercises/${id}/state`);
            $('clock').textContent = `Step ${s.time} of ${s.settings.deadline}` + (s.ended_by ? ` — ended: ${s.ended_by}` : s.paused ? ' — paused' : '') + (s.agreement ? ` — agreed: ${Object.entries(s.agreement).map(([k, v]) => k + ' ' + v).join(', ')}` : '');
            $('seats').innerHTML = '<tr><th>seat</th><th>played by</th><th>standing offer</th><th>answer</th><th></th></tr>' + s.seats.map(x =>
              `<tr><td>${esc(x.name)}</td><td>${x.person ? 'a person' : 'the engine (' + esc(x.strategy) + ')'}</td><td>${pkg(x.offer)}</td><td>${esc(x.answer || '')}</td><td>` +
              (x.person ? `<button data-seat="${esc(x.actor)}" class="code">new code</button> <button data-seat="${esc(x.actor)}" class="revoke">revoke</button> <button data-seat="${esc(x.actor)}" class="engine">to the engine</button>`
                        : `<button data-seat="${esc(x.actor)}" class="person">to a person</button>`) + '</td></tr>').join('');
            $('messages').innerHTML = messages(s.messages);
            $('chats').innerHTML = chats(s.chats);
          }
          const act = (path, body) => call('POST', `/api/exercises/${id}/${path}`, body).then(r => { say(''); if (r && r.code) $('codes').innerHTML = `<p>New code for ${esc(r.actor)}: <code id="new-code">${esc(r.code)}</code></p>`; return refresh(); }).catch(e => say(e.message));
          $('advance').addEventListener('click', () => act('advance'));
          $('pause').addEventListener('click', () => act('pause'));
          $('resume').addEventListener('click', () => act('resume'));
          $('end').addEventListener('click', () => act('end'));
          $('set-timer').addEventListener('click', () => act('timer', { seconds: Number($('timer').value) }));
          $('seats').addEventListener('click', ev => {
            const b = ev.target.closest('button'); if (!b) return;
            const seat = encodeURIComponent(b.dataset.seat);
            if (b.classList.contains('code')) act(`seats/${seat}/code`);
            if (b.classList.contains('revoke')) act(`seats/${seat}/revoke`);
            if (b.classList.contains('engine')) act(`seats/${seat}/assign`, { person: false });
            if (b.classList.contains('person')) act(`seats/${seat}/assign`, { person: true });
          });
          listen(id, () => refresh().catch(e => say(e.message)));
        } else if (role === 'play') {
          const id = root.dataset.id;
          let shown = false;
          async function refresh() {
            const v = await call('GET', `/api/exercises/${id}/view`);
            $('clock').textContent = `Step ${v.time} of ${v.deadline}` + (v.paused ? ' — paused by the facilitator' : '') + ` — your alternative to agreement is worth ${Number(v.alternative).toFixed(2)} to you`;
            $('outcome').textContent = v.ended_by ? `The talks have ended: ${v.ended_by}` + (v.agreement ? ` — agreed: ${Object.entries(v.agreement).map(([k, x]) => k + ' ' + x).join(', ')}, worth ${Number(v.agreement_utility).toFixed(2)} to you` : '') : '';
            $('messages').innerHTML = messages(v.messages.slice().reverse());
            $('chats').innerHTML = chats(v.chats);
            if (!shown) {
              $('offer').innerHTML = '<tr><th>issue</th><th>you offer</th></tr>' + v.issues.map(i => `<tr><td>${esc(i.name)}</td><td><select data-issue="${esc(i.id)}" class="level">` +
                i.levels.map(l => `<option value="${l.value}" data-worth="${l.worth}"${v.offer[i.id] === l.value ? ' selected' : ''}>${esc(l.value)}: ${esc(l.reading)}</option>`).join('') + '</select></td></tr>').join('');
              const worth = () => {
                let u = 0; document.querySelectorAll('select.level').forEach(s => u += Number(s.selectedOptions[0].dataset.worth));
                $('worth').textContent = `This package is worth ${u.toFixed(2)} to you (your alternative: ${Number(v.alternative).toFixed(2)}).`;
              };
              $('offer').addEventListener('change', worth);
              worth();
              if (!v.proposes) {
                // in a mediated protocol the mediator drafts the text: a party answers it, and can write to the mediator
                $('how').textContent = 'In this protocol the mediator drafts the text: set your answer to it before the clock moves on, and tell the mediator what you need in a private message. The package below only shows what a text would be worth to you.';
              }
              $('to').innerHTML = v.channels.map(c => `<option>${esc(c)}</option>`).join('');
              $('answer-' + (v.answer === 'accept' ? 'accept' : 'reject')).checked = true;
              shown = true;
            }
          }
          $('move').addEventListener('submit', async ev => {
            ev.preventDefault();
            const offer = {}; document.querySelectorAll('select.level').forEach(s => offer[s.dataset.issue] = Number(s.value));
            const answer = $('answer-accept').checked ? 'accept' : 'reject';
            try { await call('POST', `/api/exercises/${id}/move`, { offer, answer }); say('Your move is set.'); } catch (e) { say(e.message); }
          });
          $('chat').addEventListener('submit', async ev => {
            ev.preventDefault();
            try { await call('POST', `/api/exercises/${id}/chat`, { to: $('to').value, text: $('text').value }); $('text').value = ''; } catch (e) { say(e.message); }
          });
          listen(id, () => refresh().catch(e => say(e.message)));
        }
        // the page's handlers are in place (a browser test waits for this before it types or clicks)
        document.body.dataset.ready = 'true';
        """;
}
