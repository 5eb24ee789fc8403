using System.Globalization;
using Parley.Core.Domain;

namespace Parley.Core.Forecasting;

/// <summary>Voting rules: how a difference in utility becomes a vote (KTAB's VotingRule).</summary>
public enum VotingRule
{
    /// <summary>All or nothing (with a tiny linear ramp around zero).</summary>
    Binary,

    /// <summary>80% proportional, 20% binary.</summary>
    PropBin,

    /// <summary>Proportional to the difference (the default).</summary>
    Proportional,

    /// <summary>Half proportional, half cubic.</summary>
    PropCubic,

    /// <summary>Cubic in the difference.</summary>
    Cubic,

    /// <summary>Proportional for losses, two thirds of that for gains (prospect theory).</summary>
    AsymProspect,
}

/// <summary>How coalition strengths become a probability of victory (KTAB's VPModel).</summary>
public enum VictoryModel
{
    /// <summary>p = c1 / (c1 + c2) (the default).</summary>
    Linear,

    /// <summary>Strengths squared.</summary>
    Square,

    /// <summary>Strengths to the fourth power.</summary>
    Quartic,

    /// <summary>Strengths to the eighth power.</summary>
    Octic,

    /// <summary>A 10% advantage wins for sure; linear in between.</summary>
    Binary,
}

/// <summary>Which probabilistic Condorcet election is used (KTAB's PCEModel).</summary>
public enum PceModel
{
    /// <summary>P_i proportional to the product of P(i beats j) (the default).</summary>
    Conditional,

    /// <summary>Markov chain with uniform challenges.</summary>
    MarkovUniform,

    /// <summary>Markov chain with challenges in proportion to the incentive to challenge.</summary>
    MarkovIncentive,
}

/// <summary>How actor h estimates actor i's risk attitude (KTAB's BigRAdjust).</summary>
public enum RiskAdjust
{
    /// <summary>r_hi = r_i.</summary>
    Full,

    /// <summary>r_hi = (r_h + 2 r_i) / 3.</summary>
    TwoThirds,

    /// <summary>r_hi = (r_h + r_i) / 2.</summary>
    Half,

    /// <summary>r_hi = (2 r_h + r_i) / 3 (the default).</summary>
    OneThird,

    /// <summary>r_hi = r_h.</summary>
    None,
}

/// <summary>Range of the risk attitudes inferred from probabilities (KTAB's BigRRange).</summary>
public enum RiskRange
{
    /// <summary>[0, 1].</summary>
    Min,

    /// <summary>[−0.5, 1] (the default).</summary>
    Mid,

    /// <summary>[−1, 1].</summary>
    Max,
}

/// <summary>How committed a third party is when it joins one side of a contest (KTAB's ThirdPartyCommit).</summary>
public enum ThirdPartyCommit
{
    /// <summary>It adopts the winner's position either way.</summary>
    Full,

    /// <summary>It keeps its own position when its side wins (the default).</summary>
    Semi,

    /// <summary>It always keeps its own position.</summary>
    None,
}

/// <summary>Parameters of the expected-utility model (MODELS.md §1.3).</summary>
public sealed record EumOptions
{
    /// <summary>Probability that the target does nothing when not challenged.</summary>
    public double Q { get; init; } = 1;

    /// <summary>Probability that an unchallenged status quo improves rather than worsens.</summary>
    public double T { get; init; } = 1;

    /// <summary>Round cap.</summary>
    public int MaxRounds { get; init; } = 10;
}

/// <summary>Parameters of the spatial model (MODELS.md §1.4); the defaults are KTAB's.</summary>
public sealed record SmpOptions
{
    /// <summary>Turn cap.</summary>
    public int MaxTurns { get; init; } = 100;

    /// <summary>Stop when a turn's movement falls below this fraction of the first turn's.</summary>
    public double StopRatio { get; init; } = 0.02;

    /// <summary>Voting rule for coalitions and elections.</summary>
    public VotingRule Voting { get; init; } = VotingRule.Proportional;

    /// <summary>Victory-probability model.</summary>
    public VictoryModel Victory { get; init; } = VictoryModel.Linear;

    /// <summary>Probabilistic Condorcet election variant.</summary>
    public PceModel Pce { get; init; } = PceModel.Conditional;

    /// <summary>How one actor estimates another's risk attitude.</summary>
    public RiskAdjust RiskAdjust { get; init; } = RiskAdjust.OneThird;

    /// <summary>Range of inferred risk attitudes.</summary>
    public RiskRange RiskRange { get; init; } = RiskRange.Mid;

