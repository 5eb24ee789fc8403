using System.Globalization;
using Parley.Core.Domain;

namespace Parley.Core.Bargaining;

/// <summary>How an actor values distance from its position on a continuous issue.</summary>
public enum ValueShape
{
    /// <summary>v = 1 − d (d = distance / width of the scale): the default.</summary>
    Linear,

    /// <summary>v = 1 − d²: small departures cost little, large ones a lot.</summary>
    Quadratic,
}

/// <summary>Settings of the deal-space analysis (MODELS.md §2).</summary>
public sealed record DealSettings
{
    /// <summary>Grid step on continuous issues; null: every anchor and the midpoints between neighbours (plus the ends).</summary>
    public double? Step { get; init; }

    /// <summary>Value function on continuous issues.</summary>
    public ValueShape Shape { get; init; } = ValueShape.Linear;

    /// <summary>True: saliences are used as weights as they are (Genius semantics); false: normalised to sum 1 per actor.</summary>
    public bool RawWeights { get; init; }

    /// <summary>Time steps of war cost counted against an actor's alternative to agreement.</summary>
    public double Horizon { get; init; } = 12;

    /// <summary>Largest package space enumerated exactly; beyond it the search samples (labelled approximate).</summary>
    public long MaxExact { get; init; } = 100_000_000;

    /// <summary>Packages sampled (each improved by local search) when the space is larger than <see cref="MaxExact"/>.</summary>
    public int Samples { get; init; } = 200_000;

    /// <summary>Reads <c>deal.*</c> settings (scenario first, command line last); bad ones go to <paramref name="errors"/>.</summary>
    /// <param name="settings">Dotted key/value pairs in the order they apply.</param>
    /// <param name="errors">Receives one message per bad setting.</param>
    public static DealSettings From(IEnumerable<KeyValuePair<string, string>> settings, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(errors);
        var d = new DealSettings();
        foreach ((string key, string value) in settings)
        {
            if (!key.StartsWith("deal.", StringComparison.Ordinal))
            {
                continue;
            }

            ModelParameter? p = ModelParameterCatalog.Find(key);
            if (p is null)
            {
                errors.Add($"unknown model parameter '{key}'");
                continue;
            }

            if (p.Check(value) is string problem)
            {
                errors.Add($"{key}: {problem}");
                continue;
            }

            d = key switch
            {
                "deal.step" => d with { Step = Num(value) > 0 ? Num(value) : null },
                "deal.shape" => d with { Shape = value == "quadratic" ? ValueShape.Quadratic : ValueShape.Linear },
                "deal.weights" => d with { RawWeights = value == "raw" },
                "deal.horizon" => d with { Horizon = Num(value) },
                _ => d,
            };
        }

        return d;
    }

    private static double Num(string v) => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
}
