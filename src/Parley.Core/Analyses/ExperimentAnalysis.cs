using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Randomness;
using Parley.Core.Scenarios;

namespace Parley.Core.Analyses;

/// <summary>Run the scenario's claims as experiments: the request.</summary>
public sealed record ExperimentRequest : AnalysisRequest
{
    /// <summary>One claim by id, or null for every claim.</summary>
    public string? Claim { get; init; }

    /// <summary>Draws per case (each draw simulates the setting and the counter-setting once).</summary>
    public long Draws { get; init; } = ExperimentAnalysis.DefaultDraws;

    /// <summary>Seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads (null: all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Mechanisms switched off in both cases (<see cref="Mechanisms.Names"/>): the check that an effect runs through them.</summary>
    public IReadOnlyList<string> SwitchedOff { get; init; } = [];

    /// <summary>False to skip moving each parameter over its range (the verdict on the stated values only).</summary>
    public bool Robustness { get; init; } = true;
}

/// <summary>An effect with its 80% interval.</summary>
/// <param name="Median">The median of the effect's bootstrap distribution (close to the mean paired difference).</param>
/// <param name="Interval">Its 10th and 90th percentiles.</param>
public sealed record EffectEstimate(double Median, IReadOnlyList<double> Interval);

/// <summary>The verdict with one parameter at one end of its range.</summary>
/// <param name="Parameter">The parameter (<see cref="ClaimParameter.Name"/>).</param>
/// <param name="End">"low" or "high".</param>
/// <param name="Value">The value it took.</param>
/// <param name="Effect">The effect then.</param>
/// <param name="Verdict">The verdict then.</param>
public sealed record ClaimRobustness(string Parameter, string End, double Value, EffectEstimate Effect, string Verdict);

