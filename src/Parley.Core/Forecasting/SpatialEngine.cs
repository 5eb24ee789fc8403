using System.Runtime.Intrinsics;
using Parley.Core.Domain;
namespace Parley.Core.Forecasting;

/// <summary>What the spatial model did in one turn, for the explanation of a forecast.</summary>
/// <param name="Initiator">Actor index of the challenger.</param>
/// <param name="Target">Actor index it chose to challenge.</param>
/// <param name="Gain">Its expected gain from the challenge.</param>
/// <param name="WinProbability">Its estimate that it beats the target.</param>
/// <param name="InitiatorPosition">The bargain's position for the initiator, on [0, 1] per dimension.</param>
/// <param name="TargetPosition">The bargain's position for the target.</param>
public sealed record SpatialBargain(int Initiator, int Target, double Gain, double WinProbability, double[] InitiatorPosition, double[] TargetPosition);

/// <summary>One actor's choice among its candidate positions in a turn.</summary>
/// <param name="Actor">Actor index.</param>
/// <param name="Candidates">How many candidates it had (its status quo plus every bargain it is party to).</param>
/// <param name="Chosen">Index of the chosen candidate (0 = status quo), and its PCE probability.</param>
/// <param name="Probability">PCE probability of the chosen candidate.</param>
/// <param name="Bargain">The bargain chosen, or null for the status quo.</param>
public sealed record SpatialChoice(int Actor, int Candidates, int Chosen, double Probability, SpatialBargain? Bargain);

/// <summary>A turn's explanation: each actor's PCE probability and risk attitude, the bargains, the choices.</summary>
/// <param name="Turn">Turn number (1-based: the turn that produced the next positions).</param>
/// <param name="PositionProbability">PCE probability of each actor's position at the start of the turn.</param>
/// <param name="RiskAttitude">Risk attitude inferred for each actor at the start of the turn.</param>
/// <param name="Bargains">Bargains proposed in the turn.</param>
/// <param name="Choices">What each actor adopted.</param>
public sealed record SpatialTurn(int Turn, double[] PositionProbability, double[] RiskAttitude, IReadOnlyList<SpatialBargain> Bargains, IReadOnlyList<SpatialChoice> Choices);

/// <summary>
/// KTAB's spatial model of politics (SMP) with probabilistic Condorcet elections, on positions and
/// saliences in [0, 1] (MODELS.md §1.4). Follows KTAB's <c>SMPState::setAllAUtil</c> (risk attitudes
/// from a capability-weighted PCE), <c>SMPState::probEduChlg</c> and <c>SMPState::bestChallenge</c>
/// (targets; lowest index wins ties), <c>SMPActor::interpBrgnSnPm</c> (bargains rounded to 4
/// decimals), <c>SMPState::doBCN</c> (candidates ordered status quo first, then bargains by
/// initiator; the first most probable wins) and <c>smpStopFn</c> (stopping). The ideal-accommodation
/// matrix is KTAB's default identity, so an actor's ideal is its current position.
/// One engine per thread; <see cref="Run"/> may be called repeatedly.
/// </summary>
public sealed class SpatialEngine
{
    private readonly SmpOptions opt;
    private int na;
    private int nd;
    private double[] cap = [];
    private double[] sal = [];
    private double[] salSum = [];
    private double[] salSq = [];
    private double[] pos = [];
    private double[] next = [];
    private double[] diff = [];
    private double[] diffT = [];
    private double[] risk = [];
    private double[] probs = [];
    private double[] rhi = [];
    private double[] work = [];
    private double[] util = [];
    private double[] own = [];
    private int[] candidateScratch = [];
    private double[] sqSum = [];
    private double[] weight = [];
    private double[] bargainValue = [];
    private double[] chlgP = [];
    private double[] chlgGain = [];
    private int[] target = [];
    private double[][] bargainI = [];
    private double[][] bargainJ = [];

    /// <summary>Creates an engine with the given options.</summary>
    /// <param name="options">SMP options (KTAB's defaults unless changed).</param>
    public SpatialEngine(SmpOptions options) => opt = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>How many threads share each turn's challenge search (1, the default: the calling thread only; results are identical either way).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// For tests: proportional voting too takes the challenge search pair by pair (<see cref="ChallengeValue"/>, KTAB's
    /// loop as written) instead of every target at once; the trajectories must be bit for bit the same.
    /// </summary>
    internal bool PairByPair { get; init; }

    /// <summary>For tests: the last turn's estimates, per (initiator, target), of winning and of the gain from challenging.</summary>
    internal (double[] Probability, double[] Gain) LastChallenges => (chlgP, chlgGain);

