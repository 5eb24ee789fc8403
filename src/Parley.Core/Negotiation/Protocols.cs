namespace Parley.Core.Negotiation;

/// <summary>
/// A negotiation protocol: who speaks to whom, in what order, and when the talks end. A session calls
/// <see cref="Begin"/> once, then <see cref="Play"/> once per time step; the protocol acts only through the
/// session (its parties' strategies and views, its transcript), so a session can be stepped, inspected and
/// driven from outside between two steps.
/// </summary>
public interface IProtocol
{
    /// <summary>The protocol's name (<see cref="ProtocolRegistry.Names"/>).</summary>
    string Name { get; }

    /// <summary>Prepares the protocol's state for a session (before time 0).</summary>
    /// <param name="session">The session.</param>
    void Begin(Session session);

    /// <summary>Plays the session's current time step; the result when the talks end in it, else null.</summary>
    /// <param name="session">The session.</param>
    SessionResult? Play(Session session);
}

/// <summary>The protocols by name: the one place that knows them.</summary>
public static class ProtocolRegistry
{
    private static readonly Dictionary<string, Func<IProtocol>> Makers = new(StringComparer.Ordinal)
    {
        ["alternating-offers"] = () => new AlternatingOffers(),
        ["single-text"] = () => new SingleText(privateChannels: false),
        ["hub-and-spoke"] = () => new SingleText(privateChannels: true),
        ["sequenced"] = () => new Sequenced(summitFirst: false),
        ["sequenced-summit-first"] = () => new Sequenced(summitFirst: true),
    };

    /// <summary>Every protocol's name.</summary>
    public static IReadOnlyList<string> Names => Parley.Core.Domain.NegotiationCatalog.ProtocolNames;

    /// <summary>A new protocol of this name (each session needs its own: protocols keep state).</summary>
    /// <param name="name">Protocol name.</param>
    public static IProtocol Create(string name) =>
        name is not null && Makers.TryGetValue(name, out Func<IProtocol>? make)
            ? make()
            : throw new ArgumentException($"unknown protocol '{name}'; known: {string.Join(", ", Names)}", nameof(name));
}

/// <summary>
/// Multilateral stacked alternating offers ("direct talks"): at each time step the next party in turn offers a
/// package to all others, who answer in order; the offer is agreed when every party accepts, and a walk-away ends
/// the talks.
/// </summary>
public sealed class AlternatingOffers : IProtocol
{
    /// <inheritdoc/>
    public string Name => "alternating-offers";

    /// <inheritdoc/>
    public void Begin(Session session) => ArgumentNullException.ThrowIfNull(session);

    /// <inheritdoc/>
    public SessionResult? Play(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        int t = session.Time;

        // the parties sitting at the table now take turns (events seat and unseat parties)
        int[] seated = [.. Enumerable.Range(0, session.Parties.Length).Where(session.Present)];
        int n = seated.Length;
        if (n < 2)
        {
            return null;
        }

        int proposer = seated[t % n];
        int[] offer = session.StrategyAt(proposer).Propose(session.ViewOf(proposer));
        foreach (int k in seated)
        {
            if (k != proposer)
            {
                session.Post(new Message(t, session.PartyIds[proposer], session.PartyIds[k], MessageKind.Offer, offer));
            }
        }

        for (int step = 1; step < n; step++)
        {
            int k = seated[((t % n) + step) % n];
            Response answer = session.StrategyAt(k).Respond(session.ViewOf(k), offer);
            MessageKind kind = answer switch { Response.Accept => MessageKind.Accept, Response.WalkAway => MessageKind.WalkAway, _ => MessageKind.Reject };
            session.Post(new Message(t, session.PartyIds[k], session.PartyIds[proposer], kind, offer));
            if (answer == Response.WalkAway && session.WalksOut(k))
            {
                return session.End(null, "walk-away");
            }

            if (answer != Response.Accept)
            {
                return null;
            }
        }

        return session.End(offer, "agreement");
    }
}

/// <summary>
/// The single-negotiating-text procedure: the mediator drafts one text (the Nash package on its beliefs); every party
/// accepts or rejects it naming the issue that blocks it; the mediator amends each blocked issue. Open
/// (<c>single-text</c>: everyone hears every answer) or over private channels (<c>hub-and-spoke</c>: each answer reaches
/// only the mediator, and late in the talks a lone holdout may be offered a private side deal).
/// </summary>
/// <param name="privateChannels">True for hub and spoke.</param>
public class SingleText(bool privateChannels) : IProtocol
{
    /// <summary>The text on the table (null before the session begins).</summary>
    public int[]? Text { get; private set; }

