namespace Parley.Core.Domain;

/// <summary>A published work that numbers in the scenario refer to.</summary>
public sealed record Source
{
    /// <summary>Short id that numbers cite.</summary>
    public required string Id { get; init; }

    /// <summary>Title of the work.</summary>
    public required string Title { get; init; }

    /// <summary>Where it appeared (publisher, outlet, institution).</summary>
    public string? Outlet { get; init; }

    /// <summary>Publication date as written (YYYY, YYYY-MM or YYYY-MM-DD).</summary>
    public string? Date { get; init; }

    /// <summary>Author(s).</summary>
    public string? Author { get; init; }

    /// <summary>Web address, if any.</summary>
    public string? Url { get; init; }
}

/// <summary>Who can talk to whom directly, and which actor mediates.</summary>
public sealed record Channels
{
    /// <summary>The mediating actor (the hub of a hub-and-spoke process), if any.</summary>
    public string? Mediator { get; init; }

    /// <summary>Direct, private two-way links between actors.</summary>
    public IReadOnlyList<(string A, string B)> Links { get; init; } = [];

    /// <summary>The mediator's lever of pressure on the spokes (<c>pressure:</c>), or null when it has none.</summary>
    public MediatorPressure? Pressure { get; init; }

    /// <summary>
    /// Coordination on one side before the talks (<c>coordination:</c>): the named parties' stated positions move toward
    /// each other before they face the other side; null: none.
    /// </summary>
    public SideCoordination? Coordination { get; init; }

    /// <summary>
    /// What a failed summit costs (<c>summit_failure:</c>): when a summit held before the working-level tracks ends with its
    /// text refused, every party at the table bears this much more cost of war per step from then on; null: nothing.
    /// </summary>
    public Quantity? SummitFailure { get; init; }

    /// <summary>
    /// A party's tactic of escalating, then selling de-escalation (<c>escalation:</c>): it raises another's cost of war, then
    /// offers to stop in exchange for a concession on another issue; null: none.
    /// </summary>
    public Escalation? Escalation { get; init; }

