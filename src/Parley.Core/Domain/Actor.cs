namespace Parley.Core.Domain;

/// <summary>What sort of party an actor is.</summary>
public enum ActorKind
{
    /// <summary>A sovereign state.</summary>
    State,

    /// <summary>An alliance or bloc of states.</summary>
    Alliance,

    /// <summary>An organisation (international, non-governmental, firm).</summary>
    Organisation,

    /// <summary>A faction, party or armed group.</summary>
    Faction,
}

/// <summary>An actor's place in the talks (who signs, who only influences).</summary>
public enum ActorRole
{
    /// <summary>A party to the talks: it signs the agreement and must accept it (the default).</summary>
    Party,

    /// <summary>The mediator named in <c>channels.mediator</c>: it runs the process and signs when it has a stake (positions on the issues).</summary>
    Mediator,

    /// <summary>Backs the agreement's terms (guarantees, a force, monitoring); no veto unless it is also a party.</summary>
    Guarantor,

    /// <summary>Influences forecasts and pressures the parties; no seat and no veto.</summary>
    Outside,
}

/// <summary>Which side of a red line is acceptable.</summary>
public enum RedLineBound
{
    /// <summary>Values at or above the red line are acceptable.</summary>
    AtLeast,

    /// <summary>Values at or below the red line are acceptable.</summary>
    AtMost,

    /// <summary>The listed options of an unordered discrete issue are unacceptable.</summary>
    Excludes,
}

/// <summary>The worst acceptable value of an issue for one actor: a hard constraint.</summary>
public sealed record RedLine
{
    /// <summary>Which side is acceptable.</summary>
    public required RedLineBound Bound { get; init; }

    /// <summary>The limit (an option index for ordered discrete issues); unused for <see cref="RedLineBound.Excludes"/>.</summary>
    public Quantity? Limit { get; init; }

    /// <summary>Excluded option indices (only for <see cref="RedLineBound.Excludes"/>).</summary>
    public IReadOnlyList<int> Excluded { get; init; } = [];

    /// <summary>True when <paramref name="value"/> does not cross the red line (using the limit's central value).</summary>
    /// <param name="value">A value on the issue's scale.</param>
    public bool Accepts(double value) => Bound switch
    {
        RedLineBound.AtLeast => value >= Limit!.Value,
        RedLineBound.AtMost => value <= Limit!.Value,
        _ => !Excluded.Contains((int)Math.Round(value)),
    };
}

/// <summary>Where one actor stands on one issue.</summary>
public sealed record Stance
{
    /// <summary>The issue's id.</summary>
    public required string IssueId { get; init; }

    /// <summary>The actor's position on the issue's scale (an option index for discrete issues).</summary>
    public required Quantity Position { get; init; }

    /// <summary>How intensely the actor cares about the issue, in [0, 1], independent across issues.</summary>
    public required Quantity Salience { get; init; }

    /// <summary>The actor's red line on this issue, if any.</summary>
    public RedLine? RedLine { get; init; }

    /// <summary>For discrete issues: the actor's evaluation of each option (by option index), kept as given.</summary>
    public IReadOnlyList<double>? OptionValues { get; init; }
}

/// <summary>A party to the negotiation, with its attributes and its stances on the issues.</summary>
public sealed record Actor
{
    /// <summary>Short id used in files and on the command line.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Longer description.</summary>
    public string? Description { get; init; }

    /// <summary>State, alliance, organisation or faction.</summary>
    public ActorKind Kind { get; init; }

    /// <summary>
    /// The role stated in the file (<c>role:</c>), or null when none is (then a party, or the mediator when
    /// <c>channels.mediator</c> names the actor: <see cref="Seating.RoleOf(Scenario, Actor)"/>).
    /// </summary>
    public ActorRole? Role { get; init; }

    /// <summary>Why the actor has its role, in the file's words (<c>role_note:</c>), if stated.</summary>
    public string? RoleNote { get; init; }

    /// <summary>For the mediator: whether it signs the agreement (<c>signs:</c>); null: it signs when it has positions.</summary>
    public bool? Signs { get; init; }

