namespace Parley.Core.Domain;

/// <summary>
/// Something that happens during simulated talks and changes the war they are fought beside (a scenario's
/// <c>events:</c>): an aid pause raises a party's cost of war, sanctions lower the other side's prospects. It fires at a
/// time step, at a step drawn per run from a range, or when a condition first holds; with a probability below one it
/// fires in that share of runs (drawn from the run's own events stream, so that a scenario without events gives
/// exactly what it gave before events existed).
/// </summary>
public sealed record TalkEvent
{
    /// <summary>Id, unique among the scenario's events.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the event represents.</summary>
    public string? Description { get; init; }

    /// <summary>When it fires.</summary>
    public required EventTiming Timing { get; init; }

    /// <summary>The chance that it happens at all in a run (1 when not stated).</summary>
    public Quantity? Probability { get; init; }

    /// <summary>What it changes from the step it fires (set or shift of <see cref="EventPaths"/>), in file order.</summary>
    public IReadOnlyList<VariantChange> Changes { get; init; } = [];

    /// <summary>
    /// Actors who take a seat at the table when it fires (<c>seat:</c>). An actor an event seats is at the table from the
    /// start but away from it (it neither offers nor answers, and no agreement waits for it) until then.
    /// </summary>
    public IReadOnlyList<string> Seat { get; init; } = [];

    /// <summary>Actors who leave the table when it fires (<c>unseat:</c>): from then on they neither offer nor answer, and no agreement waits for them.</summary>
    public IReadOnlyList<string> Unseat { get; init; } = [];

    /// <summary>Where the event and its numbers come from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>When a <see cref="TalkEvent"/> fires: exactly one of a step, a range of steps, or a condition.</summary>
public sealed record EventTiming
{
    /// <summary>The time step it fires at (<c>at: 3</c>), counted from the start of the talks (0).</summary>
    public int? At { get; init; }

    /// <summary>The first and last step of <c>at: {range: [2, 6]}</c>: one step drawn per run, each equally likely.</summary>
    public (int First, int Last)? Range { get; init; }

    /// <summary><c>when: {p_prevail: {below: 0.4}}</c>: the first step at which the first belligerent's chance of prevailing is below this.</summary>
    public double? PrevailBelow { get; init; }

    /// <summary><c>when: {p_prevail: {above: 0.6}}</c>: the first step at which it is above this.</summary>
    public double? PrevailAbove { get; init; }

    /// <summary><c>when: {agreed: ISSUE}</c>: the first step at which the mediator's text holds that issue settled.</summary>
    public string? Agreed { get; init; }

    /// <summary><c>when: {after: {event: ID, steps: N}}</c>: N steps after another event fired (never, if it did not).</summary>
    public (string Event, int Steps)? After { get; init; }

    /// <summary>
    /// <c>when: {walked_out: ACTOR}</c>: the step at which that party walks out of the talks. A walk-out ends the talks unless
    /// an event waits for it and happens in the run: the event fires then and the talks go on (it is what brings the party
    /// back: the mediator's answer to the walk-out).
    /// </summary>
    public string? WalkedOut { get; init; }

    /// <summary>The timing in words ("at step 3", "at a step from 2 to 6", "when p_prevail falls below 0.4").</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return this switch
        {
            { At: int at } => string.Create(inv, $"at step {at}"),
            { Range: (int a, int b) } => string.Create(inv, $"at a step from {a} to {b}"),
            { PrevailBelow: double x } => string.Create(inv, $"when p_prevail falls below {x}"),
            { PrevailAbove: double x } => string.Create(inv, $"when p_prevail rises above {x}"),
            { Agreed: string issue } => $"when {issue} is settled in the mediator's text",
            { After: (string ev, int n) } => string.Create(inv, $"{n} step(s) after {ev}"),
            { WalkedOut: string who } => $"when {who} walks out",
            _ => "never",
        };
    }
}

/// <summary>
/// The numbers an event can change while talks run: those the simulated war reads every step, and the parts of an actor's
/// stance the table reads (its position, salience and red lines on an issue).
/// </summary>
public static class EventPaths
{
    /// <summary>An actor's cost of war per step: <c>dynamics.costs.ACTOR</c>.</summary>
    public const string CostsPrefix = "dynamics.costs.";

    /// <summary>The drift of the first belligerent's chance of prevailing per step.</summary>
    public const string Trend = "dynamics.trend";

