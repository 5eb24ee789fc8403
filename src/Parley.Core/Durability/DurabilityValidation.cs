using Parley.Core.Randomness;

namespace Parley.Core.Durability;

/// <summary>A covariate's fitted hazard ratio with its 95% interval (robust, clustered by conflict).</summary>
/// <param name="Name">Covariate.</param>
/// <param name="Ratio">exp(β).</param>
/// <param name="Low">Lower end of the 95% interval.</param>
/// <param name="High">Upper end.</param>
public sealed record HazardRatio(string Name, double Ratio, double Low, double High);

/// <summary>Observed (Kaplan–Meier) versus mean predicted survival on the held-out agreements at one horizon.</summary>
/// <param name="Years">Horizon.</param>
/// <param name="Observed">Kaplan–Meier estimate.</param>
/// <param name="Predicted">Mean predicted probability that an agreement holds that long.</param>
public sealed record Calibration(double Years, double Observed, double Predicted);

/// <summary>The fit on agreements signed up to 2005 and its metrics on those signed 2006–2021.</summary>
public sealed record ValidationReport
{
    /// <summary>Training agreements and how many ended.</summary>
    public required (int Agreements, int Ended) Train { get; init; }

    /// <summary>Held-out agreements and how many ended.</summary>
    public required (int Agreements, int Ended) Test { get; init; }

    /// <summary>The fitted model (provisions and conflict history, λ chosen inside the training agreements).</summary>
    public required RidgeCoxModel Model { get; init; }

    /// <summary>Hazard ratios with robust intervals.</summary>
    public required IReadOnlyList<HazardRatio> HazardRatios { get; init; }

    /// <summary>Harrell's C on the held-out agreements.</summary>
    public required double Concordance { get; init; }

    /// <summary>95% bootstrap interval of the held-out concordance.</summary>
    public required (double Low, double High) ConcordanceInterval { get; init; }

    /// <summary>Calibration at one and five years.</summary>
    public required IReadOnlyList<Calibration> Calibration { get; init; }

    /// <summary>95% interval of the held-out concordance from a bootstrap that resamples whole conflicts (their agreements together).</summary>
    public required (double Low, double High) ConflictInterval { get; init; }

    /// <summary>Distinct breakdowns among the held-out endings (one conflict's agreements ending on one date count once), and the conflicts they occur in.</summary>
    public required (int Breakdowns, int Conflicts) TestBreakdowns { get; init; }

    /// <summary>Repeated cross-validation grouped by conflict, on every agreement (the model with conflict history).</summary>
    public required GroupedCrossValidation GroupedCv { get; init; }

    /// <summary>The same cross-validation for the provision covariates alone (the model before the conflict history).</summary>
    public required GroupedCrossValidation ProvisionsOnly { get; init; }
}

/// <summary>Harrell's C pooled over each repeat's held-out folds, folds formed by conflict (no conflict in both training and test).</summary>
/// <param name="Concordance">Mean over the repeats.</param>
/// <param name="Low">2.5th percentile over the repeats.</param>
/// <param name="High">97.5th percentile over the repeats.</param>
/// <param name="Folds">Folds per repeat.</param>
/// <param name="Repeats">Repeats (each with its own assignment of conflicts to folds).</param>
public sealed record GroupedCrossValidation(double Concordance, double Low, double High, int Folds, int Repeats);

/// <summary>
/// Fits the empirical durability model (provisions and conflict history, ridge λ chosen inside the training data) on UCDP
/// agreements signed up to 2005 and reports on those signed 2006–2021 (MODELS.md §5; data/ucdp): concordance with
/// bootstrap intervals, calibration against Kaplan–Meier at one and five years, hazard ratios with intervals clustered by
/// conflict; and cross-validates both it and the provision-only model with folds by conflict.
/// </summary>
public static class DurabilityValidation
{
    /// <summary>Last year of the training split.</summary>
    public const int LastTrainingYear = 2005;

