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

    /// <summary>The fitted model.</summary>
    public required CoxModel Model { get; init; }

    /// <summary>Hazard ratios with robust intervals.</summary>
    public required IReadOnlyList<HazardRatio> HazardRatios { get; init; }

    /// <summary>Harrell's C on the held-out agreements.</summary>
    public required double Concordance { get; init; }

    /// <summary>95% bootstrap interval of the held-out concordance.</summary>
    public required (double Low, double High) ConcordanceInterval { get; init; }

    /// <summary>Calibration at one and five years.</summary>
    public required IReadOnlyList<Calibration> Calibration { get; init; }
}

/// <summary>
/// Fits the empirical durability model on UCDP agreements signed up to 2005 and reports on those signed
/// 2006–2021 (MODELS.md §5; data/ucdp): concordance with a bootstrap interval, calibration against
/// Kaplan–Meier at one and five years, hazard ratios with intervals clustered by conflict.
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
        CoxModel model = CoxModel.Fit(PeaceAgreements.CovariateNames, [.. train.Select(a => a.Covariates)], [.. train.Select(a => a.Years)],
            [.. train.Select(a => a.Ended)], [.. train.Select(a => a.ConflictId)]);
        var ratios = new List<HazardRatio>();
        for (int k = 0; k < model.Beta.Length; k++)
        {
            double b = model.Beta[k], se = model.StandardError(k);
            ratios.Add(new HazardRatio(model.Names[k], Math.Exp(b), Math.Exp(b - (1.96 * se)), Math.Exp(b + (1.96 * se))));
        }

        double[] t = [.. test.Select(a => a.Years)];
        bool[] d = [.. test.Select(a => a.Ended)];
        double[] risk = [.. test.Select(a => model.LinearPredictor(a.Covariates))];
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

        cs.Sort();
        (double, double) interval = cs.Count == 0 ? (double.NaN, double.NaN) : (cs[(int)(0.025 * (cs.Count - 1))], cs[(int)Math.Ceiling(0.975 * (cs.Count - 1))]);
        var calibration = new List<Calibration>();
        foreach (double years in new[] { 1.0, 5.0 })
        {
            calibration.Add(new Calibration(years, SurvivalMetrics.KaplanMeier(t, d, years), test.Average(a => model.Survival(years, a.Covariates))));
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
        };
    }
}
