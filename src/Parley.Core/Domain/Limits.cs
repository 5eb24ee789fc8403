using System.Globalization;

namespace Parley.Core.Domain;

/// <summary>
/// What one run may ask for, so that no input can make it exceed its time or memory budget: checked before any work
/// starts, each refusal says why and what to do instead. The one place for these numbers.
/// </summary>
public static class Limits
{
    /// <summary>The most Monte Carlo draws one run takes.</summary>
    public const long MaxDraws = 1_000_000;

    /// <summary>The most levels of one issue in a deal space (a grid step of 0.01 on a 0-100 scale).</summary>
    public const int MaxLevels = 10_001;

    /// <summary>The largest magnitude of any number in a scenario.</summary>
    public const double MaxMagnitude = 1e9;

    /// <summary>The latest deadline of a simulated negotiation, in time steps (83 years of months).</summary>
    public const int MaxDeadline = 1000;

    /// <summary>Why a deadline is refused, or null.</summary>
    /// <param name="deadline">The deadline asked for.</param>
    public static string? Deadline(int deadline) =>
        deadline < 0 ? "--deadline must be 0 or more"
        : deadline > MaxDeadline ? string.Create(CultureInfo.InvariantCulture, $"--deadline {deadline:N0} is beyond {MaxDeadline:N0} time steps, the longest talks a run simulates")
        : null;

    /// <summary>Why a draw count is refused, or null.</summary>
    /// <param name="draws">The draws asked for.</param>
    public static string? Draws(long draws) =>
        draws < 0 ? "--draws must be 0 or more"
        : draws > MaxDraws ? string.Create(CultureInfo.InvariantCulture, $"--draws {draws:N0} is more than {MaxDraws:N0}, the most one run takes; run several with different --seed values and compare them")
        : null;

    /// <summary>Why a grid step is refused for these issues (more than <see cref="MaxLevels"/> levels on one), or null.</summary>
    /// <param name="issues">The issues.</param>
    /// <param name="step">The grid step on continuous issues (0: anchors and midpoints).</param>
    /// <param name="what">How the step was given ("--step", "models: deal: step").</param>
    public static string? Grid(IEnumerable<Issue> issues, double step, string what)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (!double.IsFinite(step) || step < 0)
        {
            return $"{what} must be a positive number (or left out for the default grid)";
        }

        if (step == 0)
        {
            return null;
        }

        foreach (Issue issue in issues)
        {
            double levels = Math.Floor(issue.Span / step) + 1;
            if (issue.Kind == IssueKind.Continuous && levels > MaxLevels)
            {
                double smallest = issue.Span / (MaxLevels - 1);
                return string.Create(CultureInfo.InvariantCulture,
                    $"{what} {step:G4} gives {(levels < 1e15 ? levels.ToString("N0", CultureInfo.InvariantCulture) : levels.ToString("G3", CultureInfo.InvariantCulture))} levels on issue '{issue.Id}'; at most {MaxLevels:N0} levels per issue: use a step of at least {smallest:G3}");
            }
        }

        return null;
    }
}
