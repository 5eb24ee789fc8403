using Parley.Core.Domain;
using System.Globalization;

namespace Parley.Core.Forecasting;

/// <summary>The kind of offer one actor makes another in the expected-utility model.</summary>
public enum OfferKind
{
    /// <summary>No offer.</summary>
    None,

    /// <summary>Both expect to gain from a challenge: the weaker side loses and moves to the other's position.</summary>
    Conflict,

    /// <summary>The target expects a small loss: it moves part of the way, by |EU_j / EU_i|.</summary>
    Compromise,

    /// <summary>The target expects a loss at least as large as the challenger's gain: it moves all the way.</summary>
    Capitulation,
}

/// <summary>
/// Bueno de Mesquita's expected-utility model, one issue at a time, as specified by Scholz, Calbert and
/// Smith (2011); MODELS.md §1.3 has the equations and <c>docs/models.md</c> the choices made where the
/// sources differ. Each round: the forecast μ is the weighted median of the current positions; every
/// ordered pair gets a win probability and expected utilities (first risk-neutral, then with risk
/// exponents derived from how attractive a target each actor is); offers follow from the signs of the
/// two expected utilities; each actor accepts the offer that moves it least. Rounds repeat until no one
/// moves or the round cap is reached.
/// </summary>
public sealed class ExpectedUtilityModel : IForecastModel
{
    /// <summary>The most offers a trajectory lists per issue and round (the moves are always listed); the rest are counted.</summary>
    public const int MaxListedOffers = 1000;

    /// <inheritdoc/>
    public string Name => "eum";

    /// <inheritdoc/>
    public string Title => "Expected utility (Bueno de Mesquita)";

    /// <summary>
    /// The offer i makes j, from i's expected utility of challenging j (<paramref name="euI"/>) and its
    /// estimate of j's expected utility of challenging i (<paramref name="euJ"/>). For a compromise the
    /// fraction of the way j is asked to move is returned too.
    /// </summary>
    /// <param name="euI">EU_i(ij).</param>
    /// <param name="euJ">EU_j(ji) as i estimates it.</param>
    public static (OfferKind Kind, double Fraction) Offer(double euI, double euJ)
    {
        if (euI > 0 && euJ > 0)
        {
            return (OfferKind.Conflict, 1);
        }

        if (euI > 0 && euJ < 0)
        {
            return -euJ < euI ? (OfferKind.Compromise, -euJ / euI) : (OfferKind.Capitulation, 1);
        }

        return (OfferKind.None, 0);
    }

    /// <summary>
    /// P_ij: the share of all vote mass that supports i over j, where k votes c_k s_k (U_k(x_i) − U_k(x_j))
    /// with U_k(x) = 1 − 2|x_k − x| / Δ; one half when nobody cares.
    /// </summary>
    /// <param name="x">Positions.</param>
    /// <param name="w">c·s per actor.</param>
    /// <param name="i">Challenger.</param>
    /// <param name="j">Target.</param>
    /// <param name="span">Δ, the width of the issue's scale.</param>
    public static double WinProbability(ReadOnlySpan<double> x, ReadOnlySpan<double> w, int i, int j, double span)
    {
        double support = 0, total = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double v = w[k] * 2 * (Math.Abs(x[k] - x[j]) - Math.Abs(x[k] - x[i])) / span;
            support += Math.Max(0, v);
            total += Math.Abs(v);
        }

