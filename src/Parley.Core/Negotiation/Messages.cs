using Parley.Core.Domain;

namespace Parley.Core.Negotiation;

/// <summary>What a message does.</summary>
public enum MessageKind
{
    /// <summary>A proposed package.</summary>
    Offer,

    /// <summary>Acceptance of the package on the table.</summary>
    Accept,

    /// <summary>Rejection of the package on the table.</summary>
    Reject,

    /// <summary>Leaving the talks.</summary>
    WalkAway,

    /// <summary>A side deal from the mediator to one spoke: a private transfer (utility units) if the spoke signs.</summary>
    SideDeal,

    /// <summary>
    /// The mediator settles issues that the parties kept pulling back and forth (its amendments returned to a text already
    /// tabled) and holds them there: the package is the text with them settled, <see cref="Message.Issue"/> lists them.
    /// </summary>
    Hold,

    /// <summary>
    /// Something happened beside the talks (a scenario's event fired): <see cref="Message.From"/> is the event's id, the
    /// recipient is empty (every party feels it through the war), and <see cref="SessionResult.Events"/> says what changed.
    /// </summary>
    Event,

    /// <summary>
    /// A concession made in public before the talks start (the <c>up-front</c> strategy): the package the conceder will settle
    /// for, addressed to every party at the table (<see cref="Message.To"/> is empty).
    /// </summary>
    Concession,

    /// <summary>
    /// The mediator presses a spoke that holds out (<see cref="Parley.Core.Domain.MediatorPressure"/>): from now on the spoke's
    /// cost of war rises by <see cref="Message.Amount"/> per step, and the mediator's by the lever's cost.
    /// </summary>
    Pressure,

    /// <summary>
    /// A party escalates against another (<see cref="Parley.Core.Domain.Escalation"/>): from now on the target's cost of war
    /// rises by <see cref="Message.Amount"/> per step, and the escalating party's by its cost.
    /// </summary>
    Escalation,

    /// <summary>
    /// The escalating party offers to stop if the target concedes: <see cref="Message.Issue"/> is the issue, the package is the
    /// mediator's text (or the target's best candidate) with that issue at the level asked; the target answers with an accept or a reject naming it.
    /// </summary>
    Demand,

    /// <summary>
    /// An offer on a direct track beside the hub (<see cref="Parley.Core.Domain.DirectTrack"/>), from one of its parties to the
    /// other: the package is the mediator's text with the track's issues at the levels offered; <see cref="Message.Issue"/>
    /// is <c>track ID</c>, as it is on the answer.
    /// </summary>
    TrackOffer,
}

/// <summary>One message of a negotiation.</summary>
/// <param name="Time">Time step (in the scenario's time unit) when it was sent.</param>
/// <param name="From">Sender's actor id.</param>
/// <param name="To">Recipient's actor id.</param>
/// <param name="Kind">Offer, accept, reject or walk away.</param>
/// <param name="Package">The package offered or answered (level index per issue), if any.</param>
/// <param name="Issue">For a rejection of a mediator's text: the issue that blocks the sender, if it says; for a hold: the issues held, comma-separated.</param>
/// <param name="Amount">For a side deal: the transfer offered, in the spoke's utility units.</param>
public sealed record Message(int Time, string From, string To, MessageKind Kind, int[]? Package, string? Issue = null, double Amount = 0)
{
    /// <summary>For a rejection: the issue is named because the text is beyond the sender's red line there.</summary>
    public bool RedLine { get; init; }
}

/// <summary>How a session ended.</summary>
/// <param name="Agreement">The agreed package, or null.</param>
/// <param name="Time">Time step of the agreement, or of the end without one.</param>
/// <param name="Parties">Actor ids at the table.</param>
/// <param name="Utility">Each party's undiscounted utility of the agreement (its reservation value at the end without one).</param>
/// <param name="Discounted">Each party's utility discounted by its patience to time 0.</param>
/// <param name="Reservation">Each party's reservation value at the end.</param>
/// <param name="Transcript">Every message, in order.</param>
/// <param name="EndedBy">Why it ended: <c>agreement</c>, <c>deadline</c> or <c>walk-away</c>.</param>
public sealed record SessionResult(int[]? Agreement, int Time, IReadOnlyList<string> Parties, double[] Utility, double[] Discounted,
    double[] Reservation, IReadOnlyList<Message> Transcript, string EndedBy)
{
    /// <summary>0 when the candidates were the exact public Pareto frontier; else the ε of the ε-Pareto set used.</summary>
    public double CandidateEpsilon { get; init; }

    /// <summary>Each party's own horizon (<see cref="ConcessionHorizon"/>), in table order.</summary>
    public IReadOnlyList<int> Horizons { get; init; } = [];

    /// <summary>Under a mediator's single text: the time step from which the text stopped changing (null if it still moved at the end).</summary>
    public int? TextSettledAt { get; init; }

    /// <summary>Under a mediator's single text: the issues it held after the parties pulled them back and forth.</summary>
    public IReadOnlyList<string> HeldIssues { get; init; } = [];

    /// <summary>The scenario's events that fired in this run, in order.</summary>
    public IReadOnlyList<FiredEvent> Events { get; init; } = [];
}

