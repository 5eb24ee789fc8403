namespace Parley.Core.Negotiation;

/// <summary>An answer to an offer.</summary>
public enum Response
{
    /// <summary>Accept the package.</summary>
    Accept,

    /// <summary>Reject it (and wait for the next offer).</summary>
    Reject,

    /// <summary>Leave the talks.</summary>
    WalkAway,
}

/// <summary>How one party behaves in a session; it sees only its <see cref="NegotiatorView"/>.</summary>
public interface IStrategy
{
    /// <summary>Short name (the registry's key).</summary>
    string Name { get; }

    /// <summary>The package to offer now.</summary>
    /// <param name="view">This party's view.</param>
    int[] Propose(NegotiatorView view);

    /// <summary>The answer to an offer.</summary>
    /// <param name="view">This party's view.</param>
    /// <param name="offer">The package on the table.</param>
    Response Respond(NegotiatorView view, int[] offer);
}

/// <summary>What to offer.</summary>
public interface IOfferingPolicy
{
    /// <summary>The package to offer now.</summary>
    /// <param name="view">This party's view.</param>
    int[] Offer(NegotiatorView view);
}

/// <summary>Whether to accept.</summary>
public interface IAcceptancePolicy
{
    /// <summary>True to accept the offer (before the rationality guard).</summary>
    /// <param name="view">This party's view.</param>
    /// <param name="offer">The package on the table.</param>
    bool Accepts(NegotiatorView view, int[] offer);
}

/// <summary>
/// A strategy built from an offering and an acceptance policy, with the rationality guard every
/// strategy shares: never accept a package below the current reservation value or beyond a red line.
/// </summary>
/// <param name="name">Registry name.</param>
/// <param name="offering">Offering policy.</param>
/// <param name="acceptance">Acceptance policy.</param>
public sealed class ComposedStrategy(string name, IOfferingPolicy offering, IAcceptancePolicy acceptance) : IStrategy
{
    /// <inheritdoc/>
    public string Name => name;

    /// <summary>The offering policy (a session asks an <see cref="IUpFrontConcession"/> for its concession before the talks).</summary>
    public IOfferingPolicy Offering => offering;

    /// <inheritdoc/>
    public int[] Propose(NegotiatorView view) => offering.Offer(view);

    /// <inheritdoc/>
    public Response Respond(NegotiatorView view, int[] offer)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(offer);
        bool rational = view.WithinMyRedLines(offer) && view.MyUtility(offer) >= view.MyReservation - 1e-12;
        return rational && acceptance.Accepts(view, offer) ? Response.Accept : Response.Reject;
    }
}

/// <summary>Helpers shared by the policies: the party's own best and most modest acceptable candidates.</summary>
public static class Offers
{
    /// <summary>The candidate within this party's red lines that it values most (first on ties).</summary>
    /// <param name="view">The view.</param>
    public static int[] Best(NegotiatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.BestCandidate();
    }

    /// <summary>
    /// The candidate within this party's red lines whose utility to it is at least <paramref name="target"/> and
    /// otherwise as low as possible (the most generous offer that still meets the target); its best when none reaches it.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="target">Utility the offer must give this party.</param>
    public static int[] AtLeast(NegotiatorView view, double target)
    {
        ArgumentNullException.ThrowIfNull(view);
        int[]? pick = null;
        double u = double.PositiveInfinity;
        foreach (int[] c in view.Candidates)
        {
            double v = view.MyUtility(c);
            if (view.WithinMyRedLines(c) && v >= target - 1e-12 && v < u)
            {
                u = v;
                pick = c;
            }
        }

        return pick ?? Best(view);
    }

    /// <summary>
    /// The candidate within this party's red lines with the lowest utility whose expected value (promises
    /// discounted by trust) still reaches <paramref name="target"/>: facing a less credible counterpart a party
    /// asks for more. Its best candidate when none reaches the target.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="target">Expected value the offer must give this party.</param>
    public static int[] AtLeastExpected(NegotiatorView view, double target)
    {
        ArgumentNullException.ThrowIfNull(view);
        double r = view.MyReservation;
        return AtLeast(view, target <= r ? target : r + ((target - r) / view.Trust));
    }