        return total > 0 ? support / total : 0.5;
    }

    /// <summary>
    /// EU_i(ij): i's expected utility of challenging j, with i's risk exponent r, the target's salience
    /// s_j, the win probability P_ij, the forecast μ and the parameters Q and T.
    /// </summary>
    /// <param name="xi">i's position.</param>
    /// <param name="xj">j's position.</param>
    /// <param name="mu">Current forecast (median).</param>
    /// <param name="sj">j's salience.</param>
    /// <param name="pij">P_ij.</param>
    /// <param name="r">i's risk exponent.</param>
    /// <param name="span">Δ.</param>
    /// <param name="q">Q.</param>
    /// <param name="t">T.</param>
    public static double ExpectedUtility(double xi, double xj, double mu, double sj, double pij, double r, double span, double q, double t) =>
        ExpectedUtility(xi, xj, mu, sj, pij, r, span, q, t, StatusQuoUtility(r));

    /// <summary>U_i(status quo) = 2 − 4 · 0.5^r: the same for every target of i, so computed once per challenger.</summary>
    /// <param name="r">i's risk exponent.</param>
    private static double StatusQuoUtility(double r) => 2 - (4 * Pow(0.5, r));

    private static double ExpectedUtility(double xi, double xj, double mu, double sj, double pij, double r, double span, double q, double t, double usq)
    {
        double dij = Math.Abs(xi - xj) / span;
        double dmu = Math.Abs(xi - mu) / span;
        double us = 2 - (4 * Pow(0.5 - (0.5 * dij), r));
        double uf = 2 - (4 * Pow(0.5 + (0.5 * dij), r));
        double eu = (sj * ((pij * us) + ((1 - pij) * uf))) + ((1 - sj) * us) - (q * usq);
        if (q < 1)
        {
            double ub = 2 - (4 * Pow(0.5 - (0.25 * (dmu + dij)), r));
            double uw = 2 - (4 * Pow(0.5 + (0.25 * (dmu + dij)), r));
            eu -= (1 - q) * ((t * ub) + ((1 - t) * uw));
        }

        return eu;
    }

    /// <summary>
    /// Risk exponents from how attractive each actor is as a target: S_i = Σ_j EU_j(ji) (risk-neutral),
    /// R_i = (2 S_i − max S − min S) / (max S − min S), r_i = (1 − R_i/3) / (1 + R_i/3).
    /// </summary>
    /// <param name="attractiveness">S_i per actor.</param>
    /// <param name="r">Receives r_i.</param>
    public static void RiskExponents(ReadOnlySpan<double> attractiveness, Span<double> r)
    {
        double max = double.NegativeInfinity, min = double.PositiveInfinity;
        foreach (double s in attractiveness)
        {
            max = Math.Max(max, s);
            min = Math.Min(min, s);
        }

        for (int i = 0; i < attractiveness.Length; i++)
        {
            double big = max > min ? ((2 * attractiveness[i]) - max - min) / (max - min) : 0;
            r[i] = (1 - (big / 3)) / (1 + (big / 3));
        }
    }

    /// <inheritdoc/>
    public void Forecast(ForecastInput input, ForecastOptions options, Span<double> forecast)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        _ = Solve(input, options.Eum, forecast, null);
    }

    /// <inheritdoc/>
    public ForecastResult Run(ForecastInput input, ForecastOptions options, bool record)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        int na = input.ActorCount, ni = input.IssueCount;
        var forecast = new double[ni];
        Recording? rec = record ? new Recording(input) : null;
        int maxRounds = Solve(input, options.Eum, forecast, rec);
        IReadOnlyList<TrajectoryRound>? trajectory = null;
        if (rec is not null)
        {
            List<double[]> history = rec.History, forecasts = rec.Forecasts;

            // an issue that stopped early keeps its last positions and forecast in later rounds
            for (int d = 0; d < ni; d++)
            {
                for (int r = rec.RoundsPerIssue[d] + 1; r < history.Count; r++)
                {
                    for (int a = 0; a < na; a++)
                    {
                        history[r][(a * ni) + d] = history[rec.RoundsPerIssue[d]][(a * ni) + d];
                    }

                    forecasts[r][d] = forecasts[rec.RoundsPerIssue[d]][d];
                }
            }

            var rounds = new List<TrajectoryRound>(history.Count);
            for (int r = 0; r < history.Count; r++)
            {
                rounds.Add(new TrajectoryRound(r, history[r], forecasts[r], ModelSupport.WeightedMeans(input, history[r]), rec.Events[r]));
            }

            trajectory = rounds;
        }

        return new ForecastResult(Name, input.Issues, ModelSupport.ActorIds(input), forecast, maxRounds, trajectory);
    }

    /// <summary>Runs every issue; returns the largest number of rounds any issue took.</summary>
    private static int Solve(ForecastInput input, EumOptions o, Span<double> forecast, Recording? rec)
    {
        int na = input.ActorCount, ni = input.IssueCount;
        Scratch sc = Scratch.For(na);
        double[] x = sc.X, w = sc.W, c = sc.C, s = sc.Sal;
        int[] actor = sc.Actor;
        int maxRounds = 0;
        WorkGuard guard = WorkGuard.Current;
        for (int d = 0; d < ni; d++)
        {
            int n = ModelSupport.Slice(input, d, x, w, c, s, actor);
            double span = input.Issues[d].Span;
            if (n == 0)
            {
                forecast[d] = input.Issues[d].Min + (span / 2);
                continue;
            }

            double mu = WeightedStatistics.Median(x.AsSpan(0, n), w.AsSpan(0, n));
            if (rec is not null)
            {
                rec.Forecasts[0][d] = mu;
            }

            int round = 0;
            while (round < o.MaxRounds)
            {
                guard.Check();
                round++;
                List<ForecastEvent>? roundEvents = rec?.EventsOf(round);
                bool moved = Round(n, x, w, s, mu, span, o, sc, roundEvents, round, input, actor, d);
                mu = WeightedStatistics.Median(x.AsSpan(0, n), w.AsSpan(0, n));
                if (rec is not null)
                {
                    for (int k = 0; k < n; k++)
                    {
                        rec.History[round][(actor[k] * ni) + d] = x[k];
                    }

                    rec.Forecasts[round][d] = mu;
                }

                if (!moved)
                {
                    break;
                }
            }

            maxRounds = Math.Max(maxRounds, round);
            forecast[d] = mu;
            if (rec is not null)
            {
                rec.RoundsPerIssue[d] = round;
            }
        }

        return maxRounds;
    }

    private static bool Round(int n, double[] x, double[] w, double[] s, double mu, double span, EumOptions o, Scratch sc,
        List<ForecastEvent>? events, int round, ForecastInput input, int[] actor, int d)
    {
        // win probabilities do not depend on risk: compute them once per round
        WorkGuard guard = WorkGuard.Current;
        for (int i = 0; i < n; i++)
        {
            if ((i & 63) == 63)
            {
                guard.Check();
            }

            sc.P[(i * n) + i] = 0.5;
            for (int j = i + 1; j < n; j++)
            {
                WinProbabilities(x, w, n, i, j, span, out sc.P[(i * n) + j], out sc.P[(j * n) + i]);
            }
        }

        // risk-neutral pass (r = 1) gives each actor's attractiveness as a target, hence its risk exponent
        for (int i = 0; i < n; i++)
        {
            sc.R[i] = 1;
        }

        FillEu(n, x, s, mu, span, o, sc);
        for (int i = 0; i < n; i++)
        {
            double si = 0;
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    si += sc.Eu[(j * n) + i];
                }
            }

            sc.S[i] = si;
        }

        RiskExponents(sc.S.AsSpan(0, n), sc.R.AsSpan(0, n));
        FillEu(n, x, s, mu, span, o, sc, offersOnly: true);

        // offers: i to j, from i's EU and its estimate of j's (j's own, with j's risk exponent)
        for (int j = 0; j < n; j++)
        {
            sc.Best[j] = double.NaN;
            sc.From[j] = -1;
        }

        int offersSeen = 0, offersUnlisted = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j || x[i] == x[j])
                {
                    continue;
                }

                double eui = sc.Eu[(i * n) + j], euj = sc.Eu[(j * n) + i];
                (OfferKind kind, double fraction) = Offer(eui, euj);
                int mover = j, winner = i;
                double target;
                switch (kind)
                {
                    case OfferKind.None:
                        continue;
                    case OfferKind.Conflict:
                        if (eui == euj)
                        {
                            continue;
                        }

                        // the side with the smaller expected utility loses and moves to the other's position
                        if (euj > eui)
                        {
                            mover = i;
                            winner = j;
                        }

                        target = x[winner];
                        break;
                    case OfferKind.Compromise:
                        target = x[j] + ((x[i] - x[j]) * fraction);
                        break;
                    default:
                        target = x[i];
                        break;
                }

                if (events is not null && (kind != OfferKind.Conflict || i < j))
                {
                    // the record of offers is bounded (it grows with the square of the actors): the rest are counted
                    if (++offersSeen > MaxListedOffers)
                    {
                        offersUnlisted++;
                    }
                    else
                    {
                        string issueId = input.Issues[d].Id;
                        string a = input.Actors[actor[i]].Id, b = input.Actors[actor[j]].Id;
                        string text = kind switch
                        {
                            OfferKind.Conflict => $"{a} and {b} both expect to gain from a challenge (EU {F(eui)} vs {F(euj)}); {input.Actors[actor[mover]].Id} loses and is asked to move to {F(target)}",
                            OfferKind.Compromise => $"{a} challenges {b} (EU {F(eui)}); {b} expects to lose {F(-euj)} and is offered a compromise at {F(target)}",
                            _ => $"{a} challenges {b} (EU {F(eui)}); {b} expects to lose {F(-euj)} and is asked to capitulate to {F(target)}",
                        };
                        events.Add(new ForecastEvent(round, kind.ToString().ToLowerInvariant(), a, b, issueId, text));
                    }
                }

                double move = Math.Abs(target - x[mover]);
                if (double.IsNaN(sc.Best[mover]) || move < sc.Best[mover])
                {
                    sc.Best[mover] = move;
                    sc.Target[mover] = target;
                    sc.From[mover] = winner;
                }
            }
        }

        if (events is not null && offersUnlisted > 0)
        {
            events.Add(new ForecastEvent(round, "unlisted", string.Empty, string.Empty, input.Issues[d].Id,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{offersUnlisted:N0} more offers on this issue this round are not listed (at most {MaxListedOffers:N0} per issue and round)")));
        }

        bool moved = false;
        for (int j = 0; j < n; j++)
        {
            if (sc.From[j] >= 0 && sc.Target[j] != x[j])
            {
                if (events is not null)
                {
                    string who = input.Actors[actor[j]].Id;
                    events.Add(new ForecastEvent(round, "move", who, input.Actors[actor[sc.From[j]]].Id, input.Issues[d].Id,
                        $"{who} accepts the offer that moves it least: {F(x[j])} → {F(sc.Target[j])}"));
                }

                x[j] = sc.Target[j];
                moved = true;
            }
        }

        return moved;
    }

    /// <summary>
    /// Every EU_i(ij). With <paramref name="offersOnly"/>, only those an offer reads: none between actors at the same
    /// position (no offer is made there), which keep whatever they held (four powers saved per such pair).
    /// </summary>
    private static void FillEu(int n, double[] x, double[] s, double mu, double span, EumOptions o, Scratch sc, bool offersOnly = false)
    {
        for (int i = 0; i < n; i++)
        {
            double usq = StatusQuoUtility(sc.R[i]);
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    sc.Eu[(i * n) + j] = 0;
                }
                else if (!offersOnly || x[i] != x[j])
                {
                    sc.Eu[(i * n) + j] = ExpectedUtility(x[i], x[j], mu, s[j], sc.P[(i * n) + j], sc.R[i], span, o.Q, o.T, usq);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="WinProbability"/> of i over j and of j over i in one pass over the voters: each sum takes the same terms
    /// in the same order as two separate calls would (j's vote for itself is exactly the negated difference), so both are
    /// bit for bit the same; actors at the same position get one half each, as every vote is then zero.
    /// </summary>
    private static void WinProbabilities(double[] x, double[] w, int n, int i, int j, double span, out double pij, out double pji)
    {
        double xi = x[i], xj = x[j];
        if (xi == xj)
        {
            pij = 0.5;
            pji = 0.5;
            return;
        }

        double supportI = 0, supportJ = 0, total = 0;
        for (int k = 0; k < n; k++)
        {
            double toJ = Math.Abs(x[k] - xj), toI = Math.Abs(x[k] - xi);
            double vi = w[k] * 2 * (toJ - toI) / span;
            double vj = w[k] * 2 * (toI - toJ) / span;
            supportI += Math.Max(0, vi);
            supportJ += Math.Max(0, vj);
            total += Math.Abs(vi);
        }

        pij = total > 0 ? supportI / total : 0.5;
        pji = total > 0 ? supportJ / total : 0.5;
    }

    private static double Pow(double b, double r) => r == 1 ? b : Math.Pow(b, r);

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Per-thread working arrays, reused from draw to draw so that Monte Carlo allocates nothing.</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? cached;

        private Scratch(int na)
        {
            Size = na;
            P = new double[na * na];
            Eu = new double[na * na];
            S = new double[na];
            R = new double[na];
            Best = new double[na];
            Target = new double[na];
            From = new int[na];
            X = new double[na];
            W = new double[na];
            C = new double[na];
            Sal = new double[na];
            Actor = new int[na];
        }

        public int Size { get; }

        public double[] P { get; }

        public double[] Eu { get; }

        public double[] S { get; }

        public double[] R { get; }

        public double[] Best { get; }

        public double[] Target { get; }

        public int[] From { get; }

        public double[] X { get; }

        public double[] W { get; }

        public double[] C { get; }

        public double[] Sal { get; }

        public int[] Actor { get; }

        public static Scratch For(int na)
        {
            if (cached is null || cached.Size != na)
            {
                cached = new Scratch(na);
            }

            return cached;
        }
    }

    /// <summary>What a recorded run keeps: every round's positions, forecasts and events.</summary>
    private sealed class Recording
    {
        private readonly int ni;

        public Recording(ForecastInput input)
        {
            ni = input.IssueCount;
            History = [(double[])input.Position.Clone()];
            Forecasts = [new double[ni]];
            Events = [[]];
            RoundsPerIssue = new int[ni];
        }

        public List<double[]> History { get; }

        public List<double[]> Forecasts { get; }

        public List<List<ForecastEvent>> Events { get; }

        public int[] RoundsPerIssue { get; }

        /// <summary>The event list of a round, creating the round (a copy of the previous one) when it is new.</summary>
        public List<ForecastEvent> EventsOf(int round)
        {
            while (History.Count <= round)
            {
                History.Add((double[])History[^1].Clone());
                Forecasts.Add((double[])Forecasts[^1].Clone());
                Events.Add([]);
            }

            return Events[round];
        }
    }
}
