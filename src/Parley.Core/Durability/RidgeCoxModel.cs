using Parley.Core.Randomness;

namespace Parley.Core.Durability;

/// <summary>
/// A Cox model on standardised covariates with a ridge penalty chosen by grouped cross-validation (docs/durability.md):
/// each covariate is centred and scaled with the training data's mean and standard deviation (a value not known, NaN,
/// becomes the mean), and λ is the value of <see cref="Grid"/> with the highest pooled Harrell's C over folds formed by
/// conflict inside the training data.
/// </summary>
public sealed class RidgeCoxModel
{
    private readonly double[] means;
    private readonly double[] scales;

    private RidgeCoxModel(CoxModel model, double[] means, double[] scales, double lambda)
    {
        Model = model;
        this.means = means;
        this.scales = scales;
        Lambda = lambda;
    }

    /// <summary>The penalties tried.</summary>
    public static IReadOnlyList<double> Grid { get; } = [0.01, 0.1, 0.3, 1, 3, 10, 30];

    /// <summary>The fitted model on the standardised covariates.</summary>
    public CoxModel Model { get; }

    /// <summary>The ridge penalty λ it was fitted with.</summary>
    public double Lambda { get; }

    /// <summary>The training mean of each covariate.</summary>
    public IReadOnlyList<double> Means => means;

    /// <summary>Fits with a given λ.</summary>
    /// <param name="names">Covariate names.</param>
    /// <param name="x">Rows of covariates (NaN where unknown).</param>
    /// <param name="time">Survival times.</param>
    /// <param name="died">Events.</param>
    /// <param name="cluster">Cluster (conflict) of each row.</param>
    /// <param name="lambda">Ridge penalty.</param>
    public static RidgeCoxModel Fit(IReadOnlyList<string> names, IReadOnlyList<double[]> x, double[] time, bool[] died, string[] cluster, double lambda)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(x);
        int p = names.Count;
        double[] mean = new double[p], scale = new double[p];
        for (int k = 0; k < p; k++)
        {
            double sum = 0, sq = 0;
            int n = 0;
            foreach (double[] row in x)
            {
                if (!double.IsNaN(row[k]))
                {
                    sum += row[k];
                    sq += row[k] * row[k];
                    n++;
                }
            }

            mean[k] = n == 0 ? 0 : sum / n;
            double var = n == 0 ? 0 : (sq / n) - (mean[k] * mean[k]);
            scale[k] = var > 1e-12 ? Math.Sqrt(var) : 1;
        }

        double[][] z = [.. x.Select(row => Standardise(row, mean, scale))];
        return new RidgeCoxModel(CoxModel.Fit(names, z, time, died, cluster, lambda), mean, scale, lambda);
    }

    /// <summary>Fits on agreements (provision and history covariates), λ chosen by grouped cross-validation inside them.</summary>
    /// <param name="train">The training agreements.</param>
    /// <param name="seed">Seed of the inner folds.</param>
    /// <param name="folds">Inner folds.</param>
    public static RidgeCoxModel FitSelected(IReadOnlyList<PeaceAgreement> train, ulong seed = 1, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(train);
        double best = Grid[0], bestC = double.NegativeInfinity;
        foreach (double lambda in Grid)
        {
            double c = DurabilityValidation.PooledConcordance(train, folds, seed, 0, Fitter(lambda));
            if (c > bestC + 1e-12)
            {
                (best, bestC) = (lambda, c);
            }
        }

        return FitOn(train, best);
    }

    /// <summary>The model fitted on agreements with a given λ.</summary>
    /// <param name="train">The agreements.</param>
    /// <param name="lambda">Ridge penalty.</param>
    public static RidgeCoxModel FitOn(IReadOnlyList<PeaceAgreement> train, double lambda)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(AllNames, [.. train.Select(a => a.WithHistory())], [.. train.Select(a => a.Years)], [.. train.Select(a => a.Ended)], [.. train.Select(a => a.ConflictId)], lambda);
    }

    /// <summary>The provision covariates followed by the conflict-history covariates.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [.. PeaceAgreements.CovariateNames, .. ConflictHistory.Names];

    /// <summary>The hazard ratio of covariate k per unit of its raw scale (0/1 covariates: present against absent), with its 95% interval (robust, clustered by conflict; the ridge shrinks both towards 1).</summary>
    /// <param name="k">The covariate.</param>
    public HazardRatio HazardRatio(int k)
    {
        double b = Model.Beta[k] / scales[k], se = Model.StandardError(k) / scales[k];
        return new HazardRatio(Model.Names[k], Math.Exp(b), Math.Exp(b - (1.96 * se)), Math.Exp(b + (1.96 * se)));
    }

    /// <summary>x·β on the standardised covariates (NaN counts as the training mean).</summary>
    /// <param name="x">Raw covariates.</param>
    public double LinearPredictor(ReadOnlySpan<double> x) => Model.LinearPredictor(Standardise(x, means, scales));

    /// <summary>Probability of lasting beyond t years.</summary>
    /// <param name="t">Years.</param>
    /// <param name="x">Raw covariates.</param>
    public double Survival(double t, ReadOnlySpan<double> x) => Model.Survival(t, Standardise(x, means, scales));

    private static Func<IReadOnlyList<PeaceAgreement>, Func<PeaceAgreement, double>> Fitter(double lambda) => train =>
    {
        RidgeCoxModel m = FitOn(train, lambda);
        return a => m.LinearPredictor(a.WithHistory());
    };

    private static double[] Standardise(ReadOnlySpan<double> x, double[] mean, double[] scale)
    {
        double[] z = new double[mean.Length];
        for (int k = 0; k < z.Length; k++)
        {
            z[k] = double.IsNaN(x[k]) ? 0 : (x[k] - mean[k]) / scale[k];
        }

        return z;
    }
}
