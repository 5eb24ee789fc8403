using Parley.Core.Domain;

namespace Parley.Core.Negotiation;

/// <summary>
/// Coordination on one side before the talks (<see cref="SideCoordination"/>): the parties of the group move their stated
/// positions toward the group's, at the stated rate per round, before they face the other side. The negotiation analyses
/// apply it to the scenario before the talks start; forecasts and the deal space read the scenario as written.
/// </summary>
public static class Coordination
{
    /// <summary>
    /// The scenario as the talks see it after the coordination: on each issue, every member with a stance moves
    /// 1 − (1 − rate)^rounds of the way toward the mean of the members' positions weighted by capability × salience (its
    /// range moves with it, within the scale), never past its own red line. Unchanged without coordination.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    public static Scenario Before(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Channels.Coordination is not { } group)
        {
            return scenario;
        }

        double share = 1 - Math.Pow(1 - Math.Clamp(group.Rate.Value, 0, 1), group.Rounds);
        Actor[] actors = [.. scenario.Actors];
        foreach (Issue issue in scenario.Issues)
        {
            double sum = 0, weight = 0;
            foreach (Actor a in actors)
            {
                if (group.Parties.Contains(a.Id) && a.StanceOn(issue.Id) is { } st)
                {
                    double w = (a.Capability?.Value ?? 1) * st.Salience.Value;
                    sum += w * st.Position.Value;
                    weight += w;
                }
            }

            if (weight <= 0)
            {
                continue;
            }

            double mean = sum / weight;
            for (int i = 0; i < actors.Length; i++)
            {
                if (!group.Parties.Contains(actors[i].Id) || actors[i].StanceOn(issue.Id) is not { } st)
                {
                    continue;
                }

                double x = st.Position.Value, target = x + (share * (mean - x));
                if (st.RedLine is { Limit: { } limit } line)
                {
                    target = line.Bound switch
                    {
                        RedLineBound.AtLeast => Math.Max(target, limit.Value),
                        RedLineBound.AtMost => Math.Min(target, limit.Value),
                        _ => target,
                    };
                }

                double delta = target - x;
                Quantity moved = st.Position with
                {
                    Value = Math.Clamp(target, issue.Min, issue.Max),
                    Range = st.Position.Range is Interval r ? new Interval(Math.Clamp(r.Low + delta, issue.Min, issue.Max), Math.Clamp(r.High + delta, issue.Min, issue.Max)) : null,
                };
                actors[i] = actors[i] with { Stances = [.. actors[i].Stances.Select(s => s.IssueId == issue.Id ? s with { Position = moved } : s)] };
            }
        }

        return scenario with { Actors = actors };
    }
}
