using System.Globalization;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Randomness;

namespace Parley.Core.Analyses;

/// <summary>Score the forecast models against known outcomes: the request.</summary>
public sealed record BacktestRequest : AnalysisRequest
{
    /// <summary>Outcome files or folders of them (see <see cref="BacktestCases.Load"/>).</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];

    /// <summary>Monte Carlo draws per case (the intervals come from them).</summary>
    public long Draws { get; init; } = 1000;

    /// <summary>The run's seed (each case's draws, and the bootstrap over cases).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads (null: all cores; the result does not depend on it).</summary>
    public int? Threads { get; init; }

    /// <inheritdoc/>
    public override bool NeedsScenario => false;
}

/// <summary>How the forecast models did against known outcomes.</summary>
/// <param name="Draws">Draws per case.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Cases">Per case.</param>
/// <param name="Models">Per model, in-sample and out-of-sample apart.</param>
/// <param name="SkippedIssues">Issues of the cases' scenarios without a known outcome, or that no model forecasts.</param>
/// <param name="Method">How the scores are computed, in words.</param>
public sealed record BacktestOutcome(
    long Draws,
    ulong Seed,
    IReadOnlyList<CaseScore> Cases,
    IReadOnlyList<ModelScore> Models,
    int SkippedIssues,
    string Method) : AnalysisResult;

/// <summary>One case's scores.</summary>
/// <param name="Name">The case.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioFile">The scenario's file.</param>
/// <param name="OutcomeFile">The outcome file.</param>
/// <param name="Decided">When the outcome was decided.</param>
/// <param name="Source">Who reported it.</param>
/// <param name="InSample">In-sample (coded, or possibly coded, knowing the outcome).</param>
/// <param name="SampleReason">Why.</param>
/// <param name="Note">The outcome file's note.</param>
/// <param name="Issues">Per issue with a known outcome that the models forecast.</param>
/// <param name="Skipped">Issues skipped, each with the reason.</param>
public sealed record CaseScore(
    string Name,
    string Scenario,
    string ScenarioFile,
    string OutcomeFile,
    string Decided,
    OutcomeSource Source,
    bool InSample,
    string SampleReason,
    string? Note,
    IReadOnlyList<IssueScore> Issues,
    IReadOnlyDictionary<string, string> Skipped);

/// <summary>One issue of one case: the outcome and each model's forecast of it.</summary>
/// <param name="Issue">The issue id.</param>
/// <param name="Outcome">The outcome on the issue's scale (discrete: the option's index).</param>
/// <param name="OutcomeText">The outcome as written.</param>
/// <param name="Span">The scale's span (max − min; discrete: options − 1) that rescales errors to 0–100.</param>
/// <param name="Note">How the outcome was read.</param>
/// <param name="Forecasts">Per model.</param>
/// <param name="Options">A discrete issue's options (its values are their indices), else null.</param>
public sealed record IssueScore(string Issue, double Outcome, string OutcomeText, double Span, string? Note, IReadOnlyList<ModelIssueScore> Forecasts,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options = null)
{
    /// <summary>A value on the issue's scale for people: one decimal; for a discrete issue also the nearest option.</summary>
    /// <param name="v">The value.</param>
    public string Say(double v)
    {
        string n = v.ToString("0.#", CultureInfo.InvariantCulture);
        return Options is { Count: > 0 } o ? $"{n} ({o[Math.Clamp((int)Math.Round(v), 0, o.Count - 1)]})" : n;
    }
}

/// <summary>One model's forecast of one issue, against the outcome.</summary>
/// <param name="Model">The model.</param>
/// <param name="Median">Median over the draws.</param>
/// <param name="P10">10th percentile (the 80% interval's lower end).</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Error">|median − outcome| on the issue's scale.</param>
/// <param name="ScaledError">The error on 0–100 (the scale's span = 100).</param>
/// <param name="Inside">Which central intervals hold the outcome: 50, 80, 90.</param>
public sealed record ModelIssueScore(string Model, double Median, double P10, double P90, double Error, double ScaledError, IReadOnlyList<int> Inside);

/// <summary>One model's scores over the cases, in-sample and out-of-sample apart.</summary>
/// <param name="Model">Short name.</param>
/// <param name="Title">Display name.</param>
/// <param name="InSample">Over in-sample cases (null when there are none).</param>
/// <param name="OutOfSample">Over out-of-sample cases (null when there are none).</param>
public sealed record ModelScore(string Model, string Title, SampleScore? InSample, SampleScore? OutOfSample);

/// <summary>Scores over one group of cases.</summary>
/// <param name="N">Issue outcomes scored.</param>
/// <param name="Cases">Cases they come from.</param>
/// <param name="MeanAbsoluteError">Mean error on 0–100.</param>
/// <param name="ErrorInterval">5th–95th percentile of the mean error over a bootstrap that resamples cases (null with one case).</param>
/// <param name="Coverage80">Share of outcomes inside the 80% interval.</param>
/// <param name="Calibration">Coverage of the 50%, 80% and 90% intervals.</param>
public sealed record SampleScore(int N, int Cases, double MeanAbsoluteError, IReadOnlyList<double>? ErrorInterval,
    [property: System.Text.Json.Serialization.JsonPropertyName("coverage_80")] double Coverage80, IReadOnlyList<CalibrationRow> Calibration);

