using Parley.Core.Forecasting;
using Parley.Core.Randomness;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Forecasting;

public class ForecastModelsTests
{
    [Fact]
    public void Registry_has_the_four_models_and_rejects_duplicates()
    {
        Assert.Equal(["compromise", "median", "eum", "smp"], ForecastModels.Default.All.Select(m => m.Name));
        Assert.Throws<ArgumentException>(() => new ForecastModels().Add(new EumStub()).Add(new EumStub()));
        Assert.Null(ForecastModels.Default.Find("oracle"));
    }

    [Fact]
    public void Fast_path_equals_the_recorded_run_for_every_model_and_draw()
    {
        var input = ForecastInput.FromScenario(ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!);
        var f = new double[input.IssueCount];
        for (int d = 0; d < 5; d++)
        {
            input.Resample(RandomSource.ForDraw(3, d));
            foreach (IForecastModel m in ForecastModels.Default.All)
            {
                m.Forecast(input, ForecastOptions.Default, f);
                Assert.Equal(m.Run(input, ForecastOptions.Default, record: true).Forecast, f);
                Assert.Equal(m.Run(input, ForecastOptions.Default, record: false).Forecast, f);
            }
        }
    }

    [Fact]
    public void Monte_Carlo_path_allocates_nothing_per_draw_once_warm()
    {
        // memory flat in the number of draws: the per-draw path (resample + every model) allocates nothing
        var input = ForecastInput.FromScenario(ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!);
        var f = new double[input.IssueCount];
        var rng = new RandomSource(0);
        IForecastModel[] models = [.. ForecastModels.Default.All];
        void Draws(int from, int count)
        {
            for (int d = from; d < from + count; d++)
            {
                rng.ResetForDraw(1, d);
                input.Resample(rng);
                for (int m = 0; m < models.Length; m++)
                {
                    models[m].Forecast(input, ForecastOptions.Default, f);
                }
            }
        }

        Draws(0, 50);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Draws(50, 20);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Every_shipped_scenario_forecasts_inside_each_issue_scale()
    {
        foreach (string file in Directory.GetFiles(TestPaths.Scenarios, "*.yaml", SearchOption.AllDirectories))
        {
            var input = ForecastInput.FromScenario(ScenarioLoader.LoadPath(file).Scenario!);
            foreach (IForecastModel m in ForecastModels.Default.All)
            {
                ForecastResult r = m.Run(input, ForecastOptions.Default, record: true);
                for (int d = 0; d < input.IssueCount; d++)
                {
                    Assert.InRange(r.Forecast[d], input.Issues[d].Min, input.Issues[d].Max);
                }

                Assert.NotEmpty(r.Trajectory!);
            }
        }
    }

    [Fact]
    public void Options_parse_dotted_settings_later_ones_winning_and_report_errors()
    {
        var errors = new List<string>();
        ForecastOptions o = ForecastOptions.From(
            [new("eum.q", "0.5"), new("eum.q", "0.25"), new("smp.voting", "binary"), new("smp.pce", "markov-uniform"), new("smp.bargain", "s1p1"), new("eum.rounds", "3")], errors);
        Assert.Empty(errors);
        Assert.Equal(0.25, o.Eum.Q);
        Assert.Equal(3, o.Eum.MaxRounds);
        Assert.Equal(VotingRule.Binary, o.Smp.Voting);
        Assert.Equal(PceModel.MarkovUniform, o.Smp.Pce);
        Assert.Equal(1, o.Smp.BargainExponent);
        ForecastOptions.From([new("eum.rounds", "2.5"), new("smp.nope", "1"), new("eum.t", "-1")], errors);
        Assert.Equal(3, errors.Count);
    }

    private sealed class EumStub : IForecastModel
    {
        public string Name => "eum";

        public string Title => "stub";

        public ForecastResult Run(ForecastInput input, ForecastOptions options, bool record) => throw new NotSupportedException();

        public void Forecast(ForecastInput input, ForecastOptions options, Span<double> forecast) => throw new NotSupportedException();
    }
}