    /// <summary>This party's best utility among the candidates within its red lines.</summary>
    /// <param name="view">The view.</param>
    public static double BestUtility(NegotiatorView view) => view is null ? 0 : view.MyUtility(Best(view));
}

/// <summary>
/// Faratin, Sierra and Jennings (1998): the target utility falls from the best u_max to the reservation
/// value r as u_max − (u_max − r)·(t/T)^(1/e); e &lt; 1 concedes late (Boulware), e = 1 linearly, e &gt; 1 early
/// (Conceder). T is the party's own deadline, as in Faratin et al.: its <see cref="NegotiatorView.Horizon"/> (the step by
/// which waiting would have cost it its whole surplus), never later than the talks' deadline. Offers the most generous candidate whose expected value (promises discounted by trust in the
/// others' credibility) meets the target; accepts an offer whose expected value reaches the target it would
/// offer next, less what waiting a step for it would cost (<see cref="NegotiatorView.MyDelayCost"/>).
/// </summary>
/// <param name="e">Concession exponent.</param>
public sealed class TimeDependentPolicy(double e) : IOfferingPolicy, IAcceptancePolicy
{
    /// <summary>The target utility at time t of T.</summary>
    /// <param name="max">Best utility.</param>
    /// <param name="reservation">Reservation value.</param>
    /// <param name="t">Time step.</param>
    /// <param name="deadline">Deadline T.</param>
    /// <param name="exponent">Concession exponent e.</param>
    public static double Target(double max, double reservation, int t, int deadline, double exponent)
    {
        double floor = Math.Min(max, reservation);
        double x = deadline <= 0 ? 1 : Math.Clamp((double)t / deadline, 0, 1);
        return max - ((max - floor) * Math.Pow(x, 1 / exponent));
    }

    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Offers.AtLeastExpected(view, Target(Offers.BestUtility(view), view.MyReservation, view.Time, view.Horizon, e));
    }

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.MyExpectedValue(offer) >= Target(Offers.BestUtility(view), view.MyReservation, view.Time + 1, view.Horizon, e) - view.MyDelayCost - 1e-12;
    }
}

/// <summary>Anchors at its maximalist demand and waits: offers its best, accepts only (almost) its best.</summary>
public sealed class HardLinerPolicy : IOfferingPolicy, IAcceptancePolicy
{
    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view) => Offers.Best(view);

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer) => view is not null && view.MyUtility(offer) >= Offers.BestUtility(view) - 0.02;
}

/// <summary>
/// Tit-for-tat (relative): concedes, in its own utility, as much as the others' last two offers conceded to
/// it; starts at its best and never goes below its reservation value; accepts what it would offer next.
/// </summary>
public sealed class TitForTatPolicy : IOfferingPolicy, IAcceptancePolicy
{
    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view) => Offers.AtLeast(view, Level(view));

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer) => view is not null && view.MyUtility(offer) >= Level(view) - 1e-12;

    private static double Level(NegotiatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        double best = Offers.BestUtility(view);
        var received = view.Inbox.Where(m => m.Kind == MessageKind.Offer && m.Package is not null).Select(m => view.MyUtility(m.Package!)).ToList();
        double concession = 0;
        for (int k = 1; k < received.Count; k++)
        {
            concession += Math.Max(0, received[k] - received[k - 1]);
        }

        return Math.Max(view.MyReservation, best - concession);
    }
}