    /// <summary>
    /// Runs the model. <paramref name="positions"/> (actor-major, [0, 1]) are updated to the final
    /// positions; <paramref name="onTurn"/>, when given, receives every turn's positions after it and
    /// its explanation. Returns the number of turns.
    /// </summary>
    /// <param name="actors">Number of actors.</param>
    /// <param name="dims">Number of dimensions.</param>
    /// <param name="capability">Capability per actor.</param>
    /// <param name="salience">Salience per (actor, dim) in [0, 1]; an actor's saliences above a total of 1 are scaled to sum to 1.</param>
    /// <param name="positions">Positions per (actor, dim) in [0, 1], updated in place.</param>
    /// <param name="onTurn">Called after each turn with the new positions and the turn's explanation.</param>
    public int Run(int actors, int dims, ReadOnlySpan<double> capability, ReadOnlySpan<double> salience, Span<double> positions,
        Action<double[], SpatialTurn>? onTurn = null)
    {
        // a turn weighs every actor's challenge to every other against every third party: actors³ updates (plus
        // actors² per dimension), measured at 1.1-1.5e8 a second on the build box; at least two turns are run
        guard = WorkGuard.Current;
        double work = 2.0 * (((double)actors * actors * actors) + ((double)actors * actors * dims));
        if (!guard.Fits(work, 6e8))
        {
            guard.Refuse(work, 6e8, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the spatial model (smp) on {actors:N0} actors"),
                "forecast with fewer actors (merge minor ones), or with --model eum, compromise or median");
        }

        // actors² tables: utilities, risks, votes and one scratch table per worker
        double tables = 8.0 * actors * actors * (6 + Environment.ProcessorCount);
        if (tables > 64 << 20)
        {
            guard.Allocate(tables, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the spatial model (smp) on {actors:N0} actors"),
                "forecast with fewer actors (merge minor ones), or with --model eum, compromise or median");
        }

        Setup(actors, dims, capability, salience, positions);
        double firstDist = 0;
        int turn = 0;
        while (true)
        {
            guard.Check();
            turn++;
            SpatialTurn? explanation = Step(turn, onTurn is not null);
            double dist = StateDistance(pos, next);
            (pos, next) = (next, pos);
            onTurn?.Invoke(pos, explanation!);
            if (turn == 1)
            {
                firstDist = dist + 1e-4;
            }

            bool quiet = dist / firstDist < opt.StopRatio;
            if (turn >= opt.MaxTurns || (turn >= 2 && quiet))
            {
                break;
            }
        }

        pos.AsSpan(0, na * nd).CopyTo(positions);
        return turn;
    }

    /// <summary>
    /// The probability of each actor's current position in a PCE where every actor values positions by
    /// its own risk-aware utility and votes with its capability (KTAB's <c>pDist(-1)</c>, over all
    /// positions). Valid after <see cref="Run"/>: it describes the final positions.
    /// </summary>
    /// <param name="p">Receives one probability per actor.</param>
    public void FinalPositionProbabilities(Span<double> p)
    {
        ComputeUtilities();
        for (int i = 0; i < na; i++)
        {
            for (int j = 0; j < na; j++)
            {
                util[(i * na) + j] = OwnUtility(i, j);
            }
        }

        Elections.Pce(na, na, cap, util, na, VotingRule.Proportional, opt.Victory, opt.Pce, p, work);
    }

    /// <summary>Loads positions without running, so that <see cref="FinalPositionProbabilities"/> describes them.</summary>
    /// <param name="actors">Number of actors.</param>
    /// <param name="dims">Number of dimensions.</param>
    /// <param name="capability">Capability per actor.</param>
    /// <param name="salience">Salience per (actor, dim).</param>
    /// <param name="positions">Positions per (actor, dim) in [0, 1].</param>
    public void Load(int actors, int dims, ReadOnlySpan<double> capability, ReadOnlySpan<double> salience, ReadOnlySpan<double> positions) =>
        Setup(actors, dims, capability, salience, positions);

