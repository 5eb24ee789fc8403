using System.Text.Json;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Experiments;

public class MonteCarloForecastTests
{
    private static ForecastInput Flagship() =>
        ForecastInput.FromScenario(ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!);

    private static string Fingerprint(IReadOnlyList<ModelDistribution> r) => JsonSerializer.Serialize(r);

    [Fact]
    public void Result_is_byte_identical_for_one_and_four_threads()
    {
        ForecastInput input = Flagship();
        IReadOnlyList<IForecastModel> models = ForecastModels.Default.All;
        var one = MonteCarloForecast.Run(input, models, ForecastOptions.Default, new MonteCarloSettings { Draws = 300, Seed = 42, Threads = 1 });
        var four = MonteCarloForecast.Run(input, models, ForecastOptions.Default, new MonteCarloSettings { Draws = 300, Seed = 42, Threads = 4 });
        Assert.Equal(Fingerprint(one), Fingerprint(four));
        var other = MonteCarloForecast.Run(input, models, ForecastOptions.Default, new MonteCarloSettings { Draws = 300, Seed = 43, Threads = 4 });
        Assert.NotEqual(Fingerprint(one), Fingerprint(other));
    }

    [Fact]
    public void Certain_inputs_give_the_central_forecast_in_every_draw()
    {
        var input = ForecastInput.FromScenario(Forecasting.ScenarioBuilder.OneIssue(0, 100, ("a", 1, 20, 0.5), ("b", 2, 60, 0.5), ("c", 1, 90, 0.5)));
        Assert.False(input.IsUncertain);
        var r = MonteCarloForecast.Run(input, [new CompromiseModel()], ForecastOptions.Default, new MonteCarloSettings { Draws = 100, Seed = 1 });
        ForecastDistribution d = r[0].Issues[0];
        Assert.Equal(100, d.Total);
        Assert.Equal(57.5, d.Mean, 5);
        // all mass in the bin [57.5, 57.6): every percentile lies inside it
        Assert.InRange(d.P10, 57.5, 57.6);
        Assert.InRange(d.P90, 57.5, 57.6);
    }

    [Fact]
    public void Quantiles_interpolate_inside_the_bin()
    {
        var d = new ForecastDistribution("x", 0, 10, [0, 50, 50, 0, 0, 0, 0, 0, 0, 0], 2);
        Assert.Equal(2.0, d.Median, 12);
        Assert.Equal(1.2, d.P10, 12);
        Assert.Equal(2.8, d.P90, 12);
    }

    [Fact]
    public void Uncertain_inputs_spread_the_forecast_around_the_central_value()
    {
        ForecastInput input = Flagship();
        Assert.True(input.IsUncertain);
        double central = new CompromiseModel().Run(input, ForecastOptions.Default, false).Forecast[0];
        var r = MonteCarloForecast.Run(input, [new CompromiseModel()], ForecastOptions.Default, new MonteCarloSettings { Draws = 2000, Seed = 7 });
        ForecastDistribution d = r[0].Issues[0];
        Assert.True(d.P90 - d.P10 > 1, "the interval should have width");
        Assert.InRange(central, d.P10, d.P90);
    }

    [Fact]
    public void Resampling_is_reproducible_from_the_draw_stream()
    {
        ForecastInput a = Flagship(), b = Flagship();
        a.Resample(Parley.Core.Randomness.RandomSource.ForDraw(5, 17));
        b.Resample(Parley.Core.Randomness.RandomSource.ForDraw(5, 17));
        Assert.Equal(a.Position, b.Position);
        Assert.Equal(a.Salience, b.Salience);
        Assert.Equal(a.Capability, b.Capability);
        a.ResetToCentral();
        Assert.Equal(Flagship().Position, a.Position);
    }

    [Fact]
    public void Ranges_are_respected_by_every_draw()
    {
        ForecastInput input = Flagship();
        for (int d = 0; d < 200; d++)
        {
            input.Resample(Parley.Core.Randomness.RandomSource.ForDraw(1, d));
            Assert.All(input.Salience, s => Assert.InRange(s, 0, 1));
            for (int k = 0; k < input.Position.Length; k++)
            {
                Assert.InRange(input.Position[k], input.Issues[k % input.IssueCount].Min, input.Issues[k % input.IssueCount].Max);
            }
        }
    }
}
