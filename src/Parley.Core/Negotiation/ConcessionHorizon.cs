namespace Parley.Core.Negotiation;

/// <summary>
/// A party's own horizon: how long it can afford to hold out. Faratin, Sierra and Jennings (1998) give each negotiator its own
/// deadline t_max; here it is the first time step h at which waiting would have cost the party the whole surplus it bargains
/// for, h·c ≥ u_best − r, where c is its cost of one more step without agreement (a step of the war's cost, the discount on
/// its best package, and the expected worsening of its alternative) — never later than the talks' deadline. A party whose
/// waiting costs nothing, or gains (an improving alternative), keeps the deadline: then agreement timing follows the
/// deadline, as in the original strategies; a party that bleeds while it talks concedes over its own, shorter horizon.
/// </summary>
public static class ConcessionHorizon
{
    /// <summary>The horizon, in time steps: ⌈(best − reservation) / cost⌉, between 1 and the deadline.</summary>
    /// <param name="best">The party's utility of its best package.</param>
    /// <param name="reservation">Its reservation value at the start.</param>
    /// <param name="costPerStep">Its cost of one more step without agreement, in utility units.</param>
    /// <param name="deadline">The talks' deadline.</param>
    public static int Of(double best, double reservation, double costPerStep, int deadline)
    {
        double surplus = best - reservation;
        if (deadline <= 1 || costPerStep <= 1e-12 || surplus <= 0 || double.IsNaN(surplus))
        {
            return Math.Max(0, deadline);
        }

        double steps = Math.Ceiling(surplus / costPerStep);
        return steps >= deadline ? deadline : Math.Max(1, (int)steps);
    }
}