    /// <inheritdoc/>
    public virtual string Name => privateChannels ? "hub-and-spoke" : "single-text";

    /// <inheritdoc/>
    public virtual void Begin(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.MediatorIndex < 0)
        {
            throw new InvalidOperationException("a mediated protocol needs the scenario's mediator (channels.mediator) at the table");
        }

        // a copy: the text is amended in place, and the first one is a candidate the public estimates keep for every session
        Text = [.. MediatorText.Initial(session.ViewOf(session.MediatorIndex))];
        held = new bool[session.Space.Issues.Count];
        lastBlocked = new bool[held.Length];
        tabled.Clear();
        tabled.Add(Key(Text));
    }

    private readonly HashSet<string> tabled = new(StringComparer.Ordinal);
    private bool[] held = [];

    /// <summary>The issues the mediator holds (settled after the parties pulled them back and forth), by index.</summary>
    public IReadOnlyList<bool> Held => held;

    private bool[] lastBlocked = [];

    /// <summary>The issues some party named as blocking the text in the last round, by index.</summary>
    protected IReadOnlyList<bool> LastBlocked => lastBlocked;

    /// <summary>True when some party consulted in the last round (or the mediator) did not accept its text.</summary>
    protected bool LastRoundBlocked { get; private set; }

    /// <summary>The time step from which the text stopped changing (null while it still moves).</summary>
    public int? SettledAt { get; private set; }

    /// <summary>The issues the mediator may amend at time t (null: all), and whether party k is consulted then.</summary>
    /// <param name="session">The session.</param>
    /// <param name="t">Time step.</param>
    protected virtual bool[]? Editable(Session session, int t) => null;

    /// <summary>Whether party k takes part at time t (everyone, unless a phase leaves it out).</summary>
    /// <param name="session">The session.</param>
    /// <param name="k">Index at the table.</param>
    /// <param name="t">Time step.</param>
    protected virtual bool Consulted(Session session, int k, int t) => true;

    /// <inheritdoc/>
    public SessionResult? Play(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        int[] text = Text ?? throw new InvalidOperationException("the protocol has not begun");
        IReadOnlyList<(int Issue, int Level)> paid = session.Settled;
        for (int i = 0; i < paid.Count; i++)
        {
            // an issue settled during the talks (a price paid, a direct track's agreement) is in the text, and held there
            (int d, int level) = paid[i];
            text[d] = level;
            held[d] = true;
        }

        int n = session.Parties.Length, t = session.Time, mediator = session.MediatorIndex;
        if (session.StrategyAt(mediator) is ExternalParty drafter)
        {
            // a person in the mediator's seat (an exercise) drafts the text itself: its standing offer, with what is held kept
            int[] draft = drafter.Offer;
            for (int d = 0; d < text.Length; d++)
            {
                if (!held[d])
                {
                    text[d] = draft[d];
                }
            }
        }

        NegotiatorView mv = session.ViewOf(mediator);
        string med = session.PartyIds[mediator];
        var blocks = new List<(string Party, string? Issue, bool RedLine)>();
        bool everyoneAsked = true;
        for (int k = 0; k < n; k++)
        {
            if (k == mediator || !session.Present(k))
            {
                // a party away from the table (an event has not seated it yet, or has unseated it) is not asked
                continue;
            }

            if (!Consulted(session, k, t))
            {
                // a working-level track only involves the parties with a stake in its issues; the others
                // are not consulted, so nothing can be concluded until the phase that includes them
                everyoneAsked = false;
                continue;
            }

            string party = session.PartyIds[k];
            session.Post(new Message(t, med, party, MessageKind.Offer, text));
            Response answer = session.StrategyAt(k).Respond(session.ViewOf(k), text);
            (string? issue, bool redLine) = answer == Response.Accept ? (null, false) : MediatorText.Blocking(session.ViewOf(k), text, Open(session, t));
            var reply = new Message(t, party, med, answer == Response.Accept ? MessageKind.Accept : MessageKind.Reject, text, issue) { RedLine = redLine };
            session.Post(reply);
            if (!privateChannels)
            {
                // in an open single-text process every party hears every answer
                for (int o = 0; o < n; o++)
                {
                    if (o != k && o != mediator && session.Present(o))
                    {
                        session.Post(reply with { To = session.PartyIds[o] });
                    }
                }
            }

            if (answer == Response.WalkAway && session.WalksOut(k))
            {
                return session.End(null, "walk-away");
            }

            if (answer != Response.Accept)
            {
                blocks.Add((party, issue, redLine));
            }
        }

        Array.Clear(lastBlocked);
        foreach ((_, string? issue, _) in blocks)
        {
            int d = issue is null ? -1 : session.Space.IndexOfIssue(issue);
            if (d >= 0)
            {
                lastBlocked[d] = true;
            }
        }

        bool mediatorAccepts = session.StrategyAt(mediator).Respond(mv, text) == Response.Accept;
        if (blocks.Count == 0 && mediatorAccepts && everyoneAsked)
        {
            return session.End(text, "agreement");
        }

        // hub and spoke, late in the talks: a spoke that holds out and that the mediator's lever reaches is pressed, once
        // (its cost of war rises from now on, and the mediator pays for it: MediatorPressure)
        if (privateChannels && t * 2 >= session.HorizonOf(mediator) && session.Space.Scenario.Channels.Pressure is not null)
        {
            foreach ((string party, _, _) in blocks)
            {
                session.Press(session.Space.IndexOf(party));
            }
        }

        // hub and spoke: when one spoke alone holds out late in the talks, the mediator sweetens the text
        // for it privately (a side deal, paid out of the mediator's own surplus over no deal)
        if (privateChannels && blocks.Count == 1 && t * 2 >= session.HorizonOf(mediator))
        {
            int spoke = session.Parties[Array.IndexOf([.. session.PartyIds], blocks[0].Party)];
            double surplus = mv.MyUtility(text) - mv.MyReservation;
            if (surplus > Session.SideDealStep)
            {
                session.Transfer(spoke, Session.SideDealStep);
                session.Transfer(session.Parties[mediator], -Session.SideDealStep);
                session.Post(new Message(t, med, blocks[0].Party, MessageKind.SideDeal, text, null, session.SideTransfer(spoke)));
                return null;
            }
        }

        int[] next = MediatorText.Amend(mv, text, blocks, held);
        if (!tabled.Add(Key(next)) && !next.AsSpan().SequenceEqual(text))
        {
            // the amendments returned to a text already tabled: the parties are pulling the same issues back and forth.
            // The mediator settles those issues where it believes the package best for everyone (its Nash product on
            // beliefs) and holds them, so that each round of amendments leaves fewer issues open: the text converges.
            (next, int[] settled) = MediatorText.Settle(mv, text, next);
            foreach (int d in settled)
            {
                held[d] = true;
            }

            tabled.Add(Key(next));
            string issues = string.Join(", ", settled.Select(d => session.Space.Issues[d].Id));
            for (int k = 0; k < n; k++)
            {
                if (k != mediator && session.Present(k))
                {
                    session.Post(new Message(t, med, session.PartyIds[k], MessageKind.Hold, next, issues));
                }
            }
        }

        bool unchanged = next.AsSpan().SequenceEqual(text);
        if (unchanged)
        {
            SettledAt ??= t;
        }
        else
        {
            SettledAt = null;
        }

        Text = next;
        LastRoundBlocked = blocks.Count > 0 || !mediatorAccepts;
        Amended(session, t, unchanged);
        return null;
    }

    /// <summary>Called after each round's amendment (or none); phases use it to move on once their issues have settled.</summary>
    /// <param name="session">The session.</param>
    /// <param name="t">Time step.</param>
    /// <param name="unchanged">True when the round left the text as it was.</param>
    protected virtual void Amended(Session session, int t, bool unchanged)
    {
    }

    /// <summary>The issues a party may name as blocking at time t: the phase's issues, less those the mediator holds.</summary>
    private bool[] Open(Session session, int t)
    {
        bool[]? editable = Editable(session, t);
        var open = new bool[held.Length];
        for (int d = 0; d < open.Length; d++)
        {
            open[d] = !held[d] && (editable is null || editable[d]);
        }

        return open;
    }

    private static string Key(int[] text) => string.Join(',', text);
}

