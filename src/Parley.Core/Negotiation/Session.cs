using Parley.Core.Bargaining;
using Parley.Core.Conflict;
using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Negotiation;

/// <summary>Settings of one negotiation session.</summary>
public sealed record SessionSettings
{
    /// <summary>Last time step at which an offer can be made (the deadline), in the scenario's time unit.</summary>
    public int Deadline { get; init; } = 24;

    /// <summary>Seed of the run's random source (the war's shocks).</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// One negotiation at a table, advanced one time step at a time by a protocol (<see cref="IProtocol"/>, by name from
/// <see cref="ProtocolRegistry"/>): <see cref="Start(string)"/>, then <see cref="Step"/> until it ends (or
/// <see cref="Run(string)"/> for both). Between two steps the session can be inspected (<see cref="Time"/>,
/// <see cref="Transcript"/>, each party's view) and driven from outside (<see cref="Use"/>). Each party acts only
/// through its <see cref="NegotiatorView"/>; reservation values move with the war (the scenario's dynamics, one
/// random path per run); utilities are discounted by each party's patience. Any number of parties: the candidate
/// packages are the Pareto frontier of their publicly estimated utilities, exact up to <see cref="MaxCandidates"/>
/// points, else an ε-Pareto set (<see cref="ParetoFrontier.Candidates"/>).
/// </summary>
public sealed class Session
{
    private readonly IStrategy[] strategies;
    private readonly NegotiatorView[] views;
    private double[][][] publicValue;
    private readonly double[] warPath;
    private readonly List<Message> transcript = [];

    /// <summary>Prepares a session; run it once.</summary>
    /// <param name="space">The deal space (true utilities, red lines, reservation values).</param>
    /// <param name="parties">Actor indices at the table, in protocol order.</param>
    /// <param name="strategies">One strategy per party.</param>
    /// <param name="settings">Deadline and seed.</param>
    public Session(DealSpace space, IReadOnlyList<int> parties, IReadOnlyList<IStrategy> strategies, SessionSettings settings)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(strategies);
        this.strategies = [.. strategies];
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (parties.Count < 2 || strategies.Count != parties.Count)
        {
            throw new ArgumentException("a session needs two or more parties and one strategy each");
        }

        Parties = [.. parties];
        PartyIds = [.. parties.Select(p => space.Actors[p].Id)];

        // an actor an event seats, and that has no seat by its role (Seating.Table lists it last), is away from the table
        // until the event fires; the mediator is always there
        present = [.. parties.Select(p => space.Actors[p].Id == space.Scenario.Channels.Mediator || space.Scenario.HasSeat(space.Actors[p])
            || !space.Scenario.Events.Any(e => e.Seat.Contains(space.Actors[p].Id)))];
        presentIds = [.. PartyIds.Where((_, k) => present[k])];
        Discount = [.. space.Actors.Select(a => PerStep(a.Patience?.Value ?? 1.0))];
        (publicValue, CandidateSet found) = PublicEstimates.For(space, Parties);
        Candidates = [.. found.Points.Select(p => p.Levels)];
        CandidateEpsilon = found.Epsilon;
        var rng = new RandomSource(settings.Seed);
        Dynamics? dynamics = space.Scenario.Dynamics;
        costShift = new double[space.Actors.Count];
        spentWaiting = new double[space.Actors.Count];
        spentSince = new int[space.Actors.Count];
        trendNow = dynamics?.Trend.Value ?? 0;
        volatilityNow = dynamics?.Volatility.Value ?? 0;
        if (space.Scenario.Events.Count > 0)
        {
            // the draws behind the war's shocks are kept, so that an event can take the walk again with another trend
            normals = dynamics is null ? null : new double[settings.Deadline + 2];
            events = new SessionEvents(space.Scenario.Events, settings.Seed);
        }

        warPath = WarPath.Simulate(dynamics, settings.Deadline + 1, rng, normals);
        views = [.. parties.Select(p => new NegotiatorView(this, p))];
        string? med = space.Scenario.Channels.Mediator;
        mediator = med is null ? -1 : Array.IndexOf(Parties, space.IndexOf(med));

        // the mediator's beliefs: the spokes' numbers as one draw of the scenario's uncertainty, and red
        // lines shifted by up to a tenth of the scale (it knows they exist, not exactly where)
        beliefSpace = DealSpace.Build(space.Scenario, space.Settings, rng);

        // each party's belief about the others' credibility: the value when public, else one draw of its uncertainty
        credibility = new double[Parties.Length][];
        for (int k = 0; k < Parties.Length; k++)
        {
            credibility[k] = new double[space.Actors.Count];
            for (int a = 0; a < space.Actors.Count; a++)
            {
                Quantity? q = space.Actors[a].Credibility;
                credibility[k][a] = q is null ? 1 : q.Visibility == Visibility.Public || a == Parties[k] ? q.Value : QuantitySampler.Draw(q, rng, 0, 1);
            }
        }
        lineNoise = [.. space.Issues.Select(i => space.Actors.Select(_ => rng.NextTriangular(-0.1, 0, 0.1) * i.Span).ToArray())];
        horizons = new int[space.Actors.Count];
        delayCosts = new double[space.Actors.Count];
        for (int k = 0; k < Parties.Length; k++)
        {
            int a = Parties[k];
            delayCosts[a] = DelayCost(a, views[k]);
            horizons[a] = ConcessionHorizon.Of(views[k].MyUtility(views[k].BestCandidate()), ReservationNow(a), delayCosts[a], settings.Deadline);
        }
    }

    private readonly int[] horizons;
    private readonly double[] delayCosts;

    // what the scenario's events have changed so far: each actor's cost of war (added per step), the war's trend and
    // volatility from now on, and the draws behind its shocks (to take the walk again); events that fired
    private readonly double[] costShift;
    private readonly double[]? normals;
    private double trendNow;
    private double volatilityNow;
    private readonly SessionEvents? events;
    private readonly List<FiredEvent> fired = [];

    /// <summary>The events fired so far (the scenario's and the engine's), in order; <see cref="SessionResult.Events"/> once it ends.</summary>
    public IReadOnlyList<FiredEvent> Fired => fired;
    private readonly List<(int From, int Key, double Value)> trendChanges = [];
    private readonly List<(int From, int Key, double Value)> costChanges = [];
    private readonly double[] spentWaiting = [];
    private readonly int[] spentSince = [];

    internal double DelayCostOfActor(int actor) => Math.Max(0, delayCosts[actor]);

