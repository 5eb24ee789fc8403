using Parley.Core.Bargaining;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Experiments;

public class MonteCarloDealTests
{
    [Fact]
    public void Deal_draws_give_the_same_counts_for_any_thread_count()
    {
        var s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        var settings = new DealSettings { Step = 25 };
        string[] group = ["us", "russia", "ukraine"];
        DealDistribution one = MonteCarloDeal.Run(s, settings, group, 40, 5, threads: 1);
        DealDistribution four = MonteCarloDeal.Run(s, settings, group, 40, 5, threads: 4);
        Assert.Equal(one.ZoneDraws, four.ZoneDraws);
        Assert.Equal(one.BlockerDraws, four.BlockerDraws);
        Assert.Equal(one.NashLevelCounts, four.NashLevelCounts);
        Assert.InRange(one.ZoneProbability, 0, 1);
        Assert.Equal(one.ZoneDraws, one.NashLevelCounts[0].Sum());
    }

    [Fact]
    public void Drawn_spaces_differ_from_the_central_one_but_keep_red_lines_fixed()
    {
        var s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        DealSpace central = DealSpace.Build(s, new DealSettings());
        DealSpace drawn = DealSpace.Build(s, new DealSettings(), Parley.Core.Randomness.RandomSource.ForDraw(1, 0));
        Assert.NotEqual(central.Reservation, drawn.Reservation);
        Assert.Equal(central.Allowed.SelectMany(x => x).SelectMany(x => x), drawn.Allowed.SelectMany(x => x).SelectMany(x => x));
    }
}
