using System.Globalization;

namespace Parley.Core.Forecasting;

/// <summary>
/// KTAB's spatial model of politics over all forecast issues at once (MODELS.md §1.4), run by
/// <see cref="SpatialEngine"/> on positions rescaled to [0, 1]. The forecast per issue is the expected
/// final position under the PCE over the final positions (each actor valuing positions by its own
/// risk-aware utility, votes weighted by capability). An actor without a stance on an issue sits at
/// the scale's midpoint with salience zero there, so it neither cares nor pulls.
/// </summary>
public sealed class SpatialModel : IForecastModel
{
    [ThreadStatic]
    private static SpatialEngine? cachedEngine;

    [ThreadStatic]
    private static SmpOptions? cachedOptions;

    [ThreadStatic]
    private static double[]? cachedPositions;

    [ThreadStatic]
    private static double[]? cachedProbabilities;

    /// <inheritdoc/>
    public string Name => "smp";

    /// <inheritdoc/>
    public string Title => "Spatial model with probabilistic Condorcet elections (KTAB)";

    /// <summary>How many threads a single (non-Monte Carlo) run spreads each turn's challenge search over (1, the default: none).</summary>
    public int TurnWorkers { get; init; } = 1;

    /// <inheritdoc/>
    public void Forecast(ForecastInput input, ForecastOptions options, Span<double> forecast)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        int na = input.ActorCount, ni = input.IssueCount;
        if (na < 2 || ni == 0)
        {
            ModelSupport.ClosedForm(input, static (x, w) => WeightedStatistics.Mean(x, w), forecast);
            return;
        }

        if (cachedPositions is null || cachedPositions.Length != na * ni)
        {
            cachedPositions = new double[na * ni];
        }

        if (cachedProbabilities is null || cachedProbabilities.Length != na)
        {
            cachedProbabilities = new double[na];
        }

        double[] pos01 = cachedPositions, prob = cachedProbabilities;
        for (int a = 0; a < na; a++)
        {
            for (int d = 0; d < ni; d++)
            {
                var issue = input.Issues[d];
                pos01[(a * ni) + d] = issue.Span > 0 ? (input.Position[(a * ni) + d] - issue.Min) / issue.Span : 0;
            }
        }