    /// <summary>
    /// What one more time step without agreement costs actor a, in its utility units (<see cref="ConcessionHorizon"/>): a step of
    /// the war's cost, the discount on its best package, and the expected worsening of its alternative along the war's trend
    /// (an improving alternative lowers it).
    /// </summary>
    private double DelayCost(int a, NegotiatorView view)
    {
        double war = (Space.WarCost.Length > a ? Space.WarCost[a] : 0) + costShift[a];
        double best = Math.Max(0, view.MyUtility(view.BestCandidate()));
        double drift = 0;
        if (warPath.Length > 1 && Space.Scenario.Dynamics is { } dyn)
        {
            // the expected move of p per step: the trend of the random walk, or the attrition path's mean slope
            double slope = dyn.Attrition is null ? trendNow : (warPath[^1] - warPath[0]) / (warPath.Length - 1);
            int now = Math.Min(Time, warPath.Length - 1);
            drift = Space.ReservationAt(a, Math.Clamp(warPath[now] + slope, 0.01, 0.99), costShift[a]) - Space.ReservationAt(a, warPath[now], costShift[a]);
        }

        return war + ((1 - Discount[a]) * best) - drift;
    }

    /// <summary>
    /// Each party's own horizon (<see cref="ConcessionHorizon"/>): the time step by which waiting would have cost it the whole
    /// surplus it bargains for, at most the deadline. Time-dependent strategies concede over it.
    /// </summary>
    /// <param name="k">Index into <see cref="Parties"/>.</param>
    public int HorizonOf(int k) => horizons[Parties[k]];

    internal int HorizonOfActor(int actor) => horizons[actor];

    private readonly double[][] credibility;
    private readonly Dictionary<int, double> transfers = [];

    /// <summary>Step of a side-deal transfer, in utility units.</summary>
    public const double SideDealStep = 0.05;
    private readonly int mediator;
    private DealSpace beliefSpace;
    private readonly double[][] lineNoise;
    private (int At, double Value)[]? reservationMemo;

    /// <summary>The mediator's actor id, when the scenario's mediator is at the table.</summary>
    public string? MediatorId => mediator < 0 ? null : PartyIds[mediator];

    internal double Belief(int self, string actor, int[]? package)
    {
        if (mediator < 0 || self != Parties[mediator])
        {
            return double.NaN;
        }

        int a = Space.IndexOf(actor);
        if (package is not null)
        {
            // a party's linkage is public: the mediator knows a package that breaks it will be refused
            if (!Space.Keeps(a, package))
            {
                return double.NaN;
            }

            for (int d = 0; d < package.Length; d++)
            {
                RedLine? line = Space.StanceOf(a, d)?.RedLine;
                if (line?.Limit is Quantity q)
                {
                    double limit = q.Value + lineNoise[d][a], x = Space.Levels[d][package[d]];
                    if ((line.Bound == RedLineBound.AtLeast && x < limit - 1e-9) || (line.Bound == RedLineBound.AtMost && x > limit + 1e-9))
                    {
                        return double.NaN;
                    }
                }
                else if (line is { Bound: RedLineBound.Excludes } && line.Excluded.Contains(package[d]))
                {
                    return double.NaN;
                }
            }
        }

        return beliefSpace.Reservation[a];
    }

    /// <summary>
    /// How far party k trusts the others at the table to keep a deal: the smallest of its beliefs about
    /// their credibility (1 when no credibility is stated).
    /// </summary>
    internal double Trust(int k)
    {
        double min = 1;
        foreach (int a in Parties)
        {
            if (a != Parties[k])
            {
                min = Math.Min(min, credibility[k][a]);
            }
        }

        return Math.Max(1e-3, min);
    }

    /// <summary>
    /// Net side-deal transfers to an actor if the text is signed: positive for a spoke that was promised
    /// something, negative for the mediator that pays for it.
    /// </summary>
    internal double SideTransfer(int actor) => transfers.GetValueOrDefault(actor);

    internal double PublicPosition(string actor, int d)
    {
        Stance? st = Space.StanceOf(Space.IndexOf(actor), d);
        Issue issue = Space.Issues[d];
        return st is null || st.Position.Visibility != Visibility.Public ? issue.Min + (issue.Span / 2) : st.Position.Value;
    }

    /// <summary>The deal space (this run's; an event that changes a stance replaces it from the step it fires).</summary>
    public DealSpace Space { get; private set; }

    /// <summary>Settings.</summary>
    public SessionSettings Settings { get; }

    /// <summary>Actor indices at the table.</summary>
    public int[] Parties { get; }

    /// <summary>Actor ids at the table.</summary>
    public IReadOnlyList<string> PartyIds { get; }

    /// <summary>Current time step.</summary>
    public int Time { get; private set; }

    private readonly bool[] present;

    /// <summary>True while the party at position k sits at the table (events seat and unseat parties).</summary>
    /// <param name="k">Index into <see cref="Parties"/>.</param>
    public bool Present(int k) => present[k];

    private string[] presentIds;

    /// <summary>The ids of the parties sitting at the table now, in table order.</summary>
    public IReadOnlyList<string> PresentIds => presentIds;

    /// <summary>Patience (discount factor per time step) per actor of the scenario.</summary>
    internal double[] Discount { get; }

    /// <summary>
    /// A patience as the discount factor of one time step. With time step 'session' (Genius imports) the patience is
    /// Genius's discount factor d over the whole negotiation, applied over normalised time t = step / deadline (Genius's
    /// <c>U(ω) · d^t</c>), so one step discounts by d^(1/deadline); otherwise it is the factor per step as written.
    /// </summary>
    /// <param name="patience">The patience (discount factor).</param>
    internal double PerStep(double patience) =>
        Space.Scenario.TimeStep == "session" && Settings.Deadline > 0 ? Math.Pow(patience, 1.0 / Settings.Deadline) : patience;

    /// <summary>Candidate packages (public Pareto frontier).</summary>
    internal IReadOnlyList<int[]> Candidates { get; private set; }

    /// <summary>
    /// The largest exact public frontier a session of three or more parties uses (two parties: 50,000); beyond it, an
    /// ε-Pareto set of at most <see cref="MaxApproximateCandidates"/> packages (<see cref="ParetoFrontier.Candidates"/>).
    /// </summary>
    public const int MaxCandidates = 4000;

    /// <summary>The most packages of the ε-Pareto set used when the exact frontier is too large.</summary>
    public const int MaxApproximateCandidates = 1500;

    /// <summary>0 when the candidates are the exact public Pareto frontier; else the ε of the ε-Pareto set used instead.</summary>
    public double CandidateEpsilon { get; private set; }

    /// <summary>The probability that the first belligerent prevails, per time step of this run (empty without dynamics).</summary>
    public IReadOnlyList<double> WarPathValues => warPath;

