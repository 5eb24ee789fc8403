using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Durability;
using Parley.Core.Forecasting;

namespace Parley.Core.Experiments;

/// <summary>One input's swing: the outputs with the input at the low and at the high end of its uncertainty.</summary>
/// <param name="Input">Dotted path of the input (as variants name it).</param>
/// <param name="Low">The input's low value.</param>
/// <param name="High">Its high value.</param>
/// <param name="ForecastSwing">Largest change of any issue's forecast (smp) between low and high, on the issue's scale.</param>
/// <param name="ForecastIssue">The issue that moved most.</param>
/// <param name="DurabilityLow">Share of power paths on which the base deal holds for the horizon, input low (NaN without dynamics).</param>
/// <param name="DurabilityHigh">The same, input high.</param>
public sealed record Swing(string Input, double Low, double High, double ForecastSwing, string ForecastIssue, double DurabilityLow, double DurabilityHigh)
{
    /// <summary>|DurabilityHigh − DurabilityLow| (0 without dynamics).</summary>
    public double DurabilitySwing => double.IsNaN(DurabilityLow) ? 0 : Math.Abs(DurabilityHigh - DurabilityLow);

    /// <summary>Through which link of the models the swing travels (<see cref="SwingLink"/>).</summary>
    public SwingLink Link => SwingLink.Of(Input, ForecastIssue);
}

/// <summary>A two-way grid (<see cref="Sensitivity.Grid"/>): the forecast of every issue and the deal's durability at every pair of values.</summary>
/// <param name="RowInput">The first input (rows).</param>
/// <param name="Rows">Its values.</param>
/// <param name="ColumnInput">The second input (columns).</param>
/// <param name="Columns">Its values.</param>
/// <param name="Forecasts">Per issue, the forecast (smp) at [row][column].</param>
/// <param name="Holds">The base Nash deal's share of power paths holding at the horizon, at [row][column] (null without dynamics or a deal).</param>
public sealed record TwoWayGrid(string RowInput, double[] Rows, string ColumnInput, double[] Columns, IReadOnlyList<GridForecast> Forecasts, double[][]? Holds);

/// <summary>One issue's forecast over a two-way grid.</summary>
/// <param name="Issue">The issue.</param>
/// <param name="Values">The forecast at [row][column].</param>
public sealed record GridForecast(string Issue, double[][] Values);

/// <summary>
/// Through which link an input moves what it moves. The forecast column is KTAB's spatial model (smp), which bargains over
/// whole position vectors: every actor values a position by the salience-weighted distance over all issues, and the
/// challenges and the final vote weigh whole vectors. So an input reaches an issue in one of four ways:
/// <c>own</c> (an actor's position or salience on the issue that moved), <c>joint</c> (on another issue: it changes which
/// whole vector wins, and with it the issue that moved — no single-issue model would show it), <c>votes</c> (an actor's
/// capability: its votes on every issue at once) or <c>war</c> (the dynamics: no effect on the forecast, which ignores no-deal values; it
/// reaches only the durability column, through both sides' values of fighting on). The durability column always travels
/// through the base Nash deal, scored again at each end of the input (the strategic durability model).
/// </summary>
/// <param name="Code">own, joint, votes or war.</param>
/// <param name="Text">The link in words.</param>
public sealed record SwingLink(string Code, string Text)
{
    /// <summary>The link of an input (a dotted path) to the issue whose forecast moved most.</summary>
    /// <param name="input">The input's path, e.g. <c>actors.china.stances.military.salience</c>.</param>
    /// <param name="movedIssue">The issue that moved most.</param>
    public static SwingLink Of(string input, string movedIssue)
    {
        ArgumentNullException.ThrowIfNull(input);
        string[] p = input.Split('.');
        if (p[0] == "dynamics")
        {
            return p.Length == 3 && p[1] == "costs"
                ? new SwingLink("war", $"{p[2]}'s cost of war moves its value of fighting on: the durability of the deal, not the forecast")
                : new SwingLink("war", $"the war's {string.Join(' ', p[1..]).Replace('_', ' ')} moves both sides' values of fighting on: the durability of the deal, not the forecast");
        }

        if (p.Length == 3 && p[2] == "capability")
        {
            return new SwingLink("votes", $"{p[1]}'s capability weighs its votes on every issue at once (smp)");
        }

        if (p.Length == 5 && p[2] == "stances")
        {
            string actor = p[1], issue = p[3], what = p[4];
            return issue == movedIssue
                ? new SwingLink("own", $"{actor}'s {what} on {issue} moves the forecast of {issue} itself (smp)")
                : new SwingLink("joint", $"{actor}'s {what} on {issue} moves {movedIssue}: smp bargains over whole position vectors, so it changes which vector wins");
        }

        return new SwingLink("own", $"{input} (smp)");
    }
}

