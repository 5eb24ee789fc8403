using System.Globalization;
using System.Text;
using Parley.Core.Bargaining;
using Parley.Core.Domain;

namespace Parley.Core.Negotiation;

/// <summary>
/// What one party may see (ARCHITECTURE.md, "View"): its own utilities, red lines, reservation value
/// and patience; the others' public numbers only; the candidate packages the session computed from
/// public numbers; and the messages addressed to it. Strategies get nothing else.
/// </summary>
public sealed class NegotiatorView
{
    private readonly Session session;
    private readonly int self;
    private readonly List<Message> inbox = [];
    private int[]? best;
    private double bestTransfer;

    internal NegotiatorView(Session session, int self)
    {
        this.session = session;
        this.self = self;
    }

    /// <summary>This party's actor id.</summary>
    public string Self => session.Space.Actors[self].Id;

    /// <summary>The parties at the table, in protocol order.</summary>
    public IReadOnlyList<string> Parties => session.PresentIds;

    /// <summary>Current time step.</summary>
    public int Time => session.Time;

    /// <summary>Last time step at which agreement is possible.</summary>
    public int Deadline => session.Settings.Deadline;

    /// <summary>
    /// This party's own horizon: the time step by which waiting would have cost it the whole surplus it bargains for
    /// (<see cref="ConcessionHorizon"/>), at most <see cref="Deadline"/>. Time-dependent strategies concede over it.
    /// </summary>
    public int Horizon => session.HorizonOfActor(self);

    /// <summary>
    /// What one more time step without agreement costs this party, in its utility units (0 when waiting costs nothing or
    /// gains): a step of the war's cost, the discount on its best package and the expected worsening of its alternative.
    /// </summary>
    public double MyDelayCost => session.DelayCostOfActor(self);

    /// <summary>The issues.</summary>
    public IReadOnlyList<Issue> Issues => session.Space.Issues;

    /// <summary>Candidate packages: the Pareto frontier of the parties' utilities as estimated from public numbers.</summary>
    public IReadOnlyList<int[]> Candidates => session.Candidates;

    /// <summary>Messages addressed to this party so far.</summary>
    public IReadOnlyList<Message> Inbox => inbox;

    /// <summary>This party's patience: its discount factor per time step (1 when none is stated).</summary>
    public double MyDiscount => session.Discount[self];

    /// <summary>
    /// This party's reservation value now (it moves with the war when the scenario has dynamics), or the reference point a
    /// concession before the talks gave it, when that is higher: what it accepts no less than.
    /// </summary>
    public double MyReservation => session.FloorNow(self);

    /// <summary>This party's utility of a package.</summary>
    /// <param name="package">Level index per issue.</param>
    public double MyUtility(ReadOnlySpan<int> package) => session.Space.Utility(self, package) + session.SideTransfer(self);

    /// <summary>How far this party trusts the others at the table to keep a deal (its lowest belief about their credibility).</summary>
    public double Trust => session.Trust(Array.IndexOf(session.Parties, self));

    /// <summary>
    /// What a package is worth to this party once the others' promises are discounted by its trust in them:
    /// with probability <see cref="Trust"/> the deal holds, otherwise it is back to its no-deal value,
    /// r + trust × (u − r).
    /// </summary>
    /// <param name="package">Level index per issue.</param>
    public double MyExpectedValue(ReadOnlySpan<int> package) => MyReservation + (Trust * (MyUtility(package) - MyReservation));

    /// <summary>True when the package is within this party's red lines.</summary>
    /// <param name="package">Level index per issue.</param>
    public bool WithinMyRedLines(ReadOnlySpan<int> package) => session.Space.Accepts(self, package);

    /// <summary>Another party's utility estimated from its public numbers (NaN when they are private).</summary>
    /// <param name="actor">Actor id.</param>
    /// <param name="package">Level index per issue.</param>
    public double EstimatedUtility(string actor, ReadOnlySpan<int> package) => session.PublicUtility(actor, package);