    /// <summary>The view of the party at position <paramref name="k"/> of the table (for tests and strategies' owners).</summary>
    /// <param name="k">Index into <see cref="Parties"/>.</param>
    public NegotiatorView ViewOf(int k) => views[k];

    internal double ReservationNow(int actor)
    {
        if (warPath.Length == 0)
        {
            return Space.Reservation[actor];
        }

        // strategies ask many times per step: the value is computed once per actor and point of the war path
        int at = Math.Min(Time, warPath.Length - 1);
        reservationMemo ??= new (int, double)[Space.Actors.Count];
        if (reservationMemo[actor].At != at + 1)
        {
            reservationMemo[actor] = (at + 1, Space.ReservationAt(actor, warPath[at], costShift[actor]));
        }

        return reservationMemo[actor].Value;
    }

    internal double PublicUtility(string actor, ReadOnlySpan<int> package)
    {
        int a = Space.IndexOf(actor);
        double u = 0;
        for (int d = 0; d < package.Length; d++)
        {
            u += publicValue[a][d][package[d]];
        }

        return u;
    }

    /// <summary>
    /// Ripeness (MODELS.md §4): for each party at the table, the first time step at which the given package
    /// is worth more to it than fighting on along this run's war path and fighting on is expected to get
    /// worse (the trend moves its alternative down); −1 if that never happens before the deadline.
    /// </summary>
    /// <param name="package">A deal on the table, e.g. the group's Nash package.</param>
    public int[] Ripeness(int[] package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var result = new int[Parties.Length];
        for (int k = 0; k < Parties.Length; k++)
        {
            int a = Parties[k];
            double u = Space.Utility(a, package);
            result[k] = -1;
            int steps = Math.Max(1, warPath.Length);
            for (int t = 0; t < steps; t++)
            {
                if (warPath.Length == 0)
                {
                    break;
                }

                // the trend and the cost of war in effect at step t (events change them from the step they fire)
                double trend = ChangedAt(trendChanges, -1, t, Space.Scenario.Dynamics!.Trend.Value);
                double extra = ChangedAt(costChanges, a, t, 0);
                double r = Space.ReservationAt(a, warPath[t], extra);
                double expected = Space.ReservationAt(a, Math.Clamp(warPath[t] + trend, 0.01, 0.99), extra);
                if (r < u && expected < r - 1e-12)
                {
                    result[k] = t;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The last value a list of changes set for a key (−1: the war's) at or before step t, else the starting value.</summary>
    private static double ChangedAt(List<(int From, int Key, double Value)> changes, int key, int t, double start)
    {
        double value = start;
        foreach ((int from, int k, double v) in changes)
        {
            if (k == key && from <= t)
            {
                value = v;
            }
        }

        return value;
    }

    /// <summary>Replays messages into the views without running strategies (for the information-boundary tests).</summary>
    /// <param name="log">Messages to deliver to their recipients.</param>
    /// <param name="time">The time step to set.</param>
    public void Replay(IEnumerable<Message> log, int time)
    {
        ArgumentNullException.ThrowIfNull(log);
        Time = time;
        foreach (Message m in log)
        {
            Send(m);
        }
    }

    /// <summary>Protocols by name (<see cref="ProtocolRegistry"/>).</summary>
    public static IReadOnlyList<string> Protocols => ProtocolRegistry.Names;

    /// <summary>The protocol running, once <see cref="Start(string)"/> has been called.</summary>
    public IProtocol? Protocol { get; private set; }

    /// <summary>The result, once the session has ended (agreement, walk-away or the deadline); null while it runs.</summary>
    public SessionResult? Result { get; private set; }

    /// <summary>Every message so far, in order: the session's record.</summary>
    public IReadOnlyList<Message> Transcript => transcript;

    /// <summary>True once <see cref="Start(string)"/> has been called and the session has not ended.</summary>
    public bool Running => Protocol is not null && Result is null;

    /// <summary>
    /// Runs the named protocol to its end (<see cref="ProtocolRegistry"/>: <c>alternating-offers</c>, <c>single-text</c>,
    /// <c>hub-and-spoke</c>, <c>sequenced</c>, <c>sequenced-summit-first</c>): <see cref="Start(string)"/>, then
    /// <see cref="Step"/> until it ends.
    /// </summary>
    /// <param name="protocol">Protocol name.</param>
    public SessionResult Run(string protocol)
    {
        Start(protocol);
        while (Step())
        {
        }

        return Result!;
    }

    /// <summary>Runs the alternating-offers protocol to agreement, walk-away or the deadline.</summary>
    public SessionResult Run() => Run("alternating-offers");

    /// <summary>Starts the named protocol at time 0; then <see cref="Step"/> advances it one time step at a time.</summary>
    /// <param name="protocol">Protocol name.</param>
    public void Start(string protocol) => Start(ProtocolRegistry.Create(protocol));

    /// <summary>Starts a protocol at time 0; then <see cref="Step"/> advances it one time step at a time.</summary>
    /// <param name="protocol">The protocol.</param>
    public void Start(IProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (Protocol is not null)
        {
            throw new InvalidOperationException("the session has already started; a session runs once");
        }

        Protocol = protocol;
        Time = 0;
        ConcedeUpFront();
        protocol.Begin(this);
    }

    /// <summary>
    /// Plays one time step of the protocol (its offers and answers at <see cref="Time"/>), then moves the clock on.
    /// Between two steps the session can be inspected (time, transcript, views) and driven from outside
    /// (<see cref="Use(string, IStrategy)"/>). False once the session has ended (<see cref="Result"/> is set).
    /// </summary>
    public bool Step()
    {
        if (Protocol is null)
        {
            throw new InvalidOperationException("start the session with a protocol first");
        }

        if (Result is not null)
        {
            return false;
        }

        if (Time > Settings.Deadline)
        {
            Time = Settings.Deadline;
            Result = Finish(null, "deadline");
            return false;
        }

        events?.FireDue(this);
        Escalate();
        if (Protocol.Play(this) is SessionResult ended)
        {
            Result = ended;
            return false;
        }

        PlayTracks();

        Time++;
        if (Time > Settings.Deadline)
        {
            Time = Settings.Deadline;
            Result = Finish(null, "deadline");
            return false;
        }

        return true;
    }

    /// <summary>The model parameter that sets how a concession before the talks moves the others (<see cref="ConcedeUpFront"/>).</summary>
    public const string AnchoringParameter = "negotiation.anchoring";

    // each actor's reference point from a concession made to it before the talks (NaN: none)
    private double[]? referencePoint;

    /// <summary>
    /// Concessions before the talks (the <c>up-front</c> strategy): each party that plays it concedes in public, before the
    /// first step, to one party (<see cref="UpFrontConcederPolicy"/>). Under the reference-dependent model of Tversky and
    /// Kahneman (1991, "Loss aversion in riskless choice": outcomes are judged against a reference point, and less than it
    /// is a loss), with the conceded package as the reference (Galinsky and Mussweiler 2001: the first package on the table
    /// anchors what the other side aims for), the party conceded to takes its utility of that package as its new floor: it
    /// accepts nothing worse and concedes towards the floor, not towards its alternative. What was given up front is
    /// banked: the conceder's later leverage is only what it did not give. The model parameter
    /// <c>negotiation.anchoring: none</c> switches the reference point off (the concession is then only the conceder's own
    /// opening).
    /// </summary>
    private void ConcedeUpFront()
    {
        bool anchoring = Space.Scenario.ModelParameters.GetValueOrDefault(AnchoringParameter, "reference-point") != "none";
        for (int k = 0; k < Parties.Length; k++)
        {
            if (strategies[k] is not ComposedStrategy { Offering: IUpFrontConcession conceder })
            {
                continue;
            }

            Actor actor = Space.Actors[Parties[k]];
            (int[] package, string to) = conceder.Concede(views[k], actor.Strategy == "up-front" ? actor.StrategyTo : null);
            transcript.Add(new Message(0, PartyIds[k], to, MessageKind.Concession, package));
            int a = Space.IndexOf(to);
            if (!anchoring || a < 0 || to == PartyIds[k])
            {
                continue;
            }

            referencePoint ??= [.. Enumerable.Repeat(double.NaN, Space.Actors.Count)];
            double u = Space.Utility(a, package);
            referencePoint[a] = double.IsNaN(referencePoint[a]) ? u : Math.Max(referencePoint[a], u);
        }
    }

    /// <summary>
    /// What a party accepts no less than now: its alternative (<see cref="ReservationNow"/>), or, when a concession before
    /// the talks gave it a reference point above that, the reference point (<see cref="ConcedeUpFront"/>).
    /// </summary>
    internal double FloorNow(int actor)
    {
        double r = ReservationNow(actor);
        return referencePoint is null || double.IsNaN(referencePoint[actor]) ? r : Math.Max(r, referencePoint[actor]);
    }

    /// <summary>From the next step on, a party plays this strategy (a person's moves, or another strategy): the session driven from outside.</summary>
    /// <param name="party">The party's actor id.</param>
    /// <param name="strategy">The strategy it plays from now on.</param>
    public void Use(string party, IStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        int k = PartyIndex(party);
        if (k < 0)
        {
            throw new ArgumentException($"{party} is not at the table ({string.Join(", ", PartyIds)})", nameof(party));
        }

        strategies[k] = strategy;
    }

    /// <summary>The strategy of the party at position k of the table.</summary>
    /// <param name="k">Index into <see cref="Parties"/>.</param>
    internal IStrategy StrategyAt(int k) => strategies[k];

    /// <summary>The index of the mediator at the table, or −1.</summary>
    internal int MediatorIndex => mediator;

    /// <summary>Adds a side-deal transfer to an actor (negative for the one who pays).</summary>
    internal void Transfer(int actor, double amount) => transfers[actor] = transfers.GetValueOrDefault(actor) + amount;

    /// <summary>The two issues the parties disagree about most (salience-weighted spread of public positions).</summary>
    public int[] SummitIssues()
    {
        int nd = Space.Issues.Count;
        var spread = new double[nd];
        for (int d = 0; d < nd; d++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity, sal = 0;
            foreach (string p in PartyIds)
            {
                double x = PublicPosition(p, d);
                lo = Math.Min(lo, x);
                hi = Math.Max(hi, x);
                sal += Space.Weights[Space.IndexOf(p)][d];
            }

            spread[d] = Space.Issues[d].Span > 0 ? (hi - lo) / Space.Issues[d].Span * sal : 0;
        }

        return [.. Enumerable.Range(0, nd).OrderByDescending(d => spread[d]).ThenBy(d => d).Take(Math.Min(2, nd)).Order()];
    }

    /// <summary>Sends a message: into the transcript and to its recipient's view.</summary>
    /// <param name="m">The message.</param>
    internal void Post(Message m) => Send(m);

    /// <summary>The result now, as the session ends with this agreement (or none) and reason.</summary>
    internal SessionResult End(int[]? agreement, string endedBy) => Finish(agreement, endedBy);

    private void Send(Message m)
    {
        transcript.Add(m);
        int k = PartyIndex(m.To);
        if (k >= 0)
        {
            views[k].Deliver(m);
        }
    }

    private SessionResult Finish(int[]? agreement, string endedBy)
    {
        int n = Parties.Length;
        var u = new double[n];
        var disc = new double[n];
        var r = new double[n];
        for (int k = 0; k < n; k++)
        {
            int a = Parties[k];
            r[k] = ReservationNow(a);
            u[k] = agreement is null ? r[k] : Space.Utility(a, agreement) + SideTransfer(a);
            disc[k] = Math.Pow(Discount[a], Time) * u[k];
        }

        var single = Protocol as SingleText;
        return new SessionResult(agreement, Time, PartyIds, u, disc, r, transcript, endedBy)
        {
            CandidateEpsilon = CandidateEpsilon,
            Horizons = [.. Parties.Select(a => horizons[a])],
            TextSettledAt = agreement is null ? single?.SettledAt : null,
            HeldIssues = single is null ? [] : [.. single.Held.Select((h, d) => (h, d)).Where(x => x.h).Select(x => Space.Issues[x.d].Id)],
            Events = [.. fired],
        };
    }

    /// <summary>The first belligerent's chance of prevailing now (NaN without dynamics).</summary>
    internal double PrevailNow => warPath.Length == 0 ? double.NaN : warPath[Math.Min(Time, warPath.Length - 1)];

    /// <summary>True when the mediator's text holds the issue settled (single text and hub-and-spoke).</summary>
    internal bool Holds(string issue)
    {
        int d = Space.IndexOfIssue(issue);
        return d >= 0 && Protocol is SingleText single && single.Held.Count > d && single.Held[d];
    }

    /// <summary>
    /// An event fires now: its changes take effect from this step (costs of war, the war's trend, volatility or chance of
    /// prevailing), the delay cost and horizon of every party whose situation it changed are taken again from here (a party
    /// it leaves as it was, with the war as it was, keeps them), and the transcript records it.
    /// </summary>
    internal void Fire(TalkEvent e)
    {
        string effects = Apply(e.Changes);
        var seats = new List<string>();
        foreach ((IReadOnlyList<string> ids, bool seated) in new[] { (e.Seat, true), (e.Unseat, false) })
        {
            foreach (string id in ids)
            {
                int k = PartyIndex(id);
                if (k < 0)
                {
                    seats.Add($"{id} is not at this table");
                }
                else if (k != mediator && present[k] != seated)
                {
                    present[k] = seated;
                    seats.Add(seated ? $"{id} takes a seat at the table" : $"{id} leaves the table");
                }
            }
        }

        if (seats.Count > 0)
        {
            presentIds = [.. PartyIds.Where((_, k) => present[k])];
            effects = string.Join("; ", new[] { effects }.Where(x => x.Length > 0).Concat(seats));
            foreach (NegotiatorView v in views)
            {
                v.Forget();
            }
        }

        fired.Add(new FiredEvent(Time, e.Id, e.Name, effects.Length == 0 ? "no effect on this run's war" : effects));
        transcript.Add(new Message(Time, e.Id, string.Empty, MessageKind.Event, null));
    }

    /// <summary>
    /// Party k walks out of the talks now. True when that ends them; false when an event of the scenario waits for this
    /// party's walk-out and happens in this run: it fires now and the talks go on (<see cref="EventTiming.WalkedOut"/>), the
    /// walk-out counting as a refusal of what was on the table.
    /// </summary>
    /// <param name="k">Index into <see cref="Parties"/>.</param>
    internal bool WalksOut(int k) => events is null || !events.WalkOut(this, PartyIds[k]);

    // the escalation: the step it began (−1: not yet), and whether its offer to stop has been made
    private int escalatedAt = -1;
    private int lastAsk = -1;
    private bool demanded;
    /// <summary>Issues settled during the talks (a price paid, a direct track's agreement), with their level: every text keeps them.</summary>
    internal IReadOnlyList<(int Issue, int Level)> Settled => Space.SettledLevels;

    /// <summary>The position at the table of the party with this id, or −1.</summary>
    private int PartyIndex(string id)
    {
        for (int k = 0; k < PartyIds.Count; k++)
        {
            if (PartyIds[k] == id)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>
    /// Escalate, then sell de-escalation (<see cref="Parley.Core.Domain.Escalation"/>; Bristow's "create a problem, and demand a
    /// price to solve it"): at its step the escalating party raises the target's cost of war, and its own by the tactic's cost,
    /// through the rule events use; <c>Steps</c> steps later it offers to stop for a level of the price issue. Both must be
    /// at the table.
    /// <para>
    /// The price follows the model's state, as in the bargaining literature's value of a threat withdrawn (Schelling 1966,
    /// <i>Arms and Influence</i>: compellence works when stopping is worth more to the target than what it is asked): stopping
    /// is worth the amount times the steps the target expects to go on fighting (its horizon from now, at least one). The
    /// target's loss is its utility of the issue at what it would otherwise expect there (the mediator's text on the table;
    /// without a mediator, its own aspiration, its best candidate) less at the level asked. The
    /// escalating party, reading the target's public numbers, asks the level best for itself whose estimated loss is within
    /// that worth; the target pays when its true loss is within it and the level within its red lines. Refused, the
    /// escalating party asks one level less each step while that is still better for it than what the target expects
    /// anyway, then stops asking. Paid: the
    /// escalation stops (both costs come off) and the issue is settled at the level for the rest of the talks (no other
    /// level is within anyone's red lines, every candidate and text has it). Never paid: the escalation goes on.
    /// </para>
    /// </summary>
    private void Escalate()
    {
        if (Space.Scenario.Channels.Escalation is not { } x || demanded)
        {
            return;
        }

        int kBy = PartyIndex(x.By), kOn = PartyIndex(x.On);
        int d = Space.IndexOfIssue(x.Issue);
        if (kBy < 0 || kOn < 0 || d < 0 || !present[kBy] || !present[kOn])
        {
            return;
        }

        if (escalatedAt < 0)
        {
            if (Time >= x.At)
            {
                escalatedAt = Time;
                Apply([new VariantChange(EventPaths.CostsPrefix + x.On, VariantOperation.Shift, x.Amount), new VariantChange(EventPaths.CostsPrefix + x.By, VariantOperation.Shift, x.Cost)]);
                transcript.Add(new Message(Time, x.By, x.On, MessageKind.Escalation, null, null, x.Amount.Value));
            }

            return;
        }

        if (Time < escalatedAt + x.Steps)
        {
            return;
        }

        int by = Parties[kBy], on = Parties[kOn];
        NegotiatorView target = views[kOn];
        // what the target would otherwise expect on the issue: the mediator's text on the table, else its own aspiration
        int aspiration = Protocol is SingleText { Text: { } text } ? text[d] : target.BestCandidate()[d];
        double worth = x.Amount.Value * Math.Max(1, horizons[on] - Time);

        // the first price: the level best for the escalating party that the target's public numbers say it would pay; after a
        // refusal, the next level down (still better for the escalating party than what the target expects anyway)
        int ask = -1;
        for (int l = 0; l < Space.Levels[d].Length; l++)
        {
            double mine = Space.Value[by][d][l];
            bool gains = Space.Allowed[by][d][l] && mine > Space.Value[by][d][aspiration] + 1e-12;
            bool fits = lastAsk < 0 ? publicValue[on][d][aspiration] - publicValue[on][d][l] <= worth + 1e-12 : mine < Space.Value[by][d][lastAsk] - 1e-12;
            if (gains && fits && (ask < 0 || mine > Space.Value[by][d][ask] + 1e-12))
            {
                ask = l;
            }
        }

        if (ask < 0)
        {
            // no level left that the escalating party gains by and believes the target would pay: it stops offering, and
            // the escalation goes on
            demanded = true;
            return;
        }

        lastAsk = ask;

        int[] package = Protocol is SingleText { Text: { } onTable } ? [.. onTable] : [.. target.BestCandidate()];
        package[d] = ask;
        transcript.Add(new Message(Time, x.By, x.On, MessageKind.Demand, package, x.Issue, worth));
        bool within = Space.Allowed[on][d][ask] && Space.Keeps(on, package);
        bool pays = within && Space.Value[on][d][aspiration] - Space.Value[on][d][ask] <= worth + 1e-12;
        transcript.Add(new Message(Time, x.On, x.By, pays ? MessageKind.Accept : MessageKind.Reject, package, x.Issue) { RedLine = !within });
        if (!pays)
        {
            return;
        }

        demanded = true;
        var amountBack = x.Amount with { Value = -x.Amount.Value, Range = null, StandardDeviation = null };
        var costBack = x.Cost with { Value = -x.Cost.Value, Range = null, StandardDeviation = null };
        string effects = Apply([new VariantChange(EventPaths.CostsPrefix + x.On, VariantOperation.Shift, amountBack), new VariantChange(EventPaths.CostsPrefix + x.By, VariantOperation.Shift, costBack)]);
        Settle(d, ask);
        string level = Space.Describe(d, ask);
        fired.Add(new FiredEvent(Time, EngineEvents.Deescalation, $"{x.By} stops escalating; {x.On} pays with {x.Issue} at {level}", effects.Length == 0 ? "no effect on this run's war" : effects));
        transcript.Add(new Message(Time, EngineEvents.Deescalation, string.Empty, MessageKind.Event, null));
    }

    // the direct tracks that have agreed
    private bool[]? trackAgreed;

    /// <summary>
    /// One round of each direct track beside a mediated process (<see cref="DirectTrack"/>), after the hub's round: the
    /// track's parties trade offers on its issues in turn, and an accepted offer settles them (<see cref="Settle"/>). A track
    /// whose parties are not both at the table, or beside an unmediated protocol, does not run.
    /// </summary>
    private void PlayTracks()
    {
        IReadOnlyList<DirectTrack> tracks = Space.Scenario.Channels.Tracks;
        if (tracks.Count == 0 || Protocol is not SingleText { Text: { } text })
        {
            return;
        }

        trackAgreed ??= new bool[tracks.Count];
        for (int i = 0; i < tracks.Count; i++)
        {
            DirectTrack track = tracks[i];
            int ka = PartyIndex(track.Parties.A), kb = PartyIndex(track.Parties.B);
            if (trackAgreed[i] || ka < 0 || kb < 0 || !present[ka] || !present[kb] || (track.OpensWith is string opener && !fired.Exists(f => f.Id == opener)))
            {
                // a track runs between two parties at the table, once the event that opens it (if any) has fired
                continue;
            }

            int[] ds = [.. track.Issues.Select(Space.IndexOfIssue).Where(d => d >= 0)];
            (int kp, int kr) = Time % 2 == 0 ? (ka, kb) : (kb, ka);
            int[] offer = [.. text];
            int[] mine = TrackProposal(kp, kr, ds, text);
            for (int j = 0; j < ds.Length; j++)
            {
                offer[ds[j]] = mine[j];
            }

            string on = "track " + track.Id;
            Post(new Message(Time, PartyIds[kp], PartyIds[kr], MessageKind.TrackOffer, offer, on));

            // AC_next on the track's issues: the offer gives the responder there at least what its own next proposal would
            int[] own = TrackProposal(kr, kp, ds, text);
            int r = Parties[kr];
            double offered = 0, kept = 0;
            bool within = true;
            for (int j = 0; j < ds.Length; j++)
            {
                offered += Space.Value[r][ds[j]][offer[ds[j]]];
                kept += Space.Value[r][ds[j]][own[j]];
                within &= Space.Allowed[r][ds[j]][offer[ds[j]]];
            }

            within &= Space.Keeps(r, offer);
            bool accepts = within && offered >= kept - 1e-12;
            Post(new Message(Time, PartyIds[kr], PartyIds[kp], accepts ? MessageKind.Accept : MessageKind.Reject, offer, on));
            if (!accepts)
            {
                continue;
            }

            trackAgreed[i] = true;
            foreach (int d in ds)
            {
                Settle(d, offer[d]);
            }

            string terms = string.Join(", ", ds.Select(d => $"{Space.Issues[d].Id} {Space.Describe(d, offer[d])}"));
            fired.Add(new FiredEvent(Time, EngineEvents.TrackAgreed(track.Id), $"Direct track {track.Id} agrees", "settles " + terms));
            transcript.Add(new Message(Time, EngineEvents.TrackAgreed(track.Id), string.Empty, MessageKind.Event, null));
        }
    }

    /// <summary>The most level combinations of a direct track's issues a proposal looks through (beyond it, the first issues' only).</summary>
    private const int MaxTrackCombinations = 4096;

    /// <summary>
    /// What party k proposes on a direct track's issues to party o, as levels of <paramref name="ds"/>: it concedes there as
    /// far as it concedes on the whole package now (its strategy's current proposal is worth a share τ of the way from its
    /// floor to its best candidate), so a party that holds out at the main table holds out on the track too, and no level
    /// it gave up only as part of a trade is lifted out of that trade. Among the combinations within its red lines worth to
    /// it at least τ of the way from the worst to the best of them (on the track's issues), it offers the one the other
    /// values most by its public numbers (ties: the better for itself, then the first). A combination that would break its
    /// linkage with the rest of the text on the table is not among them.
    /// </summary>
    private int[] TrackProposal(int k, int o, int[] ds, int[] text)
    {
        int p = Parties[k], other = Parties[o];
        NegotiatorView view = views[k];
        int[] best = view.BestCandidate();
        double floor = FloorNow(p), top = Space.Utility(p, best), now = Space.Utility(p, strategies[k].Propose(view));
        double tau = top - floor > 1e-12 ? Math.Clamp((now - floor) / (top - floor), 0, 1) : 0;

        // the combinations of the track's levels within the proposer's red lines, and its linkage with the text on the table
        var combos = new List<int[]>();
        var at = new int[ds.Length];
        int[] package = [.. text];
        while (combos.Count < MaxTrackCombinations)
        {
            bool within = true;
            for (int j = 0; j < ds.Length; j++)
            {
                within &= Space.Allowed[p][ds[j]][at[j]];
                package[ds[j]] = at[j];
            }

            within &= Space.Keeps(p, package);

            if (within)
            {
                combos.Add([.. at]);
            }

            int i = ds.Length - 1;
            while (i >= 0 && ++at[i] == Space.Levels[ds[i]].Length)
            {
                at[i--] = 0;
            }

            if (i < 0)
            {
                break;
            }
        }

        if (combos.Count == 0)
        {
            return [.. ds.Select(d => best[d])];
        }

        double Sum(double[][] table, int[] c)
        {
            double u = 0;
            for (int j = 0; j < ds.Length; j++)
            {
                u += table[ds[j]][c[j]];
            }

            return u;
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (int[] c in combos)
        {
            double m = Sum(Space.Value[p], c);
            (lo, hi) = (Math.Min(lo, m), Math.Max(hi, m));
        }

        double target = lo + (tau * (hi - lo));
        int[] pick = combos[0];
        double pickTheirs = double.NegativeInfinity, pickMine = double.NegativeInfinity;
        foreach (int[] c in combos)
        {
            double m = Sum(Space.Value[p], c), t = Sum(publicValue[other], c);
            if (m >= target - 1e-12 && (t > pickTheirs + 1e-12 || (Math.Abs(t - pickTheirs) <= 1e-12 && m > pickMine + 1e-12)))
            {
                (pick, pickTheirs, pickMine) = (c, t, m);
            }
        }

        return pick;
    }

    /// <summary>Settles issue d at a level for the rest of the talks: the space, the candidates and every party's view keep it.</summary>
    private void Settle(int d, int level)
    {
        Space = Space.WithSettled(d, level);
        Candidates = SettledCandidates(Candidates);
        foreach (NegotiatorView v in views)
        {
            v.Forget();
        }

        // every party's best package has changed: each takes its horizon again from here, with the rule events use
        RetakeHorizons(_ => true);
    }

    /// <summary>The candidate packages with every issue settled during the talks at its level (duplicates dropped).</summary>
    private List<int[]> SettledCandidates(IEnumerable<int[]> candidates)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<int[]>();
        foreach (int[] c in candidates)
        {
            int[] moved = [.. c];
            foreach ((int issue, int at) in Space.SettledLevels)
            {
                moved[issue] = at;
            }

            if (seen.Add(string.Join(',', moved)))
            {
                kept.Add(moved);
            }
        }

        return kept;
    }

    /// <summary>The spokes the mediator has pressed so far (<see cref="Press"/>).</summary>
    private readonly HashSet<int> pressed = [];

    /// <summary>
    /// The mediator presses a spoke that holds out (<see cref="MediatorPressure"/>), once: from this step on the spoke's cost
    /// of war rises by the lever's amount and the mediator's by its cost, through the same rule as an event's (each party
    /// whose cost changed takes its horizon again). The transcript records it. False when the spoke cannot be pressed
    /// (not named by the lever, or already pressed).
    /// </summary>
    /// <param name="spoke">The spoke's actor index.</param>
    internal bool Press(int spoke)
    {
        if (Space.Scenario.Channels.Pressure is not { } lever || mediator < 0 || !lever.On.Contains(Space.Actors[spoke].Id) || !pressed.Add(spoke))
        {
            return false;
        }

        string med = PartyIds[mediator];
        Apply(
        [
            new VariantChange(EventPaths.CostsPrefix + Space.Actors[spoke].Id, VariantOperation.Shift, lever.Amount),
            new VariantChange(EventPaths.CostsPrefix + med, VariantOperation.Shift, lever.Cost),
        ]);
        transcript.Add(new Message(Time, med, Space.Actors[spoke].Id, MessageKind.Pressure, null, null, lever.Amount.Value));
        return true;
    }

    /// <summary>
    /// A summit has failed (<see cref="Sequenced"/>): with the scenario's <see cref="Channels.SummitFailure"/>, every party at
    /// the table bears that much more cost of war per step from now on, through the rule events use; the transcript records
    /// it as an event from the mediator.
    /// </summary>
    internal void SummitFails()
    {
        if (Space.Scenario.Channels.SummitFailure is not { } cost)
        {
            return;
        }

        string effects = Apply([.. PartyIds.Select(id => new VariantChange(EventPaths.CostsPrefix + id, VariantOperation.Shift, cost))]);
        fired.Add(new FiredEvent(Time, EngineEvents.SummitFailed, "The summit fails", effects.Length == 0 ? "no effect on this run's war" : effects));
        transcript.Add(new Message(Time, EngineEvents.SummitFailed, string.Empty, MessageKind.Event, null));
    }

    /// <summary>
    /// Each party whose situation changed takes its horizon again from here, with the same rule (ConcessionHorizon: the step by
    /// which waiting has cost it the whole surplus it bargains for): what waiting has cost so far stays spent, the rest of the
    /// surplus (over its alternative now) goes at its delay cost now. A party left as it was keeps its horizon; one whose
    /// surplus is already spent has reached it.
    /// </summary>
    private void RetakeHorizons(Func<int, bool> changed)
    {
        reservationMemo = null;
        for (int k = 0; k < Parties.Length; k++)
        {
            int a = Parties[k];
            if (!changed(a))
            {
                continue;
            }

            spentWaiting[a] += (Time - spentSince[a]) * delayCosts[a];
            spentSince[a] = Time;
            delayCosts[a] = DelayCost(a, views[k]);
            double best = views[k].MyUtility(views[k].BestCandidate());
            double left = best - ReservationNow(a) - spentWaiting[a];
            horizons[a] = left <= 0 ? Math.Max(1, Math.Min(horizons[a], Time))
                : Math.Min(Settings.Deadline, Time + ConcessionHorizon.Of(best, ReservationNow(a) + spentWaiting[a], delayCosts[a], Math.Max(0, Settings.Deadline - Time)));
        }
    }

    // the stance changes so far (path, operation, amount), in order: the key of the public estimates after them
    private string stanceHistory = string.Empty;

    /// <summary>
    /// An event moves a party's stance from this step (its position, salience or a red line on an issue, set or shifted):
    /// the scenario's stance changes, and so do this run's draw of it (a shift moves the drawn number by the amount, a set
    /// puts it at the value), the mediator's belief (events are public), the public estimates everyone reads and the
    /// candidate packages they span. A position or salience stays within its scale; a red line set where the stance has
    /// none is drawn. Returns what changed in words, or null when the stance does not exist.
    /// </summary>
    private string? ChangeStance(VariantChange c, string actorId, string issueId, StanceField field)
    {
        Scenario scenario = Space.Scenario;
        int a = Space.IndexOf(actorId), d = Space.IndexOfIssue(issueId);
        if (a < 0 || d < 0 || Space.StanceOf(a, d) is not Stance st)
        {
            return null;
        }

        Issue issue = Space.Issues[d];
        Quantity amount = c.Amount!;
        bool set = c.Operation == VariantOperation.Set;
        double Moved(double from, double lo, double hi) => Math.Clamp(set ? amount.Value : from + amount.Value, lo, hi);
        Quantity MovedQ(Quantity? q, double lo, double hi) => set || q is null
            ? amount with { Value = Math.Clamp(amount.Value, lo, hi), Visibility = q?.Visibility ?? amount.Visibility }
            : q with { Value = Moved(q.Value, lo, hi), Range = q.Range is Interval r ? new Interval(Moved(r.Low, lo, hi), Moved(r.High, lo, hi)) : null };
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        (Stance changed, string words) = field switch
        {
            StanceField.Position => (st with { Position = MovedQ(st.Position, issue.Min, issue.Max) }, "position"),
            StanceField.Salience => (st with { Salience = MovedQ(st.Salience, 0, 1) }, "salience"),
            _ => (st with
            {
                RedLine = new RedLine
                {
                    Bound = field == StanceField.AtLeast ? RedLineBound.AtLeast : RedLineBound.AtMost,
                    Limit = MovedQ(st.RedLine?.Bound == (field == StanceField.AtLeast ? RedLineBound.AtLeast : RedLineBound.AtMost) ? st.RedLine.Limit : null, issue.Min, issue.Max),
                },
            }, field == StanceField.AtLeast ? "red line (at least)" : "red line (at most)"),
        };
        Actor actor = scenario.Actors[a] with { Stances = [.. scenario.Actors[a].Stances.Select(x => x.IssueId == issueId ? changed : x)] };
        Scenario next = scenario with { Actors = [.. scenario.Actors.Select((x, i) => i == a ? actor : x)] };

        // this run's draw and the mediator's belief move the same way
        (double, double) Drawn(DealSpace space) => field switch
        {
            StanceField.Position => (Moved(space.Positions[a][d], issue.Min, issue.Max), space.SalienceOf(a, d)),
            StanceField.Salience => (space.Positions[a][d], Moved(space.SalienceOf(a, d), 0, 1)),
            _ => (space.Positions[a][d], space.SalienceOf(a, d)),
        };
        (double pos, double sal) = Drawn(Space);
        (double bpos, double bsal) = Drawn(beliefSpace);
        Scenario start = startScenario ??= scenario;
        Space = Space.WithStance(next, a, d, pos, sal);
        beliefSpace = beliefSpace.WithStance(next, a, d, bpos, bsal);
        stanceHistory += (stanceHistory.Length == 0 ? "" : ",") + string.Create(inv, $"{c.Path}:{c.Operation}:{amount.Value:R}");
        (publicValue, CandidateSet found) = PublicEstimates.For(Space, Parties, start, stanceHistory);
        Candidates = Space.SettledLevels.Count == 0 ? [.. found.Points.Select(p => p.Levels)] : SettledCandidates(found.Points.Select(p => p.Levels));
        CandidateEpsilon = found.Epsilon;
        foreach (NegotiatorView v in views)
        {
            v.Forget();
        }

        string Show(Quantity? q) => q is null ? "none" : string.Create(inv, $"{q.Value:0.##}");
        (Quantity? before, Quantity? after) = field switch
        {
            StanceField.Position => (st.Position, changed.Position),
            StanceField.Salience => (st.Salience, changed.Salience),
            _ => (st.RedLine?.Limit, changed.RedLine?.Limit),
        };
        return $"{words} of {actorId} on {issueId} {Show(before)} → {Show(after)}";
    }

    // the scenario the run started from, once an event has changed a stance (the public estimates after it are kept under it)
    private Scenario? startScenario;

    /// <summary>
    /// Changes to the war beside the talks take effect from this step (costs of war, the war's trend, volatility or chance
    /// of prevailing), and the delay cost and horizon of every party whose situation they changed are taken again from here
    /// (a party left as it was, with the war as it was, keeps them). Returns what changed, in words ("" when nothing did).
    /// </summary>
    private string Apply(IReadOnlyList<VariantChange> changes)
    {
        var effects = new List<string>();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        int now = Math.Min(Time, Math.Max(0, warPath.Length - 1));

        // what each party's situation is read from, before the event: its cost of war, the war's path and trend
        double[] costsBefore = (double[])costShift.Clone();
        double[] pathBefore = (double[])warPath.Clone();
        double trendBefore = trendNow;
        bool stanceChanged = false;
        foreach (VariantChange c in changes)
        {
            double amount = c.Amount!.Value;
            if (c.Path.StartsWith(EventPaths.CostsPrefix, StringComparison.Ordinal))
            {
                int a = Space.IndexOf(c.Path[EventPaths.CostsPrefix.Length..]);
                if (a < 0)
                {
                    continue;
                }

                double before = Space.WarCost[a] + costShift[a];
                double after = Math.Max(0, c.Operation == VariantOperation.Set ? amount : before + amount);
                costShift[a] = after - Space.WarCost[a];
                costChanges.Add((Time, a, costShift[a]));
                effects.Add(string.Create(inv, $"cost of war of {Space.Actors[a].Id} {before:0.####} → {after:0.####} per step"));
            }
            else if (c.Path == EventPaths.Trend && normals is not null)
            {
                double before = trendNow;
                trendNow = c.Operation == VariantOperation.Set ? amount : trendNow + amount;
                trendChanges.Add((Time, -1, trendNow));
                WarPath.Walk(warPath, now, trendNow, volatilityNow, normals);
                effects.Add(string.Create(inv, $"trend of p_prevail {before:0.####} → {trendNow:0.####} per step"));
            }
            else if (c.Path == EventPaths.Volatility && normals is not null)
            {
                double before = volatilityNow;
                volatilityNow = Math.Max(0, c.Operation == VariantOperation.Set ? amount : volatilityNow + amount);
                WarPath.Walk(warPath, now, trendNow, volatilityNow, normals);
                effects.Add(string.Create(inv, $"volatility of p_prevail {before:0.####} → {volatilityNow:0.####} per step"));
            }
            else if (EventPaths.TryStance(c.Path, out string actorId, out string issueId, out StanceField field))
            {
                if (ChangeStance(c, actorId, issueId, field) is string said)
                {
                    effects.Add(said);
                    stanceChanged = true;
                }
            }
            else if (c.Path == EventPaths.PrevailProbability && warPath.Length > 0)
            {
                double before = warPath[now];
                double target = Math.Clamp(c.Operation == VariantOperation.Set ? amount : before + amount, 0.01, 0.99);
                if (normals is not null && Space.Scenario.Dynamics?.Attrition is null)
                {
                    warPath[now] = target;
                    WarPath.Walk(warPath, now, trendNow, volatilityNow, normals);
                }
                else
                {
                    // attrition: the whole remaining path moves by the jump
                    for (int t = now; t < warPath.Length; t++)
                    {
                        warPath[t] = Math.Clamp(warPath[t] + (target - before), 0.01, 0.99);
                    }
                }

                effects.Add(string.Create(inv, $"p_prevail {before:0.###} → {target:0.###}"));
            }
        }

        // each party whose situation changed takes its horizon again from here (RetakeHorizons)
        bool warChanged = stanceChanged || trendNow != trendBefore || !warPath.AsSpan().SequenceEqual(pathBefore);
        RetakeHorizons(a => warChanged || costShift[a] != costsBefore[a]);
        return string.Join("; ", effects);
    }
}