/// <summary>
/// Hub and spoke in two phases: a working-level track on every issue but the two most disputed, then a summit on
/// those two (<c>sequenced</c>), or the summit first (<c>sequenced-summit-first</c>). In each phase the mediator
/// amends only that phase's issues and the parties name blocking issues among them; a first-phase track consults only the
/// parties that put at least a fifth of their weight on its issues; everyone takes part in the summit and in the last phase,
/// where the text is concluded; with two issues or fewer there is no track, only the summit. The first phase
/// ends once a round leaves its text unchanged (every party consulted accepts, or their pulls cancel out: the phase has done
/// what it can), and at the latest at half the deadline; the second runs to the end. A summit held first that ends with its
/// text refused has failed: with <c>channels: summit_failure:</c> every party at the table bears that much more cost of war
/// per step from then on (the war goes on harder, and the mediator's credibility is spent) — the cost of an unprepared
/// summit; after working-level tracks the summit is the last phase, and its failure is the end of the talks. After
/// working-level tracks the summit settles what they left in dispute: its two issues and any track issue still named as
/// blocking in the tracks' last round; what the tracks settled stays settled.
/// </summary>
/// <param name="summitFirst">True to hold the summit first.</param>
public sealed class Sequenced(bool summitFirst) : SingleText(privateChannels: true)
{
    private bool[] summit = [];
    private bool[] track = [];
    private int firstPhaseEnds = int.MaxValue;

