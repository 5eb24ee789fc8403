using System.Globalization;
using System.Text;
using Parley.Core.Analyses;

namespace Parley.Reporting.Exporters;

/// <summary>
/// Tidy CSV tables, one file per section of the result (forecast.csv, deal-solutions.csv, durability.csv, …): one row per
/// observation, numbers at full precision, invariant culture, RFC 4180 quoting.
/// </summary>
public sealed class CsvExporter : IResultExporter
{
    /// <inheritdoc/>
    public string Name => "csv";

    /// <inheritdoc/>
    public IReadOnlyList<ExportFile> Export(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReportSections r = ReportSections.Of(input.Result);
        var files = new List<ExportFile>();
        void Table(string name, string header, IEnumerable<object?[]> rows)
        {
            var sb = new StringBuilder(header).Append('\n');
            foreach (object?[] row in rows)
            {
                sb.AppendJoin(',', row.Select(Cell)).Append('\n');
            }

            files.Add(new ExportFile(name, sb.ToString()));
        }

        if (r.Forecast is { } f)
        {
            Table("forecast.csv", "model,issue,central,median,p10,p90,mean",
                f.Models.SelectMany(m => m.Issues.Select(i => new object?[] { m.Name, i.Id, i.Central, i.Median, i.P10, i.P90, i.Mean })));
        }

        if (r.Deal is { } d)
        {
            Table("deal-solutions.csv", "solution,issue,value,reading", d.Solutions.SelectMany(s => s.Package.Select(kv => new object?[] { s.Name, kv.Key, kv.Value.Value, kv.Value.Reading })));
            Table("deal-utilities.csv", "solution,party,utility,gain", d.Solutions.SelectMany(s => s.Utility.Select(kv => new object?[] { s.Name, kv.Key, kv.Value, s.Gain[kv.Key] })));
            Table("deal-zone.csv", "issue,min,max", d.ZoneRanges.Select(z => new object?[] { z.Issue, z.Min, z.Max }));
            Table("deal-reservation.csv", "party,value,basis", d.Reservation.Select(kv => new object?[] { kv.Key, kv.Value.Value, kv.Value.Basis }));
        }

        if (r.Simulation is { } sim)
        {
            files.Add(new ExportFile("simulation-transcript.csv", TranscriptCsv.Write(sim)));
            Table("simulation-outcome.csv", "party,utility,discounted,reservation", sim.Parties.Select(kv => new object?[] { kv.Key, kv.Value.Utility, kv.Value.Discounted, kv.Value.Reservation }));
        }

        if (r.Negotiation is { } n)
        {
            var rows = new List<object?[]> { new object?[] { "agreement", n.AgreementProbability, null, null, null }, new object?[] { "time", null, n.Time.P10, n.Time.Median, n.Time.P90 } };
            rows.AddRange(n.Terms.Select(kv => new object?[] { "terms." + kv.Key, null, kv.Value.P10, kv.Value.Median, kv.Value.P90 }));
            rows.AddRange(n.MeanUtility.Select(kv => new object?[] { "utility." + kv.Key, kv.Value, null, null, null }));
            rows.AddRange((n.EventRuns ?? new Dictionary<string, long>()).Select(kv => new object?[] { "event." + kv.Key, (double)kv.Value / Math.Max(1, n.Draws), null, null, null }));
            Table("negotiation.csv", "quantity,share_or_mean,p10,median,p90", rows);
        }

        if (r.Processes is { } p)
        {
            Table("processes.csv", "run,ended_by,time,party,utility,discounted,reservation",
                p.Runs.SelectMany(run => run.Parties.Select(kv => new object?[] { run.Run, run.EndedBy, run.Time, kv.Key, kv.Value.Utility, kv.Value.Discounted, kv.Value.Reservation })));
        }

        if (r.Durability is { } runs)
        {
            Table("durability.csv", "run,after,holding,empirical",
                runs.SelectMany(run => run.Holding.Select(kv => new object?[] { run.Run ?? run.Solution, kv.Key, kv.Value, run.Empirical is not null && run.Empirical.TryGetValue(kv.Key, out double e) ? e : null })));
            Table("durability-curve.csv", "run,step,years,holding",
                runs.SelectMany(run => run.Curve.Select((h, k) => new object?[] { run.Run ?? run.Solution, k, (double)k / run.StepsPerYear, h })));
        }

        if (r.WhatIf is { } w)
        {
            Table("whatif.csv", "metric,run,value", w.Runs.SelectMany(run => run.Value.Select(kv => new object?[] { kv.Key, run.Key, kv.Value })));
        }

        if (r.Dashboard is { } dash)
        {
            Table("whatif-forecast.csv", "case,model,issue,central,median,p10,p90",
                new[] { ("base", dash.Base), ("what-if", dash.Whatif) }.SelectMany(c => c.Item2.Forecast.SelectMany(m => m.Value.Select(i => new object?[] { c.Item1, m.Key, i.Key, i.Value.Central, i.Value.Median, i.Value.P10, i.Value.P90 }))));
            Table("whatif-nash.csv", "case,issue,level",
                new[] { ("base", dash.Base), ("what-if", dash.Whatif) }.SelectMany(c => (c.Item2.Nash ?? new Dictionary<string, double>()).Select(kv => new object?[] { c.Item1, kv.Key, kv.Value })));
        }

        if (r.Validation is { } v)
        {
            var rows = new List<object?[]> { new object?[] { "concordance", v.Concordance, v.ConcordanceInterval[0], v.ConcordanceInterval[1] } };
            if (v.GroupedCv is { } g)
            {
                rows.Add(["grouped_cv", g.Concordance, g.Interval[0], g.Interval[1]]);
            }

            if (v.GroupedCvProvisionsOnly is { } po)
            {
                rows.Add(["grouped_cv_provisions_only", po.Concordance, po.Interval[0], po.Interval[1]]);
            }

            rows.AddRange(v.Calibration.SelectMany(c => new[] { new object?[] { $"observed_km.{N(c.Years)}y", c.ObservedKm, null, null }, new object?[] { $"predicted.{N(c.Years)}y", c.Predicted, null, null } }));
            rows.AddRange(v.HazardRatios.Select(kv => new object?[] { "hazard_ratio." + kv.Key, kv.Value.Ratio, kv.Value.Low, kv.Value.High }));
            Table("validation.csv", "measure,value,low,high", rows);
        }

        if (r.Register is { } reg)
        {
            Table("sources.csv", "path,value,low,high,estimate,sources,quote_sources,quotes,sensitivity_rank", reg.Inputs.Select(x => new object?[]
            {
                x.Path, x.Value, x.Range?[0], x.Range?[1], x.Estimate, string.Join(' ', x.Sources), string.Join(' ', x.Quotes.Select(q => q.Source)), string.Join(" | ", x.Quotes.Select(q => q.Quote)), x.SensitivityRank,
            }));
        }

        if (r.Experiment is { } x)
        {
            Table("claims.csv", "claim,measure,expect,mechanism,parameter,value,pairs,setting_mean,counter_mean,effect,effect_p10,effect_p90,verdict", x.Claims.SelectMany(c =>
                new[] { new object?[] { c.Id, c.Measure, c.Expect, string.Join(' ', c.Mechanism), null, null, c.Pairs, c.SettingMean, c.CounterMean, c.Effect.Median, c.Effect.Interval[0], c.Effect.Interval[1], c.Verdict } }
                    .Concat(c.Robustness.Select(v => new object?[] { c.Id, c.Measure, c.Expect, string.Join(' ', c.Mechanism), v.Parameter, v.Value, null, null, null, v.Effect.Median, v.Effect.Interval[0], v.Effect.Interval[1], v.Verdict }))));
        }

        if (r.Backtest is { } b)
        {
            Table("backtest-cases.csv", "case,in_sample,decided,issue,outcome,span,model,median,p10,p90,error,scaled_error,in_50,in_80,in_90", b.Cases.SelectMany(c => c.Issues.SelectMany(i => i.Forecasts.Select(f => new object?[]
            {
                c.Name, c.InSample, c.Decided, i.Issue, i.Outcome, i.Span, f.Model, f.Median, f.P10, f.P90, f.Error, f.ScaledError, f.Inside.Contains(50), f.Inside.Contains(80), f.Inside.Contains(90),
            }))));
            Table("backtest-models.csv", "model,sample,n,cases,mean_absolute_error,error_low,error_high,coverage_50,coverage_80,coverage_90", b.Models.SelectMany(m =>
                new[] { ("in", m.InSample), ("out", m.OutOfSample) }.Where(x => x.Item2 is not null).Select(x => new object?[]
                {
                    m.Model, x.Item1, x.Item2!.N, x.Item2.Cases, x.Item2.MeanAbsoluteError, x.Item2.ErrorInterval?[0], x.Item2.ErrorInterval?[1], x.Item2.Calibration[0].Coverage, x.Item2.Calibration[1].Coverage, x.Item2.Calibration[2].Coverage,
                })));
        }

        if (r.Sensitivity is { } s)
        {
            Table("sensitivity.csv", "input,low,high,forecast_swing,issue,link,holds_5y_low,holds_5y_high", s.Swings.Select(x => new object?[] { x.Input, x.Low, x.High, x.ForecastSwing, x.Issue, x.Link, x.Holds5yLow, x.Holds5yHigh }));
        }

        if (r.Tournament is { } tour)
        {
            Table("tournament.csv", "strategy,runs,agreement_rate,agreement_low,agreement_high,utility,gain,welfare_loss,nash_loss,rank,rank_p10,rank_p90", tour.Entries.Select(e => new object?[]
            {
                e.Strategy, e.Runs, e.AgreementRate, e.AgreementInterval[0], e.AgreementInterval[1], e.Utility, e.Gain, e.WelfareLoss, e.NashLoss, e.Rank, e.RankRange[0], e.RankRange[1],
            }));
        }

        if (r.Brief is { } brief)
        {
            // every table of the brief's document, one file each (the numbers as the brief shows them)
            foreach (BriefSection section in BriefDocument.Sections(brief))
            {
                int count = 0;
                foreach (BriefTable t in section.Parts.OfType<BriefTable>())
                {
                    string header = string.Join(',', t.Header.Select(CsvText.Cell));
                    Table($"brief-{section.Id}{(count++ == 0 ? string.Empty : "-" + count.ToString(CultureInfo.InvariantCulture))}.csv", header, t.Rows.Select(row => row.Cast<object?>().ToArray()));
                }
            }
        }

        if (r.Skipped.Count > 0)
        {
            Table("skipped.csv", "section,reason", r.Skipped.Select(kv => new object?[] { kv.Key, kv.Value }));
        }

        return files;
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Cell(object? v) => v switch
    {
        null => string.Empty,
        double d => N(d),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        string s => CsvText.Cell(s),
        _ => CsvText.Cell(v.ToString()),
    };
}
