namespace Parley.Core.Domain;

/// <summary>A labelled point on a continuous issue scale, such as "0 = 1991 borders".</summary>
/// <param name="Value">The point on the scale.</param>
/// <param name="Label">What the point means.</param>
public sealed record Anchor(double Value, string Label);

/// <summary>Whether an issue is a continuous scale or a set of options.</summary>
public enum IssueKind
{
    /// <summary>A continuous scale between a minimum and a maximum.</summary>
    Continuous,

    /// <summary>A finite set of labelled options.</summary>
    Discrete,
}

/// <summary>One dimension of the negotiation.</summary>
public sealed record Issue
{
    /// <summary>Short id used in files and on the command line.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Longer description.</summary>
    public string? Description { get; init; }

    /// <summary>Continuous or discrete.</summary>
    public required IssueKind Kind { get; init; }

    /// <summary>Lower end of the scale; 0 for discrete issues.</summary>
    public double Min { get; init; }

    /// <summary>Upper end of the scale; the last option's index for discrete issues.</summary>
    public double Max { get; init; }

    /// <summary>Labelled points on a continuous scale, in ascending order.</summary>
    public IReadOnlyList<Anchor> Anchors { get; init; } = [];

    /// <summary>Option labels of a discrete issue (a position is an index into this list).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>True when a discrete issue's options are ordered, so that "at least"/"at most" make sense.</summary>
    public bool Ordered { get; init; }

    /// <summary>Width of the scale (max − min).</summary>
    public double Span => Max - Min;

    /// <summary>Formats a value on this issue for display: the option label for discrete issues.</summary>
    /// <param name="value">A value on the issue's scale.</param>
    public string Format(double value)
    {
        if (Kind == IssueKind.Discrete)
        {
            int index = (int)Math.Round(value);
            return index >= 0 && index < Options.Count ? Options[index] : value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        }

        return value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
    }
}
