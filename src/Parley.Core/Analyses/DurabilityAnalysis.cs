using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Durability;
using Parley.Core.Experiments;

namespace Parley.Core.Analyses;

/// <summary>Will the deal hold: the request.</summary>
public sealed record DurabilityRequest : AnalysisRequest
{
    /// <summary>The variant to apply, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The bargaining solution tested when no package is given.</summary>
    public string Solution { get; init; } = "nash";

    /// <summary>A package typed in (issue id → value), tested instead of the solution.</summary>
    public IReadOnlyDictionary<string, double>? Package { get; init; }

    /// <summary>The typed-in package's name (its file), shown as the deal's name.</summary>
    public string? PackageName { get; init; }

    /// <summary>The parties whose deal it is (null: every actor).</summary>
    public IReadOnlyList<string>? Actors { get; init; }

    /// <summary>How far to look, in years (at most 50).</summary>
    public double Years { get; init; } = DurabilityAnalysis.DefaultYears;

    /// <summary>Extra cost of breaking the deal per side (guarantees), replacing the scenario's.</summary>
    public IReadOnlyDictionary<string, double> Guarantees { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Power paths (0: the default, 1,000).</summary>
    public long Draws { get; init; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Test the deal for the base scenario and every variant instead (the variant, package and guarantees are then ignored).</summary>
    public bool Compare { get; init; }
}

/// <summary>The durability of one deal: strategic (power paths) and empirical (UCDP) models side by side.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Solution">The deal tested (a solution's name or the package's file).</param>
/// <param name="Paths">Power paths.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Package">The deal (issue id → level).</param>
/// <param name="Terms">The agreement terms the package carries.</param>
/// <param name="Mandate">The force's mandate, or none.</param>
/// <param name="BreakingCosts">Each side's cost of breaking the deal.</param>
/// <param name="Drift">After-agreement drift of p per step.</param>
/// <param name="Holding">Share of paths on which the deal holds at each mark (1y, 2y, 5y…).</param>
/// <param name="BrokenBy">Paths on which each side broke it.</param>
/// <param name="Surplus">Each side's surplus at signing.</param>
/// <param name="CommitmentGap">True when a plausible shift of power makes a side prefer war within the horizon.</param>
/// <param name="StepsPerYear">Time steps per year.</param>
/// <param name="Curve">Share holding at every step.</param>
/// <param name="Empirical">Share of UCDP agreements with the same terms and conflict history holding after 1, 2 and 5 years (with an agreement block).</param>
/// <param name="EmpiricalUnscoredTerms">Terms the data have no covariate for.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
/// <param name="Run">In a comparison: the run's label (base or the variant).</param>
/// <param name="Notes">Remarks on the input (a typed-in level scored at the nearest level of the grid).</param>
/// <param name="Seating">Whose deal it is (the actors who sign) and why, for a bargaining solution; null for a typed-in package.</param>
/// <param name="Parties">The actors who sign, with their roles and utilities of the deal; null for a typed-in package.</param>
/// <param name="HoldingRange">Per mark, the 10th and 90th percentile of the holding share over <paramref name="InputDraws"/> draws of the uncertain inputs (each on its own power paths).</param>
/// <param name="InputDraws">Draws of the uncertain inputs behind <paramref name="HoldingRange"/>.</param>
public sealed record DurabilityOutcome(
    string Scenario,
    string Solution,
    int Paths,
    ulong Seed,
    IReadOnlyDictionary<string, double> Package,
    IReadOnlyList<string> Terms,
    string Mandate,
    IReadOnlyDictionary<string, double> BreakingCosts,
    double Drift,
    IReadOnlyDictionary<string, double> Holding,
    IReadOnlyDictionary<string, long> BrokenBy,
    IReadOnlyDictionary<string, double> Surplus,
    bool CommitmentGap,
    int StepsPerYear,
    IReadOnlyList<double> Curve,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Empirical,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EmpiricalUnscoredTerms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Run = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Notes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Seating = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SeatedParty>? Parties = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double[]>? HoldingRange = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? InputDraws = null) : AnalysisResult;

/// <summary>The same deal's durability for the base scenario and every variant.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Runs">Base first, then each variant.</param>
/// <param name="Skipped">Variants with no deal to test (e.g. no zone within what they stipulate), with the reason.</param>
public sealed record DurabilityComparisonOutcome(
    string Scenario,
    IReadOnlyList<DurabilityOutcome> Runs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Skipped = null) : AnalysisResult;

/// <summary>The empirical model's fit and held-out check.</summary>
/// <param name="Train">Training sample.</param>
/// <param name="Test">Held-out sample.</param>
/// <param name="Concordance">Held-out C-index.</param>
/// <param name="ConcordanceInterval">Its 95% bootstrap interval.</param>
/// <param name="Calibration">Observed (Kaplan–Meier) against predicted holding shares.</param>
/// <param name="HazardRatios">Per provision: ratio with its 95% interval.</param>
/// <param name="Data">Attribution of the data.</param>
public sealed record ValidationOutcome(
    ValidationSample Train,
    ValidationSample Test,
    double Concordance,
    IReadOnlyList<double> ConcordanceInterval,
    IReadOnlyList<CalibrationPoint> Calibration,
    IReadOnlyDictionary<string, HazardRatioInterval> HazardRatios,
    string Data) : AnalysisResult
{
    /// <summary>Repeated cross-validation grouped by conflict, on every agreement.</summary>
    [JsonPropertyName("grouped_cv")]
    public GroupedCvResult? GroupedCv { get; init; }

    /// <summary>The 2006–2021 hold-out with a bootstrap over conflicts and its distinct breakdowns.</summary>
    public HoldoutResult? Holdout { get; init; }

    /// <summary>The same grouped cross-validation for the provision covariates alone (the model before the conflict history).</summary>
    [JsonPropertyName("grouped_cv_provisions_only")]
    public GroupedCvResult? GroupedCvProvisionsOnly { get; init; }

    /// <summary>The ridge penalty chosen by grouped cross-validation inside the 1975–2005 training agreements.</summary>
    public double? RidgeLambda { get; init; }
}

/// <summary>Harrell's C pooled over each repeat's held-out folds (folds by conflict).</summary>
/// <param name="Concordance">Mean over repeats.</param>
/// <param name="Interval">2.5–97.5th percentile over repeats.</param>
/// <param name="Folds">Folds.</param>
/// <param name="Repeats">Repeats.</param>
public sealed record GroupedCvResult(double Concordance, IReadOnlyList<double> Interval, int Folds, int Repeats);

/// <summary>The hold-out's concordance with an interval from resampling conflicts, and how many distinct breakdowns its endings are.</summary>
/// <param name="Concordance">Held-out C.</param>
/// <param name="Interval">95% interval, bootstrap over conflicts.</param>
/// <param name="Endings">Held-out agreements that ended.</param>
/// <param name="Breakdowns">Distinct breakdowns (a conflict's agreements ending on one date count once).</param>
/// <param name="Conflicts">Conflicts those breakdowns occur in.</param>
public sealed record HoldoutResult(double Concordance, IReadOnlyList<double> Interval, int Endings, int Breakdowns, int Conflicts);

/// <summary>A sample of agreements.</summary>
/// <param name="Agreements">Agreements.</param>
/// <param name="Ended">How many ended.</param>
/// <param name="SignedYears">Signed in these years.</param>
public sealed record ValidationSample(int Agreements, int Ended, [property: JsonPropertyName("signed")] string SignedYears);

/// <summary>Observed against predicted share holding after some years.</summary>
/// <param name="Years">Years after signing.</param>
/// <param name="ObservedKm">Observed (Kaplan–Meier).</param>
/// <param name="Predicted">Predicted (mean).</param>
public sealed record CalibrationPoint(double Years, double ObservedKm, double Predicted);

/// <summary>A hazard ratio with its 95% interval.</summary>
/// <param name="Ratio">Ratio.</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public sealed record HazardRatioInterval(double Ratio, double Low, double High);

/// <summary>Durability: the one place for the horizon, the deal tested and both models.</summary>
public static class DurabilityAnalysis
{
    /// <summary>The default horizon in years.</summary>
    public const double DefaultYears = 5;

    /// <summary>Power paths when the request gives none.</summary>
    public const int DefaultPaths = 1000;

    /// <summary>The years at which holding shares are reported.</summary>
    public static IReadOnlyList<int> MarkYears { get; } = [1, 2, 5];

    /// <summary>A holding share with its range over draws of the inputs, in a few characters ("65% (43-67)").</summary>
    /// <param name="r">A durability result.</param>
    /// <param name="mark">The mark ("5y").</param>
    public static string ShareWithRange(DurabilityOutcome r, string mark)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!r.Holding.TryGetValue(mark, out double share))
        {
            return "-";
        }

        string text = share.ToString("0%", CultureInfo.InvariantCulture);
        return r.HoldingRange is { } range && range.TryGetValue(mark, out double[]? lh)
            ? text + string.Create(CultureInfo.InvariantCulture, $" ({lh[0] * 100:0}-{lh[1] * 100:0})")
            : text;
    }