    private void Setup(int actors, int dims, ReadOnlySpan<double> capability, ReadOnlySpan<double> salience, ReadOnlySpan<double> positions)
    {
        if (actors < 2 || dims < 1)
        {
            throw new ArgumentException("the spatial model needs at least two actors and one dimension");
        }

        if (actors != na || dims != nd)
        {
            na = actors;
            nd = dims;
            cap = new double[na];
            sal = new double[na * nd];
            salSum = new double[na];
            salSq = new double[na];
            pos = new double[na * nd];
            next = new double[na * nd];
            diff = new double[na * na];
            diffT = new double[na * na];
            risk = new double[na];
            probs = new double[Math.Max(na, 2 * na) + 1];
            rhi = new double[na * na];
            work = new double[(3 * (2 * na + 1) * (2 * na + 1)) + (4 * (2 * na + 1))];
            util = new double[na * Math.Max(na, (2 * na) + 1)];
            own = new double[na * na];
            candidateScratch = new int[na + 1];
            sqSum = new double[na];
            weight = new double[na];
            bargainValue = new double[na * na];
            chlgP = new double[na * na];
            chlgGain = new double[na * na];
            target = new int[na];
            bargainI = new double[na][];
            bargainJ = new double[na][];
            for (int i = 0; i < na; i++)
            {
                bargainI[i] = new double[nd];
                bargainJ[i] = new double[nd];
            }
        }

        capability[..na].CopyTo(cap);
        positions[..(na * nd)].CopyTo(pos);
        for (int i = 0; i < na; i++)
        {
            double s = 0;
            for (int d = 0; d < nd; d++)
            {
                s += salience[(i * nd) + d];
            }

            for (int d = 0; d < nd; d++)
            {
                // MODELS.md §1.4: shares are needed; totals above 1 are scaled down, totals ≤ 1 kept exactly
                sal[(i * nd) + d] = s > 1 ? salience[(i * nd) + d] / s : salience[(i * nd) + d];
            }

            double sum = 0, sq = 0;
            for (int d = 0; d < nd; d++)
            {
                double x = sal[(i * nd) + d];
                sum += x;
                sq += x * x;
            }

            salSum[i] = sum;
            salSq[i] = sq;
            weight[i] = sum * cap[i];
        }
    }

    /// <summary>Scaled distance from i's ideal (its position) to position <paramref name="p"/> (KTAB's <c>bvDiff</c>).</summary>
    private double Distance(int i, ReadOnlySpan<double> p)
    {
        double ds2 = 0, s2 = 0;
        for (int d = 0; d < nd; d++)
        {
            double s = sal[(i * nd) + d];
            double ds = (pos[(i * nd) + d] - p[d]) * s;
            ds2 += ds * ds;
            s2 += s * s;
        }

        return s2 > 0 ? Math.Sqrt(ds2 / s2) : 0;
    }

    /// <summary>KTAB's <c>bsUtil</c>: utility of a scaled distance for risk attitude r.</summary>
    private static double Utility(double sd, double r) => sd <= 1 ? (1 - sd) * (1 + (sd * r)) : (1 - sd) * (1 + r);

