using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Domain;

/// <summary>A run's time budget and cancellation reach inside the computation: refused up front, stopped in the loop.</summary>
public class WorkGuardTests
{
    private static ForecastInput Flagship() =>
        ForecastInput.FromScenario(ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!);

    [Fact]
    public void Without_a_guard_nothing_is_limited()
    {
        Assert.Equal(double.PositiveInfinity, WorkGuard.Current.Seconds);
        Assert.True(WorkGuard.Current.Fits(1e300, 1));
    }

    [Fact]
    public void The_spatial_model_on_thousands_of_actors_is_refused_before_it_starts()
    {
        // 2,000 actors: 2 x 8e9 updates at no more than 6e8 a second is at least 27 s, beyond a 5 s budget
        Scenario big = Forecasting.ScenarioBuilder.OneIssue(0, 100, [.. Enumerable.Range(0, 2000).Select(i => ($"a{i}", 1.0 + (i % 7), (double)(i % 101), 0.5))]);
        var input = ForecastInput.FromScenario(big);
        using IDisposable scope = WorkGuard.Enter(new WorkGuard(5, "raise it with --max-seconds N"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        WorkRefusedException e = Assert.Throws<WorkRefusedException>(() => new SpatialModel().Run(input, ForecastOptions.Default, record: false));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        Assert.StartsWith("the spatial model (smp) on 2,000 actors needs at least 26.7 s of computing, beyond", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("the 5 s time budget of this run; forecast with fewer actors (merge minor ones), or with --model eum, compromise or median, or raise it with --max-seconds N", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_that_cannot_fit_are_refused_from_the_first_ones_with_how_many_would()
    {
        ForecastInput input = Flagship();
        // judged after a second (start-up and the first slow draws do not decide), well before the 5 s budget runs out
        using IDisposable scope = WorkGuard.Enter(new WorkGuard(5));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        WorkRefusedException e = Assert.Throws<WorkRefusedException>(() =>
            MonteCarloForecast.Run(input, ForecastModels.Default.All, ForecastOptions.Default, new MonteCarloSettings { Draws = 1_000_000, Seed = 1, Threads = 2 }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
        Assert.Matches(@"^1,000,000 draws at about .* a draw need about .*, beyond the 5 s time budget of this run; ask for at most about [\d,]+ draws$", e.Message);
    }

    [Fact]
    public void A_run_past_its_time_stops_at_the_next_check_on_every_thread()
    {
        ForecastInput input = Flagship();
        using IDisposable scope = WorkGuard.Enter(new WorkGuard(0.05));
        Thread.Sleep(100);
        WorkRefusedException e = Assert.Throws<WorkRefusedException>(() =>
            MonteCarloForecast.Run(input, ForecastModels.Default.All, ForecastOptions.Default, new MonteCarloSettings { Draws = 1000, Seed = 1, Threads = 2 }));
        Assert.Equal("stopped after 50 ms, the time budget of this run", e.Message);
    }

    [Fact]
    public void Cancellation_reaches_a_single_model_run_and_the_deal_space()
    {
        // no Monte Carlo here: the spatial model's turns and the deal space's walk ask the guard themselves
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using IDisposable scope = WorkGuard.Enter(new WorkGuard(double.PositiveInfinity, cancellation: cancelled.Token));
        ForecastInput input = Flagship();
        Assert.ThrowsAny<OperationCanceledException>(() => new SpatialModel().Run(input, ForecastOptions.Default, record: false));
        Assert.ThrowsAny<OperationCanceledException>(() => new ExpectedUtilityModel().Run(input, ForecastOptions.Default, record: false));
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        DealSpace space = DealSpace.Build(s, ScenarioOptions.Deal(s));
        Assert.ThrowsAny<OperationCanceledException>(() => TableDeal.Solutions(space, TableDeal.Group(space)));
    }

    [Fact]
    public void A_fine_grid_lists_an_approximate_frontier_instead_of_running_out_of_memory()
    {
        // step 1 on the flagship: about 1e14 packages; the exact frontier's programme would grow past its cap
        // of partial packages; the ε-Pareto set is listed instead, and said to be approximate
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;
        DealSpace space = DealSpace.Build(s, ScenarioOptions.Deal(s) with { Step = 1 });
        DealReport r = DealAnalysis.Run(space, TableDeal.Group(space), new DealAnalysisOptions { Trades = 0 });
        Assert.False(r.Exact);
        Assert.True(r.FrontierEpsilon > 0);
        Assert.InRange(r.Frontier!.Count, 1, DealAnalysis.FrontierApproximateCap);
    }

    [Fact]
    public void A_table_beyond_the_memory_budget_is_refused_before_it_is_made()
    {
        // the flagship at step 0.01 with 120 actors: 120 x 70,007 levels x 9 bytes = 72 MiB, beyond the 80% of a 64 MiB budget
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        var wide = s with { Actors = [.. Enumerable.Range(0, 120).Select(k => s.Actors[k % s.Actors.Count] with { Id = $"x{k}", Role = ActorRole.Outside })] };
        using (WorkGuard.Enter(new WorkGuard(60) { Bytes = 64L << 20 }))
        {
            WorkRefusedException e = Assert.Throws<WorkRefusedException>(() => DealSpace.Build(wide, ScenarioOptions.Deal(wide) with { Step = 0.01 }));
            Assert.StartsWith("the deal space's tables (120 actors x 70,007 levels) would take about 72 MiB of memory, more than the 51 MiB that this run's 64 MiB budget leaves for one table; use a coarser --step", e.Message, StringComparison.Ordinal);
        }

        Assert.NotNull(DealSpace.Build(wide, ScenarioOptions.Deal(wide) with { Step = 0.01 }));
    }

    [Fact]
    public void Durations_read_at_a_glance()
    {
        Assert.Equal("40 ms", WorkGuard.Duration(0.04));
        Assert.Equal("3.2 s", WorkGuard.Duration(3.2));
        Assert.Equal("5 min", WorkGuard.Duration(300));
        Assert.Equal("3 h", WorkGuard.Duration(3 * 3600));
        Assert.Equal("3.17E+06 years", WorkGuard.Duration(1e14));
    }
}
