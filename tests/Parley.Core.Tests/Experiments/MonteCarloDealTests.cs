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
    public void The_nash_package_is_a_distribution_over_whole_packages()
    {
        var s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;
        string[] group = ["us", "russia", "ukraine"];
        DealDistribution one = MonteCarloDeal.Run(s, new DealSettings(), group, 60, 5, threads: 1);
        DealDistribution two = MonteCarloDeal.Run(s, new DealSettings(), group, 60, 5, threads: 2);
        Assert.Equal(one.NashPackages.OrderBy(kv => kv.Key, StringComparer.Ordinal), two.NashPackages.OrderBy(kv => kv.Key, StringComparer.Ordinal));

        // every draw with a zone has exactly one Nash package, and each package's levels add up to the per-issue counts
        Assert.Equal(one.ZoneDraws, one.NashPackages.Values.Sum() + one.OtherNashPackages);
        for (int d = 0; d < one.NashLevelCounts.Length; d++)
        {
            long[] fromPackages = new long[one.NashLevelCounts[d].Length];
            foreach ((string key, long n) in one.NashPackages)
            {
                fromPackages[int.Parse(key.Split(',')[d], System.Globalization.CultureInfo.InvariantCulture)] += n;
            }

            Assert.Equal(one.NashLevelCounts[d], fromPackages);
        }

        // the analysis lists the most frequent first, with shares of the draws with a zone and Wilson intervals
        Parley.Core.Analyses.ScenarioSet set = Parley.Core.Analyses.ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!;
        Parley.Core.Analyses.DealOutcome deal = Parley.Core.Analyses.DealSpaceAnalysis.Run(new Parley.Core.Analyses.DealRequest { Variant = TestPaths.WithZone, Draws = 60, Seed = 5 }, set).Result!;
        var shares = deal.Uncertainty!.NashPackages;
        Assert.InRange(shares.Count, 2, 5);
        Assert.True(shares.Zip(shares.Skip(1)).All(p => p.First.Count >= p.Second.Count));
        Assert.All(shares, n => Assert.InRange(n.Share, n.Low, n.High));
        Assert.Equal(one.NashPackages.Values.Max(), shares[0].Count);
        Assert.Equal(one.NashPackages.Count, deal.Uncertainty.DistinctNashPackages);
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