/// <summary>How often one central interval held the outcome.</summary>
/// <param name="Level">The interval's nominal coverage, in percent.</param>
/// <param name="Inside">Outcomes inside it.</param>
/// <param name="N">Outcomes.</param>
/// <param name="Coverage">Inside / N.</param>
public sealed record CalibrationRow(int Level, int Inside, int N, double Coverage);

/// <summary>Scores every forecast model against known outcomes (the backtest).</summary>
public static class BacktestAnalysis
{
    /// <summary>The fewest draws a backtest takes (its intervals come from them).</summary>
    public const long MinDraws = 100;

    /// <summary>Bootstrap resamples of cases behind each mean error's interval.</summary>
    public const int Resamples = 2000;

    /// <summary>The central intervals scored, in percent.</summary>
    public static IReadOnlyList<int> Levels { get; } = [50, 80, 90];

    /// <summary>How the scores are computed (the result repeats it).</summary>
    public const string MethodText =
        "Each case's scenario is forecast over --draws Monte Carlo draws of its uncertain inputs; per issue with a known outcome, the error is " +
        "|median - outcome| on the issue's own scale and, rescaled so the scale's span is 100 (discrete issues: distance in options over " +
        "their span), averaged per model; coverage is the share of outcomes inside the central 50%, 80% and 90% intervals of the draws. " +
        "In-sample cases (coded, or possibly coded, knowing the outcome) and out-of-sample cases are scored apart; the interval of a mean " +
        "error is the 5th-95th percentile over a bootstrap that resamples cases. An outcome within one histogram bin (0.1% of the scale) of an interval counts as inside it.";

    /// <summary>Loads the request's cases from disk and scores them.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<BacktestOutcome> Run(BacktestRequest request, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cases.Count == 0)
        {
            return AnalysisOutcome<BacktestOutcome>.Refuse("no cases given", "give outcome files (NAME.outcome.yaml) or a folder of them, such as backtests/");
        }