/// <summary>
/// Solves the finite-horizon two-party alternating-offers game by backward induction over the candidate
/// packages, using its own and (when public) the other's patience, and plays the subgame-perfect strategy:
/// at each step the proposer takes the best package the responder accepts, the responder accepts exactly
/// what its discounted continuation is worth. As the horizon grows this approaches Rubinstein's split.
/// </summary>
public sealed class BackwardInductionPolicy : IOfferingPolicy, IAcceptancePolicy
{
    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Solve(view, view.Time).Offer;
    }

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer)
    {
        ArgumentNullException.ThrowIfNull(view);
        (double mine, _) = view.Time + 1 > view.Deadline ? (view.MyReservation, 0) : Solve(view, view.Time + 1).Value;
        return view.MyUtility(offer) >= (view.MyDiscount * mine) - 1e-12;
    }

    /// <summary>The equilibrium offer at step <paramref name="from"/> and its value (mine, theirs), undiscounted at that step.</summary>
    private static (int[] Offer, (double Mine, double Theirs) Value) Solve(NegotiatorView view, int from)
    {
        if (view.Parties.Count != 2)
        {
            throw new InvalidOperationException("backward induction is implemented for two parties");
        }

        string me = view.Self, other = view.Parties[0] == me ? view.Parties[1] : view.Parties[0];
        double dMe = view.MyDiscount, dOther = view.PublicPatience(other) ?? dMe;
        IReadOnlyList<int[]> cands = view.Candidates;
        var uMe = cands.Select(c => view.MyUtility(c)).ToArray();
        var uOther = cands.Select(c => view.EstimatedUtility(other, c)).ToArray();
        double contMe = view.MyReservation, contOther = 0;
        int[] offer = cands[0];
        for (int k = view.Deadline; k >= from; k--)
        {
            bool iPropose = view.Parties[k % 2] == me;
            double need = iPropose ? dOther * contOther : dMe * contMe;
            int pick = -1;
            double bestForProposer = double.NegativeInfinity;
            for (int c = 0; c < cands.Count; c++)
            {
                double responder = iPropose ? uOther[c] : uMe[c];
                double proposer = iPropose ? uMe[c] : uOther[c];
                bool ok = responder >= need - 1e-12 && (!iPropose || view.WithinMyRedLines(cands[c]));
                if (ok && proposer > bestForProposer)
                {
                    bestForProposer = proposer;
                    pick = c;
                }
            }

            if (pick < 0)
            {
                // nothing acceptable: the step passes without agreement
                contMe *= dMe;
                contOther *= dOther;
                continue;
            }

            offer = cands[pick];
            contMe = uMe[pick];
            contOther = uOther[pick];
        }

        return (offer, (contMe, contOther));
    }
}

/// <summary>
/// Holds out for its best package until its deadline nears (the last <paramref name="window"/> share of its
/// <see cref="NegotiatorView.Horizon"/>, a fifth by default: the deadline it sets itself), then offers the most generous package above its current alternative and
/// accepts any such package.
/// </summary>
/// <param name="window">Share of the time, before the deadline, in which it gives way.</param>
public sealed class DeadlineDrivenPolicy(double window = 0.2) : IOfferingPolicy, IAcceptancePolicy
{
    /// <summary>True in the final window before the deadline.</summary>
    /// <param name="view">The view.</param>
    public bool Near(NegotiatorView view) => view is not null && view.Time >= view.Horizon - Math.Max(1, (int)Math.Round(view.Horizon * window));

    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view) => Near(view) ? Offers.AtLeastExpected(view, view.MyReservation) : Offers.Best(view);

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer) =>
        view is not null && (Near(view) ? view.MyExpectedValue(offer) >= view.MyReservation - 1e-12 : view.MyUtility(offer) >= Offers.BestUtility(view) - 0.02);
}

/// <summary>A policy that concedes in public before the talks start (the session asks it once, before the first step).</summary>
public interface IUpFrontConcession
{
    /// <summary>The package conceded before the talks and the party it is made to.</summary>
    /// <param name="view">The conceder's view at time 0.</param>
    /// <param name="addressee">The party the scenario says it concedes to, or null to choose.</param>
    (int[] Package, string To) Concede(NegotiatorView view, string? addressee);
}