/// <summary>
/// One-at-a-time sensitivity (a tornado table): every uncertain input is set to the low and the high end of
/// its range (or ±1 standard deviation, within the field's bounds) with everything else at its central
/// value, and the swing of the forecast and of the base Nash deal's strategic durability is recorded.
/// </summary>
public static class Sensitivity
{
    /// <summary>Power paths per durability evaluation (the same paths at every end of every swing).</summary>
    public const int DurabilityPaths = 500;

    /// <summary>Runs every swing, largest forecast swing first.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="years">Durability horizon in years.</param>
    /// <param name="paths">Power paths per durability evaluation.</param>
    /// <param name="seed">Seed (the same paths for every swing).</param>
    /// <param name="options">Model parameters of the forecast (the scenario's <c>models:</c> block; null: the defaults).</param>
    /// <param name="draws">0: each end's forecast on the central values of the other inputs; N: the median over N draws of
    /// the other uncertain inputs (the same draws at every end of every swing, so the differences are the input's own).</param>
    public static IReadOnlyList<Swing> Run(Scenario scenario, double years = 5, int paths = DurabilityPaths, ulong seed = 1, ForecastOptions? options = null, long draws = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= ForecastOptions.Default;
        DealSettings settings = ScenarioOptions.Deal(scenario);
        DealSpace baseSpace = DealSpace.Build(scenario, settings);
        Solution? nash = TableDeal.Find(baseSpace);
        int perYear = scenario.StepsPerYear;
        int steps = Math.Max(1, (int)Math.Round(years * perYear));

        (double[] Forecast, double Holds) Evaluate(Scenario s)
        {
            double[] f = draws > 0
                ? [.. MonteCarloForecast.Run(ForecastInput.FromScenario(s), [new SpatialModel()], options, new MonteCarloSettings { Draws = draws, Seed = seed })[0].Issues.Select(i => i.Median)]
                : new SpatialModel().Run(ForecastInput.FromScenario(s), options, false).Forecast;
            double holds = double.NaN;
            if (s.Dynamics is not null && nash is not null)
            {
                DealSpace space = DealSpace.Build(s, settings);
                holds = StrategicDurability.Run(space, nash.Levels, s.Agreement ?? new AgreementTerms(), steps, paths, seed).HoldingAt(steps);
            }

            return (f, holds);
        }

        // every end of every swing is a cell; the cells run as one Monte Carlo call (each cell's own draws and paths in
        // line on its thread), so that a sweep sends cells out as work items rather than one small call per cell
        var cells = new List<(string Path, double Lo, double Hi, Func<Quantity, Scenario> With, Quantity Q)>();
        foreach ((string path, Quantity q, double min, double max, Func<Quantity, Scenario> with) in Inputs(scenario))
        {
            (double lo, double hi) = Ends(q, min, max);
            if (hi > lo)
            {
                cells.Add((path, lo, hi, with, q));
            }
        }

        int ni = ForecastInput.FromScenario(scenario).IssueCount;
        long n = 2L * cells.Count;
        Tally tally = DrawWorkers.Run(
            "sensitivity-cells",
            n,
            null,
            t => (F: t.Values("forecast", n * ni), H: t.Values("holds", n), Lengths: t.Counts("lengths", (int)n)),
            (w, c) =>
            {
                var cell = cells[(int)(c / 2)];
                double end = c % 2 == 0 ? cell.Lo : cell.Hi;
                (double[] f, double h) = Evaluate(cell.With(cell.Q with { Value = end, Range = null, StandardDeviation = null }));
                w.Lengths[c] = f.Length;
                for (int i = 0; i < Math.Min(ni, f.Length); i++)
                {
                    Tally.Set(w.F, (c * ni) + i, f[i]);
                }

                Tally.Set(w.H, c, h);
            },
            null);
        long[] tf = tally.Values("forecast", n * ni), th = tally.Values("holds", n), lengths = tally.Counts("lengths", (int)n);
        double[] Forecast(long c) => [.. Enumerable.Range(0, (int)Math.Min(ni, lengths[c])).Select(i => Tally.Get(tf, (c * ni) + i))];

        var swings = new List<Swing>();
        for (int k = 0; k < cells.Count; k++)
        {
            (double[] fl, double dl) = (Forecast(2L * k), Tally.Get(th, 2L * k));
            (double[] fh, double dh) = (Forecast((2L * k) + 1), Tally.Get(th, (2L * k) + 1));
            int worst = 0;
            for (int d = 1; d < fl.Length; d++)
            {
                if (Math.Abs(fh[d] - fl[d]) > Math.Abs(fh[worst] - fl[worst]))
                {
                    worst = d;
                }
            }

            swings.Add(new Swing(cells[k].Path, cells[k].Lo, cells[k].Hi, fl.Length == 0 ? 0 : Math.Abs(fh[worst] - fl[worst]), fl.Length == 0 ? "-" : scenario.Issues[worst].Id, dl, dh));
        }

        return [.. swings.OrderByDescending(s => s.ForecastSwing + (100 * s.DurabilitySwing)).ThenBy(s => s.Input, StringComparer.Ordinal)];
    }

