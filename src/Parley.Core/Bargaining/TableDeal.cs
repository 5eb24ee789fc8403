namespace Parley.Core.Bargaining;

/// <summary>
/// The deal of a negotiating table: a bargaining solution (Nash by default) of a group of parties on a deal space. The one
/// way every analysis (deal space, negotiation ripeness, durability, compare, sensitivity, what-if) finds it.
/// </summary>
public static class TableDeal
{
    private static readonly DealAnalysisOptions SolutionsOnly = new() { Frontier = false, Trades = 0, Blockers = false };

    /// <summary>The zone and the bargaining solutions of the group (no frontier, trades or blockers).</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="group">The parties' indices in the space.</param>
    public static DealReport Solutions(DealSpace space, int[] group) => DealAnalysis.Run(space, group, SolutionsOnly);

    /// <summary>The named solution's levels for the group, or null when the group has no zone of agreement (or fewer than two members: a deal needs two who sign).</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="group">The parties' indices in the space.</param>
    /// <param name="solution">nash, asymmetric-nash, kalai-smorodinsky, egalitarian or utilitarian.</param>
    public static Solution? Find(DealSpace space, int[] group, string solution = "nash") =>
        group is { Length: >= 2 } ? DealAnalysis.Run(space, group, SolutionsOnly).Find(solution) : null;

    /// <summary>The default group: the actors who sign (parties, and the mediator when it has a stake; <see cref="Domain.Seating.Signatories"/>).</summary>
    /// <param name="space">The deal space.</param>
    public static int[] Group(DealSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return [.. Domain.Seating.Signatories(space.Scenario).Select(space.IndexOf)];
    }

    /// <summary>The named solution for the actors who sign (the default group), or null.</summary>
    /// <param name="space">The deal space.</param>
    /// <param name="solution">The solution's name.</param>
    public static Solution? Find(DealSpace space, string solution = "nash") =>
        Find(space, Group(space), solution);
}