    /// <summary>Third-party commitment.</summary>
    public ThirdPartyCommit ThirdParty { get; init; } = ThirdPartyCommit.Semi;

    /// <summary>Exponent on salience and probability in the bargain weights (1 or 2).</summary>
    public int BargainExponent { get; init; } = 2;
}

/// <summary>Every model's parameters for one forecast run.</summary>
public sealed record ForecastOptions
{
    /// <summary>The defaults (KTAB's SMP configuration; EUM with Q = T = 1 and 10 rounds).</summary>
    public static readonly ForecastOptions Default = new();

    /// <summary>Expected-utility model parameters.</summary>
    public EumOptions Eum { get; init; } = new();

    /// <summary>Spatial model parameters.</summary>
    public SmpOptions Smp { get; init; } = new();

    /// <summary>
    /// Applies dotted settings (<c>eum.q</c> = <c>0.5</c>) in order, later ones winning: the scenario's
    /// <c>models:</c> block first, then the command line. Unknown keys and bad values are collected in
    /// <paramref name="errors"/>.
    /// </summary>
    /// <param name="settings">Key/value pairs in the order they apply.</param>
    /// <param name="errors">Receives one message per bad setting.</param>
    public static ForecastOptions From(IEnumerable<KeyValuePair<string, string>> settings, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(errors);
        var eum = new EumOptions();
        var smp = new SmpOptions();
        foreach ((string key, string value) in settings)
        {
            ModelParameter? p = ModelParameterCatalog.Find(key);
            if (p is null)
            {
                errors.Add($"unknown model parameter '{key}'; known: {string.Join(", ", ModelParameterCatalog.All.Select(x => x.Key))}");
                continue;
            }

            if (p.Check(value) is string problem)
            {
                errors.Add($"{key}: {problem}");
                continue;
            }

            double n = p.IsChoice ? 0 : double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (key)
            {
                case var k when k.StartsWith("deal.", StringComparison.Ordinal): break; // deal-space settings, read by Bargaining
                case "negotiation.anchoring": break; // read by the negotiation session
                case "eum.q": eum = eum with { Q = n }; break;
                case "eum.t": eum = eum with { T = n }; break;
                case "eum.rounds": eum = eum with { MaxRounds = (int)n }; break;
                case "smp.turns": smp = smp with { MaxTurns = (int)n }; break;
                case "smp.tolerance": smp = smp with { StopRatio = n }; break;
                case "smp.voting": smp = smp with { Voting = ParseVoting(value) }; break;
                case "smp.victory": smp = smp with { Victory = ParseVictory(value) }; break;
                case "smp.pce": smp = smp with { Pce = value switch { "markov-uniform" => PceModel.MarkovUniform, "markov-incentive" => PceModel.MarkovIncentive, _ => PceModel.Conditional } }; break;
                case "smp.risk_adjust": smp = smp with { RiskAdjust = value switch { "full" => RiskAdjust.Full, "two-thirds" => RiskAdjust.TwoThirds, "half" => RiskAdjust.Half, "none" => RiskAdjust.None, _ => RiskAdjust.OneThird } }; break;
                case "smp.risk_range": smp = smp with { RiskRange = value switch { "min" => RiskRange.Min, "max" => RiskRange.Max, _ => RiskRange.Mid } }; break;
                case "smp.third_party": smp = smp with { ThirdParty = value switch { "full" => ThirdPartyCommit.Full, "none" => ThirdPartyCommit.None, _ => ThirdPartyCommit.Semi } }; break;
                case "smp.bargain": smp = smp with { BargainExponent = value == "s1p1" ? 1 : 2 }; break;
                default: throw new InvalidOperationException($"catalogued parameter {key} has no handler");
            }
        }

        return new ForecastOptions { Eum = eum, Smp = smp };
    }

    private static VotingRule ParseVoting(string v) => v switch
    {
        "binary" => VotingRule.Binary,
        "prop-bin" => VotingRule.PropBin,
        "prop-cubic" => VotingRule.PropCubic,
        "cubic" => VotingRule.Cubic,
        "asym-prospect" => VotingRule.AsymProspect,
        _ => VotingRule.Proportional,
    };

    private static VictoryModel ParseVictory(string v) => v switch
    {
        "square" => VictoryModel.Square,
        "quartic" => VictoryModel.Quartic,
        "octic" => VictoryModel.Octic,
        "binary" => VictoryModel.Binary,
        _ => VictoryModel.Linear,
    };
}
