using System.Globalization;
using System.Text;
using Parley.Core.Analyses;
using static Parley.Reporting.Display;

namespace Parley.Reporting.Exporters;

/// <summary>
/// A Markdown brief of the result: the provenance line, then each section as a table with numbers rounded for reading
/// (the JSON and CSV exports keep full precision).
/// </summary>
public sealed class MarkdownExporter : IResultExporter
{
    /// <inheritdoc/>
    public string Name => "markdown";

    /// <inheritdoc/>
    public IReadOnlyList<ExportFile> Export(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReportSections r = ReportSections.Of(input.Result);
        if (r.Brief is { } brief)
        {
            // a brief is its own document: the same parts as every other format lays out
            return [new ExportFile(Exporters.Stem(input.Result) + ".md", BriefDocument.Markdown(brief, Meta(input, r)))];
        }

        var md = new StringBuilder();
        md.Append("# ").Append(Esc(r.Name)).Append("\n\n");
        md.Append("> ").Append(Esc(r.Note ?? "Note: these numbers come from the scenario's inputs; check its sources before relying on them.")).Append("\n\n");
        md.Append('_').Append(Esc(Meta(input, r))).Append("_\n");
        if (r.Forecast is { Models.Count: > 0 } f)
        {
            Heading(md, "Where the talks land");
            md.Append(f.Models[0].Issues.Count > 0 && f.Models[0].Issues[0].Median is not null ? "Median over the draws [10th–90th percentile].\n\n" : "On the central inputs.\n\n");
            Table(md, ["issue", .. f.Models.Select(m => m.Name)], f.Models[0].Issues.Select((issue, i) =>
                (IReadOnlyList<string>)[issue.Name, .. f.Models.Select(m => m.Issues[i].Median is double med ? $"{F(med)} [{F(m.Issues[i].P10)}–{F(m.Issues[i].P90)}]" : F(m.Issues[i].Central))]));
        }

        if (r.Deal is { } d)
        {
            Heading(md, "Which deals are possible");
            md.Append(string.Create(CultureInfo.InvariantCulture, $"{d.ZoneSize:N0} of {d.Packages:N0} packages are acceptable to every actor who signs ({d.WithinRedLines:N0} within their red lines).\n\n"));
            if (d.Seating is not null)
            {
                md.Append("Who must accept the deal, ").Append(d.Seating).Append("\n\n");
            }

            foreach (Objection o in d.Objections ?? [])
            {
                md.Append("- ").Append(o.Text).Append(".\n");
            }

            if (d.Objections is { Count: > 0 })
            {
                md.Append('\n');
            }
            if (d.Solutions.Count > 0)
            {
                IReadOnlyList<string> issues = [.. d.Solutions[0].Package.Keys];
                Table(md, ["solution", .. issues], d.Solutions.Select(s => (IReadOnlyList<string>)[s.Name, .. issues.Select(i => F(s.Package[i].Value))]));
                md.Append("The Nash package in words: ").Append(Esc(string.Join("; ", d.Solutions[0].Package.Select(kv => $"{kv.Key} {kv.Value.Reading}")))).Append(".\n");
            }
        }

        if (r.Simulation is { } sim)
        {
            Heading(md, "One simulated negotiation");
            md.Append(Esc($"{sim.Protocol}, deadline {sim.Deadline}: ended by {sim.EndedBy} at t = {sim.Time}."));
            if (sim.Agreement is { } agreed)
            {
                md.Append(Esc(" Agreed terms: " + string.Join("; ", agreed.Select(kv => $"{kv.Key} {F(kv.Value)}")) + "."));
            }

            md.Append("\n\n");
            if (sim.Events is { Count: > 0 } events)
            {
                Table(md, ["t", "event", "what it changed"], events.Select(e => (IReadOnlyList<string>)[e.Time.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Name, e.Effect]));
            }

            Table(md, ["party", "utility", "discounted", "no-deal value then"], sim.Parties.Select(kv => (IReadOnlyList<string>)[kv.Key, U(kv.Value.Utility), U(kv.Value.Discounted), U(kv.Value.Reservation)]));
        }

        if (r.Negotiation is { } n)
        {
            Heading(md, "The negotiation over the uncertain inputs");
            md.Append(Esc($"{n.Protocol}, {n.Draws} runs: agreement in {P(n.AgreementProbability)}; time to agreement (10th/median/90th) {F(n.Time.P10)} / {F(n.Time.Median)} / {F(n.Time.P90)}.")).Append("\n\n");
            Table(md, ["issue", "10th", "median", "90th"], n.Terms.Select(kv => (IReadOnlyList<string>)[kv.Key, F(kv.Value.P10), F(kv.Value.Median), F(kv.Value.P90)]));
            if (NegotiationAnalysis.EventRunsText(n) is string fired)
            {
                md.Append(Esc(fired)).Append("\n\n");
            }
        }

        if (r.Processes is { Runs.Count: > 0 } p)
        {
            Heading(md, "Process choices side by side");
            Table(md, ["run", "deal?", "t", .. p.Runs[0].Parties.Keys], p.Runs.Select(run => (IReadOnlyList<string>)[run.Run, run.Agreement is null ? "no" : "yes", run.Time.ToString(CultureInfo.InvariantCulture), .. run.Parties.Values.Select(o => U(o.Utility))]));
        }

        if (r.Durability is { } runs)
        {
            Heading(md, "Will the deal hold?");
            Table(md, ["run", "1 year", "2 years", "5 years", "commitment gap", "UCDP, same terms and history, 5 years"], runs.Select(x =>
                (IReadOnlyList<string>)[x.Run ?? x.Solution, P(At(x.Holding, "1y")), P(At(x.Holding, "2y")), P(At(x.Holding, "5y")), x.CommitmentGap ? "yes" : "no", P(At(x.Empirical, "5y"))]));
            md.Append("Share of power paths on which the deal still holds (strategic model); the UCDP column is the empirical model, fitted on real agreements, mostly civil wars.\n");
        }

        if (r.WhatIf is { Runs.Count: > 0 } w)
        {
            Heading(md, "What if: the variants side by side");
            IReadOnlyList<string> metrics = [.. w.Runs.First().Value.Keys];
            Table(md, ["", .. w.Runs.Keys], metrics.Select(m => (IReadOnlyList<string>)[m, .. w.Runs.Values.Select(run => run.TryGetValue(m, out string? v) ? v : "-")]));
        }

        if (r.Dashboard is { } dash)
        {
            Heading(md, "The base case and the what-if case");
            md.Append(Esc("Changes: " + (dash.Changes.Count == 0 ? "none" : string.Join("; ", dash.Changes.Select(c => $"{c.Actor} on {c.Issue}" + (c.Position is double pos ? $" position {F(pos)}" : string.Empty) + (c.Salience is double sal ? $" salience {F(sal)}" : string.Empty)))))).Append(".\n\n");
            Table(md, ["issue", .. dash.Models.SelectMany(m => new[] { m + " base", m + " what-if" }), "Nash base", "Nash what-if"], dash.Issues.Select(i =>
                (IReadOnlyList<string>)[i.Name, .. dash.Models.SelectMany(m => new[] { dash.Base, dash.Whatif }.Select(c => F(Value(c, m, i.Id)))), F(At(dash.Base.Nash, i.Id)), F(At(dash.Whatif.Nash, i.Id))]));
        }

        if (r.Validation is { } v)
        {
            Heading(md, "Empirical durability model: held-out check");
            string cv = v.GroupedCv is { } g
                ? string.Create(CultureInfo.InvariantCulture, $" Cross-validated, folds by conflict: {g.Concordance:0.000} [{g.Interval[0]:0.000}–{g.Interval[1]:0.000}]") +
                    (v.GroupedCvProvisionsOnly is { } po ? string.Create(CultureInfo.InvariantCulture, $" (provisions alone {po.Concordance:0.000}).") : ".")
                : string.Empty;
            md.Append(Esc(string.Create(CultureInfo.InvariantCulture, $"Fitted on {v.Train.Agreements} agreements signed {v.Train.SignedYears}; checked on {v.Test.Agreements} signed {v.Test.SignedYears}. Concordance {v.Concordance:0.000} [95% bootstrap {v.ConcordanceInterval[0]:0.000}–{v.ConcordanceInterval[1]:0.000}].") + cv)).Append("\n\n");
            Table(md, ["covariate", "hazard ratio", "95% interval"], v.HazardRatios.Select(kv => (IReadOnlyList<string>)[kv.Key, U(kv.Value.Ratio), $"{U(kv.Value.Low)}–{U(kv.Value.High)}"]));
            md.Append(Esc(v.Data)).Append('\n');
        }

        if (r.Register is { } reg)
        {
            Heading(md, "The evidence behind each number");
            Table(md, ["rank", "input", "value", "evidence"], reg.Inputs.Where(x => x.Quotes.Count > 0 || x.SensitivityRank is <= SourcesAnalysis.TopRanked).OrderBy(x => x.SensitivityRank ?? int.MaxValue).Select(x =>
                (IReadOnlyList<string>)[x.SensitivityRank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", x.Path, x.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                    x.Quotes.Count > 0 ? string.Join(" ", x.Quotes.Select(q => $"{q.Source}: \"{q.Quote}\"")) : "no quote" + (x.Estimate ? " (estimate)" : string.Empty)]));
        }

        if (r.Backtest is { } b)
        {
            Heading(md, "How well each model has done");
            Table(md, ["model", "out-of-sample error", "in 50/80/90%", "in-sample error", "in 50/80/90%"], b.Models.Select(m =>
                (IReadOnlyList<string>)[m.Title, m.OutOfSample is { } o ? BacktestAnalysis.ErrorText(o) : "-", m.OutOfSample is { } o2 ? BacktestAnalysis.CoverageText(o2) : "-",
                    m.InSample is { } i ? BacktestAnalysis.ErrorText(i) : "-", m.InSample is { } i2 ? BacktestAnalysis.CoverageText(i2) : "-"]));
            Table(md, ["case", "sample", "decided", "outcome reported by"], b.Cases.Select(c =>
                (IReadOnlyList<string>)[c.Name, (c.InSample ? "in-sample: " : "out-of-sample: ") + c.SampleReason, c.Decided, c.Source.Title + (c.Source.Date is string d ? ", " + d : string.Empty)]));
            Table(md, ["case", "issue", "outcome", .. b.Models.Select(m => m.Model + ": median [80%]")], b.Cases.SelectMany(c => c.Issues.Select(i =>
                (IReadOnlyList<string>)[c.Name, i.Issue, i.OutcomeText, .. i.Forecasts.Select(f => $"{i.Say(f.Median)} [{i.Say(f.P10)}–{i.Say(f.P90)}]")])));
            md.Append("Error: mean |median − outcome| with each issue's scale as 0–100, [5–95% over a bootstrap of cases]; in 50/80/90%: outcomes inside the central intervals of the draws. A scenario without ranges gives point intervals, which hold an outcome only when they hit it.\n");
        }

        if (r.Experiment is { } x)
        {
            Heading(md, "The analyses' claims as experiments");
            md.Append(ClaimsTable.Markdown(x)).Append('\n');
            Table(md, ["claim", "parameter", "at", "effect [80%]", "verdict"], x.Claims.SelectMany(c => c.Robustness.Select(v =>
                (IReadOnlyList<string>)[c.Id, v.Parameter, $"{v.End} end, {v.Value.ToString("0.####", CultureInfo.InvariantCulture)}", ClaimText.Interval(v.Effect, c.Measure), v.Verdict])));
            md.Append(Esc(x.Method)).Append('\n');
        }

        if (r.Tournament is { } tour)
        {
            Heading(md, "Which strategy does best at this table");
            md.Append(Esc(string.Create(CultureInfo.InvariantCulture, $"{tour.Runs:N0} sessions: {tour.Field} at the table {string.Join(", ", tour.Seats)}, on {string.Join(", ", tour.Protocols)}, {tour.Seeds} seed(s) from {tour.Seed}."))).Append("\n\n");
            Table(md, ["rank [80%]", "strategy", "agreements [90%]", "utility", "gain", "welfare lost", "Nash product lost"], tour.Entries.Select(e =>
                (IReadOnlyList<string>)[TournamentText.Rank(e), e.Strategy, TournamentText.Agreements(e), U(e.Utility), U(e.Gain), TournamentText.Loss(e.WelfareLoss, "0.000"), TournamentText.Loss(e.NashLoss, "0.0000")]));
            md.Append(Esc(TournamentText.Legend)).Append('\n');
        }

        if (r.Sensitivity is { } s)
        {
            Heading(md, "Which inputs matter");
            Table(md, ["input", "range", "forecast moves", "through", "holds 5 years"], s.Swings.Select(x =>
                (IReadOnlyList<string>)[x.Input, $"{F(x.Low)}–{F(x.High)}", $"{F(x.ForecastSwing)} ({x.Issue})", x.Link, x.Holds5yLow is double lo ? $"{P(lo)}–{P(x.Holds5yHigh)}" : "-"]));
        }

        if (r.Skipped.Count > 0)
        {
            Heading(md, "Not in this report");
            foreach ((string key, string reason) in r.Skipped)
            {
                md.Append("- **").Append(Esc(key)).Append("**: ").Append(Esc(reason)).Append('\n');
            }
        }

        return [new ExportFile(Exporters.Stem(input.Result) + ".md", md.ToString())];
    }

    /// <summary>How the run was made, in one line: its id, command line, seed and draws.</summary>
    private static string Meta(ReportInput input, ReportSections r) =>
        (input.RunId is long id ? $"Run {id} · " : string.Empty) + "parley " + string.Join(' ', input.Args)
        + (r.Seed is ulong seed ? " · seed " + seed.ToString(CultureInfo.InvariantCulture) : string.Empty)
        + (r.Draws is long draws ? " · " + draws.ToString(CultureInfo.InvariantCulture) + " draws" : string.Empty);

    private static void Heading(StringBuilder md, string title) => md.Append("\n## ").Append(title).Append("\n\n");

    private static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Append("| ").AppendJoin(" | ", header.Select(Esc)).Append(" |\n|").AppendJoin("|", header.Select((_, k) => k == 0 ? " --- " : " ---: ")).Append("|\n");
        foreach (IReadOnlyList<string> row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Esc)).Append(" |\n");
        }

        md.Append('\n');
    }

    private static double? Value(WhatIfCase c, string model, string issue) =>
        c.Forecast.TryGetValue(model, out IReadOnlyDictionary<string, WhatIfForecast>? byIssue) && byIssue.TryGetValue(issue, out WhatIfForecast? f) ? f.Median ?? f.Central : null;

    /// <summary>Text safe in a Markdown table cell or paragraph.</summary>
    internal static string Esc(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