    /// <summary>Draws of the uncertain inputs behind the holding shares' ranges.</summary>
    public const int InputDraws = 20;

    /// <summary>Power paths per draw of the inputs.</summary>
    public const int PathsPerInputDraw = 200;

    // the q-quantile of a small sample (nearest rank)
    private static double Percentile(List<double> values, double q)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The data's attribution line.</summary>
    public const string Attribution = "Data: UCDP Peace Agreement Dataset v22.1 and Conflict Termination Dataset v3-2021 (Uppsala Conflict Data Program), CC BY 4.0. Mostly civil wars; peacekeepers go to the hardest cases; only 19 agreements are European (2 ended by 2021: the Minsk accords count as holding, the data end before 2022), so the region terms rest on few cases.";

    /// <summary>"5y", "18m", "2.5" (years) → years; false when not a positive horizon of at most 50 years.</summary>
    /// <param name="text">The horizon as written.</param>
    /// <param name="years">The horizon in years.</param>
    public static bool TryParseHorizon(string text, out double years)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        double scale = t.EndsWith('m') ? 1.0 / 12 : 1;
        t = t.TrimEnd('y', 'm');
        bool ok = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0;
        years = v * scale;
        return ok && years <= 50;
    }

    /// <summary>Tests one deal on the set's scenario (with the request's variant).</summary>
    /// <param name="request">What to test.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<DurabilityOutcome> Run(DurabilityRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        return set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is { } scenario
            ? Run(request, scenario, set.MainFile)
            : AnalysisOutcome<DurabilityOutcome>.Fail([.. problems]);
    }

    /// <summary>Tests the same deal for the base scenario and every variant.</summary>
    /// <param name="request">What to test (its variant is ignored).</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<DurabilityComparisonOutcome> Compare(DurabilityRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        if (request.Variant is not null || request.Package is not null || request.Guarantees.Count > 0)
        {
            return AnalysisOutcome<DurabilityComparisonOutcome>.Refuse(
                "--compare tests the same deal for the scenario as written and every variant; it takes no --variant, --package or --guarantee",
                "drop --compare to test one variant, package or guarantee");
        }

        var runs = new List<DurabilityOutcome>();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        AnalysisOutcome<DurabilityOutcome>? firstSkipped = null;
        foreach (string? v in new string?[] { null }.Concat(set.Base.Variants.Select(x => x.Id)))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            AnalysisOutcome<DurabilityOutcome> one = Run(request with { Variant = v }, set, context);
            if (one.Result is not { } r)
            {
                // the scenario or a variant with no deal to test (red lines or a premise that leave no zone) is a finding,
                // not a failure of the comparison: the others are still compared
                if (one.Problems.Count > 0 && one.Problems.All(p => p.Code == Scenarios.DiagnosticCodes.NotApplicable))
                {
                    skipped[v ?? "base"] = one.Problems[0].Message;
                    firstSkipped ??= one;
                    continue;
                }

                return one.As<DurabilityComparisonOutcome>();
            }

            runs.Add(r with { Run = v ?? "base" });
        }

        if (runs.Count == 0 && firstSkipped is not null)
        {
            return firstSkipped.As<DurabilityComparisonOutcome>();
        }

        return AnalysisOutcome<DurabilityComparisonOutcome>.Ok(new DurabilityComparisonOutcome(set.Base.Name, runs, skipped.Count > 0 ? skipped : null));
    }

    /// <summary>Tests one deal on a scenario already chosen.</summary>
    /// <param name="q">What to test.</param>
    /// <param name="s">The scenario.</param>
    /// <param name="file">Its file, for notes.</param>
    public static AnalysisOutcome<DurabilityOutcome> Run(DurabilityRequest q, Scenario s, string file)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(s);
        if ((Limits.Draws(q.Draws) ?? (q.Years is <= 0 or > 50 ? "the horizon must be more than 0 and at most 50 years" : null)) is string refused)
        {
            return AnalysisOutcome<DurabilityOutcome>.Refuse(refused);
        }

        AgreementTerms terms = s.Agreement ?? new AgreementTerms();
        if (q.Guarantees.Count > 0)
        {
            var k = new Dictionary<string, Quantity>(StringComparer.Ordinal);
            foreach ((string actor, double v) in q.Guarantees)
            {
                if (v < 0 || !double.IsFinite(v) || s.FindActor(actor) is null)
                {
                    return AnalysisOutcome<DurabilityOutcome>.Refuse($"--guarantee '{actor}={v.ToString(CultureInfo.InvariantCulture)}' is not ACTOR=K with a known actor and K >= 0");
                }

                k[actor] = Quantity.Of(v);
            }

            terms = terms with { Guarantees = k };
        }

        if (s.Dynamics is null)
        {
            return AnalysisOutcome<DurabilityOutcome>.NotApplicable("the strategic durability model needs 'dynamics' (belligerents, p_prevail, trend, volatility)", file);
        }

        DealSpace space = DealSpace.Build(s, ScenarioOptions.Deal(s));
        var notes = new List<string>();
        string? seating = null;
        IReadOnlyList<SeatedParty>? parties = null;
        int[] levels;
        if (q.Package is null)
        {
            if (q.Actors is not null && (q.Actors.Count == 0 ? ["--actors names nobody"] : Seats.Check(s, q.Actors, "--actors")) is { Count: > 0 } wrong)
            {
                return AnalysisOutcome<DurabilityOutcome>.Refuse(string.Join("; ", wrong));
            }

            int[] group = q.Actors is null ? TableDeal.Group(space) : [.. q.Actors.Distinct(StringComparer.Ordinal).Select(space.IndexOf)];
            if (group.Length < 2)
            {
                return AnalysisOutcome<DurabilityOutcome>.NotApplicable($"a deal needs two actors who sign; {Seats.Explain(s, [.. group.Select(g => space.Actors[g].Id)], q.Actors is not null)}", file,
                    q.Actors is null ? "give 'role: party' to the actors who must accept the deal" : "name two or more actors with --actors");
            }

            seating = Seats.Explain(s, [.. group.Select(g => space.Actors[g].Id)], q.Actors is not null);

            if (!DealAnalysis.SolutionNames.Contains(q.Solution))
            {
                return AnalysisOutcome<DurabilityOutcome>.Refuse($"unknown solution '{q.Solution}'; known: {string.Join(", ", DealAnalysis.SolutionNames)}");
            }

            if (TableDeal.Find(space, group, q.Solution) is not Solution deal)
            {
                string within = s.Stipulations.Count == 0 ? string.Empty
                    : " within what " + (s.AppliedVariant is string av ? $"variant '{av}'" : "the scenario") + " stipulates (" + string.Join(", ", s.Stipulations.Select(kv => $"{kv.Key} {kv.Value}")) + ")";
                return AnalysisOutcome<DurabilityOutcome>.NotApplicable($"the parties have no zone of agreement{within}, so there is no deal to test (see 'parley analyze')", file,
                    "'parley analyze' names what blocks a zone; test a package of your own with --package FILE, one variant with --variant NAME, or every variant at once with --compare");
            }

            levels = deal.Levels;
            parties = Seats.Of(s, space, group, levels);
        }
        else
        {
            levels = new int[space.Issues.Count];
            for (int d = 0; d < levels.Length; d++)
            {
                if (!q.Package.TryGetValue(space.Issues[d].Id, out double want))
                {
                    return AnalysisOutcome<DurabilityOutcome>.Refuse($"the package gives no value for issue '{space.Issues[d].Id}'");
                }

                double[] grid = space.Levels[d];
                int best = 0;
                for (int l = 1; l < grid.Length; l++)
                {
                    if (Math.Abs(grid[l] - want) < Math.Abs(grid[best] - want))
                    {
                        best = l;
                    }
                }

                levels[d] = best;
                if (Math.Abs(grid[best] - want) > 1e-9)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"{space.Issues[d].Id} {want} is scored at the nearest level of the deal space, {grid[best]} (set a finer grid with 'models: deal: step')"));
                }
            }
        }

        int perYear = s.StepsPerYear;
        int steps = Math.Max(1, (int)Math.Round(q.Years * perYear));
        int paths = q.Draws > 0 ? (int)Math.Min(q.Draws, 1_000_000) : DefaultPaths;
        StrategicDurabilityResult r = StrategicDurability.Run(space, levels, terms, steps, paths, q.Seed);

        // the same package over draws of the uncertain inputs (positions, saliences, capabilities, p, costs): each
        // draw rebuilds the space from its own stream and runs its own power paths; the spread says how much the
        // holding share depends on inputs the sources give as ranges
        int[] marks = [.. MarkYears.Where(y => y <= q.Years + 1e-9).Select(y => y * perYear).Append(steps).Distinct()];
        // one Monte Carlo call: each input draw writes its holding shares at its own index (a draw whose space has other
        // grids writes nothing), and its power paths run in line on the draw's thread
        Experiments.Tally drawnTally = Experiments.DrawWorkers.Run(
            "durability-inputs",
            InputDraws,
            null,
            t => (Rng: new Randomness.RandomSource(0), Shares: t.Values("holding", (long)InputDraws * marks.Length)),
            (w, k) =>
            {
                WorkGuard.Current.Check();
                w.Rng.ResetForDraw(q.Seed ^ 0x9E3779B97F4A7C15UL, k);
                DealSpace drawn = DealSpace.Build(s, ScenarioOptions.Deal(s), w.Rng);
                if (!drawn.Levels.Select(l => l.Length).SequenceEqual(space.Levels.Select(l => l.Length)))
                {
                    return;
                }

                StrategicDurabilityResult one = StrategicDurability.Run(drawn, levels, terms, steps, PathsPerInputDraw, w.Rng.NextUInt64());
                for (int m = 0; m < marks.Length; m++)
                {
                    Experiments.Tally.Set(w.Shares, (k * marks.Length) + m, one.HoldingAt(marks[m]));
                }
            },
            null);
        long[] shares = drawnTally.Values("holding", (long)InputDraws * marks.Length);
        var samples = marks.Select(_ => new List<double>()).ToArray();
        for (long k = 0; k < InputDraws; k++)
        {
            for (int m = 0; m < marks.Length; m++)
            {
                if (Experiments.Tally.Written(shares, (k * marks.Length) + m))
                {
                    samples[m].Add(Experiments.Tally.Get(shares, (k * marks.Length) + m));
                }
            }
        }

        AgreementTerms packageTerms = StrategicDurability.PackageTerms(space, levels, terms);
        string Mark(int m) => m % perYear == 0 ? $"{m / perYear}y" : $"{m}{(perYear == 12 ? "m" : "steps")}";
        double[]? empirical = null;
        if (s.Agreement is not null)
        {
            RidgeCoxModel cox = PeaceAgreements.FitAll();
            double[] history = ConflictHistory.Of(s.Agreement.Conflict, s.AsOf);
            double[] x = [.. PeaceAgreements.Covariates(packageTerms), .. history];
            empirical = [.. MarkYears.Select(y => cox.Survival(y, x))];
            if (ConflictHistory.Unknown(history) is { Count: > 0 } unknown)
            {
                notes.Add($"the empirical model took the average of its data for what the scenario does not say about the conflict ({string.Join(", ", unknown)}; 'agreement: conflict:' in docs/durability.md)");
            }
        }

        return AnalysisOutcome<DurabilityOutcome>.Ok(new DurabilityOutcome(
            s.Name,
            q.Package is null ? q.Solution : q.PackageName ?? "package",
            paths,
            q.Seed,
            space.Issues.Select((i, d) => (i.Id, space.Levels[d][levels[d]])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
            [.. AgreementTerms.TermNames.Where(packageTerms.Holds)],
            packageTerms.Peacekeepers ? packageTerms.Mandate.ToString().ToLowerInvariant() : "none",
            new Dictionary<string, double>(r.BreakingCosts, StringComparer.Ordinal),
            r.Drift,
            marks.Select(m => (Mark(m), r.HoldingAt(m))).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal),
            r.BrokenBy.ToDictionary(kv => kv.Key, kv => (long)kv.Value, StringComparer.Ordinal),
            new Dictionary<string, double>(r.Surplus, StringComparer.Ordinal),
            r.CommitmentGap,
            perYear,
            [.. r.Holding],
            empirical is null ? null : MarkYears.Select((y, k) => ($"{y}y", empirical[k])).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal),
            empirical is null ? null : [.. PeaceAgreements.UnscoredTerms.Where(packageTerms.Holds)],
            s.HasSources ? ProvenanceNote.For(file) : null,
            Notes: notes.Count > 0 ? notes : null,
            Seating: seating,
            Parties: parties,
            HoldingRange: samples[0].Count == 0 ? null : marks.Select((m, i) => (Mark(m), new[] { Percentile(samples[i], 0.1), Percentile(samples[i], 0.9) }))
                .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal),
            InputDraws: samples[0].Count == 0 ? null : samples[0].Count));
    }

    /// <summary>
    /// The empirical model's cross-validated concordance (mean, 2.5th and 97.5th percentile over 20 repeats of 5-fold, folds by
    /// conflict; <c>parley durability --validate</c>), quoted beside every empirical holding share. Computing it takes seconds,
    /// so it is pinned here; a test recomputes it and fails when the model or the data change it.
    /// </summary>
    public static (double Concordance, double Low, double High) Validated { get; } = (0.605, 0.549, 0.659);

    /// <summary>How well the empirical model ranks agreements, in one line to stand beside every empirical holding share.</summary>
    public static string EmpiricalCheck =>
        string.Create(CultureInfo.InvariantCulture,
            $"the empirical model ranks agreements only modestly better than chance: cross-validated C {Validated.Concordance:0.000} ({Validated.Low:0.000}-{Validated.High:0.000} over 20 repeats of 5-fold, folds by conflict; 0.5 is chance; parley durability --validate)");

    /// <summary>
    /// Fits the empirical model on agreements signed up to 2005 and checks it on those signed 2006–2021, and cross-validates
    /// it with folds by conflict (<c>parley durability --validate</c>).
    /// </summary>
    /// <param name="seed">The bootstraps' and the cross-validation's seed.</param>
    public static ValidationOutcome Validate(ulong seed = 1)
    {
        ValidationReport r = DurabilityValidation.Run(PeaceAgreements.Shipped(), seed);
        return new ValidationOutcome(
            new ValidationSample(r.Train.Agreements, r.Train.Ended, "1975-2005"),
            new ValidationSample(r.Test.Agreements, r.Test.Ended, "2006-2021"),
            r.Concordance,
            [r.ConcordanceInterval.Low, r.ConcordanceInterval.High],
            [.. r.Calibration.Select(c => new CalibrationPoint(c.Years, c.Observed, c.Predicted))],
            r.HazardRatios.ToDictionary(h => h.Name, h => new HazardRatioInterval(h.Ratio, h.Low, h.High), StringComparer.Ordinal),
            Attribution)
        {
            GroupedCv = new GroupedCvResult(r.GroupedCv.Concordance, [r.GroupedCv.Low, r.GroupedCv.High], r.GroupedCv.Folds, r.GroupedCv.Repeats),
            GroupedCvProvisionsOnly = new GroupedCvResult(r.ProvisionsOnly.Concordance, [r.ProvisionsOnly.Low, r.ProvisionsOnly.High], r.ProvisionsOnly.Folds, r.ProvisionsOnly.Repeats),
            RidgeLambda = r.Model.Lambda,
            Holdout = new HoldoutResult(r.Concordance, [r.ConflictInterval.Low, r.ConflictInterval.High], r.Test.Ended, r.TestBreakdowns.Breakdowns, r.TestBreakdowns.Conflicts),
        };
    }
}
