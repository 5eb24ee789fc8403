using System.Runtime.Intrinsics;

namespace Parley.Core.Forecasting;

/// <summary>
/// Votes, coalitions, victory probabilities and probabilistic Condorcet elections (PCE), as in KTAB's
/// kmodel (<c>Model::vote</c>, <c>Model::coalitions</c>, <c>Model::vProb</c>, <c>Model::condPCE</c>,
/// <c>Model::markovUniformPCE</c>, <c>Model::markovIncentivePCE</c>). The order of every sum follows
/// KTAB's, because exact ties between options are broken by index and must come out the same.
/// </summary>
public static class Elections
{
    /// <summary>Floor of every coalition's strength (KTAB: 1e-8), so no probability is 0/0.</summary>
    public const double MinCoalition = 1e-8;

    /// <summary>Vote of a voter with weight <paramref name="w"/> for option a over option b.</summary>
    /// <param name="rule">Voting rule.</param>
    /// <param name="w">Voting weight (non-negative; zero gives no vote).</param>
    /// <param name="ua">Voter's utility of a.</param>
    /// <param name="ub">Voter's utility of b.</param>
    public static double Vote(VotingRule rule, double w, double ua, double ub)
    {
        double du = ua - ub;
        switch (rule)
        {
            case VotingRule.Proportional:
                return w * du;
            case VotingRule.Binary:
                return w * Math.Clamp(du / 1e-8, -1, 1);
            case VotingRule.PropBin:
                return w * ((0.8 * du) + (0.2 * Math.Clamp(du / 1e-8, -1, 1)));
            case VotingRule.PropCubic:
                return w * ((0.5 * du) + (0.5 * du * du * du));
            case VotingRule.Cubic:
                return w * du * du * du;
            case VotingRule.AsymProspect:
                return du < 0 ? w * du : du > 0 ? 2.0 * w * du / 3.0 : 0;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule));
        }
    }

    /// <summary>Probability that the side with strength <paramref name="s1"/> beats the side with <paramref name="s2"/>.</summary>
    /// <param name="model">Victory-probability model.</param>
    /// <param name="s1">Strength of side 1 (positive).</param>
    /// <param name="s2">Strength of side 2 (positive).</param>
    public static double VictoryProbability(VictoryModel model, double s1, double s2)
    {
        double x1, x2;
        switch (model)
        {
            case VictoryModel.Linear:
                x1 = s1;
                x2 = s2;
                break;
            case VictoryModel.Square:
                x1 = s1 * s1;
                x2 = s2 * s2;
                break;
            case VictoryModel.Quartic:
                x1 = s1 * s1 * s1 * s1;
                x2 = s2 * s2 * s2 * s2;
                break;
            case VictoryModel.Octic:
                x1 = s1 * s1 * s1 * s1;
                x1 *= x1;
                x2 = s2 * s2 * s2 * s2;
                x2 *= x2;
                break;
            case VictoryModel.Binary:
                const double thresh = 1.10;
                if (s1 >= thresh * s2)
                {
                    x1 = 1.0;
                    x2 = 1e-6;
                }
                else if (s2 >= thresh * s1)
                {
                    x1 = 1e-6;
                    x2 = 1.0;
                }
                else
                {
                    double r12 = s1 / (s1 + s2);
                    x1 = ((r12 * (thresh + 1.0)) - 1.0) / (thresh - 1.0);
                    x2 = 1 - x1;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(model));
        }

        return x1 / (x1 + x2);
    }

    /// <summary>
    /// Election among <paramref name="options"/> options by <paramref name="voters"/> voters: fills
    /// <paramref name="p"/> with each option's probability. <paramref name="utility"/> is voter-major
    /// (<c>utility[k * stride + option]</c>); <paramref name="work"/> needs options² doubles (two
    /// options² matrices for Markov variants).
    /// </summary>
    /// <param name="voters">Number of voters.</param>
    /// <param name="options">Number of options.</param>
    /// <param name="weight">Voting weight per voter.</param>
    /// <param name="utility">Utilities, voter-major.</param>
    /// <param name="stride">Row length of <paramref name="utility"/>.</param>
    /// <param name="rule">Voting rule.</param>
    /// <param name="victory">Victory-probability model.</param>
    /// <param name="pce">PCE variant.</param>
    /// <param name="p">Receives the probabilities (length at least <paramref name="options"/>).</param>
    /// <param name="work">Scratch space.</param>
    public static void Pce(int voters, int options, ReadOnlySpan<double> weight, ReadOnlySpan<double> utility, int stride,
        VotingRule rule, VictoryModel victory, PceModel pce, Span<double> p, Span<double> work)
    {
        int n = options;
        Span<double> c = work[..(n * n)];
        Coalitions(voters, n, weight, utility, stride, rule, c);
        ProbabilitiesFromCoalitions(n, c, victory, pce, p, work[(n * n)..]);
    }

    /// <summary>
    /// Coalition strengths <c>c[i * n + j]</c> for option i against option j: the floor plus every
    /// positive vote for i over j, summed over voters in order (KTAB's <c>Model::coalitions</c>).
    /// </summary>
    /// <param name="voters">Number of voters.</param>
    /// <param name="n">Number of options.</param>
    /// <param name="weight">Voting weights.</param>
    /// <param name="utility">Utilities, voter-major.</param>
    /// <param name="stride">Row length of <paramref name="utility"/>.</param>
    /// <param name="rule">Voting rule.</param>
    /// <param name="c">Receives the n × n strengths.</param>
    public static void Coalitions(int voters, int n, ReadOnlySpan<double> weight, ReadOnlySpan<double> utility, int stride, VotingRule rule, Span<double> c)
    {
        // (the hardware is asked inside: a method that asks is not precompiled, and this one runs at start-up)
        if (rule == VotingRule.Proportional && n >= 16 && ProportionalCoalitions(voters, n, weight, utility, stride, c))
        {
            return;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double cij = MinCoalition, cji = MinCoalition;
                for (int k = 0; k < voters; k++)
                {
                    double w = weight[k];
                    if (w <= 0)
                    {
                        continue;
                    }

                    int row = k * stride;
                    double v = rule == VotingRule.Proportional ? w * (utility[row + i] - utility[row + j]) : Vote(rule, w, utility[row + i], utility[row + j]);

                    // (v + |v|) / 2 is v when positive and exactly 0 otherwise: KTAB's conditional sums, branch-free
                    cij += (v + Math.Abs(v)) * 0.5;
                    cji += (Math.Abs(v) - v) * 0.5;
                }

                c[(i * n) + j] = cij;
                c[(j * n) + i] = cji;
            }

            c[(i * n) + i] = MinCoalition;
        }
    }

    /// <summary>
    /// <see cref="Coalitions"/> under proportional voting with the loops turned round: voter by voter, every pair's two
    /// sums take that voter's vote, so each sum still adds the same terms in the same (voter) order — bit for bit the same
    /// strengths — while the inner loop runs along one voter's row of utilities, a vector of options at a time. Returns
    /// false, doing nothing, where the hardware has no vectors.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool ProportionalCoalitions(int voters, int n, ReadOnlySpan<double> weight, ReadOnlySpan<double> utility, int stride, Span<double> c)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return false;
        }

        double[] against = System.Buffers.ArrayPool<double>.Shared.Rent(n * n);
        try
        {
            Span<double> cji = against.AsSpan(0, n * n);
            c[..(n * n)].Fill(MinCoalition);
            cji.Fill(MinCoalition);
            for (int k = 0; k < voters; k++)
            {
                double w = weight[k];
                if (w <= 0)
                {
                    continue;
                }

                ReadOnlySpan<double> u = utility.Slice(k * stride, n);
                if (Vector512.IsHardwareAccelerated)
                {
                    VoterJoins<Lanes512>(u, w, c, cji);
                }
                else
                {
                    VoterJoins<Lanes256>(u, w, c, cji);
                }
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    c[(j * n) + i] = cji[(i * n) + j];
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(against);
        }

        return true;
    }

    /// <summary>
    /// One voter's vote (weight <paramref name="w"/>, utilities <paramref name="u"/>) added to every pair's two sums, a
    /// vector of options at a time and the rest one by one (each lane the scalar operations).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void VoterJoins<TV>(ReadOnlySpan<double> u, double w, Span<double> c, Span<double> cji)
        where TV : struct, ILanes<TV>
    {
        int n = u.Length;
        int width = TV.Count;
        TV half = TV.Broadcast(0.5);
        TV wv = TV.Broadcast(w);
        for (int i = 1; i < n; i++)
        {
            double ui = u[i];
            TV uiv = TV.Broadcast(ui);
            Span<double> forI = c.Slice(i * n, i);
            Span<double> forJ = cji.Slice(i * n, i);
            int j = 0;
            for (; j <= i - width; j += width)
            {
                TV v = wv * (uiv - TV.Load(u.Slice(j, width)));
                TV abs = TV.Abs(v);
                (TV.Load(forI.Slice(j, width)) + ((v + abs) * half)).Store(forI.Slice(j, width));
                (TV.Load(forJ.Slice(j, width)) + ((abs - v) * half)).Store(forJ.Slice(j, width));
            }

            for (; j < i; j++)
            {
                double v = w * (ui - u[j]);
                forI[j] += (v + Math.Abs(v)) * 0.5;
                forJ[j] += (Math.Abs(v) - v) * 0.5;
            }
        }
    }

    /// <summary>Turns coalition strengths into option probabilities with the chosen PCE.</summary>
    /// <param name="n">Number of options.</param>
    /// <param name="c">Coalition strengths (n × n); overwritten with the victory probabilities.</param>
    /// <param name="victory">Victory-probability model.</param>
    /// <param name="pce">PCE variant.</param>
    /// <param name="p">Receives the probabilities.</param>
    /// <param name="work">Scratch for the Markov variants (2 n² + 2 n doubles).</param>
    public static void ProbabilitiesFromCoalitions(int n, Span<double> c, VictoryModel victory, PceModel pce, Span<double> p, Span<double> work)
    {
        Span<double> strengths = pce == PceModel.MarkovIncentive ? work[..(n * n)] : default;
        if (pce == PceModel.MarkovIncentive)
        {
            c[..(n * n)].CopyTo(strengths);
        }

        // victory probabilities in place: v[i, j] = P(i beats j), 1/2 on the diagonal
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double pij = VictoryProbability(victory, c[(i * n) + j], c[(j * n) + i]);
                double pji = VictoryProbability(victory, c[(j * n) + i], c[(i * n) + j]);
                c[(i * n) + j] = pij;
                c[(j * n) + i] = pji;
            }

            c[(i * n) + i] = 0.5;
        }

        switch (pce)
        {
            case PceModel.Conditional:
                ConditionalPce(n, c, p);
                break;
            case PceModel.MarkovUniform:
                MarkovUniformPce(n, c, p, work[..(2 * n)]);
                break;
            case PceModel.MarkovIncentive:
                MarkovIncentivePce(n, c, strengths, p, work[(n * n)..]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pce));
        }
    }

    /// <summary>Index of the largest value; the first one on ties (KTAB's <c>ndxMaxAbs</c> on a probability vector).</summary>
    /// <param name="p">Probabilities.</param>
    public static int ArgMax(ReadOnlySpan<double> p)
    {
        int best = 0;
        double m = -1;
        for (int i = 0; i < p.Length; i++)
        {
            double a = Math.Abs(p[i]);
            if (m < a)
            {
                m = a;
                best = i;
            }
        }

        return best;
    }

    private static void ConditionalPce(int n, ReadOnlySpan<double> v, Span<double> p)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double pi = 1.0;
            for (int j = 0; j < n; j++)
            {
                pi *= v[(i * n) + j];
            }

            p[i] = pi;
        }

        for (int i = 0; i < n; i++)
        {
            sum += p[i];
        }

        for (int i = 0; i < n; i++)
        {
            p[i] /= sum;
        }
    }

    private static void MarkovUniformPce(int n, ReadOnlySpan<double> v, Span<double> p, Span<double> q)
    {
        for (int i = 0; i < n; i++)
        {
            p[i] = 1.0 / n;
        }

        double change = 1.0;
        for (int iter = 0; change > 1e-6 && iter < 1000; iter++)
        {
            change = 0;
            for (int i = 0; i < n; i++)
            {
                double pi = 0.0;
                for (int j = 0; j < n; j++)
                {
                    pi += v[(i * n) + j] * (p[i] + p[j]);
                }

                q[i] = pi / n;
                change = Math.Max(change, Math.Abs(q[i] - p[i]));
            }

            for (int i = 0; i < n; i++)
            {
                p[i] = (p[i] + q[i]) / 2.0;
            }
        }
    }

    private static void MarkovIncentivePce(int n, ReadOnlySpan<double> v, ReadOnlySpan<double> strength, Span<double> p, Span<double> work)
    {
        // incentive of i to challenge j, then the probability that i is the challenger of j
        Span<double> chlg = work[..(n * n)];
        Span<double> q = work.Slice(n * n, n);
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += Incentive(strength, v, n, k, j);
            }

            for (int i = 0; i < n; i++)
            {
                chlg[(i * n) + j] = Incentive(strength, v, n, i, j) / sum;
            }
        }

        for (int i = 0; i < n; i++)
        {
            p[i] = 1.0 / n;
        }

        double change = 1.0;
        for (int iter = 0; change > 1e-8 && iter < 1000; iter++)
        {
            change = 0;
            for (int i = 0; i < n; i++)
            {
                double qi = 0;
                for (int j = 0; j < n; j++)
                {
                    // probability mass flowing through the contest between i and j
                    double cj = (p[i] * chlg[(j * n) + i]) + (p[j] * chlg[(i * n) + j]);
                    qi += v[(i * n) + j] * cj;
                }

                q[i] = qi;
                change = Math.Max(change, Math.Abs(qi - p[i]));
            }

            for (int i = 0; i < n; i++)
            {
                p[i] = (p[i] + q[i]) / 2.0;
            }
        }

    }

    private static double Incentive(ReadOnlySpan<double> strength, ReadOnlySpan<double> v, int n, int i, int j) =>
        (strength[(i * n) + j] * v[(i * n) + j]) + (i == j ? 1e-10 : 0);
}