    /// <summary>Resources the actor can bring to bear on this negotiation (≥ 0).</summary>
    public required Quantity Capability { get; init; }

    /// <summary>Discount factor per time step, in (0, 1].</summary>
    public Quantity? Patience { get; init; }

    /// <summary>Risk attitude in [−1, 1]: positive is risk-averse, negative risk-acceptant, 0 neutral.</summary>
    public Quantity? RiskAttitude { get; init; }

    /// <summary>How reliably the actor honours agreements, in [0, 1].</summary>
    public Quantity? Credibility { get; init; }

    /// <summary>Reservation value: utility of the actor's best alternative to agreement, in [0, 1].</summary>
    public Quantity? Alternative { get; init; }

    /// <summary>The actor's stances, in the order of the scenario's issues.</summary>
    public IReadOnlyList<Stance> Stances { get; init; } = [];

    /// <summary>The negotiation strategy this actor plays in simulations (a name from <see cref="NegotiationCatalog.StrategyNames"/>), if set.</summary>
    public string? Strategy { get; init; }

    /// <summary>
    /// The strategy's parameter, if stated: the concession exponent e of a time-dependent strategy, the share
    /// conceded up front, or the deadline-driven party's final window as a share of the time.
    /// </summary>
    public Quantity? StrategyParameter { get; init; }

    /// <summary>
    /// The party an <c>up-front</c> strategy makes its concession before the talks to (<c>strategy: {name: up-front, to: russia}</c>);
    /// null: the party its own best package would serve worst.
    /// </summary>
    public string? StrategyTo { get; init; }

    /// <summary>
    /// Conditional packages (<c>linkage:</c>): levels of one issue the actor agrees to only together with levels of
    /// another ("land only with guarantees"). Public, like its red lines: everyone knows the condition.
    /// </summary>
    public IReadOnlyList<IssueLinkage> Linkage { get; init; } = [];

    /// <summary>The actor's stance on an issue, or null when it has none.</summary>
    /// <param name="issueId">The issue's id.</param>
    public Stance? StanceOn(string issueId)
    {
        foreach (Stance s in Stances)
        {
            if (s.IssueId == issueId)
            {
                return s;
            }
        }

        return null;
    }
}

/// <summary>
/// A conditional package of one actor (<c>linkage: [{if: {ISSUE: LIMIT}, then: {ISSUE: LIMIT}}]</c>): a package whose level of
/// <see cref="IfIssue"/> is within <see cref="If"/> is acceptable to the actor only when its level of <see cref="ThenIssue"/> is
/// within <see cref="Then"/> (X only together with Y). It binds the actor's offers and answers, and every deal-space
/// analysis of a group the actor is in, as its red lines do.
/// </summary>
public sealed record IssueLinkage
{
    /// <summary>The issue whose levels trigger the condition.</summary>
    public required string IfIssue { get; init; }

    /// <summary>The levels that trigger it.</summary>
    public required IssueLimit If { get; init; }

    /// <summary>The issue that must come with it.</summary>
    public required string ThenIssue { get; init; }

    /// <summary>The levels it must have then.</summary>
    public required IssueLimit Then { get; init; }

    /// <summary>Where the condition comes from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;

    /// <summary>The condition in words ("territory at least 50 only with force at most 33").</summary>
    public override string ToString() => $"{IfIssue} {If} only with {ThenIssue} {Then}";
}

/// <summary>Names the negotiation layer accepts, kept here so that scenario files can be validated.</summary>
public static class NegotiationCatalog
{
    /// <summary>Strategy names (the negotiation registry implements exactly these).</summary>
    public static IReadOnlyList<string> StrategyNames { get; } = ["boulware", "linear", "conceder", "hard-liner", "tit-for-tat", "deadline-driven", "up-front", "linkage", "backward-induction"];

    /// <summary>Protocol names (the negotiation registry implements exactly these).</summary>
    public static IReadOnlyList<string> ProtocolNames { get; } = ["alternating-offers", "single-text", "hub-and-spoke", "sequenced", "sequenced-summit-first"];
}
