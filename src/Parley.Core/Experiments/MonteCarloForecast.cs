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
        var counts = new long[nm * ni * bins];
        var sums = new Int128[nm * ni];
        var gate = new object();
        long blocks = (settings.Draws + Block - 1) / Block;
        long nextBlock = -1;
        long done = 0;
        int threads = Math.Max(1, settings.Threads ?? Environment.ProcessorCount);
        Exception? failure = null;
        WorkGuard guard = WorkGuard.Current;
        double since = guard.Elapsed;

        void Worker()
        {
            try
            {
                Work();
            }
            catch (Exception ex) when (threads > 1)
            {
                // surfaced on the calling thread below; the other workers stop at their next block
                Interlocked.CompareExchange(ref failure, ex, null);
                Interlocked.Exchange(ref nextBlock, blocks);
            }
        }

        void Work()
        {
            ForecastInput local = input.Clone();
            var rng = new RandomSource(0);
            var f = new double[ni];
            var localCounts = new long[counts.Length];
            var localSums = new Int128[sums.Length];
            while (true)
            {
                long b = Interlocked.Increment(ref nextBlock);
                if (b >= blocks)
                {
                    break;
                }

                settings.Cancellation.ThrowIfCancellationRequested();

                long end = Math.Min(settings.Draws, (b + 1) * Block);
                for (long d = b * Block; d < end; d++)
                {
                    // projected per draw, not per block: a block of slow draws would run long before anything is said
                    guard.Project(Interlocked.Read(ref done) + (d - (b * Block)), settings.Draws, since);
                    rng.ResetForDraw(settings.Seed, d);
                    local.Resample(rng);
                    for (int m = 0; m < nm; m++)
                    {
                        models[m].Forecast(local, options, f);
                        for (int i = 0; i < ni; i++)
                        {
                            var issue = input.Issues[i];
                            double v = double.IsFinite(f[i]) ? Math.Clamp(f[i], issue.Min, issue.Max) : issue.Min + (issue.Span / 2);
                            int bin = issue.Span > 0 ? (int)((v - issue.Min) / issue.Span * bins) : 0;
                            bin = Math.Clamp(bin, 0, bins - 1);
                            localCounts[(((m * ni) + i) * bins) + bin]++;
                            localSums[(m * ni) + i] += (Int128)Math.Round(v * FixedPointScale);
                        }
                    }
                }

                long total = Interlocked.Add(ref done, end - (b * Block));
                settings.Progress?.Invoke(total);
                guard.Project(total, settings.Draws, since);
            }

            lock (gate)
            {
                for (int k = 0; k < counts.Length; k++)
                {
                    counts[k] += localCounts[k];
                }

                for (int k = 0; k < sums.Length; k++)
                {
                    sums[k] += localSums[k];
                }
            }
        }

        if (threads == 1)
        {
            Worker();
        }
        else
        {
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                workers[t] = new Thread(Worker) { IsBackground = true, Name = "parley-montecarlo-" + t };
                workers[t].Start();
            }

            foreach (Thread t in workers)
            {
                t.Join();
            }

            if (failure is OperationCanceledException cancelled)
            {
                throw new OperationCanceledException("the Monte Carlo run was cancelled", cancelled, settings.Cancellation);
            }

            if (failure is WorkRefusedException refused)
            {
                throw new WorkRefusedException(refused.Message, refused);
            }

            if (failure is not null)
            {
                throw new InvalidOperationException("a Monte Carlo draw failed: " + failure.Message, failure);
            }
        }

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
