using System.Globalization;

namespace Parley.Core.Domain;

/// <summary>A value described in the issue's own words (its anchors or option labels): the one place for it.</summary>
public static class IssueWords
{
    /// <summary>
    /// Where a forecast sits among the anchors: "~ label" within 5% of the scale of an anchor, else "nearest N: label";
    /// the option label of a discrete issue.
    /// </summary>
    /// <param name="issue">The issue.</param>
    /// <param name="value">A value on its scale.</param>
    public static string Reading(Issue issue, double value)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (issue.Kind == IssueKind.Discrete)
        {
            return issue.Format(value);
        }

        if (issue.Anchors.Count == 0)
        {
            return string.Empty;
        }

        Anchor nearest = issue.Anchors[0];
        foreach (Anchor a in issue.Anchors)
        {
            if (Math.Abs(a.Value - value) < Math.Abs(nearest.Value - value))
            {
                nearest = a;
            }
        }

        if (Math.Abs(nearest.Value - value) <= 0.05 * issue.Span)
        {
            return $"~ {nearest.Label}";
        }

        // halfway between two anchors, neither is nearer: name both
        Anchor? tie = issue.Anchors.FirstOrDefault(a => a != nearest && Math.Abs(Math.Abs(a.Value - value) - Math.Abs(nearest.Value - value)) < 1e-9);
        return tie is null
            ? $"nearest {Number(issue, nearest.Value)}: {nearest.Label}"
            : $"between {Number(issue, Math.Min(nearest.Value, tie.Value))}: {(nearest.Value < tie.Value ? nearest : tie).Label} and {Number(issue, Math.Max(nearest.Value, tie.Value))}: {(nearest.Value < tie.Value ? tie : nearest).Label}";
    }

    /// <summary>
    /// A package's level: the number with its anchor's label when it is one, else the anchors it lies between; the option
    /// label of a discrete issue.
    /// </summary>
    /// <param name="issue">The issue.</param>
    /// <param name="value">A level on its scale.</param>
    public static string Level(Issue issue, double value)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (issue.Kind == IssueKind.Discrete)
        {
            return issue.Format(value);
        }

        string num = value.ToString("0.##", CultureInfo.InvariantCulture);
        Anchor? exact = null, below = null, above = null;
        foreach (Anchor a in issue.Anchors)
        {
            if (exact is null && Math.Abs(a.Value - value) < 1e-9)
            {
                exact = a;
            }

            if (a.Value < value)
            {
                below = a;
            }

            if (above is null && a.Value > value)
            {
                above = a;
            }
        }

        if (exact is not null)
        {
            return $"{num} {exact.Label}";
        }

        return below is not null && above is not null
            ? $"{num} (between {below.Value.ToString("0.##", CultureInfo.InvariantCulture)} and {above.Value.ToString("0.##", CultureInfo.InvariantCulture)})"
            : num;
    }

    /// <summary>A level of the deal grid (a package's level, a zone's end): exact, so with its half steps (83.5, 62.5).</summary>
    /// <param name="issue">The issue.</param>
    /// <param name="value">A level on its scale.</param>
    public static string GridNumber(Issue issue, double value)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return value.ToString(issue.Span >= 20 ? "0.#" : issue.Span >= 2 ? "0.0#" : "0.00#", CultureInfo.InvariantCulture);
    }

    /// <summary>A number with as many decimals as the scale warrants (no false precision).</summary>
    /// <param name="issue">The issue.</param>
    /// <param name="value">A value on its scale.</param>
    public static string Number(Issue issue, double value)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return value.ToString(issue.Span >= 20 ? "0" : issue.Span >= 2 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
    }
}