/// <summary>
/// Gives ground before the talks begin (as the briefing describes): its target starts a share
/// <paramref name="upfront"/> of the way from its best to its reservation value, then falls linearly. Before the first
/// step it makes that concession in public to one party: the one the scenario names (<c>strategy: {name: up-front, to:
/// ID}</c>), else the one its own best package would serve worst (by the public estimates), the party it must bring along;
/// the package is the one, among those worth its starting target to it, that is worth most to that party.
/// </summary>
/// <param name="upfront">Share of the range conceded before the first offer.</param>
public sealed class UpFrontConcederPolicy(double upfront) : IOfferingPolicy, IAcceptancePolicy, IUpFrontConcession
{
    /// <inheritdoc/>
    public (int[] Package, string To) Concede(NegotiatorView view, string? addressee)
    {
        ArgumentNullException.ThrowIfNull(view);
        string? to = addressee;
        int[] best = Offers.Best(view);
        if (to is null || to == view.Self || !view.Parties.Contains(to))
        {
            to = view.Self;
            double lowest = double.PositiveInfinity;
            foreach (string p in view.Parties)
            {
                double u = p == view.Self ? double.PositiveInfinity : view.EstimatedUtility(p, best);
                if (u < lowest)
                {
                    (lowest, to) = (u, p);
                }
            }
        }

        double target = Target(view, 0);
        double r = view.MyReservation;
        double needed = target <= r ? target : r + ((target - r) / view.Trust);
        int[] pick = best;
        double most = view.EstimatedUtility(to, best);
        foreach (int[] c in view.Candidates)
        {
            if (view.WithinMyRedLines(c) && view.MyUtility(c) >= needed - 1e-12 && view.EstimatedUtility(to, c) > most)
            {
                (most, pick) = (view.EstimatedUtility(to, c), c);
            }
        }

        return (pick, to);
    }

    private double Target(NegotiatorView view, int t)
    {
        double max = Offers.BestUtility(view), r = Math.Min(max, view.MyReservation);
        double start = max - (upfront * (max - r));
        return TimeDependentPolicy.Target(start, r, t, view.Horizon, 1);
    }

    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view) => Offers.AtLeastExpected(view, Target(view, view.Time));

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer) => view is not null && view.MyExpectedValue(offer) >= Target(view, view.Time + 1) - view.MyDelayCost - 1e-12;
}

/// <summary>
/// Linkage — "create a problem, then charge a price to solve it": for the first half of the time it adds a
/// maximalist demand on the issue it cares least about but the others care most about (the chip), on top of
/// its linear target; then it offers to drop the chip (the others' preferred level there) and asks for its
/// best level on the issue it cares most about in exchange.
/// </summary>
public sealed class LinkagePolicy : IOfferingPolicy, IAcceptancePolicy
{
    private readonly TimeDependentPolicy linear = new(1);

    /// <inheritdoc/>
    public int[] Offer(NegotiatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        int[] basis = (int[])linear.Offer(view).Clone();
        (int chip, int top) = Issues(view);
        if (chip < 0 || chip == top)
        {
            return basis;
        }

        int[] best = Offers.Best(view);
        if (view.Time * 2 < view.Horizon)
        {
            basis[chip] = best[chip];
        }
        else
        {
            basis[chip] = OthersLevel(view, chip);
            basis[top] = best[top];
        }

        return view.WithinMyRedLines(basis) ? basis : linear.Offer(view);
    }

    /// <inheritdoc/>
    public bool Accepts(NegotiatorView view, int[] offer) => linear.Accepts(view, offer);

