namespace Parley.Core.Durability;

/// <summary>
/// Cox proportional hazards (MODELS.md §5): h(t | x) = h0(t) exp(xβ), fitted by Newton–Raphson on the
/// Breslow partial likelihood with a small ridge penalty (λ/2)‖β‖² that keeps rare covariates finite;
/// baseline cumulative hazard by Breslow's estimator; robust variance clustered by conflict (Lin and
/// Wei's score residuals summed per cluster, sandwiched by the inverse information).
/// </summary>
public sealed class CoxModel
{
    private readonly double[] eventTimes;
    private readonly double[] baseline;

    private CoxModel(string[] names, double[] beta, double[,] covariance, double[] eventTimes, double[] baseline, int iterations)
    {
        Names = names;
        Beta = beta;
        Covariance = covariance;
        this.eventTimes = eventTimes;
        this.baseline = baseline;
        Iterations = iterations;
    }

    /// <summary>Covariate names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Coefficients (log hazard ratios).</summary>
    public double[] Beta { get; }

    /// <summary>Robust (clustered) covariance of the coefficients.</summary>
    public double[,] Covariance { get; }

    /// <summary>Newton iterations used.</summary>
    public int Iterations { get; }

    /// <summary>Standard error of coefficient k.</summary>
    /// <param name="k">Coefficient index.</param>
    public double StandardError(int k) => Math.Sqrt(Math.Max(0, Covariance[k, k]));

    /// <summary>Linear predictor xβ.</summary>
    /// <param name="x">Covariates.</param>
    public double LinearPredictor(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int k = 0; k < Beta.Length; k++)
        {
            s += x[k] * Beta[k];
        }