/// <summary>One claim's experiment.</summary>
/// <param name="Id">Claim id.</param>
/// <param name="Claim">The claim in the analyst's words.</param>
/// <param name="Quote">The quote it comes from.</param>
/// <param name="Source">Where the quote is ("B, para 24").</param>
/// <param name="Variant">The variant both cases start from, or null.</param>
/// <param name="Setting">The setting's changes in words.</param>
/// <param name="Counter">The counter-setting's changes in words.</param>
/// <param name="Measure">The outcome measured, as written (agreement, utility.ACTOR, level.ISSUE, durability).</param>
/// <param name="MeasureText">The outcome in words.</param>
/// <param name="Expect">The direction claimed: up or down.</param>
/// <param name="Mechanism">The mechanisms the effect runs through.</param>
/// <param name="Pairs">Draws with a value in both cases (all draws, except for level and durability: those that agree in both).</param>
/// <param name="SettingMean">The outcome's mean over those draws in the setting.</param>
/// <param name="CounterMean">Its mean in the counter-setting.</param>
/// <param name="Effect">The paired effect (setting − counter) with its 80% interval.</param>
/// <param name="Verdict">supported, contradicted or not decided.</param>
/// <param name="Robustness">The verdict with each parameter at each end of its range.</param>
public sealed record ClaimResult(
    string Id,
    string Claim,
    string Quote,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Variant,
    string Setting,
    string Counter,
    string Measure,
    string MeasureText,
    string Expect,
    IReadOnlyList<string> Mechanism,
    long Pairs,
    double? SettingMean,
    double? CounterMean,
    EffectEstimate Effect,
    string Verdict,
    IReadOnlyList<ClaimRobustness> Robustness)
{
    /// <summary>How the verdict fares over the parameters' ranges: "holds", "changes" (naming where), or "no parameters".</summary>
    public string RobustnessSummary => Robustness.Count == 0 ? "no parameters"
        : Robustness.All(r => r.Verdict == Verdict) ? "holds over every range"
        : "changes: " + string.Join("; ", Robustness.Where(r => r.Verdict != Verdict).Select(r => $"{r.Parameter} at {r.Value.ToString("0.####", CultureInfo.InvariantCulture)} → {r.Verdict}"));
}

/// <summary>The claims run as experiments.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Draws">Draws per case.</param>
/// <param name="Seed">Seed.</param>
/// <param name="SwitchedOff">Mechanisms switched off in every case.</param>
/// <param name="Claims">Each claim's experiment, in file order.</param>
/// <param name="Method">How effects, intervals and verdicts are computed, in one paragraph.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record ExperimentOutcome(
    string Scenario,
    long Draws,
    ulong Seed,
    IReadOnlyList<string> SwitchedOff,
    IReadOnlyList<ClaimResult> Claims,
    string Method,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>
/// The analyses' claims as experiments (a scenario's <c>claims:</c>): each claim's setting and counter-setting are simulated
/// on the same draws (<see cref="PairedClaim"/>), the paired effect gets an 80% interval from a bootstrap over the draws, and
/// the verdict says whether that interval lies on the claimed side of zero. Each parameter of a claim (a number written
/// with a range) is then moved to each end of its range, to show how far the verdict depends on it.
/// </summary>
public static class ExperimentAnalysis
{
    /// <summary>Draws per case when the request gives none.</summary>
    public const long DefaultDraws = 1000;

    /// <summary>Bootstrap resamples behind each interval.</summary>
    public const int Resamples = 2000;

    /// <summary>The fewest paired draws a verdict is given on (level and durability count only draws that agree in both cases).</summary>
    public const int MinPairs = 30;

    /// <summary>The most simulated talks one experiment may run (claims × cases × (1 + 2 × parameters) × draws).</summary>
    public const long MaxSessions = 4_000_000;

    /// <summary>The verdict when the interval lies on the claimed side of zero.</summary>
    public const string Supported = "supported";

    /// <summary>The verdict when the interval lies on the other side.</summary>
    public const string Contradicted = "contradicted";

    /// <summary>The verdict otherwise.</summary>
    public const string NotDecided = "not decided";

    /// <summary>The method in one paragraph, as every output states it.</summary>
    public static string Method { get; } =
        "Each claim's setting and counter-setting are simulated on the same draws of the uncertain inputs (draw d of both uses the stream (seed, d)), "
        + "with the scenario's table, protocol (unless the case names one) and strategies over 24 steps. The effect is the paired difference, setting minus counter-setting, "
        + "averaged over the draws: the median of its bootstrap distribution (2,000 resamples over the draws), with the 10th and 90th percentiles as its 80% interval. "
        + "Supported: the interval excludes zero on the claimed side; contradicted: on the other side; else not decided (also with fewer than 30 paired draws). "
        + "The interval measures the simulation's precision: with few draws, or many claims, an effect near zero can fall on either side by chance (about one claim in ten "
        + "without an effect), so read verdicts at 1,000 draws or more. Level and durability count the draws that agree in both cases (durability: share of 100 power paths "
        + "holding after 5 years). Each number written with a range is then set to each end of it, the others at their values.";

    /// <summary>Runs the claims.</summary>
    /// <param name="request">Which claim, draws, seed.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<ExperimentOutcome> Run(ExperimentRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        Scenario s = set.Base;
        if ((Limits.Draws(request.Draws) ?? (request.Draws < 1 ? "an experiment needs at least 1 draw (--draws N)" : null)
            ?? (request.Threads is < 1 ? "--threads must be 1 or more" : null)) is string bad)
        {
            return AnalysisOutcome<ExperimentOutcome>.Refuse(bad);
        }

        if (request.SwitchedOff.FirstOrDefault(m => !Mechanisms.Names.Contains(m)) is string unknown)
        {
            return AnalysisOutcome<ExperimentOutcome>.Refuse($"'{unknown}' is not a mechanism",
                (BindContext.Suggest(unknown, [.. Mechanisms.Names]) is { } near ? $"did you mean '{near}'? " : string.Empty) + $"mechanisms: {string.Join(", ", Mechanisms.Names)}");
        }

        if (s.Claims.Count == 0)
        {
            return AnalysisOutcome<ExperimentOutcome>.Refuse($"{s.Name} states no claims", "add a 'claims:' block (docs/scenario-format.md, Claims)", set.MainFile);
        }

        List<Claim> claims = request.Claim is null ? [.. s.Claims] : [.. s.Claims.Where(c => c.Id == request.Claim)];
        if (claims.Count == 0)
        {
            string? near = BindContext.Suggest(request.Claim!, [.. s.Claims.Select(c => c.Id)]);
            return AnalysisOutcome<ExperimentOutcome>.Refuse($"{s.Name} has no claim '{request.Claim}'",
                (near is null ? string.Empty : $"did you mean '{near}'? ") + $"claims: {string.Join(", ", s.Claims.Select(c => c.Id))}");
        }

        long sessions = claims.Sum(c => 2L * (1 + (request.Robustness ? 2L * (c.Setting.Parameters.Count + c.Counter.Parameters.Count) : 0))) * request.Draws;
        if (sessions > MaxSessions)
        {
            return AnalysisOutcome<ExperimentOutcome>.Refuse(
                string.Create(CultureInfo.InvariantCulture, $"this experiment would simulate {sessions:N0} talks, more than the {MaxSessions:N0} one run may"),
                "use fewer --draws, one --claim, or --no-robustness");
        }

        var results = new List<ClaimResult>();
        long done = 0;
        Action<long>? report = context.Reporter("experiment", sessions / 2);
        foreach (Claim claim in claims)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var problems = new List<Diagnostic>();
            ClaimCaseRun? setting = CaseRun(set, claim, counter: false, null, request.SwitchedOff, problems);
            ClaimCaseRun? counter = CaseRun(set, claim, counter: true, null, request.SwitchedOff, problems);
            if (setting is null || counter is null)
            {
                return AnalysisOutcome<ExperimentOutcome>.Fail([.. problems]);
            }

            if (claim.Measure.Kind == ClaimMeasureKind.Utility && (!setting.Parties.Contains(claim.Measure.Subject) || !counter.Parties.Contains(claim.Measure.Subject)))
            {
                return AnalysisOutcome<ExperimentOutcome>.Refuse($"claim '{claim.Id}' measures the utility of {claim.Measure.Subject}, who is not at the table in both cases",
                    $"the table: {string.Join(", ", setting.Parties)}");
            }

            long before = done;
            (PairedDraws paired, EffectEstimate effect, string verdict) = Measure(claim, setting, counter, request, report is null ? null : n => report(before + n));
            done += request.Draws;
            var robustness = new List<ClaimRobustness>();
            if (request.Robustness)
            {
                foreach (ClaimParameter p in claim.Setting.Parameters.Concat(claim.Counter.Parameters))
                {
                    foreach ((string end, double value) in (ReadOnlySpan<(string, double)>)[("low", p.Low), ("high", p.High)])
                    {
                        var values = new Dictionary<string, double>(StringComparer.Ordinal) { [p.Name] = value };
                        ClaimCaseRun? ms = CaseRun(set, claim, counter: false, values, request.SwitchedOff, problems);
                        ClaimCaseRun? mc = CaseRun(set, claim, counter: true, values, request.SwitchedOff, problems);
                        if (ms is null || mc is null)
                        {
                            return AnalysisOutcome<ExperimentOutcome>.Fail([.. problems]);
                        }

                        long at = done;
                        (_, EffectEstimate e, string v) = Measure(claim, ms, mc, request, report is null ? null : n => report(at + n));
                        done += request.Draws;
                        robustness.Add(new ClaimRobustness(p.Name, end, value, e, v));
                    }
                }
            }

            double[] diffs = paired.Differences();
            Citation quote = claim.Provenance.Cites.First(c => c.Quote.Length > 0);
            results.Add(new ClaimResult(
                claim.Id, claim.Says, quote.Quote, quote.Reference(), claim.Variant, claim.Setting.ToString(), claim.Counter.ToString(), claim.Measure.ToString(), claim.Measure.Describe(),
                claim.Expect == ClaimDirection.Up ? "up" : "down", claim.Mechanisms, diffs.Length, MeanOfPairs(paired, setting: true), MeanOfPairs(paired, setting: false),
                effect, verdict, robustness));
        }

        return AnalysisOutcome<ExperimentOutcome>.Ok(new ExperimentOutcome(s.Name, request.Draws, request.Seed, request.SwitchedOff, results, Method, s.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }

    /// <summary>The verdict on an 80% interval: supported when it excludes zero on the claimed side, contradicted on the other, else not decided.</summary>
    /// <param name="interval">The interval (low, high).</param>
    /// <param name="expect">The direction claimed.</param>
    public static string VerdictOf(IReadOnlyList<double> interval, ClaimDirection expect)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (interval.Count != 2 || double.IsNaN(interval[0]) || double.IsNaN(interval[1]))
        {
            return NotDecided;
        }

        bool above = interval[0] > 0, below = interval[1] < 0;
        return (above, below, expect) switch
        {
            (true, _, ClaimDirection.Up) or (_, true, ClaimDirection.Down) => Supported,
            (true, _, ClaimDirection.Down) or (_, true, ClaimDirection.Up) => Contradicted,
            _ => NotDecided,
        };
    }

    /// <summary>
    /// The mean of paired differences with its bootstrap distribution's median and 10th and 90th percentiles (percentile
    /// bootstrap over the pairs, <see cref="Resamples"/> resamples from the given seed). NaN without pairs; a set of pairs
    /// that are all equal gives that value three times.
    /// </summary>
    /// <param name="differences">Paired differences.</param>
    /// <param name="seed">The bootstrap's seed.</param>
    public static EffectEstimate Bootstrap(ReadOnlySpan<double> differences, ulong seed)
    {
        int n = differences.Length;
        if (n == 0)
        {
            return new EffectEstimate(double.NaN, [double.NaN, double.NaN]);
        }

        var means = new double[Resamples];
        var rng = RandomSource.ForDraw(seed, 0);
        for (int b = 0; b < Resamples; b++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += differences[rng.NextInt(n)];
            }

            means[b] = sum / n;
        }

        Array.Sort(means);
        return new EffectEstimate(Quantiles.Of(means, 0.5), [Quantiles.Of(means, 0.1), Quantiles.Of(means, 0.9)]);
    }

    private static (PairedDraws Paired, EffectEstimate Effect, string Verdict) Measure(Claim claim, ClaimCaseRun setting, ClaimCaseRun counter, ExperimentRequest request, Action<long>? progress)
    {
        PairedDraws paired = PairedClaim.Run(setting, counter, claim.Measure, request.Draws, request.Seed, request.Threads, progress);
        double[] diffs = paired.Differences();

        // the bootstrap's own stream: the experiment's seed and the claim's id
        EffectEstimate effect = Bootstrap(diffs, request.Seed ^ Fnv(claim.Id));
        string verdict = diffs.Length < MinPairs ? NotDecided : VerdictOf(effect.Interval, claim.Expect);
        return (paired, Round(effect), verdict);
    }

    private static EffectEstimate Round(EffectEstimate e) => new(R(e.Median), [R(e.Interval[0]), R(e.Interval[1])]);

    private static double R(double x) => double.IsNaN(x) ? x : Math.Round(x, 4);

    private static double? MeanOfPairs(PairedDraws p, bool setting)
    {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < p.Setting.Length; i++)
        {
            if (!double.IsNaN(p.Setting[i]) && !double.IsNaN(p.Counter[i]))
            {
                sum += setting ? p.Setting[i] : p.Counter[i];
                n++;
            }
        }

        return n == 0 ? null : R(sum / n);
    }

    private static ClaimCaseRun? CaseRun(ScenarioSet set, Claim claim, bool counter, IReadOnlyDictionary<string, double>? values, IReadOnlyList<string> off, List<Diagnostic> problems)
    {
        LoadResult loaded = set.ClaimCase(claim.Id, counter, values);
        if (loaded.Scenario is not Scenario s)
        {
            problems.AddRange(loaded.Diagnostics.Where(d => d.Severity == Severity.Error));
            return null;
        }

        if (off.Count > 0)
        {
            s = MechanismSwitch.Without(s, [.. off]);
        }

        s = Negotiation.Coordination.Before(s);

        IReadOnlyList<string> table = NegotiationAnalysis.DefaultTable(s);
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        ClaimCase side = counter ? claim.Counter : claim.Setting;
        return new ClaimCaseRun(s, ScenarioOptions.Deal(s), table, [.. table.Select(id => NegotiationAnalysis.StrategyOf(s, none, id))], side.Protocol ?? NegotiationAnalysis.DefaultProtocol(s, table));
    }

    private static ulong Fnv(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in text)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return h;
    }
}

