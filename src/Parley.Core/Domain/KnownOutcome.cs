namespace Parley.Core.Domain;

/// <summary>
/// What happened in a case whose outcome is known (<c>NAME.outcome.yaml</c> beside its scenario): the level each issue
/// was settled at, when, and who reported it. A backtest scores forecasts of the scenario against it.
/// </summary>
public sealed record KnownOutcome
{
    /// <summary>The scenario file, as the outcome file names it (relative to the outcome file).</summary>
    public required string Scenario { get; init; }

    /// <summary>When the outcome was fixed (YYYY, YYYY-MM or YYYY-MM-DD).</summary>
    public required string Decided { get; init; }

    /// <summary>Who reported the outcome.</summary>
    public required OutcomeSource Source { get; init; }

    /// <summary>True when the outcome file says the scenario was coded knowing the outcome.</summary>
    public bool DeclaredInSample { get; init; }

    /// <summary>A note on the case (what the milestone was, how the levels were read).</summary>
    public string? Note { get; init; }

    /// <summary>The issues whose outcome is known, in the scenario's order.</summary>
    public IReadOnlyList<IssueOutcome> Issues { get; init; } = [];
}

/// <summary>Who reported an outcome.</summary>
/// <param name="Title">Title of the work.</param>
/// <param name="Outlet">Where it appeared.</param>
/// <param name="Date">Its date (YYYY, YYYY-MM or YYYY-MM-DD).</param>
public sealed record OutcomeSource(string Title, string? Outlet, string? Date);

/// <summary>The level one issue was settled at.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Value">The level on the issue's own scale (discrete issues: the option's index).</param>
/// <param name="Text">The level as the outcome file writes it (a number, an anchor label or an option).</param>
/// <param name="Note">How the level was read from the source.</param>
public sealed record IssueOutcome(string IssueId, double Value, string Text, string? Note);