    /// <summary>Another party's patience per time step when it is public, else null.</summary>
    /// <param name="actor">Actor id.</param>
    public double? PublicPatience(string actor)
    {
        Quantity? q = session.Space.Actors[session.Space.IndexOf(actor)].Patience;
        return q is { Visibility: Visibility.Public } ? session.PerStep(q.Value) : null;
    }

    /// <summary>The mediator, when the session has one.</summary>
    public string? Mediator => session.MediatorId;

    /// <summary>
    /// The mediator's belief about another party's reservation value (the truth blurred by the scenario's
    /// uncertainty, drawn per run); NaN for anyone but the mediator asking about someone else.
    /// </summary>
    /// <param name="actor">Actor id.</param>
    public double BelievedReservation(string actor) => session.Belief(self, actor, null);

    /// <summary>The mediator's belief that a package is within another party's red lines (always false for non-mediators).</summary>
    /// <param name="actor">Actor id.</param>
    /// <param name="package">Level index per issue.</param>
    public bool BelievedAcceptable(string actor, int[] package) => !double.IsNaN(session.Belief(self, actor, package));

    /// <summary>The level of issue d nearest to another party's public position (its own position for itself).</summary>
    /// <param name="actor">Actor id.</param>
    /// <param name="d">Issue index.</param>
    public double PublicPosition(string actor, int d) => session.PublicPosition(actor, d);

    /// <summary>Number of levels of issue d.</summary>
    /// <param name="d">Issue index.</param>
    public int LevelCount(int d) => session.Space.Levels[d].Length;

    /// <summary>The value of level l of issue d.</summary>
    /// <param name="d">Issue index.</param>
    /// <param name="l">Level index.</param>
    public double LevelValue(int d, int l) => session.Space.Levels[d][l];

    /// <summary>
    /// The candidate within this party's red lines that it values most (first on ties; the first candidate
    /// when none is within them). Candidates, red lines and utilities change only when an event moves a stance or seats
    /// a party, or an issue is settled during the talks, so the answer is kept until then or until this party's side
    /// transfer changes.
    /// </summary>
    public int[] BestCandidate()
    {
        double transfer = session.SideTransfer(self);
        if (best is not null && transfer.Equals(bestTransfer))
        {
            return best;
        }

        int[]? pick = null;
        double u = double.NegativeInfinity;
        foreach (int[] c in Candidates)
        {
            if (WithinMyRedLines(c))
            {
                double v = MyUtility(c);
                if (v > u)
                {
                    u = v;
                    pick = c;
                }
            }
        }

        bestTransfer = transfer;
        best = pick ?? Candidates[0];
        return best;
    }

    internal void Deliver(Message m) => inbox.Add(m);

    /// <summary>Forgets the best candidate kept (an event changed the candidates or this party's utilities).</summary>
    internal void Forget() => best = null;

    /// <summary>Everything this view shows, as canonical text (for the information-boundary tests).</summary>
    public string Snapshot()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"self {Self} time {Time} deadline {Deadline} horizon {Horizon} delay {MyDelayCost:R} discount {MyDiscount:R} reservation {MyReservation:R} trust {Trust:R}\n");
        foreach (int[] c in Candidates)
        {
            sb.Append(string.Join(',', c)).Append(inv, $" mine {MyUtility(c):R} red {WithinMyRedLines(c)}");
            foreach (string p in Parties)
            {
                sb.Append(inv, $" {p} {EstimatedUtility(p, c):R} {PublicPatience(p)?.ToString("R", inv) ?? "?"}");
            }

            sb.Append('\n');
        }

        foreach (Message m in inbox)
        {
            sb.Append(inv, $"{m.Time} {m.From}>{m.To} {m.Kind} {(m.Package is null ? "-" : string.Join(',', m.Package))} {m.Issue ?? "-"}\n");
        }

        return sb.ToString();
    }
}
