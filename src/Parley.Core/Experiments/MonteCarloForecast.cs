using Parley.Core.Domain;
using Parley.Core.Forecasting;
using Parley.Core.Randomness;

namespace Parley.Core.Experiments;

/// <summary>Settings of a Monte Carlo forecast.</summary>
public sealed record MonteCarloSettings
{
    /// <summary>Number of draws.</summary>
    public required long Draws { get; init; }

    /// <summary>The run's seed; draw d uses the stream (Seed, d).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads; null uses every core. The result does not depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>Histogram bins per issue (equal widths over the issue's scale); 1,000 gives 0.1 on a 0–100 scale.</summary>
    public int Bins { get; init; } = 1000;

    /// <summary>Called now and then with the number of draws finished (from worker threads).</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Stops the run between blocks of draws (it then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>The distribution of one model's forecast of one issue over the draws.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Min">Lower end of the histogram (the issue's scale).</param>
/// <param name="Max">Upper end of the histogram.</param>
/// <param name="Counts">Draws per bin.</param>
/// <param name="Mean">Mean forecast over the draws.</param>
public sealed record ForecastDistribution(string IssueId, double Min, double Max, long[] Counts, double Mean)
{
    /// <summary>Number of draws counted.</summary>
    public long Total
    {
        get
        {
            long t = 0;
            foreach (long c in Counts)
            {
                t += c;
            }

            return t;
        }
    }

    /// <summary>The q-quantile read from the histogram, interpolating linearly inside the bin that contains it.</summary>
    /// <param name="q">Probability in [0, 1].</param>
    public double Quantile(double q)
    {
        long total = Total;
        if (total == 0)
        {
            return double.NaN;
        }

        double width = (Max - Min) / Counts.Length;
        double target = q * total;
        long cumulative = 0;
        for (int b = 0; b < Counts.Length; b++)
        {
            if (Counts[b] > 0 && cumulative + Counts[b] >= target)
            {
                double within = (target - cumulative) / Counts[b];
                return Min + ((b + within) * width);
            }

            cumulative += Counts[b];
        }

        return Max;
    }

    /// <summary>The median (0.5-quantile).</summary>
    public double Median => Quantile(0.5);

    /// <summary>The 10th percentile.</summary>
    public double P10 => Quantile(0.1);

    /// <summary>The 90th percentile.</summary>
    public double P90 => Quantile(0.9);
}

/// <summary>Monte Carlo results for one model.</summary>
/// <param name="Model">The model's short name.</param>
/// <param name="Issues">One distribution per forecast issue.</param>
public sealed record ModelDistribution(string Model, IReadOnlyList<ForecastDistribution> Issues);

/// <summary>
/// Monte Carlo over a scenario's uncertain inputs (MODELS.md §1.5): each draw resamples every uncertain
/// number from its own stream (seed, draw), runs every requested model and adds each forecast to a
/// fixed-bin histogram; nothing per draw is kept, so memory is flat in the number of draws. Draws are
/// processed in fixed blocks by any number of threads; counts are integers and the sums behind the
/// means are kept in exact fixed point, so the result is byte-identical for any thread count.
/// </summary>
public static class MonteCarloForecast
{
    private const int Block = 64;
    private const double FixedPointScale = 1048576.0; // 2^20: sums of forecasts kept exactly

    /// <summary>Runs the draws.</summary>
    /// <param name="input">The scenario's input (not modified; each worker uses its own copy).</param>
    /// <param name="models">Models to run on every draw.</param>
    /// <param name="options">Model parameters.</param>
    /// <param name="settings">Draws, seed, threads, bins.</param>
    public static IReadOnlyList<ModelDistribution> Run(ForecastInput input, IReadOnlyList<IForecastModel> models, ForecastOptions options, MonteCarloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Draws);
        int nm = models.Count, ni = input.IssueCount, bins = settings.Bins;
        int nCounts = nm * ni * bins, nSums = nm * ni;
        Action<long>? progress = settings.Progress;
        long reported = 0;
        CancellationToken cancellation = settings.Cancellation;
        Tally tally = DrawWorkers.Run(
            "forecast",
            settings.Draws,
            settings.Threads,
            t => (Input: input.Clone(), Rng: new RandomSource(0), F: new double[ni], Counts: t.Counts("bins", nCounts), Sums: t.Sums("sums", nSums)),
            (w, d) =>
            {
                if ((d & (Block - 1)) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                w.Rng.ResetForDraw(settings.Seed, d);
                w.Input.Resample(w.Rng);
                for (int m = 0; m < nm; m++)
                {
                    models[m].Forecast(w.Input, options, w.F);
                    for (int i = 0; i < ni; i++)
                    {
                        var issue = input.Issues[i];
                        double v = double.IsFinite(w.F[i]) ? Math.Clamp(w.F[i], issue.Min, issue.Max) : issue.Min + (issue.Span / 2);
                        int bin = issue.Span > 0 ? (int)((v - issue.Min) / issue.Span * bins) : 0;
                        bin = Math.Clamp(bin, 0, bins - 1);
                        w.Counts[(((m * ni) + i) * bins) + bin]++;
                        w.Sums[(m * ni) + i] += (Int128)Math.Round(v * FixedPointScale);
                    }
                }
            },
            progress is null ? null : done =>
            {
                // every block of draws, whether the draws come one by one or, under a sweep, a work item at a time
                long last = Interlocked.Read(ref reported);
                if ((done - last >= Block || done == settings.Draws) && Interlocked.CompareExchange(ref reported, done, last) == last)
                {
                    progress(done);
                }
            });
        long[] counts = tally.Counts("bins", nCounts);
        Int128[] sums = tally.Sums("sums", nSums);

        var result = new List<ModelDistribution>(nm);
        for (int m = 0; m < nm; m++)
        {
            var issues = new List<ForecastDistribution>(ni);
            for (int i = 0; i < ni; i++)
            {
                var issue = input.Issues[i];
                long[] c = counts.AsSpan(((m * ni) + i) * bins, bins).ToArray();
                double mean = (double)sums[(m * ni) + i] / FixedPointScale / settings.Draws;
                issues.Add(new ForecastDistribution(issue.Id, issue.Min, issue.Max, c, mean));
            }

            result.Add(new ModelDistribution(models[m].Name, issues));
        }

        return result;
    }
}
