using Parley.Core.Domain;

namespace Parley.Core.Forecasting;

/// <summary>Something a model did in a round that explains the forecast (a challenge, an offer, a move).</summary>
/// <param name="Round">Round (turn) in which it happened, 1-based.</param>
/// <param name="Kind">What happened: <c>challenge</c>, <c>conflict</c>, <c>compromise</c>, <c>capitulation</c>, <c>move</c>, <c>target</c>, <c>bargain</c>, <c>choice</c>.</param>
/// <param name="Actor">The acting actor's id.</param>
/// <param name="Other">The other actor involved, if any.</param>
/// <param name="Issue">The issue, for per-issue models; null for multi-dimensional ones.</param>
/// <param name="Text">A sentence for people.</param>
public sealed record ForecastEvent(int Round, string Kind, string Actor, string? Other, string? Issue, string Text);

/// <summary>The state after one round: every actor's position, the forecast, and the round's events.</summary>
/// <param name="Round">Round number; 0 is the input.</param>
/// <param name="Positions">Positions per (actor, issue), actor-major, on each issue's scale.</param>
/// <param name="Forecast">The model's forecast per issue after the round.</param>
/// <param name="WeightedMean">The capability·salience-weighted mean per issue after the round.</param>
/// <param name="Events">What happened in the round.</param>
public sealed record TrajectoryRound(int Round, double[] Positions, double[] Forecast, double[] WeightedMean, IReadOnlyList<ForecastEvent> Events);

/// <summary>One model's forecast for a scenario.</summary>
/// <param name="Model">The model's short name.</param>
/// <param name="Issues">The issues forecast, in order.</param>
/// <param name="ActorIds">The actors, in order.</param>
/// <param name="Forecast">The forecast per issue, on each issue's scale.</param>
/// <param name="Rounds">How many rounds (turns) the model ran; 0 for closed-form models.</param>
/// <param name="Trajectory">Every round, when recording was asked for.</param>
public sealed record ForecastResult(string Model, IReadOnlyList<Issue> Issues, IReadOnlyList<string> ActorIds, double[] Forecast, int Rounds, IReadOnlyList<TrajectoryRound>? Trajectory);

/// <summary>A collective-decision model that forecasts where each issue lands.</summary>
public interface IForecastModel
{
    /// <summary>Short name used in files and on the command line (<c>compromise</c>, <c>median</c>, <c>eum</c>, <c>smp</c>).</summary>
    string Name { get; }

    /// <summary>Display name.</summary>
    string Title { get; }

    /// <summary>Runs the model on the input's current numbers.</summary>
    /// <param name="input">The scenario's numbers (central or one Monte Carlo draw).</param>
    /// <param name="options">Model parameters.</param>
    /// <param name="record">When true, the result carries the trajectory and its events.</param>
    ForecastResult Run(ForecastInput input, ForecastOptions options, bool record);

    /// <summary>
    /// The forecast alone, written into <paramref name="forecast"/> (one value per issue): the Monte
    /// Carlo path. Equal to <c>Run(input, options, false).Forecast</c>; allocates nothing once a thread has warmed up.
    /// </summary>
    /// <param name="input">The scenario's numbers.</param>
    /// <param name="options">Model parameters.</param>
    /// <param name="forecast">Receives the forecast per issue.</param>
    void Forecast(ForecastInput input, ForecastOptions options, Span<double> forecast);
}
