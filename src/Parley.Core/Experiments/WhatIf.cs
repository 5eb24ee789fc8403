using Parley.Core.Domain;

namespace Parley.Core.Experiments;

/// <summary>One slider move of a what-if: an actor's position and/or salience on one issue.</summary>
/// <param name="Actor">Actor id.</param>
/// <param name="Issue">Issue id.</param>
/// <param name="Position">New position on the issue's scale, if changed.</param>
/// <param name="Salience">New salience in [0, 1], if changed.</param>
public sealed record ScenarioChange(string Actor, string Issue, double? Position, double? Salience);

/// <summary>Applies what-if changes to a scenario: central values replaced, their uncertainty kept around the new value.</summary>
public static class WhatIf
{
    /// <summary>The scenario with the changes applied (central values replaced; their uncertainty kept around the new value).</summary>
    /// <param name="scenario">The base case.</param>
    /// <param name="changes">The changes (checked).</param>
    public static Scenario Apply(Scenario scenario, IReadOnlyList<ScenarioChange> changes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return scenario;
        }

        var actors = scenario.Actors.Select(a =>
        {
            var mine = changes.Where(c => c.Actor == a.Id).ToList();
            return mine.Count == 0 ? a : a with
            {
                Stances = [.. a.Stances.Select(st => mine.Where(c => c.Issue == st.IssueId).Aggregate(st, (acc, c) =>
                {
                    Issue issue = scenario.Issues.First(i => i.Id == st.IssueId);
                    double hi = issue.Kind == IssueKind.Discrete ? issue.Options.Count - 1 : issue.Max;
                    return acc with
                    {
                        Position = c.Position is double p ? Moved(acc.Position, p, issue.Kind == IssueKind.Discrete ? 0 : issue.Min, hi) : acc.Position,
                        Salience = c.Salience is double s ? Moved(acc.Salience, s, 0, 1) : acc.Salience,
                    };
                }))],
            };
        }).ToList();
        return scenario with { Actors = actors };
    }

    private static Quantity Moved(Quantity q, double to, double min, double max)
    {
        double shift = to - q.Value;
        return q with { Value = to, Range = q.Range is Interval r ? new Interval(Math.Clamp(r.Low + shift, min, to), Math.Clamp(r.High + shift, to, max)) : null };
    }
}