    private static (int Chip, int Top) Issues(NegotiatorView view)
    {
        int n = view.Issues.Count, chip = -1, top = -1;
        double bestChip = double.NegativeInfinity, bestTop = double.NegativeInfinity;
        int[] best = Offers.Best(view);
        for (int d = 0; d < n; d++)
        {
            // own stake: the utility lost by moving this issue to the others' preferred level
            int[] probe = (int[])best.Clone();
            probe[d] = OthersLevel(view, d);
            double mine = view.MyUtility(best) - view.MyUtility(probe);
            double theirs = 0;
            foreach (string p in view.Parties)
            {
                if (p != view.Self)
                {
                    theirs += view.EstimatedUtility(p, probe) - view.EstimatedUtility(p, best);
                }
            }

            if (theirs - mine > bestChip)
            {
                bestChip = theirs - mine;
                chip = d;
            }

            if (mine > bestTop)
            {
                bestTop = mine;
                top = d;
            }
        }

        return (chip, top);
    }

    private static int OthersLevel(NegotiatorView view, int d)
    {
        double sum = 0;
        int count = 0;
        foreach (string p in view.Parties)
        {
            if (p != view.Self)
            {
                sum += view.PublicPosition(p, d);
                count++;
            }
        }

        double target = count == 0 ? view.LevelValue(d, 0) : sum / count;
        int pick = 0;
        for (int l = 1; l < view.LevelCount(d); l++)
        {
            if (Math.Abs(view.LevelValue(d, l) - target) < Math.Abs(view.LevelValue(d, pick) - target))
            {
                pick = l;
            }
        }

        return pick;
    }
}

/// <summary>The strategies by name (the names a scenario and the CLI use).</summary>
public static class StrategyRegistry
{
    /// <summary>Known names.</summary>
    public static IReadOnlyList<string> Names => Parley.Core.Domain.NegotiationCatalog.StrategyNames;

    /// <summary>
    /// The scenario's parameter for an actor playing a strategy: the actor's stated <c>strategy</c> parameter when it plays
    /// the strategy the scenario gives it (whoever chose it), else none (the strategy's default). One run uses its central
    /// value, runs over draws draw it.
    /// </summary>
    /// <param name="actor">The actor.</param>
    /// <param name="strategy">The strategy it plays.</param>
    public static Parley.Core.Domain.Quantity? ScenarioParameter(Parley.Core.Domain.Actor actor, string strategy)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Strategy == strategy ? actor.StrategyParameter : null;
    }

    /// <summary>Creates the strategy with this name.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="parameter">
    /// Its parameter, when given: e for <c>boulware</c>, <c>linear</c> and <c>conceder</c> (defaults 0.2, 1, 5), the
    /// share conceded before talks for <c>up-front</c> (0.5), the final window as a share of the time for
    /// <c>deadline-driven</c> (0.2); ignored by the others.
    /// </param>
    public static IStrategy Create(string name, double? parameter = null)
    {
        switch (name)
        {
            case "boulware":
                var b = new TimeDependentPolicy(parameter ?? 0.2);
                return new ComposedStrategy(name, b, b);
            case "linear":
                var l = new TimeDependentPolicy(parameter ?? 1);
                return new ComposedStrategy(name, l, l);
            case "conceder":
                var c = new TimeDependentPolicy(parameter ?? 5);
                return new ComposedStrategy(name, c, c);
            case "hard-liner":
                var h = new HardLinerPolicy();
                return new ComposedStrategy(name, h, h);
            case "tit-for-tat":
                var t = new TitForTatPolicy();
                return new ComposedStrategy(name, t, t);
            case "deadline-driven":
                var dd = new DeadlineDrivenPolicy(Math.Clamp(parameter ?? 0.2, 0.01, 1));
                return new ComposedStrategy(name, dd, dd);
            case "up-front":
                var up = new UpFrontConcederPolicy(Math.Clamp(parameter ?? 0.5, 0, 1));
                return new ComposedStrategy(name, up, up);
            case "linkage":
                var lk = new LinkagePolicy();
                return new ComposedStrategy(name, lk, lk);
            case "backward-induction":
                var bi = new BackwardInductionPolicy();
                return new ComposedStrategy(name, bi, bi);
            default:
                throw new ArgumentException($"unknown strategy '{name}'; known: {string.Join(", ", Names)}", nameof(name));
        }
    }
}