    /// <summary>out[k] = Utility(sd[k], r[k]), vectorised where the hardware allows (each lane the scalar formula's operations).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Utilities(ReadOnlySpan<double> sd, ReadOnlySpan<double> r, Span<double> result)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            int width = Vector256<double>.Count;
            var one = Vector256.Create(1.0);
            for (; k <= sd.Length - width; k += width)
            {
                Vector256<double> d = Vector256.Create(sd.Slice(k, width));
                Vector256<double> rr = Vector256.Create(r.Slice(k, width));
                Vector256<double> near = (one - d) * (one + (d * rr));
                Vector256<double> far = (one - d) * (one + rr);
                Vector256.ConditionalSelect(Vector256.LessThanOrEqual(d, one), near, far).CopyTo(result.Slice(k, width));
            }
        }

        for (; k < sd.Length; k++)
        {
            result[k] = Utility(sd[k], r[k]);
        }
    }

    /// <summary>out[k] = Utility(sd[k], r) for one risk attitude, vectorised where the hardware allows (each lane the scalar formula's operations).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Utilities(ReadOnlySpan<double> sd, double r, Span<double> result)
    {
        // a kernel only where a whole vector fits (a small input never waits for one to be compiled)
        int k = Vector512.IsHardwareAccelerated && sd.Length >= Lanes512.Count ? Utilities<Lanes512>(sd, r, result)
            : Vector256.IsHardwareAccelerated && sd.Length >= Lanes256.Count ? Utilities<Lanes256>(sd, r, result) : 0;
        for (; k < sd.Length; k++)
        {
            result[k] = Utility(sd[k], r);
        }
    }

    /// <summary><see cref="Utilities(ReadOnlySpan{double}, double, Span{double})"/> over whole vectors; returns how many it did.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Utilities<TV>(ReadOnlySpan<double> sd, double r, Span<double> result)
        where TV : struct, ILanes<TV>
    {
        int width = TV.Count;
        TV one = TV.Broadcast(1.0);
        TV rr = TV.Broadcast(r);
        TV far0 = one + rr;
        int k = 0;
        for (; k <= sd.Length - width; k += width)
        {
            TV d = TV.Load(sd.Slice(k, width));
            TV near = (one - d) * (one + (d * rr));
            TV far = (one - d) * far0;
            TV.WhereAtMost(d, one, near, far).Store(result.Slice(k, width));
        }

        return k;
    }

    private double EstimateRisk(double rh, double ri) => opt.RiskAdjust switch
    {
        RiskAdjust.Full => ri,
        RiskAdjust.TwoThirds => (rh + (2.0 * ri)) / 3.0,
        RiskAdjust.Half => (rh + ri) / 2,
        RiskAdjust.OneThird => ((2.0 * rh) + ri) / 3.0,
        _ => rh,
    };

    /// <summary>Actor i's own (risk-aware) utility of j's position: KTAB's <c>aUtil[i](i, j)</c>.</summary>
    private double OwnUtility(int i, int j) => Utility(diff[(i * na) + j], rhi[(i * na) + i]);

    private void ComputeUtilities()
    {
        for (int i = 0; i < na; i++)
        {
            for (int j = 0; j < na; j++)
            {
                double d = Distance(i, pos.AsSpan(j * nd, nd));
                diff[(i * na) + j] = d;
                diffT[(j * na) + i] = d;
            }
        }

        // risk-neutral values, a capability-weighted PCE over all positions, risk from the probabilities
        for (int i = 0; i < na; i++)
        {
            for (int j = 0; j < na; j++)
            {
                util[(i * na) + j] = Utility(diff[(i * na) + j], 0);
            }
        }

        Elections.Pce(na, na, cap, util, na, opt.Voting, opt.Victory, opt.Pce, probs, work);
        double pMin = 1.0, pMax = 0.0;
        for (int i = 0; i < na; i++)
        {
            pMin = probs[i] < pMin ? probs[i] : pMin;
            pMax = probs[i] > pMax ? probs[i] : pMax;
        }

        for (int i = 0; i < na; i++)
        {
            double p = probs[i];
            double spread = pMax - pMin;
            risk[i] = !(spread > 0) ? 0 : opt.RiskRange switch
            {
                RiskRange.Min => (p - pMin) / spread,
                RiskRange.Max => ((2 * p) - (pMax + pMin)) / spread,
                _ => ((3 * p) - (pMax + (2 * pMin))) / (2 * spread),
            };
        }

        for (int h = 0; h < na; h++)
        {
            for (int i = 0; i < na; i++)
            {
                rhi[(h * na) + i] = EstimateRisk(risk[h], risk[i]);
            }
        }
    }

    private ChallengeScratch[]? workerScratch;
    private ChallengeScratch? scratch;

    /// <summary>One worker's tables for the challenge search: an initiator's utilities (actors²) and per-target sums.</summary>
    private sealed class ChallengeScratch(int actors)
    {
        public int Size { get; } = actors;

        /// <summary>The initiator's estimate of every actor's utility of every position (layout per search).</summary>
        public double[] Utility { get; } = new double[actors * actors];

        /// <summary>Per actor: its utility of its own position.</summary>
        public double[] Diagonal { get; } = new double[actors];

        /// <summary>Per target j: the votes for the initiator and for j before any third party joins.</summary>
        public double[] BaseI { get; } = new double[actors];

        public double[] BaseJ { get; } = new double[actors];

        /// <summary>Per target j: the votes for the initiator and for j as the third parties join, in index order.</summary>
        public double[] ForI { get; } = new double[actors];

        public double[] ForJ { get; } = new double[actors];
    }

    // the run's time budget and cancellation, asked once per initiator in large turns
    private WorkGuard guard = WorkGuard.Unlimited;

    private SpatialTurn? Step(int turn, bool explain)
    {
        ComputeUtilities();
        double[]? startProb = explain ? probs[..na] : null;
        double[]? startRisk = explain ? (double[])risk.Clone() : null;

        // every initiator's best target (independent per initiator, so parallel is exact)
        if (Workers > 1 && na >= 24)
        {
            // one pair of scratch buffers per worker, kept for the run (per-task buffers of actors² each made the
            // garbage collector's peak grow with the number of tasks: 1.8 GB at 2,000 actors), initiators striped
            int workers = Math.Min(Workers, na);
            if (workerScratch is null || workerScratch.Length != workers || workerScratch[0].Size != na)
            {
                workerScratch = [.. Enumerable.Range(0, workers).Select(_ => new ChallengeScratch(na))];
            }

            System.Threading.Tasks.Parallel.For(0, workers, w =>
            {
                ChallengeScratch scratch = workerScratch[w];
                for (int i = w; i < na; i += workers)
                {
                    guard.Check();
                    BestChallenge(i, scratch);
                }
            });
        }
        else
        {
            if (scratch is null || scratch.Size != na)
            {
                scratch = new ChallengeScratch(na);
            }

            for (int i = 0; i < na; i++)
            {
                BestChallenge(i, scratch);
            }
        }

        List<SpatialBargain>? bargains = explain ? [] : null;
        for (int i = 0; i < na; i++)
        {
            int j = target[i];
            if (j < 0)
            {
                continue;
            }

            double p = chlgP[(i * na) + j];
            Interpolate(i, j, p, 1 - p, bargainI[i], bargainJ[i]);
            if (explain)
            {
                bargains!.Add(new SpatialBargain(i, j, chlgGain[(i * na) + j], p, (double[])bargainI[i].Clone(), (double[])bargainJ[i].Clone()));
            }
        }

        // each actor's value of every position (its own estimate, aUtil[a](a, n)) and of every bargain
        for (int a = 0; a < na; a++)
        {
            double sum = 0.0;
            for (int n = 0; n < na; n++)
            {
                double u = OwnUtility(a, n);
                own[(a * na) + n] = u;
                sum += u;
            }

            sqSum[a] = sum;
        }

        for (int bi = 0; bi < na; bi++)
        {
            int bj = target[bi];
            if (bj < 0)
            {
                continue;
            }

            for (int a = 0; a < na; a++)
            {
                double ra = risk[a];
                double others = sqSum[a] - own[(a * na) + bi] - own[(a * na) + bj];
                double u = Utility(Distance(a, bargainI[bi]), ra) + Utility(Distance(a, bargainJ[bi]), ra) + others;
                bargainValue[(bi * na) + a] = u / na;
            }
        }

        // each actor's candidates: status quo, then every bargain it is party to, by initiator index
        var choices = explain ? new List<SpatialChoice>(na) : null;
        int[] candidates = candidateScratch;
        for (int k = 0; k < na; k++)
        {
            int nb = 1;
            candidates[0] = -1;
            for (int i = 0; i < na; i++)
            {
                if (target[i] >= 0 && (i == k || target[i] == k))
                {
                    candidates[nb++] = i;
                }
            }

            int chosen = 0;
            double chosenP = 1;
            if (nb > 1)
            {
                // u[a, m] = a's mean utility over all positions once candidate m is adopted (KTAB's brgnUtil)
                for (int a = 0; a < na; a++)
                {
                    int row = a * nb;
                    util[row] = sqSum[a] / na;
                    for (int m = 1; m < nb; m++)
                    {
                        util[row + m] = bargainValue[(candidates[m] * na) + a];
                    }
                }

                Span<double> pm = probs.AsSpan(0, nb);
                Elections.Pce(na, nb, cap, util, nb, opt.Voting, opt.Victory, opt.Pce, pm, work);
                chosen = Elections.ArgMax(pm);
                chosenP = pm[chosen];
            }

            int c = candidates[chosen];
            ReadOnlySpan<double> src = c < 0 ? pos.AsSpan(k * nd, nd) : c == k ? bargainI[c] : bargainJ[c];
            src.CopyTo(next.AsSpan(k * nd, nd));
            if (choices is not null)
            {
                choices.Add(new SpatialChoice(k, nb, chosen, chosenP, c < 0 ? null : BargainOf(bargains!, c)));
            }
        }

        return explain ? new SpatialTurn(turn, startProb!, startRisk!, bargains!, choices!) : null;
    }

    /// <summary>KTAB's <c>bestChallengeUtils</c> + <c>bestChallenge</c> for initiator i (estimator h = i).</summary>
    private void BestChallenge(int i, ChallengeScratch s)
    {
        if (opt.Voting == VotingRule.Proportional && !PairByPair)
        {
            BestChallengeProportional(i, s);
            return;
        }

        double[] ut = s.Utility, diag = s.Diagonal;
        // ut[b, a] = i's estimate of a's utility of b's position, aUtil[i](a, b), stored transposed so that
        // the third-party loop below reads contiguous memory; built row by row from the transposed distances, so
        // that it too reads and writes contiguous memory (four actors at a time, the same operations per lane)
        ReadOnlySpan<double> r = rhi.AsSpan(i * na, na);
        for (int b = 0; b < na; b++)
        {
            Utilities(diffT.AsSpan(b * na, na), r, ut.AsSpan(b * na, na));
        }

        for (int n = 0; n < na; n++)
        {
            diag[n] = ut[(n * na) + n];
        }

        int best = -1;
        double bestGain = -1.0;
        for (int j = 0; j < na; j++)
        {
            if (j == i)
            {
                continue;
            }

            Consider(i, j, ChallengeValue(i, j, ut, diag), ref best, ref bestGain);
        }

        target[i] = best;
    }

    /// <summary>
    /// <see cref="BestChallenge"/> under proportional voting, every target at once: the third parties join in index order
    /// (the outer loop), and each joins every challenge of initiator i, four targets at a time where the hardware allows.
    /// Each target's two sums take the same votes in the same order as <see cref="ChallengeValue"/> adds them (KTAB's
    /// order), and each lane does a vote's IEEE operations without fused multiply-add, so every sum is bit for bit the
    /// same; what changes is that no sum waits for the one before it (the targets' sums are independent).
    /// </summary>
    private void BestChallengeProportional(int i, ChallengeScratch s)
    {
        // v[a, b] = i's estimate of a's utility of b's position, aUtil[i](a, b), row by row from the distances
        double[] v = s.Utility;
        ReadOnlySpan<double> r = rhi.AsSpan(i * na, na);
        for (int a = 0; a < na; a++)
        {
            Utilities(diff.AsSpan(a * na, na), r[a], v.AsSpan(a * na, na));
        }

        // the votes of i and j themselves (vProbLittle's start), per target j
        double[] baseI = s.BaseI, baseJ = s.BaseJ, forI = s.ForI, forJ = s.ForJ;
        double uii = v[(i * na) + i];
        for (int j = 0; j < na; j++)
        {
            if (j == i)
            {
                baseI[j] = 1;
                baseJ[j] = 1;
                continue;
            }

            (baseI[j], baseJ[j]) = OwnVotes(Vote(VotingRule.Proportional, weight[i], uii, v[(i * na) + j]),
                Vote(VotingRule.Proportional, weight[j], v[(j * na) + i], v[(j * na) + j]));
        }

        baseI.AsSpan(0, na).CopyTo(forI);
        baseJ.AsSpan(0, na).CopyTo(forJ);

        // each third party n joins every challenge (its vote in its own challenge, target n, is undone after the pass;
        // the lane of target i is never read)
        ThirdPartyCommit tpc = opt.ThirdParty;
        for (int n = 0; n < na; n++)
        {
            if (n == i)
            {
                continue;
            }

            double keepI = forI[n], keepJ = forJ[n];
            ThirdPartyJoins(v.AsSpan(n * na, na), weight[n], v[(n * na) + i], v[(n * na) + n], tpc, baseI, baseJ, forI, forJ);
            forI[n] = keepI;
            forJ[n] = keepJ;
        }

        int best = -1;
        double bestGain = -1.0;
        for (int j = 0; j < na; j++)
        {
            if (j == i)
            {
                continue;
            }

            double uij = v[(i * na) + j];
            Consider(i, j, Outcome(forI[j], forJ[j], uii + uii, uij + uij, uii + uij, salSum[j]), ref best, ref bestGain);
        }

        target[i] = best;
    }

    /// <summary>
    /// Third party n joins i's challenge of every target j under proportional voting (<see cref="ChallengeValue"/>'s loop
    /// body for one n, across targets): <paramref name="unj"/>[j] is n's utility of j's position, <paramref name="uni"/> of
    /// i's and <paramref name="unn"/> of its own; its vote for i is added to forI[j], for j to forJ[j].
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ThirdPartyJoins(ReadOnlySpan<double> unj, double wn, double uni, double unn, ThirdPartyCommit tpc,
        double[] baseI, double[] baseJ, double[] forI, double[] forJ)
    {
        int count = unj.Length;
        double ii = uni + uni;

        // the four outcomes' utilities: ikWins and iWinsOverJk do not depend on j; jWinsOverIk and jkWins add to j's
        // doubled utility either n's utility of j's position or of its own, by commitment (Stakes)
        (double ikWins, double iWinsOverJk) = tpc switch
        {
            ThirdPartyCommit.Semi => (ii + unn, ii + uni),
            ThirdPartyCommit.Full => (ii + uni, ii + uni),
            _ => (ii + unn, ii + unn),
        };
        bool jWinsAddsJ = tpc != ThirdPartyCommit.None;
        bool jkWinsAddsJ = tpc == ThirdPartyCommit.Full;
        int k = 0;
        if (Vector512.IsHardwareAccelerated && count >= Lanes512.Count)
        {
            k = ThirdPartyJoins<Lanes512>(unj, wn, uni, unn, ikWins, iWinsOverJk, jWinsAddsJ, jkWinsAddsJ, baseI, baseJ, forI, forJ);
        }
        else if (Vector256.IsHardwareAccelerated && count >= Lanes256.Count)
        {
            k = ThirdPartyJoins<Lanes256>(unj, wn, uni, unn, ikWins, iWinsOverJk, jWinsAddsJ, jkWinsAddsJ, baseI, baseJ, forI, forJ);
        }

        for (; k < count; k++)
        {
            double uj = unj[k];
            double vn = wn * (uni - uj);
            double cni = baseI[k] + Positive(vn);
            double cnj = baseJ[k] + Positive(-vn);
            double pin = cni / (cni + cnj);
            double pjn = 1.0 - pin;
            double jj = uj + uj;
            double jWinsOverIk = jj + (jWinsAddsJ ? uj : unn);
            double jkWins = jj + (jkWinsAddsJ ? uj : unn);
            double vk = wn * (((pin * ikWins) + (pjn * jWinsOverIk)) - ((pin * iWinsOverJk) + (pjn * jkWins)));
            forI[k] += Positive(vk);
            forJ[k] += Positive(-vk);
        }
    }

    /// <summary>
    /// <see cref="ThirdPartyJoins(ReadOnlySpan{double}, double, double, double, ThirdPartyCommit, double[], double[], double[], double[])"/>
    /// over whole vectors of targets (each lane the scalar loop's IEEE operations, no fused multiply-add); returns how many
    /// targets it did.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int ThirdPartyJoins<TV>(ReadOnlySpan<double> unj, double wn, double uni, double unn, double ikWins, double iWinsOverJk,
        bool jWinsAddsJ, bool jkWinsAddsJ, double[] baseI, double[] baseJ, double[] forI, double[] forJ)
        where TV : struct, ILanes<TV>
    {
        int width = TV.Count;
        int count = unj.Length;
        TV w = TV.Broadcast(wn);
        TV ui = TV.Broadcast(uni);
        TV own = TV.Broadcast(unn);
        TV ikW = TV.Broadcast(ikWins);
        TV iWoJ = TV.Broadcast(iWinsOverJk);
        TV half = TV.Broadcast(0.5);
        TV one = TV.Broadcast(1.0);
        TV pickJ1 = TV.Mask(jWinsAddsJ), pickJ2 = TV.Mask(jkWinsAddsJ);
        int k = 0;
        for (; k <= count - width; k += width)
        {
            TV uj = TV.Load(unj.Slice(k, width));
            TV vn = w * (ui - uj);
            TV cni = TV.Load(baseI.AsSpan(k, width)) + ((vn + TV.Abs(vn)) * half);
            TV neg = -vn;
            TV cnj = TV.Load(baseJ.AsSpan(k, width)) + ((neg + TV.Abs(neg)) * half);
            TV pin = cni / (cni + cnj);
            TV pjn = one - pin;
            TV jj = uj + uj;
            TV jWinsOverIk = jj + TV.Select(pickJ1, uj, own);
            TV jkWins = jj + TV.Select(pickJ2, uj, own);
            TV uJoinI = (pin * ikW) + (pjn * jWinsOverIk);
            TV uJoinJ = (pin * iWoJ) + (pjn * jkWins);
            TV vk = w * (uJoinI - uJoinJ);
            TV nk = -vk;
            (TV.Load(forI.AsSpan(k, width)) + ((vk + TV.Abs(vk)) * half)).Store(forI.AsSpan(k, width));
            (TV.Load(forJ.AsSpan(k, width)) + ((nk + TV.Abs(nk)) * half)).Store(forJ.AsSpan(k, width));
        }

        return k;
    }

    /// <summary>
    /// KTAB's <c>probEduChlg(h = i, k = i, i, j)</c>: i's estimate of its probability of beating j and of
    /// its expected gain from challenging j, with third parties joining as in <c>Actor::vProbLittle</c>
    /// and <c>Actor::thirdPartyVoteSU</c>. Sums run over third parties in index order, as KTAB's do.
    /// </summary>
    private (double P, double Gain) ChallengeValue(int i, int j, double[] ut, double[] diag)
    {
        VotingRule vr = opt.Voting;
        ReadOnlySpan<double> ui = ut.AsSpan(i * na, na); // a's utility of i's position
        ReadOnlySpan<double> uj = ut.AsSpan(j * na, na); // a's utility of j's position
        double uii = ui[i], uij = uj[i], uji = ui[j], ujj = uj[j];
        double euSq = uii + uij;
        double euWin = uii + uii;
        double euLose = uij + uij;
        double sj = salSum[j];
        (double chij, double chji) = OwnVotes(Vote(vr, weight[i], uii, uij), Vote(vr, weight[j], uji, ujj));
        double baseI = chij, baseJ = chji;
        ThirdPartyCommit tpc = opt.ThirdParty;
        for (int n = 0; n < na; n++)
        {
            if (n == i || n == j)
            {
                continue;
            }

            double wn = weight[n];
            double uni = ui[n], unj = uj[n], unn = diag[n];
            double vn = Vote(vr, wn, uni, unj);

            // Positive(x) is x for x > 0 and exactly 0 otherwise, so these are KTAB's conditional sums bit
            // for bit, without branches the processor cannot predict
            double cni = baseI + Positive(vn);
            double cnj = baseJ + Positive(-vn);
            double pin = cni / (cni + cnj);
            double pjn = 1.0 - pin;
            (double ikWins, double jWinsOverIk, double iWinsOverJk, double jkWins) = Stakes(tpc, uni, unj, unn);
            double uJoinI = (pin * ikWins) + (pjn * jWinsOverIk);
            double uJoinJ = (pin * iWinsOverJk) + (pjn * jkWins);
            double vk = Vote(vr, wn, uJoinI, uJoinJ);
            chij += Positive(vk);
            chji += Positive(-vk);
        }

        return Outcome(chij, chji, euWin, euLose, euSq, sj);
    }

    /// <summary>
    /// The two sides' votes before any third party joins (KTAB's <c>vProbLittle</c> start): i's own vote and j's, each
    /// added to the side it favours, on top of a tiny floor; the same additions in the same order wherever it is used.
    /// </summary>
    private static (double ForI, double ForJ) OwnVotes(double contribI, double contribJ)
    {
        double chij = 1e-10, chji = 1e-10;
        if (contribI > 0)
        {
            chij += contribI;
        }

        if (contribI < 0)
        {
            chji -= contribI;
        }

        if (contribJ > 0)
        {
            chij += contribJ;
        }

        if (contribJ < 0)
        {
            chji -= contribJ;
        }

        return (chij, chji);
    }

    /// <summary>
    /// Records i's estimates for target j and keeps the best target so far (KTAB's <c>bestChallenge</c>: the first of the
    /// largest gains above 1e-5, targets in index order).
    /// </summary>
    private void Consider(int i, int j, (double P, double Gain) value, ref int best, ref double bestGain)
    {
        chlgP[(i * na) + j] = value.P;
        chlgGain[(i * na) + j] = value.Gain;
        if (1e-5 < value.Gain && bestGain < value.Gain)
        {
            best = j;
            bestGain = value.Gain;
        }
    }

    private static (double P, double Gain) Outcome(double chij, double chji, double euWin, double euLose, double euSq, double sj)
    {
        double phij = chij / (chij + chji);
        double phji = chji / (chij + chji);
        double euContest = (phij * euWin) + (phji * euLose);
        double euChallenge = ((1 - sj) * euWin) + (sj * euContest);
        return (phij, euChallenge - euSq);
    }

    /// <summary>
    /// A third party n's utilities of the four outcomes of i's challenge of j (KTAB's <c>thirdPartyVoteSU</c>): i and n
    /// win, j wins over them, i wins over j and n, j and n win; how much n's own position counts depends on its commitment.
    /// </summary>
    private static (double IkWins, double JWinsOverIk, double IWinsOverJk, double JkWins) Stakes(ThirdPartyCommit tpc, double uni, double unj, double unn) => tpc switch
    {
        ThirdPartyCommit.Semi => (uni + uni + unn, unj + unj + unj, uni + uni + uni, unj + unj + unn),
        ThirdPartyCommit.Full => (uni + uni + uni, unj + unj + unj, uni + uni + uni, unj + unj + unj),
        _ => (uni + uni + unn, unj + unj + unn, uni + uni + unn, unj + unj + unn),
    };

    private static SpatialBargain? BargainOf(List<SpatialBargain> bargains, int initiator)
    {
        foreach (SpatialBargain b in bargains)
        {
            if (b.Initiator == initiator)
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>x when x &gt; 0, otherwise exactly +0 (so adding it leaves a sum unchanged).</summary>
    private static double Positive(double x) => (x + Math.Abs(x)) * 0.5;

    private static double Vote(VotingRule vr, double w, double ua, double ub) =>
        w > 0 ? Elections.Vote(vr, w, ua, ub) : 0;

    /// <summary>KTAB's <c>interpBrgnSnPm</c>: salience^n × probability^m weights, rounded to 4 decimals.</summary>
    private void Interpolate(int i, int j, double pi, double pj, double[] bi, double[] bj)
    {
        const double minW = 1e-6;
        int n = opt.BargainExponent;
        for (int d = 0; d < nd; d++)
        {
            double ti = pos[(i * nd) + d], si = sal[(i * nd) + d];
            double tj = pos[(j * nd) + d], sj = sal[(j * nd) + d];
            double wi = n == 2 ? (si * si) * (pi * pi) : si * pi;
            double wj = n == 2 ? (sj * sj) * (pj * pj) : sj * pj;
            bi[d] = Round4((((wi + minW) * ti) + (wj * tj)) / (wi + minW + wj));
            bj[d] = Round4(((wi * ti) + ((minW + wj) * tj)) / (wi + minW + wj));
        }
    }

    private static double Round4(double x) => (int)(0.5 + (x * 10000.0)) / 10000.0;

    private double StateDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < na; i++)
        {
            double s = 0;
            for (int d = 0; d < nd; d++)
            {
                double x = a[(i * nd) + d] - b[(i * nd) + d];
                s += x * x;
            }

            sum += Math.Sqrt(s);
        }

        return sum;
    }
}