    /// <summary>The paths of the inputs a sensitivity run swings (those with a range or a standard deviation).</summary>
    /// <param name="scenario">The scenario.</param>
    public static IReadOnlyList<string> InputPaths(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return [.. Inputs(scenario).Where(i => Ends(i.Q, i.Min, i.Max) is var e && e.Hi > e.Lo).Select(i => i.Path)];
    }

    /// <summary>
    /// A two-way grid: two inputs set together to <paramref name="steps"/> evenly spaced values each across their ranges,
    /// everything else at its central value; at every cell the forecast (smp) and the base Nash deal's durability, as in
    /// <see cref="Run"/>. The cells run as one Monte Carlo call, so a sweep sends them out as work items.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="rowInput">The first input's path (the rows).</param>
    /// <param name="columnInput">The second input's path (the columns).</param>
    /// <param name="steps">Values per input (2 to 21).</param>
    /// <param name="years">Durability horizon in years.</param>
    /// <param name="paths">Power paths per durability evaluation.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="options">Model parameters of the forecast.</param>
    /// <param name="draws">As in <see cref="Run"/>.</param>
    /// <exception cref="ArgumentException">An input is not one the scenario swings.</exception>
    public static TwoWayGrid Grid(Scenario scenario, string rowInput, string columnInput, int steps, double years = 5, int paths = DurabilityPaths, ulong seed = 1, ForecastOptions? options = null, long draws = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, 21);
        if (rowInput == columnInput)
        {
            throw new ArgumentException($"a grid needs two different inputs, not {rowInput} twice", nameof(columnInput));
        }

        double[] Values(Scenario s, string path, string parameter, out Func<Scenario, double, Scenario> set)
        {
            var found = Inputs(s).FirstOrDefault(i => i.Path == path);
            (double lo, double hi) = found.Path is null ? (0, 0) : Ends(found.Q, found.Min, found.Max);
            if (!(hi > lo))
            {
                throw new ArgumentException($"{path} is not an input with a range in this scenario; 'parley sensitivity FILE --format json' lists them (e.g. {string.Join(", ", InputPaths(s).Take(3))})", parameter);
            }

            set = (on, v) => Inputs(on).First(i => i.Path == path) is var x ? x.With(x.Q with { Value = v, Range = null, StandardDeviation = null }) : on;
            return [.. Enumerable.Range(0, steps).Select(k => lo + ((hi - lo) * k / (steps - 1)))];
        }

