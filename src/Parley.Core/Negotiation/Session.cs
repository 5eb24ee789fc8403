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
/// A step-based negotiation under the multilateral stacked alternating-offers protocol: at each time
/// step the next party in turn offers a package to all others, who answer in order; the offer is agreed
/// when every party accepts. Each party acts only through its <see cref="NegotiatorView"/>; reservation
/// values move with the war (the scenario's dynamics, one random path per run); utilities are
/// discounted by each party's patience. Any number of parties: the candidate packages are the Pareto frontier of
/// their publicly estimated utilities, exact up to <see cref="MaxCandidates"/> points, else an ε-Pareto set
/// (<see cref="ParetoFrontier.Candidates"/>).
/// </summary>
public sealed class Session
{
    private readonly IReadOnlyList<IStrategy> strategies;
    private readonly NegotiatorView[] views;
    private readonly double[][][] publicValue;
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
        this.strategies = strategies ?? throw new ArgumentNullException(nameof(strategies));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        if (parties.Count < 2 || strategies.Count != parties.Count)
        {
            throw new ArgumentException("a session needs two or more parties and one strategy each");
        }

        Parties = [.. parties];
        PartyIds = [.. parties.Select(p => space.Actors[p].Id)];
        Discount = [.. space.Actors.Select(a => a.Patience?.Value ?? 1.0)];
        (publicValue, CandidateSet found) = PublicView(space, Parties);
        Candidates = [.. found.Points.Select(p => p.Levels)];
        CandidateEpsilon = found.Epsilon;
        var rng = new RandomSource(settings.Seed);
        warPath = WarPath.Simulate(space.Scenario.Dynamics, settings.Deadline + 1, rng);
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
    }

    private readonly double[][] credibility;
    private readonly Dictionary<int, double> transfers = [];

    /// <summary>Step of a side-deal transfer, in utility units.</summary>
    public const double SideDealStep = 0.05;
    private readonly int mediator;
    private readonly DealSpace beliefSpace;
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

    /// <summary>The deal space.</summary>
    public DealSpace Space { get; }

    /// <summary>Settings.</summary>
    public SessionSettings Settings { get; }

    /// <summary>Actor indices at the table.</summary>
    public int[] Parties { get; }

    /// <summary>Actor ids at the table.</summary>
    public IReadOnlyList<string> PartyIds { get; }

    /// <summary>Current time step.</summary>
    public int Time { get; private set; }

    /// <summary>Patience (discount factor per time step) per actor of the scenario.</summary>
    internal double[] Discount { get; }

    /// <summary>Candidate packages (public Pareto frontier).</summary>
    internal IReadOnlyList<int[]> Candidates { get; }

    /// <summary>
    /// The largest exact public frontier a session of three or more parties uses (two parties: 50,000); beyond it, an
    /// ε-Pareto set of at most <see cref="MaxApproximateCandidates"/> packages (<see cref="ParetoFrontier.Candidates"/>).
    /// </summary>
    public const int MaxCandidates = 4000;

    /// <summary>The most packages of the ε-Pareto set used when the exact frontier is too large.</summary>
    public const int MaxApproximateCandidates = 1500;

    /// <summary>0 when the candidates are the exact public Pareto frontier; else the ε of the ε-Pareto set used instead.</summary>
    public double CandidateEpsilon { get; }

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
            reservationMemo[actor] = (at + 1, Space.ReservationAt(actor, warPath[at]));
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

                double trend = Space.Scenario.Dynamics!.Trend.Value;
                double r = Space.ReservationAt(a, warPath[t]);
                double expected = Space.ReservationAt(a, Math.Clamp(warPath[t] + trend, 0.01, 0.99));
                if (r < u && expected < r - 1e-12)
                {
                    result[k] = t;
                    break;
                }
            }
        }

        return result;
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

    /// <summary>Protocols by name.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["alternating-offers", "single-text", "hub-and-spoke", "sequenced", "sequenced-summit-first"];

    /// <summary>
    /// Runs the named protocol: <c>alternating-offers</c>; <c>single-text</c> (the mediator proposes one
    /// text to everyone, parties accept or reject naming the issue that blocks them, everyone hears every
    /// answer, the mediator amends); <c>hub-and-spoke</c> (the same over private channels: each answer
    /// reaches only the mediator); <c>sequenced</c> (hub and spoke in two phases: a working-level track on
    /// every issue but the two most disputed first, then a summit on those two) and
    /// <c>sequenced-summit-first</c> (the summit first, then the track). In each phase the mediator amends
    /// only that phase's issues and the parties name blocking issues among them; the working-level track
    /// involves only the parties that put at least a fifth of their weight on its issues.
    /// </summary>
    /// <param name="protocol">Protocol name.</param>
    public SessionResult Run(string protocol) => protocol switch
    {
        "alternating-offers" => Run(),
        "single-text" => RunSingleText(privateChannels: false),
        "hub-and-spoke" => RunSingleText(privateChannels: true),
        "sequenced" => RunSingleText(privateChannels: true, Sequence(summitFirst: false)),
        "sequenced-summit-first" => RunSingleText(privateChannels: true, Sequence(summitFirst: true)),
        _ => throw new ArgumentException($"unknown protocol '{protocol}'; known: {string.Join(", ", Protocols)}", nameof(protocol)),
    };

    /// <summary>Runs the alternating-offers protocol to agreement, walk-away or the deadline.</summary>
    public SessionResult Run()
    {
        int n = Parties.Length;
        for (Time = 0; Time <= Settings.Deadline; Time++)
        {
            int proposer = Time % n;
            int[] offer = strategies[proposer].Propose(views[proposer]);
            for (int k = 0; k < n; k++)
            {
                if (k != proposer)
                {
                    Send(new Message(Time, PartyIds[proposer], PartyIds[k], MessageKind.Offer, offer));
                }
            }

            bool agreed = true;
            for (int step = 1; step < n; step++)
            {
                int k = (proposer + step) % n;
                Response answer = strategies[k].Respond(views[k], offer);
                MessageKind kind = answer switch { Response.Accept => MessageKind.Accept, Response.WalkAway => MessageKind.WalkAway, _ => MessageKind.Reject };
                Send(new Message(Time, PartyIds[k], PartyIds[proposer], kind, offer));
                if (answer == Response.WalkAway)
                {
                    return Finish(null, "walk-away");
                }

                if (answer != Response.Accept)
                {
                    agreed = false;
                    break;
                }
            }

            if (agreed)
            {
                return Finish(offer, "agreement");
            }
        }

        Time = Settings.Deadline;
        return Finish(null, "deadline");
    }

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

    /// <summary>Which issues the mediator may amend at each time step of a sequenced process.</summary>
    private Func<int, bool[]> Sequence(bool summitFirst)
    {
        int nd = Space.Issues.Count;
        int[] summit = SummitIssues();
        var summitMask = new bool[nd];
        foreach (int d in summit)
        {
            summitMask[d] = true;
        }

        bool[] trackMask = [.. summitMask.Select(x => !x)];
        summitMaskCache = summitMask;
        int half = Settings.Deadline / 2;
        return t => (t <= half) == summitFirst ? summitMask : trackMask;
    }

    /// <summary>
    /// Whether party k takes part in a phase on these issues: it puts at least a fifth of its (public)
    /// weight on them. Everyone takes part in a summit.
    /// </summary>
    private bool AtTheTrack(int k, bool[] open)
    {
        double share = 0, total = 0;
        int a = Parties[k];
        for (int d = 0; d < open.Length; d++)
        {
            total += Space.Weights[a][d];
            share += open[d] ? Space.Weights[a][d] : 0;
        }

        bool summit = open.SequenceEqual(summitMaskCache ?? []);
        return summit || total <= 0 || share / total >= 0.2;
    }

    private bool[]? summitMaskCache;

    private SessionResult RunSingleText(bool privateChannels, Func<int, bool[]>? editable = null)
    {
        if (mediator < 0)
        {
            throw new InvalidOperationException("a mediated protocol needs the scenario's mediator (channels.mediator) at the table");
        }

        int n = Parties.Length;
        NegotiatorView mv = views[mediator];
        int[] text = MediatorText.Initial(mv);
        for (Time = 0; Time <= Settings.Deadline; Time++)
        {
            var blocks = new List<(string Party, string? Issue)>();
            bool everyoneAsked = true;
            for (int k = 0; k < n; k++)
            {
                if (k == mediator)
                {
                    continue;
                }

                if (editable is not null && !AtTheTrack(k, editable(Time)))
                {
                    // a working-level track only involves the parties with a stake in its issues; the others
                    // are not consulted, so nothing can be concluded until the phase that includes them
                    everyoneAsked = false;
                    continue;
                }

                Send(new Message(Time, PartyIds[mediator], PartyIds[k], MessageKind.Offer, text));
                Response answer = strategies[k].Respond(views[k], text);
                string? issue = answer == Response.Accept ? null : MediatorText.BlockingIssue(views[k], text, editable?.Invoke(Time));
                var reply = new Message(Time, PartyIds[k], PartyIds[mediator], answer == Response.Accept ? MessageKind.Accept : MessageKind.Reject, text, issue);
                Send(reply);
                if (!privateChannels)
                {
                    // in an open single-text process every party hears every answer
                    for (int o = 0; o < n; o++)
                    {
                        if (o != k && o != mediator)
                        {
                            Send(reply with { To = PartyIds[o] });
                        }
                    }
                }

                if (answer == Response.WalkAway)
                {
                    return Finish(null, "walk-away");
                }

                if (answer != Response.Accept)
                {
                    blocks.Add((PartyIds[k], issue));
                }
            }

            bool mediatorAccepts = strategies[mediator].Respond(mv, text) == Response.Accept;
            if (blocks.Count == 0 && mediatorAccepts && everyoneAsked)
            {
                return Finish(text, "agreement");
            }

            // hub and spoke: when one spoke alone holds out late in the talks, the mediator sweetens the text
            // for it privately (a side deal, paid out of the mediator's own surplus over no deal)
            if (privateChannels && blocks.Count == 1 && Time * 2 >= Settings.Deadline)
            {
                int spoke = Parties[Array.IndexOf([.. PartyIds], blocks[0].Party)];
                double surplus = mv.MyUtility(text) - mv.MyReservation;
                if (surplus > SideDealStep)
                {
                    transfers[spoke] = transfers.GetValueOrDefault(spoke) + SideDealStep;
                    transfers[Parties[mediator]] = transfers.GetValueOrDefault(Parties[mediator]) - SideDealStep;
                    Send(new Message(Time, PartyIds[mediator], blocks[0].Party, MessageKind.SideDeal, text, null, transfers[spoke]));
                    continue;
                }
            }

            text = MediatorText.Amend(mv, text, blocks);
        }

        Time = Settings.Deadline;
        return Finish(null, "deadline");
    }

    private void Send(Message m)
    {
        transcript.Add(m);
        int k = Array.IndexOf([.. PartyIds], m.To);
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

        return new SessionResult(agreement, Time, PartyIds, u, disc, r, transcript, endedBy) { CandidateEpsilon = CandidateEpsilon };
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Scenario, System.Collections.Concurrent.ConcurrentDictionary<string, (double[][][] Tables, CandidateSet Candidates)>> PublicCache = [];

    /// <summary>
    /// Everyone's publicly estimated utility tables and the public Pareto frontier of the table: both depend only on the
    /// scenario's stated (public) numbers, the grid and the parties, not on a run's draws, so they are computed once per
    /// scenario and reused across runs (the tables are read-only once built).
    /// </summary>
    private static (double[][][] Tables, CandidateSet Candidates) PublicView(DealSpace space, int[] parties)
    {
        var perScenario = PublicCache.GetValue(space.Scenario, _ => new());
        string key = string.Join(',', parties) + "|" + space.Settings + "|" + string.Join(';', space.Levels.Select(l => string.Join(',', l)));
        return perScenario.GetOrAdd(key, _ =>
        {
            double[][][] tables = PublicTables(space);
            int[][] all = [.. space.Levels.Select(l => Enumerable.Range(0, l.Length).ToArray())];
            return (tables, ParetoFrontier.Candidates(tables, parties, all, parties.Length == 2 ? 50_000 : MaxCandidates, MaxApproximateCandidates));
        });
    }

    /// <summary>
    /// Everyone's utility tables as estimated from public numbers: a private position counts as the
    /// scale's midpoint and a private salience as 0.5, so nothing private leaks into what others see.
    /// </summary>
    private static double[][][] PublicTables(DealSpace space)
    {
        var result = new double[space.Actors.Count][][];
        for (int a = 0; a < result.Length; a++)
        {
            Actor actor = space.Actors[a];
            var sal = new double[space.Issues.Count];
            var pos = new double[space.Issues.Count];
            double total = 0;
            for (int d = 0; d < sal.Length; d++)
            {
                Issue issue = space.Issues[d];
                Stance? st = actor.StanceOn(issue.Id);
                if (st is null)
                {
                    continue;
                }

                pos[d] = st.Position.Visibility == Visibility.Public ? st.Position.Value : issue.Min + (issue.Span / 2);
                sal[d] = st.Salience.Visibility == Visibility.Public ? st.Salience.Value : 0.5;
                total += sal[d];
            }

            result[a] = new double[sal.Length][];
            for (int d = 0; d < sal.Length; d++)
            {
                Issue issue = space.Issues[d];
                Stance? st = actor.StanceOn(issue.Id);
                double w = space.Settings.RawWeights ? sal[d] : total > 0 ? sal[d] / total : 0;
                result[a][d] = new double[space.Levels[d].Length];
                for (int l = 0; l < result[a][d].Length; l++)
                {
                    result[a][d][l] = st is null ? 0 : w * DealSpace.LevelValue(issue, st with { OptionValues = st.Position.Visibility == Visibility.Public ? st.OptionValues : null }, pos[d], space.Levels[d][l], space.Settings.Shape);
                }
            }
        }

        return result;
    }
}