    /// <summary>Runs the split, fit and held-out metrics.</summary>
    /// <param name="agreements">All agreements.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <param name="bootstrap">Bootstrap resamples.</param>
    public static ValidationReport Run(IReadOnlyList<PeaceAgreement> agreements, ulong seed = 1, int bootstrap = 500)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        PeaceAgreement[] train = [.. agreements.Where(a => a.SignedOn.Year <= LastTrainingYear)];
        PeaceAgreement[] test = [.. agreements.Where(a => a.SignedOn.Year > LastTrainingYear)];
        RidgeCoxModel model = RidgeCoxModel.FitSelected(train, seed);
        var ratios = new List<HazardRatio>();
        for (int k = 0; k < RidgeCoxModel.AllNames.Count; k++)
        {
            ratios.Add(model.HazardRatio(k));
        }

        double[] t = [.. test.Select(a => a.Years)];
        bool[] d = [.. test.Select(a => a.Ended)];
        double[] risk = [.. test.Select(a => model.LinearPredictor(a.WithHistory()))];
        double c = SurvivalMetrics.Concordance(t, d, risk);
        var rng = new RandomSource(seed);
        var cs = new List<double>(bootstrap);
        var bt = new double[t.Length];
        var bd = new bool[t.Length];
        var br = new double[t.Length];
        for (int b = 0; b < bootstrap; b++)
        {
            for (int i = 0; i < t.Length; i++)
            {
                int k = rng.NextInt(t.Length);
                bt[i] = t[k];
                bd[i] = d[k];
                br[i] = risk[k];
            }

            double v = SurvivalMetrics.Concordance(bt, bd, br);
            if (!double.IsNaN(v))
            {
                cs.Add(v);
            }
        }

        (double, double) interval = Percentiles(cs);

