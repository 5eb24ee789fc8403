using System.Runtime.CompilerServices;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Forecasting;

namespace Parley.Core.Experiments;

/// <summary>
/// A scenario's <c>models:</c> block as typed options, bound once per scenario (the loader has already checked every
/// setting with its line and column, so binding cannot fail here; if it does, that is a bug and says so).
/// </summary>
public static class ScenarioOptions
{
    private static readonly ConditionalWeakTable<Scenario, Bound> Cache = [];

    /// <summary>The forecast models' parameters of the scenario.</summary>
    /// <param name="scenario">A loaded scenario.</param>
    public static ForecastOptions Forecast(Scenario scenario) => Of(scenario).Forecast;

    /// <summary>The deal space's settings of the scenario.</summary>
    /// <param name="scenario">A loaded scenario.</param>
    public static DealSettings Deal(Scenario scenario) => Of(scenario).Deal;

    private static Bound Of(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Cache.GetValue(scenario, s =>
        {
            var errors = new List<string>();
            ForecastOptions forecast = ForecastOptions.From(s.ModelParameters, errors);
            DealSettings deal = DealSettings.From(s.ModelParameters, errors);
            return errors.Count == 0
                ? new Bound(forecast, deal)
                : throw new InvalidOperationException($"the loader accepted a 'models:' block that does not bind: {string.Join("; ", errors)}");
        });
    }

    private sealed record Bound(ForecastOptions Forecast, DealSettings Deal);
}