    /// <inheritdoc/>
    public override string Name => summitFirst ? "sequenced-summit-first" : "sequenced";

    /// <summary>The last time step of the first phase (half the deadline unless its text settled earlier).</summary>
    public int FirstPhaseEnds => firstPhaseEnds;

    /// <inheritdoc/>
    public override void Begin(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        int nd = session.Space.Issues.Count;
        summit = new bool[nd];
        foreach (int d in session.SummitIssues())
        {
            summit[d] = true;
        }

        track = [.. summit.Select(x => !x)];
        firstPhaseEnds = session.Settings.Deadline / 2;
        base.Begin(session);
    }

    /// <summary>True while the summit's issues are open at time t.</summary>
    /// <param name="session">The session.</param>
    /// <param name="t">Time step.</param>
    public bool SummitAt(Session session, int t)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!track.Contains(true))
        {
            // two issues or fewer: there is no working-level track, only the summit
            return true;
        }

        return (t <= firstPhaseEnds) == summitFirst;
    }

    /// <summary>True once a summit held first has ended without its text accepted (see <see cref="Parley.Core.Domain.Channels.SummitFailure"/>).</summary>
    public bool SummitFailed { get; private set; }

    // the working-level issues the tracks left open (still named as blocking when they ended): the summit takes them up
    private bool[] leftOpen = [];

    /// <summary>The issues the summit works, by index: its own two (<see cref="Session.SummitIssues"/>), and after working-level tracks whatever they left open.</summary>
    public IReadOnlyList<bool> SummitAgenda => [.. summit.Select((x, d) => x || (leftOpen.Length > d && leftOpen[d]))];

    /// <inheritdoc/>
    protected override void Amended(Session session, int t, bool unchanged)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (unchanged && t < firstPhaseEnds)
        {
            firstPhaseEnds = t;
        }

        // preparation: working-level tracks settle what they can; the summit after them takes up the two disputed issues and
        // what the tracks left in dispute (a track issue still named as blocking in their last round); the rest stays as the
        // tracks settled it
        if (!summitFirst && t == firstPhaseEnds && track.Contains(true))
        {
            leftOpen = [.. track.Select((x, d) => x && LastBlocked[d] && !Held[d])];
        }

        // a summit held first that ends with its text still refused has failed: it costs every party at the table
        if (summitFirst && track.Contains(true) && t == firstPhaseEnds && LastRoundBlocked && !SummitFailed)
        {
            SummitFailed = true;
            session.SummitFails();
        }
    }

    /// <inheritdoc/>
    protected override bool[]? Editable(Session session, int t) => SummitAt(session, t) ? [.. SummitAgenda] : track;

    /// <inheritdoc/>
    protected override bool Consulted(Session session, int k, int t)
    {
        if (SummitAt(session, t) || summitFirst)
        {
            // everyone answers at the summit, and in the last phase, where the text is concluded
            return true;
        }

        double share = 0, total = 0;
        int a = session.Parties[k];
        for (int d = 0; d < track.Length; d++)
        {
            total += session.Space.Weights[a][d];
            share += track[d] ? session.Space.Weights[a][d] : 0;
        }

        return total <= 0 || share / total >= 0.2;
    }
}
