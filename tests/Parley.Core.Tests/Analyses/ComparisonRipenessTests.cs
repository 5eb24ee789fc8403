using Parley.Core.Analyses;

namespace Parley.Core.Tests.Analyses;

/// <summary>
/// Ripeness in the base case and in each variant (issue 18, item 5): the what-if table (as <c>parley compare</c> and the
/// main job's report show it) gives each party's hurting stalemate per run, and a war turning against a party makes it
/// ripe while the scenario as written (no trend) leaves it never ripe.
/// </summary>
public class ComparisonRipenessTests
{
    [Fact]
    public void A_war_turning_against_a_party_makes_it_ripe_in_that_variant_only()
    {
        string dir = Path.Combine(Path.GetTempPath(), "parley-ripe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "ripe.yaml");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml")) + """

variants:
  - id: north-losing
    name: The war turns against North
    estimate: true
    set: {dynamics.trend: -0.02}
""");
        ScenarioSet set = ScenarioSet.Load([file]).Set!;
        ComparisonOutcome r = ComparisonAnalysis.Run(new ComparisonRequest(), set).Result!;

        Assert.Equal("never", r.Runs["base"]["ripe: north"]);
        Assert.Equal("never", r.Runs["base"]["ripe: south"]);
        Assert.StartsWith("t=", r.Runs["north-losing"]["ripe: north"], StringComparison.Ordinal);

        // South gains as North loses: its alternative improves, so fighting on is not getting worse for it
        Assert.Equal("never", r.Runs["north-losing"]["ripe: south"]);
    }
}
