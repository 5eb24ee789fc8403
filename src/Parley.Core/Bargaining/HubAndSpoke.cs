namespace Parley.Core.Bargaining;

/// <summary>One row of the hub-and-spoke comparison: the Nash deal of one group and what everyone gets.</summary>
/// <param name="Label">"mediator + spoke" or "all parties".</param>
/// <param name="Group">Actor indices of the group.</param>
/// <param name="Deal">The group's Nash solution, or null when its zone is empty.</param>
/// <param name="Acceptable">Per actor of the scenario: within its red lines and at or above its reservation value under the deal.</param>
public sealed record CoalitionDeal(string Label, int[] Group, Solution? Deal, bool[] Acceptable);

/// <summary>
/// The deal the mediator could reach with each spoke separately, compared with the deal of all parties
/// together, with every party's utility under each (including those left out of the room).
/// </summary>
public static class HubAndSpoke
{
    /// <summary>Compares the mediator-plus-spoke deals with the joint one.</summary>
    /// <param name="space">The deal space (all actors).</param>
    /// <param name="mediator">Mediator's actor index.</param>
    /// <param name="spokes">Spokes' actor indices.</param>
    /// <param name="everyone">The full group.</param>
    public static IReadOnlyList<CoalitionDeal> Compare(DealSpace space, int mediator, IReadOnlyList<int> spokes, int[] everyone)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(spokes);
        var rows = new List<CoalitionDeal>();
        var options = new DealAnalysisOptions { Frontier = false, Blockers = false, Trades = 0 };
        foreach (int s in spokes)
        {
            int[] group = [mediator, s];
            rows.Add(Row($"{space.Actors[mediator].Id} + {space.Actors[s].Id}", group));
        }

        rows.Add(Row("all parties", everyone));
        return rows;

        CoalitionDeal Row(string label, int[] group)
        {
            Solution? nash = DealAnalysis.Run(space, group, options).Find("nash");
            var ok = new bool[space.Actors.Count];
            if (nash is not null)
            {
                for (int a = 0; a < ok.Length; a++)
                {
                    ok[a] = space.Accepts(a, nash.Levels) && nash.Gains[a] >= -1e-12;
                }
            }

            return new CoalitionDeal(label, group, nash, ok);
        }
    }
}
