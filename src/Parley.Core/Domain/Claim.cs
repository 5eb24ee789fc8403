namespace Parley.Core.Domain;

/// <summary>
/// A claim of the analyses behind a scenario, written as an experiment (a scenario's <c>claims:</c>): in a setting
/// (variant-style changes) against a counter-setting, an outcome moves one way. <c>parley experiment</c> runs both on the
/// same draws and says whether the engine supports it, contradicts it, or cannot decide.
/// </summary>
public sealed record Claim
{
    /// <summary>Id, unique among the scenario's claims.</summary>
    public required string Id { get; init; }

    /// <summary>The claim in the analyst's own words (the quote is in <see cref="Provenance"/>).</summary>
    public required string Says { get; init; }

    /// <summary>The variant both cases start from, or null for the scenario as written.</summary>
    public string? Variant { get; init; }

    /// <summary>The setting the claim is about: variant-style changes (set, shift, add, remove, stipulates).</summary>
    public required ClaimCase Setting { get; init; }

    /// <summary>What it is compared with: variant-style changes (none: the scenario, or its variant, as written).</summary>
    public required ClaimCase Counter { get; init; }

    /// <summary>The outcome measured.</summary>
    public required ClaimMeasure Measure { get; init; }

    /// <summary>The direction the claim says the outcome moves, setting against counter-setting.</summary>
    public required ClaimDirection Expect { get; init; }

    /// <summary>
    /// The engine's mechanisms the effect runs through (<see cref="Mechanisms.Names"/>): with them switched off the
    /// setting and the counter-setting must give the same outcome.
    /// </summary>
    public required IReadOnlyList<string> Mechanisms { get; init; }

    /// <summary>The quote (one citation at least) and the provenance of the claim's numbers.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;
}

/// <summary>One side of a <see cref="Claim"/>: variant-style changes, and the numbers in them that have a range.</summary>
public sealed record ClaimCase
{
    /// <summary>"setting" or "counter".</summary>
    public string Which { get; init; } = "setting";

    /// <summary>The changes (set, shift, remove, add), in file order.</summary>
    public IReadOnlyList<VariantChange> Changes { get; init; } = [];

    /// <summary>The protocol the case's talks follow (<c>protocol:</c>), or null for the scenario's own.</summary>
    public string? Protocol { get; init; }

    /// <summary>What the case stipulates, per issue id (<c>stipulates:</c>).</summary>
    public IReadOnlyDictionary<string, IssueLimit> Stipulates { get; init; } = new Dictionary<string, IssueLimit>(StringComparer.Ordinal);

    /// <summary>The numbers of the changes stated with a range: the experiment's parameters.</summary>
    public IReadOnlyList<ClaimParameter> Parameters =>
        [.. Changes.Where(c => c.Amount?.Range is not null).Select(c => new ClaimParameter(Which, Op(c), c.Path, c.Amount!.Value, c.Amount.Range!.Value.Low, c.Amount.Range.Value.High))];

    /// <summary>The changes in one line ("as written" when none): "shift dynamics.costs.russia 0.005; stipulate force at most 33".</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        // in the order they are applied: removals, additions, then the numbers
        IEnumerable<string> words = Changes.OrderBy(c => c.Operation switch { VariantOperation.Remove => 0, VariantOperation.Add => 1, _ => 2 }).Select(c => c.Amount is Quantity q ? string.Create(inv, $"{Op(c)} {c.Path} {q.Value:0.####}") : c.Label is null ? $"{Op(c)} {c.Path}" : $"{Op(c)} {c.Path} {c.Label}")
            .Concat(Stipulates.Select(kv => $"stipulate {kv.Key} {kv.Value}"))
            .Concat(Protocol is null ? [] : [$"protocol {Protocol}"]);
        string line = string.Join("; ", words);
        return line.Length == 0 ? "as written" : line;
    }

    private static string Op(VariantChange c) => c.Operation.ToString().ToLowerInvariant();
}

/// <summary>A number of a claim's setting or counter-setting written with a range: its value is used, the range tests the verdict.</summary>
/// <param name="Case">"setting" or "counter".</param>
/// <param name="Operation">"set" or "shift".</param>
/// <param name="Path">The dotted path it changes.</param>
/// <param name="Value">The value the experiment uses.</param>
/// <param name="Low">Low end of its range.</param>
/// <param name="High">High end of its range.</param>
public sealed record ClaimParameter(string Case, string Operation, string Path, double Value, double Low, double High)
{
    /// <summary>Its name in outputs: "setting: shift dynamics.costs.russia".</summary>
    public string Name => $"{Case}: {Operation} {Path}";
}