    /// <summary>
    /// Direct tracks beside a mediated process (<c>tracks:</c>): two parties who talk to each other on some issues while the
    /// hub works the rest; empty: none.
    /// </summary>
    public IReadOnlyList<DirectTrack> Tracks { get; init; } = [];

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> share a direct link.</summary>
    /// <param name="a">One actor id.</param>
    /// <param name="b">The other actor id.</param>
    public bool Connects(string a, string b)
    {
        foreach ((string x, string y) in Links)
        {
            if ((x == a && y == b) || (x == b && y == a))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The mediator's stick beside its side deals (<c>channels: pressure:</c>): when a spoke it may press holds out late in
/// hub-and-spoke talks, the mediator raises that spoke's cost of war from then on (an aid pause, sanctions), and pays for
/// it itself (its own cost of war rises too). One-sided pressure names one spoke; two-sided names both.
/// </summary>
public sealed record MediatorPressure
{
    /// <summary>The spokes the mediator may press, by id.</summary>
    public IReadOnlyList<string> On { get; init; } = [];

    /// <summary>Cost of war added to a pressed spoke per time step, in utility units.</summary>
    public required Quantity Amount { get; init; }

    /// <summary>Cost of war added to the mediator per time step for each spoke it presses (what the lever costs it).</summary>
    public required Quantity Cost { get; init; }

    /// <summary>Where the lever and its numbers come from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>
/// A direct track beside the hub (<c>channels: tracks:</c>; a humanitarian or ceasefire track between the belligerents while
/// the mediator works the core issues). In a mediated protocol the track's two parties, at each step, trade offers on the
/// track's issues alone, in turn (the first party first): the proposer concedes there as far as it concedes at the main
/// table; the other accepts when the offer gives it, on those issues, at least what its own proposal would (the AC_next
/// acceptance condition of Baarslag et al. 2014, on the track's issues) and crosses none of its red lines. Agreed, the
/// issues are settled at those levels for the rest of the talks (the mediator's text takes and holds them); until then the
/// hub works them too. Messages on the track reach only its two parties. A track can open with an event (an event that
/// changes the channels of the talks).
/// </summary>
public sealed record DirectTrack
{
    /// <summary>Id, unique among the tracks.</summary>
    public required string Id { get; init; }

    /// <summary>The two parties, by id; the first offers first.</summary>
    public required (string A, string B) Parties { get; init; }

    /// <summary>The issues the track works, by id.</summary>
    public IReadOnlyList<string> Issues { get; init; } = [];

    /// <summary>
    /// The event that opens the track (<c>opens_with: EVENT</c>): closed until that event fires in a run, and never open in a
    /// run where it does not; null: open from the start.
    /// </summary>
    public string? OpensWith { get; init; }

    /// <summary>Where the track comes from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>
/// Escalate, then sell de-escalation (<c>channels: escalation:</c>; "create a problem, and demand a price to solve it"):
/// at step <see cref="At"/> the escalating party raises the target's cost of war by <see cref="Amount"/> per step (strikes on
/// its energy, say), at a cost to itself; <see cref="Steps"/> steps later it offers to stop if the target concedes on
/// <see cref="Issue"/>. The price it asks and whether the target pays come from the model's state (the session's
/// escalation step, docs/simulation.md "Levers and tactics"): stopping is worth the amount times the steps the target expects to go on fighting (its own
/// horizon); the escalator asks the level of the issue best for itself that the target's public numbers say it would
/// pay; the target pays when, on its own numbers, the level costs it no more than stopping is worth. Paid, the
/// escalation stops and the issue is settled at that level for the rest of the talks; refused, it goes on.
/// </summary>
public sealed record Escalation
{
    /// <summary>The escalating party's id.</summary>
    public required string By { get; init; }

    /// <summary>The target's id.</summary>
    public required string On { get; init; }

    /// <summary>Cost of war added to the target per time step while the escalation lasts, in utility units.</summary>
    public required Quantity Amount { get; init; }

    /// <summary>Cost of war added to the escalating party per time step while it lasts (what escalating costs it).</summary>
    public required Quantity Cost { get; init; }

    /// <summary>The issue the escalating party asks its price on.</summary>
    public required string Issue { get; init; }

    /// <summary>The time step it escalates at (0: the start of the talks).</summary>
    public int At { get; init; }

    /// <summary>Steps between the escalation and the offer to stop (at least 1).</summary>
    public int Steps { get; init; } = 1;

    /// <summary>Where the tactic and its numbers come from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>
/// Parties on one side who coordinate before the talks (<c>channels: coordination:</c>, the US with Europe, say): over
/// <see cref="Rounds"/> rounds each moves its position on every issue a share <see cref="Rate"/> of the way toward the
/// group's position (the mean of the members' positions weighted by capability × salience), so that after n rounds it has
/// moved 1 − (1 − rate)^n of the way. Their saliences and red lines stay their own; a red line caps the move.
/// </summary>
public sealed record SideCoordination
{
    /// <summary>The coordinating parties, by id (two or more).</summary>
    public IReadOnlyList<string> Parties { get; init; } = [];

    /// <summary>Share of the way toward the group's position moved per round, in [0, 1].</summary>
    public required Quantity Rate { get; init; }

    /// <summary>Rounds of coordination before the talks.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Where the coordination and its numbers come from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>
/// How alternatives to agreement change over time (MODELS.md §4): the probability that the first
/// belligerent prevails follows a bounded random walk with a trend and a volatility per time step,
/// and each actor bears a cost of continued war per time step.
/// </summary>
public sealed record Dynamics
{
    /// <summary>The two belligerents (A, B); <see cref="PrevailProbability"/> is A's chance of prevailing.</summary>
    public required (string A, string B) Belligerents { get; init; }

    /// <summary>Probability p that belligerent A prevails if fighting continues.</summary>
    public required Quantity PrevailProbability { get; init; }

    /// <summary>Trend μ of p per time step.</summary>
    public required Quantity Trend { get; init; }

    /// <summary>Volatility σ of p per time step.</summary>
    public required Quantity Volatility { get; init; }

    /// <summary>Each actor's cost of continued war per time step, in utility units (by actor id).</summary>
    public IReadOnlyDictionary<string, Quantity> Costs { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>Optional force data: when present, p follows Lanchester attrition instead of a random walk.</summary>
    public Attrition? Attrition { get; init; }

    /// <summary>Optional: how power and costs move after an agreement is signed (read by the strategic durability model).</summary>
    public AfterAgreement? AfterAgreement { get; init; }
}

/// <summary>
/// What moves the balance of power and the costs of war once the guns fall silent (MODELS.md §5): each
/// belligerent's rearmament, the outside aid it receives, and its economy. All per time step.
/// </summary>
public sealed record AfterAgreement
{
    /// <summary>Per actor: how much its own rearmament moves p in its favour per time step.</summary>
    public IReadOnlyDictionary<string, Quantity> Rearmament { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>Per actor: how much outside aid moves p in its favour per time step.</summary>
    public IReadOnlyDictionary<string, Quantity> Aid { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>Per actor: change of its cost of war per time step (positive: its economy strains and war gets dearer).</summary>
    public IReadOnlyDictionary<string, Quantity> Economy { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>
    /// Per actor id, the chance per time step that it breaks the deal whatever the balance of power: a plan to renege (bad
    /// faith), against the strategic breaking that only a shift of power prompts.
    /// </summary>
    public IReadOnlyDictionary<string, Quantity> Defection { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>Central value of an actor's entry in one of the three maps (0 when absent).</summary>
    /// <param name="map">Rearmament, Aid or Economy.</param>
    /// <param name="actorId">The actor.</param>
    public static double Of(IReadOnlyDictionary<string, Quantity> map, string actorId)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.TryGetValue(actorId, out Quantity? q) ? q.Value : 0;
    }
}

/// <summary>The mandate of a peacekeeping or reassurance force.</summary>
public enum PeacekeepingMandate
{
    /// <summary>No force, or no mandate stated.</summary>
    None,

    /// <summary>Unarmed or lightly armed observers who report violations.</summary>
    Monitoring,

    /// <summary>A force that reassures by its presence (a tripwire) but is not mandated to fight.</summary>
    Reassurance,

    /// <summary>A force mandated to enforce the agreement, by force if needed.</summary>
    Enforcement,
}

/// <summary>Kind of agreement, as UCDP codes it.</summary>
public enum AgreementType
{
    /// <summary>A comprehensive settlement of the incompatibility.</summary>
    Full,

    /// <summary>Settles part of the incompatibility.</summary>
    Partial,

    /// <summary>Sets up a process for settling it.</summary>
    Process,
}

/// <summary>
/// The security terms of the package a scenario considers (MODELS.md §5), read by both durability models:
/// the empirical model's covariates and, per belligerent, the extra cost k that guarantors, peacekeepers
/// or sanctions snap-back impose on the side that breaks the deal.
/// </summary>
public sealed record AgreementTerms
{
    /// <summary>Full, partial or process agreement.</summary>
    public AgreementType Type { get; init; } = AgreementType.Partial;

    /// <summary>A ceasefire provision.</summary>
    public bool Ceasefire { get; init; }

    /// <summary>A peacekeeping or reassurance force.</summary>
    public bool Peacekeepers { get; init; }

    /// <summary>Third-party signatories or guarantors.</summary>
    public bool ThirdParty { get; init; }

    /// <summary>An implementation commission.</summary>
    public bool Commission { get; init; }

    /// <summary>All warring parties sign.</summary>
    public bool Inclusive { get; init; }

    /// <summary>Territorial provisions.</summary>
    public bool Territory { get; init; }

    /// <summary>Withdrawal of foreign forces.</summary>
    public bool Withdrawal { get; init; }

    /// <summary>Mandate of the peacekeeping force (when <see cref="Peacekeepers"/>).</summary>
    public PeacekeepingMandate Mandate { get; init; }

    /// <summary>A demilitarised zone separates the forces.</summary>
    public bool DemilitarisedZone { get; init; }

    /// <summary>Limits on forces (size, weapons, rearmament) of one or both sides.</summary>
    public bool ForceLimits { get; init; }

    /// <summary>Sanctions snap back automatically if the deal is broken.</summary>
    public bool Snapback { get; init; }

    /// <summary>Extra cost of breaking the deal per belligerent id (utility units): the guarantors' strength.</summary>
    public IReadOnlyDictionary<string, Quantity> Guarantees { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>
    /// Extra cost of breaking the deal that a term adds while it holds: term (<c>peacekeepers</c>,
    /// <c>demilitarised_zone</c>, <c>snapback</c>, …) → belligerent id → cost in utility units.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Quantity>> Deterrence { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, Quantity>>();

    /// <summary>What is known about the conflict at signing (the empirical model's conflict-history covariates), or null.</summary>
    public ConflictFacts? Conflict { get; init; }

    /// <summary>Under <see cref="ForceLimits"/>: the share of its rearmament each limited belligerent may keep, in [0, 1].</summary>
    public IReadOnlyDictionary<string, Quantity> Limits { get; init; } = new Dictionary<string, Quantity>();

    /// <summary>The terms that can carry a deterrence cost or follow from a package (a link).</summary>
    public static IReadOnlyList<string> TermNames { get; } =
        ["ceasefire", "peacekeepers", "third_party", "commission", "inclusive", "territory", "withdrawal", "demilitarised_zone", "force_limits", "snapback"];

    /// <summary>Whether a term (one of <see cref="TermNames"/>) holds.</summary>
    /// <param name="term">The term.</param>
    public bool Holds(string term) => term switch
    {
        "ceasefire" => Ceasefire,
        "peacekeepers" => Peacekeepers,
        "third_party" => ThirdParty,
        "commission" => Commission,
        "inclusive" => Inclusive,
        "territory" => Territory,
        "withdrawal" => Withdrawal,
        "demilitarised_zone" => DemilitarisedZone,
        "force_limits" => ForceLimits,
        "snapback" => Snapback,
        _ => false,
    };

    /// <summary>
    /// The costs k of breaking the deal at their central values, by belligerent id: the guarantees plus the
    /// deterrence of every term that holds.
    /// </summary>
    public Dictionary<string, double> GuaranteeCosts()
    {
        var k = Guarantees.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
        foreach (KeyValuePair<string, IReadOnlyDictionary<string, Quantity>> term in Deterrence)
        {
            if (!Holds(term.Key))
            {
                continue;
            }

            foreach (KeyValuePair<string, Quantity> kv in term.Value)
            {
                k[kv.Key] = (k.TryGetValue(kv.Key, out double v) ? v : 0) + kv.Value.Value;
            }
        }

        return k;
    }

    /// <summary>The share of its rearmament a belligerent keeps: its limit while force limits hold, else 1.</summary>
    /// <param name="actorId">The belligerent.</param>
    public double RearmamentShare(string actorId) =>
        ForceLimits && Limits.TryGetValue(actorId, out Quantity? q) ? Math.Clamp(q.Value, 0, 1) : 1;

    /// <summary>Terms that follow from the package itself: a term also holds when the package's level on an issue is within a bound.</summary>
    public IReadOnlyList<TermLink> Links { get; init; } = [];

    /// <summary>The terms of a specific package: a linked term holds when it is stated or the package satisfies its link.</summary>
    /// <param name="value">The package's value on an issue, by issue id.</param>
    public AgreementTerms For(Func<string, double?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AgreementTerms t = this;
        foreach (TermLink link in Links)
        {
            bool on = value(link.IssueId) is double v && (link.Bound == RedLineBound.AtMost ? v <= link.Limit + 1e-9 : v >= link.Limit - 1e-9);
            t = link.Term switch
            {
                "ceasefire" => t with { Ceasefire = t.Ceasefire || on },
                "peacekeepers" => t with { Peacekeepers = t.Peacekeepers || on },
                "third_party" => t with { ThirdParty = t.ThirdParty || on },
                "commission" => t with { Commission = t.Commission || on },
                "inclusive" => t with { Inclusive = t.Inclusive || on },
                "territory" => t with { Territory = t.Territory || on },
                "withdrawal" => t with { Withdrawal = t.Withdrawal || on },
                "demilitarised_zone" => t with { DemilitarisedZone = t.DemilitarisedZone || on },
                "force_limits" => t with { ForceLimits = t.ForceLimits || on },
                "snapback" => t with { Snapback = t.Snapback || on },
                _ => t,
            };
        }

        return t;
    }
}

/// <summary>A term that holds when a package's level on an issue is at most (or at least) a limit.</summary>
/// <param name="Term">The term (<c>peacekeepers</c>, <c>withdrawal</c>, …).</param>
/// <param name="IssueId">The issue.</param>
/// <param name="Bound">At most or at least.</param>
/// <param name="Limit">The limit on the issue's scale.</param>
public sealed record TermLink(string Term, string IssueId, RedLineBound Bound, double Limit);

/// <summary>How the two sides' forces wear each other down (Lanchester, MODELS.md §4).</summary>
public enum FireKind
{
    /// <summary>Aimed fire: dA/dt = −β·B (square law).</summary>
    Aimed,

    /// <summary>Area fire: dA/dt = −β·A·B (linear law).</summary>
    Area,
}

/// <summary>One side's forces: strength, monthly recruitment and effectiveness (losses it inflicts per unit per time step).</summary>
/// <param name="Strength">Force at the start.</param>
/// <param name="Recruitment">Inflow per time step.</param>
/// <param name="Effectiveness">Attrition coefficient (α for the first belligerent, β for the second).</param>
public sealed record ForceData(Quantity Strength, Quantity Recruitment, Quantity Effectiveness);

/// <summary>Lanchester attrition with recruitment, mapped to p by the contest-success function p = A^γ / (A^γ + B^γ).</summary>
public sealed record Attrition
{
    /// <summary>Aimed or area fire.</summary>
    public FireKind Fire { get; init; }

    /// <summary>Exponent γ of the contest-success function.</summary>
    public required Quantity Gamma { get; init; }

    /// <summary>Force data of the first belligerent.</summary>
    public required ForceData A { get; init; }

    /// <summary>Force data of the second belligerent.</summary>
    public required ForceData B { get; init; }
}

/// <summary>A change a variant makes to one number.</summary>
public enum VariantOperation
{
    /// <summary>Replace the number (value, uncertainty and provenance).</summary>
    Set,

    /// <summary>Add a delta to the value and to both ends of its range.</summary>
    Shift,

    /// <summary>Remove what the path names (a red line, a stance, an actor, a field), or one item of the list it names.</summary>
    Remove,

    /// <summary>Add what the path does not have yet (a red line, a stance, a field), or append items to the list it names.</summary>
    Add,
}

/// <summary>One change within a variant.</summary>
/// <param name="Path">Dotted path of the number (or, for add and remove, of what is added or removed), e.g. <c>actors.russia.capability</c>.</param>
/// <param name="Operation">Set, shift, remove or add.</param>
/// <param name="Amount">The new number (set) or the delta (shift); null when a discrete option is set by label, and for add and remove.</param>
/// <param name="Label">A discrete option set by label; for add, what is added (YAML flow text); for remove, the list item removed (YAML flow text), or null when the path itself goes.</param>
public sealed record VariantChange(string Path, VariantOperation Operation, Quantity? Amount, string? Label = null);

/// <summary>A limit on one issue that every deal must respect (a variant's premise, e.g. a European force: force at most 33).</summary>
/// <param name="AtLeast">The lowest acceptable level, or null.</param>
/// <param name="AtMost">The highest acceptable level, or null.</param>
public sealed record IssueLimit(double? AtLeast, double? AtMost)
{
    /// <summary>True when the level respects the limit.</summary>
    /// <param name="x">A level on the issue's scale.</param>
    public bool Allows(double x) => (AtLeast is not double lo || x >= lo - 1e-9) && (AtMost is not double hi || x <= hi + 1e-9);

    /// <summary>The limit in words ("at most 33", "33 to 67").</summary>
    public override string ToString() => (AtLeast, AtMost) switch
    {
        (double lo, double hi) when lo == hi => $"exactly {lo.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        (double lo, double hi) => $"{lo.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {hi.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        (double lo, null) => $"at least {lo.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        (null, double hi) => $"at most {hi.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        _ => "any level",
    };
}

/// <summary>A named overlay that changes some numbers, for what-if runs.</summary>
public sealed record Variant
{
    /// <summary>Short id used with <c>--variant</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the variant represents.</summary>
    public string? Description { get; init; }

    /// <summary>The changes, in file order.</summary>
    public IReadOnlyList<VariantChange> Changes { get; init; } = [];

    /// <summary>What the variant's premise fixes, per issue id: every deal under it respects these limits (<c>stipulates:</c>).</summary>
    public IReadOnlyDictionary<string, IssueLimit> Stipulates { get; init; } = new Dictionary<string, IssueLimit>(StringComparer.Ordinal);

    /// <summary>Where the variant's reasoning comes from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>An immutable description of a negotiation: who negotiates over what, wanting what.</summary>
public sealed record Scenario
{
    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the scenario describes.</summary>
    public string? Description { get; init; }

    /// <summary>Date the numbers describe (YYYY-MM-DD or YYYY-MM).</summary>
    public string? AsOf { get; init; }

    /// <summary>The time step used by dynamics and patience (day, week, month, quarter, year, round, session).</summary>
    public string TimeStep { get; init; } = "month";

    /// <summary>Sources that numbers cite.</summary>
    public IReadOnlyList<Source> Sources { get; init; } = [];

    /// <summary>Issues, in file order.</summary>
    public IReadOnlyList<Issue> Issues { get; init; } = [];

    /// <summary>Actors, in file order.</summary>
    public IReadOnlyList<Actor> Actors { get; init; } = [];

    /// <summary>Who talks to whom.</summary>
    public Channels Channels { get; init; } = new();

    /// <summary>How alternatives change over time, if stated.</summary>
    public Dynamics? Dynamics { get; init; }

    /// <summary>Named what-if overlays.</summary>
    public IReadOnlyList<Variant> Variants { get; init; } = [];

    /// <summary>Things that happen during simulated talks (<c>events:</c>), in file order.</summary>
    public IReadOnlyList<TalkEvent> Events { get; init; } = [];

    /// <summary>The analyses' claims, as experiments (<c>claims:</c>), in file order.</summary>
    public IReadOnlyList<Claim> Claims { get; init; } = [];

    /// <summary>The variant applied to produce this scenario, if any.</summary>
    public string? AppliedVariant { get; init; }

    /// <summary>True when some number carries a range or a standard deviation, so that draws differ; false when every draw is the same.</summary>
    public bool HasUncertainInputs()
    {
        static bool U(Quantity? q) => q?.IsUncertain == true;
        foreach (Actor a in Actors)
        {
            if (U(a.Capability) || U(a.Patience) || U(a.RiskAttitude) || U(a.Credibility) || U(a.Alternative) || U(a.StrategyParameter)
                || a.Stances.Any(st => U(st.Position) || U(st.Salience) || U(st.RedLine?.Limit)))
            {
                return true;
            }
        }

        return Dynamics is { } d && (U(d.PrevailProbability) || U(d.Trend) || U(d.Volatility) || d.Costs.Values.Any(U));
    }

    /// <summary>Limits every deal must respect, per issue id (<c>stipulations:</c>, or the applied variant's <c>stipulates:</c>).</summary>
    public IReadOnlyDictionary<string, IssueLimit> Stipulations { get; init; } = new Dictionary<string, IssueLimit>(StringComparer.Ordinal);

    /// <summary>The security terms of the agreement under consideration (<c>agreement:</c>), if stated.</summary>
    public AgreementTerms? Agreement { get; init; }

    /// <summary>Forecasting-model parameters set in the file's <c>models:</c> block, by dotted key (<c>eum.q</c>), as written.</summary>
    public IReadOnlyDictionary<string, string> ModelParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Time steps per year (1 for rounds and sessions, which have no calendar length).</summary>
    public int StepsPerYear => TimeStep switch { "day" => 365, "week" => 52, "month" => 12, "quarter" => 4, _ => 1 };

    /// <summary>True when the scenario is a shipped or user model built from published analyses (prints the provenance line).</summary>
    public bool HasSources => Sources.Count > 0;

    /// <summary>Finds an issue by id.</summary>
    /// <param name="id">The issue id.</param>
    public Issue? FindIssue(string id)
    {
        foreach (Issue i in Issues)
        {
            if (i.Id == id)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Finds an actor by id.</summary>
    /// <param name="id">The actor id.</param>
    public Actor? FindActor(string id)
    {
        foreach (Actor a in Actors)
        {
            if (a.Id == id)
            {
                return a;
            }
        }

        return null;
    }
}

/// <summary>
/// What is known about a conflict when its agreement is signed, as the empirical durability model's conflict-history
/// covariates read it (docs/durability.md): each field may be left out (the model then takes the average of its data).
/// </summary>
public sealed record ConflictFacts
{
    /// <summary>When the conflict started (YYYY, YYYY-MM or YYYY-MM-DD).</summary>
    public string? Started { get; init; }

    /// <summary>Earlier dyad episodes of the conflict that ended before signing.</summary>
    public int? PreviousEpisodes { get; init; }

    /// <summary>Of those, the episodes ended by a peace agreement.</summary>
    public int? PreviousAgreementEndings { get; init; }

    /// <summary>Of those, the episodes ended by a ceasefire.</summary>
    public int? PreviousCeasefireEndings { get; init; }

    /// <summary>An intrastate conflict with foreign troops on a side.</summary>
    public bool? Internationalised { get; init; }

    /// <summary>A war between states.</summary>
    public bool? Interstate { get; init; }

    /// <summary>Agreements signed in the conflict before this one.</summary>
    public int? EarlierAgreements { get; init; }

    /// <summary>UCDP region: one of <see cref="Regions"/>.</summary>
    public string? Region { get; init; }

    /// <summary>The regions, in UCDP's order (1 Europe … 5 Americas).</summary>
    public static IReadOnlyList<string> Regions { get; } = ["europe", "middle_east", "asia", "africa", "americas"];

    /// <summary>Where the facts come from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}
