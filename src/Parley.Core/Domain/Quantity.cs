namespace Parley.Core.Domain;

/// <summary>Who may see a number during a simulated negotiation.</summary>
public enum Visibility
{
    /// <summary>Every party may see the number.</summary>
    Public,

    /// <summary>Only the owning actor (and the analyst) may see the number.</summary>
    Private,
}

/// <summary>Where a number comes from: the sources it cites, and whether it is a modelling estimate.</summary>
public sealed record Provenance
{
    /// <summary>No source and no estimate marker: the loader warns about such numbers.</summary>
    public static readonly Provenance None = new();

    /// <summary>Ids of entries in the scenario's source list.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>True when the number is an analyst's estimate rather than a reported figure.</summary>
    public bool IsEstimate { get; init; }

    /// <summary>Free-text reasoning behind the number.</summary>
    public string? Note { get; init; }

    /// <summary>Quotes from the sources that support the number (<c>cite:</c>), in file order.</summary>
    public IReadOnlyList<Citation> Cites { get; init; } = [];

    /// <summary>True when the number cites a source (by id or with a quote) or is marked as an estimate.</summary>
    public bool IsDocumented => Sources.Count > 0 || IsEstimate || Cites.Count > 0;

    /// <summary>Value equality, comparing the cited sources and quotes element by element.</summary>
    /// <param name="other">The other provenance.</param>
    public bool Equals(Provenance? other) =>
        other is not null && IsEstimate == other.IsEstimate && Note == other.Note && Sources.SequenceEqual(other.Sources) && Cites.SequenceEqual(other.Cites);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(IsEstimate);
        h.Add(Note);
        foreach (string s in Sources)
        {
            h.Add(s);
        }

        foreach (Citation c in Cites)
        {
            h.Add(c);
        }

        return h.ToHashCode();
    }
}

/// <summary>
/// A quote from a source that supports a number: the source's id, the words quoted (at most <see cref="MaxWords"/>, an
/// omission written <c>[…]</c>), where they stand in it, and one line on how they support the value or its range.
/// </summary>
/// <param name="Source">Id of an entry in the scenario's source list.</param>
/// <param name="Quote">The words quoted, verbatim.</param>
/// <param name="Locator">Where the quote stands (e.g. "para 15"), or null.</param>
/// <param name="Supports">How the quote supports the value or range, or null.</param>
public sealed record Citation(string Source, string Quote, string? Locator = null, string? Supports = null)
{
    /// <summary>The longest quote allowed, in words (fair quotation, never the text itself).</summary>
    public const int MaxWords = 40;

    /// <summary>Where the quote comes from, as every output writes it: "RS, para 8" (the source alone without a locator; a method, so that it stays out of the JSON documents).</summary>
    public string Reference() => Locator is null ? Source : $"{Source}, {Locator}";

    /// <summary>The quote's length in words (an omission mark <c>[…]</c> is not a word).</summary>
    public int Words => Quote.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Count(w => w is not ("[…]" or "[...]"));
}

/// <summary>A closed interval [Low, High].</summary>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>True when <paramref name="x"/> lies inside the interval (bounds included).</summary>
    /// <param name="x">The value to test.</param>
    public bool Contains(double x) => x >= Low && x <= High;
}

/// <summary>
/// A number with its uncertainty, provenance and visibility. A range is sampled as a triangular
/// distribution (low, value, high); a standard deviation as a normal truncated to the field's valid range.
/// </summary>
public sealed record Quantity
{
    /// <summary>The central (most likely) value.</summary>
    public required double Value { get; init; }

    /// <summary>Plausible range, sampled as a triangular distribution around <see cref="Value"/>.</summary>
    public Interval? Range { get; init; }

    /// <summary>Standard deviation, sampled as a normal truncated to the field's valid range.</summary>
    public double? StandardDeviation { get; init; }

    /// <summary>Where the number comes from.</summary>
    public Provenance Provenance { get; init; } = Provenance.None;

    /// <summary>Who may see the number.</summary>
    public Visibility Visibility { get; init; }

    /// <summary>True when the number carries a range or a standard deviation.</summary>
    public bool IsUncertain => Range is not null || StandardDeviation is not null;

    /// <summary>A certain, undocumented public number (for tests and programmatic construction).</summary>
    /// <param name="value">The value.</param>
    public static Quantity Of(double value) => new() { Value = value };
}