        // the same bootstrap over conflicts: one process's agreements fail together, so they are drawn together
        string[] conflicts = [.. test.Select(a => a.ConflictId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        int[][] members = [.. conflicts.Select(cid => Enumerable.Range(0, test.Length).Where(i => test[i].ConflictId == cid).ToArray())];
        var byConflict = new List<double>(bootstrap);
        var lt = new List<double>();
        var ld = new List<bool>();
        var lr = new List<double>();
        for (int b = 0; b < bootstrap; b++)
        {
            lt.Clear();
            ld.Clear();
            lr.Clear();
            for (int k = 0; k < conflicts.Length; k++)
            {
                foreach (int i in members[rng.NextInt(conflicts.Length)])
                {
                    lt.Add(t[i]);
                    ld.Add(d[i]);
                    lr.Add(risk[i]);
                }
            }

            double v = SurvivalMetrics.Concordance(lt, ld, lr);
            if (!double.IsNaN(v))
            {
                byConflict.Add(v);
            }
        }

        var breakdowns = test.Where(a => a.Ended).Select(a => (a.ConflictId, End: Math.Round(a.SignedOn.DayNumber + (a.Years * 365.25)))).Distinct().ToList();
        var calibration = new List<Calibration>();
        foreach (double years in new[] { 1.0, 5.0 })
        {
            calibration.Add(new Calibration(years, SurvivalMetrics.KaplanMeier(t, d, years), test.Average(a => model.Survival(years, a.WithHistory()))));
        }

        return new ValidationReport
        {
            Train = (train.Length, train.Count(a => a.Ended)),
            Test = (test.Length, test.Count(a => a.Ended)),
            Model = model,
            HazardRatios = ratios,
            Concordance = c,
            ConcordanceInterval = interval,
            Calibration = calibration,
            ConflictInterval = Percentiles(byConflict),
            TestBreakdowns = (breakdowns.Count, breakdowns.Select(x => x.ConflictId).Distinct(StringComparer.Ordinal).Count()),
            GroupedCv = CrossValidate(agreements, HistoryModel(seed), seed: seed),
            ProvisionsOnly = CrossValidate(agreements, seed: seed),
        };
    }

    /// <summary>
    /// Repeated K-fold cross-validation grouped by conflict: in each repeat the conflicts are shuffled (stream (seed, repeat))
    /// and dealt into K folds; each fold is predicted by the model fitted on the others; Harrell's C is computed on the
    /// pooled held-out predictions of the repeat. Reports the mean over repeats with the 2.5–97.5th percentiles.
    /// </summary>
    /// <param name="agreements">All agreements.</param>
    /// <param name="folds">K.</param>
    /// <param name="repeats">Repeats.</param>
    /// <param name="seed">Seed.</param>
    public static GroupedCrossValidation CrossValidate(IReadOnlyList<PeaceAgreement> agreements, int folds = 5, int repeats = 20, ulong seed = 1) =>
        CrossValidate(agreements, ProvisionModel, folds, repeats, seed);

    /// <summary>The same cross-validation for any way of fitting: <paramref name="fit"/> takes the training agreements and returns a risk score (higher: ends sooner).</summary>
    /// <param name="agreements">All agreements.</param>
    /// <param name="fit">Fits on training agreements; returns the risk score of an agreement.</param>
    /// <param name="folds">K.</param>
    /// <param name="repeats">Repeats.</param>
    /// <param name="seed">Seed.</param>
    public static GroupedCrossValidation CrossValidate(IReadOnlyList<PeaceAgreement> agreements, Func<IReadOnlyList<PeaceAgreement>, Func<PeaceAgreement, double>> fit, int folds = 5, int repeats = 20, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        // the repeats are independent (each its own stream): run side by side, collected by index, so the result does not depend on the cores
        double[] byRepeat = new double[repeats];
        Parallel.For(0, repeats, rep => byRepeat[rep] = PooledConcordance(agreements, folds, seed, rep, fit));
        var cs = byRepeat.Where(c => !double.IsNaN(c)).ToList();

        (double lo, double hi) = Percentiles(cs);
        return new GroupedCrossValidation(cs.Count == 0 ? double.NaN : cs.Average(), lo, hi, folds, repeats);
    }

    /// <summary>
    /// One repeat: the conflicts shuffled by stream (seed, repeat) and dealt into K folds; each fold scored by the model fitted
    /// on the others; Harrell's C on the pooled held-out scores.
    /// </summary>
    /// <param name="agreements">The agreements.</param>
    /// <param name="folds">K.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="repeat">The repeat (its stream).</param>
    /// <param name="fit">Fits on training agreements; returns the risk score of an agreement.</param>
    public static double PooledConcordance(IReadOnlyList<PeaceAgreement> agreements, int folds, ulong seed, long repeat, Func<IReadOnlyList<PeaceAgreement>, Func<PeaceAgreement, double>> fit)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(fit);
        string[] shuffled = [.. agreements.Select(a => a.ConflictId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        RandomSource rng = RandomSource.ForDraw(seed, repeat);
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        var fold = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < shuffled.Length; i++)
        {
            fold[shuffled[i]] = i % folds;
        }

        var t = new List<double>();
        var d = new List<bool>();
        var risk = new List<double>();
        for (int f = 0; f < folds; f++)
        {
            PeaceAgreement[] train = [.. agreements.Where(a => fold[a.ConflictId] != f)];
            Func<PeaceAgreement, double> score = fit(train);
            foreach (PeaceAgreement a in agreements.Where(a => fold[a.ConflictId] == f))
            {
                t.Add(a.Years);
                d.Add(a.Ended);
                risk.Add(score(a));
            }
        }

        return SurvivalMetrics.Concordance(t, d, risk);
    }

    /// <summary>The provision-only model (λ = 0.01) as a fitter for <see cref="CrossValidate(IReadOnlyList{PeaceAgreement}, Func{IReadOnlyList{PeaceAgreement}, Func{PeaceAgreement, double}}, int, int, ulong)"/>.</summary>
    public static Func<PeaceAgreement, double> ProvisionModel(IReadOnlyList<PeaceAgreement> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        CoxModel model = CoxModel.Fit(PeaceAgreements.CovariateNames, [.. train.Select(a => a.Covariates)], [.. train.Select(a => a.Years)],
            [.. train.Select(a => a.Ended)], [.. train.Select(a => a.ConflictId)]);
        return a => model.LinearPredictor(a.Covariates);
    }

    /// <summary>The provision and conflict-history model, λ chosen inside the training agreements, as a fitter.</summary>
    /// <param name="seed">Seed of the inner folds.</param>
    public static Func<IReadOnlyList<PeaceAgreement>, Func<PeaceAgreement, double>> HistoryModel(ulong seed) => train =>
    {
        RidgeCoxModel model = RidgeCoxModel.FitSelected(train, seed);
        return a => model.LinearPredictor(a.WithHistory());
    };

    private static (double Low, double High) Percentiles(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? (double.NaN, double.NaN) : (values[(int)(0.025 * (values.Count - 1))], values[(int)Math.Ceiling(0.975 * (values.Count - 1))]);
    }
}
