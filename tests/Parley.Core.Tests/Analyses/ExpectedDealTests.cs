using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Experiments;

namespace Parley.Core.Tests.Analyses;

/// <summary>The main job names one expected deal, says how it was chosen with its N and interval, and reconciles the other answers with it.</summary>
public sealed class ExpectedDealTests
{
    private static ScenarioSet Flagship() => ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!;

    [Fact]
    public void The_flagship_names_the_package_agreed_most_often_with_its_share_and_interval()
    {
        ScenarioSet set = Flagship();
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = 300, Seed = 2, Variant = TestPaths.WithZone }, set).Result!;
        ExpectedDeal e = job.ExpectedDeal!;
        NegotiationDistributionOutcome n = job.Negotiation!;
        Assert.True(n.AgreementProbability >= 0.5);
        Assert.Equal("most-agreed", e.How);
        Assert.Equal(n.MostAgreed!.Package, e.Levels);
        Assert.Equal(n.MostAgreed.Count / 300.0, e.Share!.Value, 12);
        Assert.InRange(e.Share.Value, e.Low!.Value, e.High!.Value);
        Assert.Equal(300, e.Draws);
        Assert.Contains($"in {n.MostAgreed.Count} of them", e.Basis, StringComparison.Ordinal);

        // every forecast of alignment lies below Russia's red line (at least 67), and the reconciliation says so
        IssueReconciliation alignment = e.Issues.Single(i => i.Issue == "alignment");
        Assert.All(alignment.Forecasts.Values, f => Assert.False(f.InZone));
        Assert.Contains(alignment.Notes, x => x.Contains("beyond russia's red line (at least 67)", StringComparison.Ordinal));

        // durability for the expected deal and for the single run's agreement (when it ends in one), beside the Nash deal's
        string[] solutions = job.Simulation!.Agreement is null ? ["expected deal"] : ["expected deal", "simulated agreement"];
        Assert.Equal(solutions, job.DealDurability!.Select(d => d.Solution));
    }

    [Fact]
    public void The_flagship_as_written_expects_no_deal_and_names_the_two_territorial_red_lines_that_block_one()
    {
        // Russia at least 75 on territory (the rest of Donetsk and Luhansk), Ukraine at most 50 (a freeze): no package
        // meets both, so no run agrees; the expected deal says so and names each red line whose move would open a zone
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = 100, Seed = 2 }, Flagship()).Result!;
        ExpectedDeal e = job.ExpectedDeal!;
        Assert.Equal("none", e.How);
        Assert.Empty(e.Package);
        Assert.Equal(0, e.Agreements);
        Assert.Equal(0, job.Deal!.ZoneSize);
        Assert.Contains("russia's red line on territory, move it from 75 to 50 (at least)", e.Basis, StringComparison.Ordinal);
        Assert.Contains("ukraine's red line on territory, move it from 50 to 75 (at most)", e.Basis, StringComparison.Ordinal);
        Assert.StartsWith("no deal expected: agreement in 0 of 100 simulated negotiations (0%, 90% interval 0-3%)", e.Basis, StringComparison.Ordinal);
        Assert.DoesNotContain("expected-deal", job.Skipped.Keys);
    }

    [Fact]
    public void Agreement_in_under_half_of_the_runs_means_no_deal_expected_with_the_nash_package_as_reference()
    {
        ScenarioSet set = Flagship();
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = 60, Seed = 2, Variant = TestPaths.WithZone }, set).Result!;
        Scenario s = set.Get(TestPaths.WithZone);
        ExpectedDeal e = ExpectedDeals.Of(s, job.Deal, job.Simulation, job.Negotiation! with { AgreementProbability = 0.3 }, job.Forecast)!;
        Assert.Equal("nash-reference", e.How);
        Assert.Equal(job.Deal!.Nash!.Levels, e.Levels);
        Assert.StartsWith("no deal expected: agreement in 18 of 60 simulated negotiations (30%, 90% interval 21-40%: under half)", e.Basis, StringComparison.Ordinal);
        Assert.Null(e.Share);

        ExpectedDeal none = ExpectedDeals.Of(s, job.Deal, job.Simulation, null, job.Forecast)!;
        Assert.Equal("nash-reference", none.How);
        Assert.Contains("--draws 0", none.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_without_ranges_says_that_every_run_has_the_same_inputs()
    {
        ScenarioSet dayton = ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "dayton-1995.yaml")]).Set!;
        Assert.False(dayton.Get(null).HasUncertainInputs());
        Assert.True(Flagship().Get(null).HasUncertainInputs());
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = 20, Seed = 1 }, dayton).Result!;
        Assert.Contains("the scenario gives no ranges, so every run has the same inputs", job.ExpectedDeal!.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void The_most_agreed_package_does_not_depend_on_the_thread_count()
    {
        Scenario s = Flagship().Get(TestPaths.WithZone);
        var settings = ScenarioOptions.Deal(s);
        string[] ids = ["us", "russia", "ukraine"], strategies = ["linear", "linear", "linear"];
        NegotiationDistribution one = MonteCarloNegotiation.Run(s, settings, ids, strategies, "hub-and-spoke", 24, 200, 5, threads: 1);
        NegotiationDistribution four = MonteCarloNegotiation.Run(s, settings, ids, strategies, "hub-and-spoke", 24, 200, 5, threads: 4);
        Assert.Equal(one.PackageCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal), four.PackageCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(one.MostAgreed()!.Value.Levels, four.MostAgreed()!.Value.Levels);
        Assert.Equal(one.Agreements, one.PackageCounts.Values.Sum() + one.OtherPackages);
    }

    [Fact]
    public void Wilson_intervals_match_the_closed_form()
    {
        // Wilson's score interval worked by hand: p = 0.674, z = 1.6449, n = 1000: centre (p + z²/2n) / (1 + z²/n) = 0.67352,
        // half-width z √(p(1−p)/n + z²/4n²) / (1 + z²/n) = 0.02435 -> 0.64918 to 0.69788
        (double lo, double hi) = new Proportion(674, 1000).Interval90;
        Assert.Equal(0.64918, lo, 5);
        Assert.Equal(0.69788, hi, 5);
        Assert.Equal((0, 1), new Proportion(0, 0).Interval90);
        Assert.Equal(0, new Proportion(0, 50).Interval90.Low);
        Assert.Equal(1, new Proportion(50, 50).Interval90.High);
    }
}
