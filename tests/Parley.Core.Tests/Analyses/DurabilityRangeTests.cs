using Parley.Core.Analyses;

namespace Parley.Core.Tests.Analyses;

/// <summary>Durability draws the uncertain inputs as well as the power paths: every holding share comes with its range.</summary>
public sealed class DurabilityRangeTests
{
    [Fact]
    public void The_flagship_holding_shares_have_a_range_over_draws_of_the_inputs()
    {
        ScenarioSet set = ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!;
        DurabilityOutcome r = DurabilityAnalysis.Run(new DurabilityRequest { Seed = 3, Draws = 300, Variant = TestPaths.WithZone }, set).Result!;
        Assert.Equal(DurabilityAnalysis.InputDraws, r.InputDraws);
        foreach ((string mark, double[] lh) in r.HoldingRange!)
        {
            Assert.True(lh[0] <= lh[1], mark);
            Assert.InRange(lh[0], 0, 1);
            Assert.InRange(lh[1], 0, 1);
        }

        // the inputs matter: over five years the range is wide (positions, saliences, p and costs are ranges)
        Assert.True(r.HoldingRange!["5y"][1] - r.HoldingRange["5y"][0] > 0.1);
        Assert.Matches(@"^\d+% \(\d+-\d+\)$", DurabilityAnalysis.ShareWithRange(r, "5y"));

        // the same seed gives the same range; another gives another
        DurabilityOutcome again = DurabilityAnalysis.Run(new DurabilityRequest { Seed = 3, Draws = 300, Variant = TestPaths.WithZone }, set).Result!;
        Assert.Equal(r.HoldingRange["5y"], again.HoldingRange!["5y"]);
    }
}
