using Parley.Core.Bargaining;
using Parley.Core.Domain;

namespace Parley.Core.Negotiation;

/// <summary>What everyone can know from the scenario's public numbers: the utility tables and the table's candidate packages.</summary>
internal static class PublicEstimates
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Scenario, System.Collections.Concurrent.ConcurrentDictionary<string, (double[][][] Tables, CandidateSet Candidates)>> PublicCache = [];

    /// <summary>
    /// Everyone's publicly estimated utility tables and the public Pareto frontier of the table: both depend only on the
    /// scenario's stated (public) numbers, the grid and the parties, not on a run's draws, so they are computed once per
    /// scenario and reused across runs (the tables are read-only once built).
    /// </summary>
    /// <param name="space">The deal space.</param>
    /// <param name="parties">The parties at the table.</param>
    /// <param name="changedFrom">For a space whose stances events have changed during a run: the scenario the run started
    /// from, under which the result is kept (with <paramref name="history"/>), so that every run in which the same stance
    /// changes were made in the same order shares it.</param>
    /// <param name="history">The stance changes made so far (path, operation and amount of each), in the order they were made.</param>
    internal static (double[][][] Tables, CandidateSet Candidates) For(DealSpace space, int[] parties, Scenario? changedFrom = null, string history = "")
    {
        var perScenario = PublicCache.GetValue(changedFrom ?? space.Scenario, _ => new());
        string key = history + "|" + string.Join(',', parties) + "|" + space.Settings + "|" + string.Join(';', space.Levels.Select(l => string.Join(',', l)));
        return perScenario.GetOrAdd(key, _ =>
        {
            double[][][] tables = PublicTables(space);
            int[][] all = [.. space.Levels.Select(l => Enumerable.Range(0, l.Length).ToArray())];
            return (tables, ParetoFrontier.Candidates(tables, parties, all, parties.Length == 2 ? 50_000 : Session.MaxCandidates, Session.MaxApproximateCandidates));
        });
    }

    /// <summary>
    /// Everyone's utility tables as estimated from public numbers: a private position counts as the
    /// scale's midpoint and a private salience as 0.5, so nothing private leaks into what others see.
    /// </summary>
    private static double[][][] PublicTables(DealSpace space)
    {
        var result = new double[space.Actors.Count][][];
        for (int a = 0; a < result.Length; a++)
        {
            Actor actor = space.Actors[a];
            var sal = new double[space.Issues.Count];
            var pos = new double[space.Issues.Count];
            double total = 0;
            for (int d = 0; d < sal.Length; d++)
            {
                Issue issue = space.Issues[d];
                Stance? st = actor.StanceOn(issue.Id);
                if (st is null)
                {
                    continue;
                }

                pos[d] = st.Position.Visibility == Visibility.Public ? st.Position.Value : issue.Min + (issue.Span / 2);
                sal[d] = st.Salience.Visibility == Visibility.Public ? st.Salience.Value : 0.5;
                total += sal[d];
            }

            result[a] = new double[sal.Length][];
            for (int d = 0; d < sal.Length; d++)
            {
                Issue issue = space.Issues[d];
                Stance? st = actor.StanceOn(issue.Id);
                double w = space.Settings.RawWeights ? sal[d] : total > 0 ? sal[d] / total : 0;
                result[a][d] = new double[space.Levels[d].Length];
                for (int l = 0; l < result[a][d].Length; l++)
                {
                    result[a][d][l] = st is null ? 0 : w * DealSpace.LevelValue(issue, st with { OptionValues = st.Position.Visibility == Visibility.Public ? st.OptionValues : null }, pos[d], space.Levels[d][l], space.Settings.Shape);
                }
            }
        }

        return result;
    }
}