        return s;
    }

    /// <summary>Breslow's baseline cumulative hazard at time t.</summary>
    /// <param name="t">Time.</param>
    public double BaselineCumulativeHazard(double t)
    {
        int i = Array.BinarySearch(eventTimes, t);
        int last = i >= 0 ? i : ~i - 1;
        while (i >= 0 && last + 1 < eventTimes.Length && eventTimes[last + 1] == t)
        {
            last++;
        }

        return last < 0 ? 0 : baseline[last];
    }

    /// <summary>Probability of surviving (the agreement holding) past t given covariates x.</summary>
    /// <param name="t">Time.</param>
    /// <param name="x">Covariates.</param>
    public double Survival(double t, ReadOnlySpan<double> x) => Math.Exp(-BaselineCumulativeHazard(t) * Math.Exp(LinearPredictor(x)));

    /// <summary>Fits the model.</summary>
    /// <param name="names">Covariate names.</param>
    /// <param name="x">Covariates per subject.</param>
    /// <param name="time">Time to event or censoring.</param>
    /// <param name="died">True for an event.</param>
    /// <param name="cluster">Cluster label per subject (for the robust variance).</param>
    /// <param name="ridge">Ridge penalty λ.</param>
    /// <param name="entry">Start of each subject's observation (delayed entry: counting-process spells (entry, time]); null: all from 0.</param>
    public static CoxModel Fit(IReadOnlyList<string> names, IReadOnlyList<double[]> x, double[] time, bool[] died, string[] cluster, double ridge = 0.01, double[]? entry = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(died);
        ArgumentNullException.ThrowIfNull(cluster);
        int n = time.Length, p = names.Count;
        var risk = new RiskSets(time, entry ?? new double[n]);
        int[] order = risk.ByTime;
        var beta = new double[p];
        double ll = PenalisedLogLikelihood(x, time, died, risk, beta, ridge, out double[] grad, out double[,] info);
        int it = 0;
        for (; it < 100; it++)
        {
            double[] step = Solve(info, grad);
            double scale = 1;
            double[] next = new double[p];
            double nll = double.NegativeInfinity;
            double[] ngrad = grad;
            double[,] ninfo = info;
            for (int half = 0; half < 30; half++)
            {
                for (int k = 0; k < p; k++)
                {
                    next[k] = beta[k] + (scale * step[k]);
                }

                nll = PenalisedLogLikelihood(x, time, died, risk, next, ridge, out ngrad, out ninfo);
                if (nll >= ll - 1e-12)
                {
                    break;
                }

                scale /= 2;
            }

            double change = 0;
            for (int k = 0; k < p; k++)
            {
                change = Math.Max(change, Math.Abs(next[k] - beta[k]));
            }

            beta = next;
            ll = nll;
            grad = ngrad;
            info = ninfo;
            if (change < 1e-9)
            {
                break;
            }
        }

        (double[] times, double[] h0) = Baseline(x, time, died, risk, beta);
        double[,] robust = Robust(x, time, died, cluster, risk, beta, info);
        return new CoxModel([.. names], beta, robust, times, h0, it + 1);
    }

    /// <summary>
    /// The penalised Breslow log partial likelihood at β, with its gradient and (positive) information
    /// matrix; public so that tests can check the fit's optimality independently.
    /// </summary>
    /// <param name="x">Covariates.</param>
    /// <param name="time">Times.</param>
    /// <param name="died">Events.</param>
    /// <param name="beta">Coefficients.</param>
    /// <param name="ridge">Ridge penalty λ.</param>
    /// <param name="gradient">Receives the gradient.</param>
    public static double LogLikelihood(IReadOnlyList<double[]> x, double[] time, bool[] died, double[] beta, double ridge, out double[] gradient)
    {
        ArgumentNullException.ThrowIfNull(time);
        return PenalisedLogLikelihood(x, time, died, new RiskSets(time, new double[time.Length]), beta, ridge, out gradient, out _);
    }

    /// <summary>
    /// The one risk-set sweep every computation shares: distinct times in decreasing order; at each, the
    /// subjects leaving at that time join the sums, subjects whose observation starts at or after it
    /// (delayed entry) leave them, and <paramref name="atTime"/> sees the sums S0 = Σ r, S1 = Σ r x and, when
    /// asked for, S2 = Σ r x xᵀ over the risk set, with the subjects exiting at t (order[from..to)).
    /// </summary>
    private static void Sweep(IReadOnlyList<double[]> x, double[] time, RiskSets risk, double[] beta, bool second,
        Action<double, int, int, double, double[], double[,]> atTime)
    {
        int[] order = risk.ByTime;
        int p = beta.Length, leave = 0, i = 0;
        double s0 = 0;
        var s1 = new double[p];
        var s2 = new double[second ? p : 0, second ? p : 0];

        void Change(int s, double sign)
        {
            double r = sign * Math.Exp(Dot(x[s], beta));
            s0 += r;
            for (int a = 0; a < p; a++)
            {
                s1[a] += r * x[s][a];
                for (int c = 0; second && c < p; c++)
                {
                    s2[a, c] += r * x[s][a] * x[s][c];
                }
            }
        }

        while (i < order.Length)
        {
            double t = time[order[i]];
            int j = i;
            while (j < order.Length && time[order[j]] == t)
            {
                Change(order[j++], 1);
            }

            while (leave < risk.ByEntry.Length && risk.Entry[risk.ByEntry[leave]] >= t)
            {
                int s = risk.ByEntry[leave++];
                if (time[s] >= t)
                {
                    Change(s, -1);
                }
            }

            atTime(t, i, j, s0, s1, s2);
            i = j;
        }
    }

    private static double PenalisedLogLikelihood(IReadOnlyList<double[]> x, double[] time, bool[] died, RiskSets risk, double[] beta, double ridge,
        out double[] grad, out double[,] info)
    {
        int[] order = risk.ByTime;
        int p = beta.Length;
        var g = new double[p];
        var h = new double[p, p];
        double ll = 0;
        Sweep(x, time, risk, beta, second: true, (_, from, to, s0, s1, s2) =>
        {
            for (int k = from; k < to; k++)
            {
                int s = order[k];
                if (!died[s])
                {
                    continue;
                }

                ll += Dot(x[s], beta) - Math.Log(s0);
                for (int a = 0; a < p; a++)
                {
                    g[a] += x[s][a] - (s1[a] / s0);
                    for (int b = 0; b < p; b++)
                    {
                        h[a, b] += (s2[a, b] / s0) - (s1[a] / s0 * s1[b] / s0);
                    }
                }
            }
        });

        for (int a = 0; a < p; a++)
        {
            ll -= ridge / 2 * beta[a] * beta[a];
            g[a] -= ridge * beta[a];
            h[a, a] += ridge;
        }

        grad = g;
        info = h;
        return ll;
    }

    private static (double[] Times, double[] CumHazard) Baseline(IReadOnlyList<double[]> x, double[] time, bool[] died, RiskSets risk, double[] beta)
    {
        // S0 at each distinct event time, then cumulative sums of events / S0 in increasing time
        int[] order = risk.ByTime;
        var s0At = new SortedDictionary<double, (double S0, int Events)>();
        Sweep(x, time, risk, beta, second: false, (t, from, to, s0, _, _) =>
        {
            int events = 0;
            for (int k = from; k < to; k++)
            {
                events += died[order[k]] ? 1 : 0;
            }

            if (events > 0)
            {
                s0At[t] = (s0, events);
            }
        });

        var times = new double[s0At.Count];
        var h = new double[s0At.Count];
        double cum = 0;
        int n = 0;
        foreach ((double t, (double s, int e)) in s0At)
        {
            cum += e / s;
            times[n] = t;
            h[n] = cum;
            n++;
        }

        return (times, h);
    }

    private static double[,] Robust(IReadOnlyList<double[]> x, double[] time, bool[] died, string[] cluster, RiskSets risk, double[] beta, double[,] info)
    {
        int n = time.Length, p = beta.Length;
        int[] order = risk.ByTime;

        // risk-set sums at each distinct event time, in increasing time
        var events = new List<(double T, double S0, double[] Mean, int D)>();
        Sweep(x, time, risk, beta, second: false, (t, from, to, s0, s1, _) =>
        {
            int d = 0;
            for (int k = from; k < to; k++)
            {
                d += died[order[k]] ? 1 : 0;
            }

            if (d > 0)
            {
                events.Add((t, s0, [.. s1.Select(v => v / s0)], d));
            }
        });

        events.Reverse();
        var byCluster = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int s = 0; s < n; s++)
        {
            double r = Math.Exp(Dot(x[s], beta));
            var w = new double[p];
            foreach ((double t, double es0, double[] mean, int d) in events)
            {
                if (t > time[s])
                {
                    break;
                }

                if (t <= risk.Entry[s])
                {
                    continue;
                }

                for (int a = 0; a < p; a++)
                {
                    w[a] -= r * (x[s][a] - mean[a]) * d / es0;
                }

                if (t == time[s] && died[s])
                {
                    for (int a = 0; a < p; a++)
                    {
                        w[a] += x[s][a] - mean[a];
                    }
                }
            }

            if (!byCluster.TryGetValue(cluster[s], out double[]? u))
            {
                u = new double[p];
                byCluster[cluster[s]] = u;
            }

            for (int a = 0; a < p; a++)
            {
                u[a] += w[a];
            }
        }

        var meat = new double[p, p];
        foreach (double[] u in byCluster.Values)
        {
            for (int a = 0; a < p; a++)
            {
                for (int b = 0; b < p; b++)
                {
                    meat[a, b] += u[a] * u[b];
                }
            }
        }

        double[,] inv = Invert(info);
        return Multiply(Multiply(inv, meat), inv);
    }

    /// <summary>Subjects ordered by exit time and by entry time, both descending, for the risk-set sweeps.</summary>
    private sealed class RiskSets(double[] time, double[] entry)
    {
        public double[] Entry { get; } = entry;

        public int[] ByTime { get; } = [.. Enumerable.Range(0, time.Length).OrderByDescending(i => time[i]).ThenBy(i => i)];

        public int[] ByEntry { get; } = [.. Enumerable.Range(0, time.Length).OrderByDescending(i => entry[i]).ThenBy(i => i)];
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++)
        {
            s += a[k] * b[k];
        }

        return s;
    }

    private static double[] Solve(double[,] m, double[] v)
    {
        double[,] inv = Invert(m);
        int p = v.Length;
        var r = new double[p];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++)
            {
                r[a] += inv[a, b] * v[b];
            }
        }

        return r;
    }

    /// <summary>Gauss–Jordan inversion with partial pivoting (the matrices are small and positive definite).</summary>
    private static double[,] Invert(double[,] m)
    {
        int p = m.GetLength(0);
        var a = new double[p, 2 * p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                a[r, c] = m[r, c];
            }

            a[r, p + r] = 1;
        }

        for (int c = 0; c < p; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < p; r++)
            {
                if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c]))
                {
                    pivot = r;
                }
            }

            for (int k = 0; k < 2 * p; k++)
            {
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            }

            double d = a[c, c];
            for (int k = 0; k < 2 * p; k++)
            {
                a[c, k] /= d;
            }

            for (int r = 0; r < p; r++)
            {
                if (r == c)
                {
                    continue;
                }

                double f = a[r, c];
                for (int k = 0; k < 2 * p; k++)
                {
                    a[r, k] -= f * a[c, k];
                }
            }
        }

        var inv = new double[p, p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                inv[r, c] = a[r, p + c];
            }
        }

        return inv;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int p = a.GetLength(0);
        var r = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                for (int k = 0; k < p; k++)
                {
                    r[i, j] += a[i, k] * b[k, j];
                }
            }
        }

        return r;
    }
}