        SpatialEngine engine = EngineFor(options.Smp, false);
        engine.Run(na, ni, input.Capability, input.Salience, pos01);
        engine.FinalPositionProbabilities(prob);
        for (int d = 0; d < ni; d++)
        {
            var issue = input.Issues[d];
            double sum = 0;
            for (int a = 0; a < na; a++)
            {
                sum += prob[a] * (issue.Min + (pos01[(a * ni) + d] * issue.Span));
            }

            forecast[d] = sum;
        }
    }

    /// <inheritdoc/>
    public ForecastResult Run(ForecastInput input, ForecastOptions options, bool record)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        int na = input.ActorCount, ni = input.IssueCount;
        var forecast = new double[ni];
        if (na < 2 || ni == 0)
        {
            // nothing to bargain over: the compromise is all there is
            return ModelSupport.ClosedForm(Name, input, record, static (x, w) => WeightedStatistics.Mean(x, w));
        }

        var pos01 = new double[na * ni];
        for (int a = 0; a < na; a++)
        {
            for (int d = 0; d < ni; d++)
            {
                var issue = input.Issues[d];
                pos01[(a * ni) + d] = issue.Span > 0 ? (input.Position[(a * ni) + d] - issue.Min) / issue.Span : 0;
            }
        }

        SpatialEngine engine = EngineFor(options.Smp, record);
        List<TrajectoryRound>? rounds = null;
        string[] ids = ModelSupport.ActorIds(input);
        var prob = new double[na];
        if (record)
        {
            double[] p0 = ToScale(input, pos01);
            rounds = [new TrajectoryRound(0, p0, ExpectedPositions(input, p0, ProbabilitiesAt(input, pos01, options.Smp, prob)), ModelSupport.WeightedMeans(input, p0), [])];
        }

        int turns = engine.Run(na, ni, input.Capability, input.Salience, pos01, record ? (positions, turn) =>
        {
            double[] p = ToScale(input, positions);
            rounds!.Add(new TrajectoryRound(turn.Turn, p, [], ModelSupport.WeightedMeans(input, p), Explain(turn, input, ids)));
        }
        : null);

        engine.FinalPositionProbabilities(prob);
        double[] final = ToScale(input, pos01);
        forecast = ExpectedPositions(input, final, prob);
        if (rounds is not null)
        {
            // per-round forecasts: the same PCE expectation, evaluated on each round's positions
            for (int r = 1; r < rounds.Count; r++)
            {
                double[] p01 = To01(input, rounds[r].Positions);
                rounds[r] = rounds[r] with { Forecast = ExpectedPositions(input, rounds[r].Positions, ProbabilitiesAt(input, p01, options.Smp, new double[na])) };
            }
        }

        return new ForecastResult(Name, input.Issues, ids, forecast, turns, rounds);
    }

    private SpatialEngine EngineFor(SmpOptions o, bool record)
    {
        if (record || TurnWorkers > 1)
        {
            return new SpatialEngine(o) { Workers = TurnWorkers };
        }

        if (cachedEngine is null || !ReferenceEquals(cachedOptions, o))
        {
            cachedEngine = new SpatialEngine(o);
            cachedOptions = o;
        }

        return cachedEngine;
    }

    private static double[] ProbabilitiesAt(ForecastInput input, double[] pos01, SmpOptions o, double[] prob)
    {
        var probe = new SpatialEngine(o);
        probe.Load(input.ActorCount, input.IssueCount, input.Capability, input.Salience, pos01);
        probe.FinalPositionProbabilities(prob);
        return prob;
    }

    private static double[] ExpectedPositions(ForecastInput input, double[] positions, double[] prob)
    {
        int na = input.ActorCount, ni = input.IssueCount;
        var result = new double[ni];
        for (int d = 0; d < ni; d++)
        {
            double s = 0;
            for (int a = 0; a < na; a++)
            {
                s += prob[a] * positions[(a * ni) + d];
            }

            result[d] = s;
        }

        return result;
    }

    private static double[] ToScale(ForecastInput input, double[] pos01)
    {
        int na = input.ActorCount, ni = input.IssueCount;
        var p = new double[na * ni];
        for (int a = 0; a < na; a++)
        {
            for (int d = 0; d < ni; d++)
            {
                var issue = input.Issues[d];
                p[(a * ni) + d] = issue.Min + (pos01[(a * ni) + d] * issue.Span);
            }
        }

        return p;
    }

    private static double[] To01(ForecastInput input, double[] positions)
    {
        int na = input.ActorCount, ni = input.IssueCount;
        var p = new double[na * ni];
        for (int a = 0; a < na; a++)
        {
            for (int d = 0; d < ni; d++)
            {
                var issue = input.Issues[d];
                p[(a * ni) + d] = issue.Span > 0 ? (positions[(a * ni) + d] - issue.Min) / issue.Span : 0;
            }
        }

        return p;
    }

    private static List<ForecastEvent> Explain(SpatialTurn turn, ForecastInput input, string[] ids)
    {
        var events = new List<ForecastEvent>();
        var pce = new List<string>(ids.Length);
        for (int a = 0; a < ids.Length; a++)
        {
            pce.Add($"{ids[a]} {F(turn.PositionProbability[a], "0.000")}");
        }

        events.Add(new ForecastEvent(turn.Turn, "pce", "all", null, null,
            "PCE probability of each position at the start of the turn (risk-neutral, capability-weighted): " + string.Join(", ", pce)));
        foreach (SpatialBargain b in turn.Bargains)
        {
            events.Add(new ForecastEvent(turn.Turn, "target", ids[b.Initiator], ids[b.Target], null,
                $"{ids[b.Initiator]} targets {ids[b.Target]}: expected gain {F(b.Gain, "0.0000")}, estimated P(win) {F(b.WinProbability, "0.000")}"));
            events.Add(new ForecastEvent(turn.Turn, "bargain", ids[b.Initiator], ids[b.Target], null,
                $"bargain: {ids[b.Initiator]} → ({Vec(input, b.InitiatorPosition)}), {ids[b.Target]} → ({Vec(input, b.TargetPosition)})"));
        }

        foreach (SpatialChoice c in turn.Choices)
        {
            string what = c.Bargain is null ? "keeps its position" : $"takes the bargain {ids[c.Bargain.Initiator]}-{ids[c.Bargain.Target]}";
            events.Add(new ForecastEvent(turn.Turn, "choice", ids[c.Actor], c.Bargain is null ? null : ids[c.Bargain.Initiator == c.Actor ? c.Bargain.Target : c.Bargain.Initiator], null,
                $"{ids[c.Actor]} {what} (PCE p {F(c.Probability, "0.00")}, {c.Candidates} options)"));
        }

        return events;
    }

    private static string Vec(ForecastInput input, double[] p01)
    {
        var parts = new string[p01.Length];
        for (int d = 0; d < p01.Length; d++)
        {
            var issue = input.Issues[d];
            parts[d] = F(issue.Min + (p01[d] * issue.Span), "0.##");
        }

        return string.Join(", ", parts);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