        double[] rows = Values(scenario, rowInput, nameof(rowInput), out Func<Scenario, double, Scenario> setRow);
        double[] columns = Values(scenario, columnInput, nameof(columnInput), out Func<Scenario, double, Scenario> setColumn);
        options ??= ForecastOptions.Default;
        DealSettings settings = ScenarioOptions.Deal(scenario);
        Solution? nash = TableDeal.Find(DealSpace.Build(scenario, settings));
        int steps2 = Math.Max(1, (int)Math.Round(years * scenario.StepsPerYear));
        int ni = ForecastInput.FromScenario(scenario).IssueCount;
        long n = (long)steps * steps;
        Tally tally = DrawWorkers.Run(
            "sensitivity-grid",
            n,
            null,
            t => (F: t.Values("forecast", n * ni), H: t.Values("holds", n)),
            (w, c) =>
            {
                Scenario s = setColumn(setRow(scenario, rows[c / steps]), columns[c % steps]);
                double[] f = draws > 0
                    ? [.. MonteCarloForecast.Run(ForecastInput.FromScenario(s), [new SpatialModel()], options, new MonteCarloSettings { Draws = draws, Seed = seed })[0].Issues.Select(i => i.Median)]
                    : new SpatialModel().Run(ForecastInput.FromScenario(s), options, false).Forecast;
                for (int i = 0; i < Math.Min(ni, f.Length); i++)
                {
                    Tally.Set(w.F, (c * ni) + i, f[i]);
                }

                double holds = s.Dynamics is not null && nash is not null
                    ? StrategicDurability.Run(DealSpace.Build(s, settings), nash.Levels, s.Agreement ?? new AgreementTerms(), steps2, paths, seed).HoldingAt(steps2)
                    : double.NaN;
                Tally.Set(w.H, c, holds);
            },
            null);
        long[] tf = tally.Values("forecast", n * ni), th = tally.Values("holds", n);
        var forecasts = new List<GridForecast>();
        for (int i = 0; i < ni; i++)
        {
            forecasts.Add(new GridForecast(scenario.Issues[i].Id, [.. Enumerable.Range(0, steps).Select(r => Enumerable.Range(0, steps).Select(k => Tally.Get(tf, ((((long)r * steps) + k) * ni) + i)).ToArray())]));
        }

        double[][] held = [.. Enumerable.Range(0, steps).Select(r => Enumerable.Range(0, steps).Select(k => Tally.Get(th, ((long)r * steps) + k)).ToArray())];
        return new TwoWayGrid(rowInput, rows, columnInput, columns, forecasts, held.All(r => r.All(double.IsNaN)) ? null : held);
    }

    // the ends an input is swung to: its range, else one standard deviation either way within its field's bounds
    private static (double Lo, double Hi) Ends(Quantity q, double min, double max) => q.Range is Interval r ? (r.Low, r.High)
        : q.StandardDeviation is double sd ? (Math.Max(min, q.Value - sd), Math.Min(max, q.Value + sd))
        : (q.Value, q.Value);

    /// <summary>Every number of the scenario that carries uncertainty, with a way to replace it.</summary>
    private static IEnumerable<(string Path, Quantity Q, double Min, double Max, Func<Quantity, Scenario> With)> Inputs(Scenario s)
    {
        for (int a = 0; a < s.Actors.Count; a++)
        {
            Actor actor = s.Actors[a];
            int ai = a;
            Scenario WithActor(Actor changed) => s with { Actors = [.. s.Actors.Select((x, k) => k == ai ? changed : x)] };
            yield return ($"actors.{actor.Id}.capability", actor.Capability, 0, double.PositiveInfinity, q => WithActor(actor with { Capability = q }));
            for (int k = 0; k < actor.Stances.Count; k++)
            {
                Stance st = actor.Stances[k];
                int ki = k;
                Issue issue = s.FindIssue(st.IssueId)!;
                Actor WithStance(Stance changed) => actor with { Stances = [.. actor.Stances.Select((x, j) => j == ki ? changed : x)] };
                if (issue.Kind == IssueKind.Continuous)
                {
                    yield return ($"actors.{actor.Id}.stances.{st.IssueId}.position", st.Position, issue.Min, issue.Max, q => WithActor(WithStance(st with { Position = q })));
                }

                yield return ($"actors.{actor.Id}.stances.{st.IssueId}.salience", st.Salience, 0, 1, q => WithActor(WithStance(st with { Salience = q })));
            }
        }

        if (s.Dynamics is Dynamics d)
        {
            yield return ("dynamics.p_prevail", d.PrevailProbability, 0, 1, q => s with { Dynamics = d with { PrevailProbability = q } });
            yield return ("dynamics.trend", d.Trend, -1, 1, q => s with { Dynamics = d with { Trend = q } });
            yield return ("dynamics.volatility", d.Volatility, 0, 1, q => s with { Dynamics = d with { Volatility = q } });
            foreach ((string id, Quantity c) in d.Costs)
            {
                string key = id;
                yield return ($"dynamics.costs.{id}", c, 0, double.PositiveInfinity, q => s with { Dynamics = d with { Costs = d.Costs.ToDictionary(kv => kv.Key, kv => kv.Key == key ? q : kv.Value, StringComparer.Ordinal) } });
            }
        }
    }
}