/// <summary>What a claim measures.</summary>
public enum ClaimMeasureKind
{
    /// <summary>The probability that the talks end in agreement.</summary>
    Agreement,

    /// <summary>A party's utility of the outcome (no deal: its alternative when the talks end).</summary>
    Utility,

    /// <summary>An issue's agreed level (over the draws that agree in both cases).</summary>
    Level,

    /// <summary>The share of an agreement's power paths on which it still holds after five years (over the draws that agree in both cases).</summary>
    Durability,
}

/// <summary>A claim's outcome: <c>agreement</c>, <c>utility.ACTOR</c>, <c>level.ISSUE</c> or <c>durability</c>.</summary>
/// <param name="Kind">What is measured.</param>
/// <param name="Subject">The actor (utility) or issue (level), else null.</param>
public sealed record ClaimMeasure(ClaimMeasureKind Kind, string? Subject)
{
    /// <summary>As written in the scenario.</summary>
    public override string ToString() => Kind switch
    {
        ClaimMeasureKind.Agreement => "agreement",
        ClaimMeasureKind.Utility => $"utility.{Subject}",
        ClaimMeasureKind.Level => $"level.{Subject}",
        _ => "durability",
    };

    /// <summary>The measure in words.</summary>
    public string Describe() => Kind switch
    {
        ClaimMeasureKind.Agreement => "probability of agreement",
        ClaimMeasureKind.Utility => $"{Subject}'s utility of the outcome",
        ClaimMeasureKind.Level => $"agreed level of {Subject}",
        _ => "share of deals holding after 5 years",
    };
}

/// <summary>The direction a claim says its outcome moves.</summary>
public enum ClaimDirection
{
    /// <summary>Higher in the setting than in the counter-setting.</summary>
    Up,

    /// <summary>Lower in the setting than in the counter-setting.</summary>
    Down,
}

/// <summary>
/// The mechanisms of the engine a claim's effect can run through; each can be switched off (the experiment's check that an
/// effect comes from the mechanism it names).
/// </summary>
public static class Mechanisms
{
    /// <summary>Each party's cost of war per step (<c>dynamics.costs</c>, events' changes to it, the mediator's pressure, an escalation): it lowers the party's alternative and makes waiting dear.</summary>
    public const string CostsOfWar = "costs-of-war";

    /// <summary>The balance of power over time (<c>dynamics.trend</c>, <c>volatility</c>, and events' changes to them and to p_prevail): alternatives follow the war.</summary>
    public const string BalanceOfPower = "balance-of-power";

    /// <summary>The extra cost of breaking a deal (<c>agreement.guarantees</c> and the deterrence of its terms): durability.</summary>
    public const string Deterrence = "deterrence";

    /// <summary>Rearmament and aid after the deal (<c>dynamics.after_agreement</c> rearmament and aid, under force limits): durability.</summary>
    public const string Rearmament = "rearmament";

    /// <summary>
    /// A concession before the talks (the <c>up-front</c> strategy: the share of its range it gives at once) and the reference
    /// point it gives the others (the model parameter <c>negotiation.anchoring</c>).
    /// </summary>
    public const string UpFrontConcession = "up-front-concession";

    /// <summary>
    /// Bad faith: a party's plan to renege after the deal (<c>dynamics.after_agreement.defection</c>, read by durability) and
    /// the others' discounting of its promises (its <c>credibility</c>, read by the strategies).
    /// </summary>
    public const string BadFaith = "bad-faith";

    /// <summary>Coordination on one side before the talks (<c>channels: coordination:</c>): the group's positions move toward each other.</summary>
    public const string Coordination = "coordination";

    /// <summary>
    /// Escalate, then sell de-escalation (<c>channels: escalation:</c>): a party raises another's cost of war, then offers to
    /// stop for a concession on another issue.
    /// </summary>
    public const string EscalateThenSell = "escalate-then-sell";

    /// <summary>Every mechanism, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = [CostsOfWar, BalanceOfPower, Deterrence, Rearmament, UpFrontConcession, BadFaith, Coordination, EscalateThenSell];
}