    /// <summary>The first belligerent's chance of prevailing (set: the war jumps there; shift: it moves by the amount).</summary>
    public const string PrevailProbability = "dynamics.p_prevail";

    /// <summary>The size of the war's random shocks per step.</summary>
    public const string Volatility = "dynamics.volatility";

    /// <summary>Every path, for messages (ACTOR stands for an actor id, ISSUE for an issue id).</summary>
    public static IReadOnlyList<string> All { get; } =
        [CostsPrefix + "ACTOR", Trend, PrevailProbability, Volatility, "actors.ACTOR.stances.ISSUE.position", "actors.ACTOR.stances.ISSUE.salience",
            "actors.ACTOR.stances.ISSUE.red_line.at_least", "actors.ACTOR.stances.ISSUE.red_line.at_most"];

    /// <summary>
    /// Reads a path to a part of an actor's stance (<c>actors.ACTOR.stances.ISSUE.position</c>, <c>.salience</c>,
    /// <c>.red_line.at_least</c> or <c>.red_line.at_most</c>): what an event changes at the table rather than in the war.
    /// </summary>
    /// <param name="path">The dotted path.</param>
    /// <param name="actor">The actor's id.</param>
    /// <param name="issue">The issue's id.</param>
    /// <param name="field">The part of the stance.</param>
    /// <returns>True when the path names a part of a stance.</returns>
    public static bool TryStance(string path, out string actor, out string issue, out StanceField field)
    {
        ArgumentNullException.ThrowIfNull(path);
        (actor, issue, field) = (string.Empty, string.Empty, StanceField.Position);
        string[] p = path.Split('.');
        if (p.Length < 5 || p[0] != "actors" || p[2] != "stances")
        {
            return false;
        }

        (actor, issue) = (p[1], p[3]);
        switch (string.Join('.', p[4..]))
        {
            case "position": field = StanceField.Position; return true;
            case "salience": field = StanceField.Salience; return true;
            case "red_line.at_least": field = StanceField.AtLeast; return true;
            case "red_line.at_most": field = StanceField.AtMost; return true;
            default: return false;
        }
    }
}

/// <summary>The part of an actor's stance an event can change while talks run.</summary>
public enum StanceField
{
    /// <summary>Its position on the issue.</summary>
    Position,

    /// <summary>How much the issue matters to it.</summary>
    Salience,

    /// <summary>The lowest level it accepts (a red line <c>at_least</c>).</summary>
    AtLeast,

    /// <summary>The highest level it accepts (a red line <c>at_most</c>).</summary>
    AtMost,
}

/// <summary>A scenario's event that fired during a simulated session.</summary>
/// <param name="Time">The time step it fired at.</param>
/// <param name="Id">The event's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Effect">What it changed, in words (e.g. "cost of war of ukraine 0.015 → 0.025 per step").</param>
public sealed record FiredEvent(int Time, string Id, string Name, string Effect);

/// <summary>
/// What the engine records among the events that fired, beside the scenario's own: a failed summit, a de-escalation paid
/// for, a direct track's agreement. Their ids are reserved: no event of a scenario may take one.
/// </summary>
public static class EngineEvents
{
    /// <summary>A summit held first that failed (<see cref="Channels.SummitFailure"/>).</summary>
    public const string SummitFailed = "summit-failed";

    /// <summary>An escalation stopped for a price paid (<see cref="Channels.Escalation"/>).</summary>
    public const string Deescalation = "de-escalation";

    /// <summary>The id a direct track's agreement is recorded under.</summary>
    /// <param name="trackId">The track's id.</param>
    public static string TrackAgreed(string trackId) => "track-" + trackId;

    /// <summary>
    /// Everything that can be recorded among a session's fired events: the scenario's events, then what the engine records
    /// where the scenario has the lever.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    public static IReadOnlyList<string> Of(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var ids = new List<string>(scenario.Events.Select(e => e.Id));
        ids.AddRange(Reserved(scenario));
        return ids;
    }

    /// <summary>The engine's ids a scenario with these levers can record (no event may take one).</summary>
    /// <param name="scenario">The scenario.</param>
    public static IEnumerable<string> Reserved(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Channels.SummitFailure is not null)
        {
            yield return SummitFailed;
        }

        if (scenario.Channels.Escalation is not null)
        {
            yield return Deescalation;
        }

        foreach (DirectTrack track in scenario.Channels.Tracks)
        {
            yield return TrackAgreed(track.Id);
        }
    }
}