        BacktestLoad load = BacktestCases.Load(request.Cases);
        return load.Succeeded ? Run(request, load.Cases, context) : AnalysisOutcome<BacktestOutcome>.Fail([.. load.Diagnostics.Where(d => d.Severity == Scenarios.Severity.Error)]);
    }

    /// <summary>Scores cases already loaded.</summary>
    /// <param name="request">Draws, seed, threads (its paths are not read).</param>
    /// <param name="cases">The cases.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<BacktestOutcome> Run(BacktestRequest request, IReadOnlyList<BacktestCase> cases, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cases);
        context ??= AnalysisContext.None;
        if (Limits.Draws(request.Draws) is string tooMany)
        {
            return AnalysisOutcome<BacktestOutcome>.Refuse(tooMany);
        }

        if (request.Draws < MinDraws)
        {
            return AnalysisOutcome<BacktestOutcome>.Refuse($"--draws {request.Draws} is too few for a backtest", $"its intervals come from the draws: give --draws {MinDraws} or more (default 1,000)");
        }

        Action<long>? progress = context.Reporter("backtest", cases.Count);
        var scores = new List<CaseScore>(cases.Count);
        int skipped = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            BacktestCase bc = cases[c];
            IReadOnlyList<ModelDistribution>? distributions = null;
            var forecastRequest = new ForecastRequest { Draws = request.Draws, Seed = request.Seed, Threads = request.Threads, Trajectories = false };
            AnalysisOutcome<ForecastOutcome> forecast = ForecastAnalysis.Run(forecastRequest, bc.Scenario, bc.ScenarioFile, context with { Progress = null }, d => distributions = d);
            if (forecast.Result is not { } f || distributions is null)
            {
                return AnalysisOutcome<BacktestOutcome>.Fail([.. forecast.Problems]);
            }

            CaseScore score = Score(bc, f, distributions);
            skipped += score.Skipped.Count;
            scores.Add(score);
            progress?.Invoke(c + 1);
        }

        var models = new List<ModelScore>();
        foreach (KeyValuePair<string, string> m in ForecastAnalysis.Models)
        {
            models.Add(new ModelScore(m.Key, m.Value,
                Summarise(scores.Where(s => s.InSample).ToList(), m.Key, request.Seed),
                Summarise(scores.Where(s => !s.InSample).ToList(), m.Key, request.Seed)));
        }

        return AnalysisOutcome<BacktestOutcome>.Ok(new BacktestOutcome(request.Draws, request.Seed, scores, models, skipped, MethodText));
    }

    private static CaseScore Score(BacktestCase bc, ForecastOutcome forecast, IReadOnlyList<ModelDistribution> distributions)
    {
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = bc.Outcome.Issues.ToDictionary(i => i.IssueId, StringComparer.Ordinal);
        var issues = new List<IssueScore>();
        foreach (Issue issue in bc.Scenario.Issues)
        {
            if (!known.TryGetValue(issue.Id, out IssueOutcome? outcome))
            {
                skipped[issue.Id] = "no known outcome";
                continue;
            }

            if (forecast.SkippedIssues.Contains(issue.Id))
            {
                skipped[issue.Id] = "no model forecasts it (unordered options)";
                continue;
            }

            double span = issue.Kind == IssueKind.Discrete ? Math.Max(1, issue.Options.Count - 1) : issue.Max - issue.Min;
            var perModel = new List<ModelIssueScore>(distributions.Count);
            foreach (ModelDistribution md in distributions)
            {
                ForecastDistribution dist = md.Issues.First(x => x.IssueId == issue.Id);
                double median = dist.Median;
                double error = Math.Abs(median - outcome.Value);
                var inside = new List<int>(Levels.Count);
                // the histogram's resolution: a point mass reads as an interval inside one bin, which must still hold an outcome in that bin
                double bin = (dist.Max - dist.Min) / dist.Counts.Length;
                foreach (int level in Levels)
                {
                    double tail = (1 - (level / 100.0)) / 2;
                    if (outcome.Value >= dist.Quantile(tail) - bin && outcome.Value <= dist.Quantile(1 - tail) + bin)
                    {
                        inside.Add(level);
                    }
                }

                perModel.Add(new ModelIssueScore(md.Model, median, dist.P10, dist.P90, error, 100 * error / span, inside));
            }

            issues.Add(new IssueScore(issue.Id, outcome.Value, outcome.Text, span, outcome.Note, perModel, issue.Kind == IssueKind.Discrete ? issue.Options : null));
        }

        return new CaseScore(bc.Name, bc.Scenario.Name, bc.ScenarioFile, bc.OutcomeFile, bc.Outcome.Decided, bc.Outcome.Source, bc.InSample, bc.SampleReason, bc.Outcome.Note, issues, skipped);
    }

    /// <summary>One model's scores over a group of cases (null when the group is empty or has no scored issue).</summary>
    private static SampleScore? Summarise(List<CaseScore> cases, string model, ulong seed)
    {
        // per case: the model's scaled errors and interval hits, so the bootstrap can resample whole cases
        var errors = new List<double[]>();
        var hits = new int[Levels.Count];
        int n = 0;
        foreach (CaseScore c in cases)
        {
            var e = new List<double>();
            foreach (IssueScore i in c.Issues)
            {
                ModelIssueScore s = i.Forecasts.First(f => f.Model == model);
                e.Add(s.ScaledError);
                for (int l = 0; l < Levels.Count; l++)
                {
                    hits[l] += s.Inside.Contains(Levels[l]) ? 1 : 0;
                }
            }

            if (e.Count > 0)
            {
                errors.Add([.. e]);
                n += e.Count;
            }
        }

        if (n == 0)
        {
            return null;
        }

        double mae = errors.Sum(x => x.Sum()) / n;
        IReadOnlyList<double>? interval = errors.Count > 1 ? Bootstrap(errors, seed) : null;
        var calibration = Levels.Select((level, l) => new CalibrationRow(level, hits[l], n, (double)hits[l] / n)).ToList();
        return new SampleScore(n, errors.Count, mae, interval, calibration[Levels.ToList().IndexOf(80)].Coverage, calibration);
    }

    /// <summary>The 5th and 95th percentiles of the mean error over resamples of whole cases.</summary>
    private static double[] Bootstrap(List<double[]> errors, ulong seed)
    {
        var random = new RandomSource(seed);
        double[] means = new double[Resamples];
        for (int r = 0; r < Resamples; r++)
        {
            double sum = 0;
            int count = 0;
            for (int k = 0; k < errors.Count; k++)
            {
                double[] e = errors[random.NextInt(errors.Count)];
                for (int j = 0; j < e.Length; j++)
                {
                    sum += e[j];
                }

                count += e.Length;
            }

            means[r] = sum / count;
        }

        Array.Sort(means);
        return [Quantiles.Of(means, 0.05), Quantiles.Of(means, 0.95)];
    }

    /// <summary>A mean error with its interval, for tables ("12.3 [8.1-16.0]").</summary>
    /// <param name="s">The scores.</param>
    public static string ErrorText(SampleScore s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.ErrorInterval is { } iv
            ? string.Create(CultureInfo.InvariantCulture, $"{s.MeanAbsoluteError:0} [{iv[0]:0}-{iv[1]:0}]")
            : string.Create(CultureInfo.InvariantCulture, $"{s.MeanAbsoluteError:0} (one case)");
    }

    /// <summary>Coverage of the 50%, 80% and 90% intervals as "k/k/k of N".</summary>
    /// <param name="s">The scores.</param>
    public static string CoverageText(SampleScore s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return string.Join("/", s.Calibration.Select(r => r.Inside.ToString(CultureInfo.InvariantCulture))) + string.Create(CultureInfo.InvariantCulture, $" of {s.N}");
    }
}