/// <summary>A claim's figures in words, rounded to what they support: every output (terminal, report, docs table) writes them so.</summary>
public static class ClaimText
{
    /// <summary>True when the measure is a share (agreement, durability): written in percent and percentage points.</summary>
    /// <param name="measure">The measure as written.</param>
    public static bool IsShare(string measure) => measure is "agreement" or "durability";

    /// <summary>The outcome in the setting against the counter-setting ("62% vs 50%", "0.71 vs 0.69").</summary>
    /// <param name="r">A claim's result.</param>
    public static string Means(ClaimResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.SettingMean is double s && r.CounterMean is double c ? $"{Value(r.Measure, s)} vs {Value(r.Measure, c)}" : "-";
    }

    /// <summary>The effect with its interval ("+12 pp [8, 16]", "+0.021 [0.012, 0.030]").</summary>
    /// <param name="r">A claim's result.</param>
    public static string Effect(ClaimResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Interval(r.Effect, r.Measure);
    }

    /// <summary>An effect with its interval, in the units of its measure.</summary>
    /// <param name="e">The effect.</param>
    /// <param name="measure">The measure as written (default: a utility).</param>
    public static string Interval(EffectEstimate e, string measure = "utility")
    {
        ArgumentNullException.ThrowIfNull(e);
        if (double.IsNaN(e.Median))
        {
            return "no paired draws";
        }

        if (IsShare(measure))
        {
            return $"{Signed(e.Median * 100, "0.0")} pp [{Plain(e.Interval[0] * 100, "0.0")}, {Plain(e.Interval[1] * 100, "0.0")}]";
        }

        string g = measure.StartsWith("level.", StringComparison.Ordinal) ? "0.0" : "0.000";
        return $"{Signed(e.Median, g)} [{Plain(e.Interval[0], g)}, {Plain(e.Interval[1], g)}]";
    }

    /// <summary>The verdict, with its reason when it comes from too few paired draws ("not decided (28 pairs, fewer than 30)").</summary>
    /// <param name="r">A claim's result.</param>
    public static string Verdict(ClaimResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Pairs < ExperimentAnalysis.MinPairs
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Verdict} ({r.Pairs} pairs, fewer than {ExperimentAnalysis.MinPairs})")
            : r.Verdict;
    }

    // a number as written, never "-0"
    private static string Plain(double x, string format)
    {
        string s = x.ToString(format, CultureInfo.InvariantCulture);
        return s.TrimStart('-').All(c => c is '0' or '.') ? s.TrimStart('-') : s;
    }

    private static string Value(string measure, double x) =>
        IsShare(measure) ? (x * 100).ToString("0", CultureInfo.InvariantCulture) + "%"
        : x.ToString(measure.StartsWith("level.", StringComparison.Ordinal) ? "0.0" : "0.000", CultureInfo.InvariantCulture);

    private static string Signed(double x, string format)
    {
        string s = Plain(x, format);
        return x > 0 && !s.All(c => c is '0' or '.') ? "+" + s : s;
    }
}
