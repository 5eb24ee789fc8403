using System.Globalization;

namespace Parley.Core.Domain;

/// <summary>
/// One tunable parameter of a forecasting model, settable in a scenario's <c>models:</c> block
/// (as <c>eum: {q: 0.5}</c>) or on the command line (<c>--param eum.q=0.5</c>).
/// </summary>
/// <param name="Key">Dotted key: model name, a dot, the parameter name.</param>
/// <param name="Description">What it does, for help texts and errors.</param>
/// <param name="Default">The default value, as text.</param>
/// <param name="Min">Smallest allowed number (numeric parameters).</param>
/// <param name="Max">Largest allowed number (numeric parameters).</param>
/// <param name="WholeNumber">True when the value must be a whole number.</param>
/// <param name="Choices">Allowed names for a choice parameter; empty for numeric ones.</param>
public sealed record ModelParameter(string Key, string Description, string Default, double Min = 0, double Max = 0, bool WholeNumber = false, IReadOnlyList<string>? Choices = null)
{
    /// <summary>True for a parameter that takes one of a list of names.</summary>
    public bool IsChoice => Choices is { Count: > 0 };

    /// <summary>Checks a textual value; returns null when it is valid, otherwise what is wrong.</summary>
    /// <param name="text">The value as written.</param>
    public string? Check(string text)
    {
        if (IsChoice)
        {
            return Choices!.Contains(text, StringComparer.Ordinal) ? null : $"'{text}' is not one of {string.Join(", ", Choices!)}";
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v))
        {
            return $"'{text}' is not a number";
        }

        if (WholeNumber && v != Math.Floor(v))
        {
            return $"{text} is not a whole number";
        }

        return v < Min || v > Max
            ? $"{text} is outside [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]"
            : null;
    }
}

/// <summary>The parameters every forecasting model accepts, with their defaults (MODELS.md §1).</summary>
public static class ModelParameterCatalog
{
    /// <summary>Every known parameter.</summary>
    public static IReadOnlyList<ModelParameter> All { get; } =
    [
        new("eum.q", "probability that the target does nothing when not challenged (Q in Scholz et al. 2011)", "1", 0, 1),
        new("eum.t", "probability that the status quo improves rather than worsens when nothing happens (T)", "1", 0, 1),
        new("eum.rounds", "round cap of the expected-utility model", "10", 1, 1000, WholeNumber: true),
        new("smp.turns", "turn cap of the spatial model", "100", 1, 10000, WholeNumber: true),
        new("smp.tolerance", "stop when a turn moves less than this fraction of the first turn's movement", "0.02", 0, 1),
        new("smp.voting", "voting rule", "proportional", Choices: ["binary", "prop-bin", "proportional", "prop-cubic", "cubic", "asym-prospect"]),
        new("smp.victory", "victory-probability model", "linear", Choices: ["linear", "square", "quartic", "octic", "binary"]),
        new("smp.pce", "probabilistic Condorcet election variant", "conditional", Choices: ["conditional", "markov-uniform", "markov-incentive"]),
        new("smp.risk_adjust", "how an actor estimates another's risk attitude (KTAB's BigRAdjust)", "one-third", Choices: ["full", "two-thirds", "half", "one-third", "none"]),
        new("smp.risk_range", "range of inferred risk attitudes (KTAB's BigRRange)", "mid", Choices: ["min", "mid", "max"]),
        new("smp.third_party", "how committed third parties are when they join a contest", "semi", Choices: ["full", "semi", "none"]),
        new("smp.bargain", "how a bargain is interpolated (salience^n x probability^m)", "s2p2", Choices: ["s1p1", "s2p2"]),
        new("deal.step", "grid step for continuous issues in the deal space (0: anchors and the midpoints between them)", "0", 0, 1e9),
        new("deal.shape", "value function of distance on a continuous issue", "linear", Choices: ["linear", "quadratic"]),
        new("deal.weights", "issue weights: saliences normalised per actor, or used raw (Genius semantics)", "normalised", Choices: ["normalised", "raw"]),
        new("negotiation.anchoring", "how a concession made before the talks moves the others: reference-point (each takes what it was conceded as its new floor and accepts nothing worse) or none", "reference-point", Choices: ["reference-point", "none"]),
        new("deal.horizon", "time steps of war cost counted in an actor's alternative to agreement", "12", 0, 1e6),
    ];

    /// <summary>Models that take parameters (the part of a key before the dot).</summary>
    public static IReadOnlyList<string> Models { get; } = ["eum", "smp", "deal"];

    /// <summary>The parameter with this key, or null.</summary>
    /// <param name="key">A dotted key such as <c>eum.q</c>.</param>
    public static ModelParameter? Find(string key)
    {
        foreach (ModelParameter p in All)
        {
            if (p.Key == key)
            {
                return p;
            }
        }

        return null;
    }
}
