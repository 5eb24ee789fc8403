using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Durability;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Durability;

/// <summary>
/// Bad faith in the durability model (issue 18, item 2): a party that plans to renege breaks the deal with its stated
/// chance per step whatever the balance of power, so on a war that stands still the share holding after n steps is
/// (1 − h)^n; a scenario without it keeps its power paths and results exactly.
/// </summary>
public class DefectionTests
{
    private static Scenario Still(string defection) => ScenarioLoader.LoadYaml(
        File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml")).Replace("  volatility: 0.02\n", "  volatility: 0\n", StringComparison.Ordinal)
        + "  after_agreement:\n    estimate: true\n    rearmament: {north: 0, south: 0}\n" + defection, "still.yaml").Scenario!;

    private static StrategicDurabilityResult Run(Scenario s, int steps = 60, int paths = 4000)
    {
        DealSpace space = DealSpace.Build(s, new DealSettings());
        int[] nash = TableDeal.Solutions(space, TableDeal.Group(space))!.Find("nash")!.Levels;
        return StrategicDurability.Run(space, nash, new AgreementTerms(), steps, paths, 7);
    }

    [Fact]
    public void On_a_war_that_stands_still_the_deal_holds_with_the_chance_of_no_defection_so_far()
    {
        StrategicDurabilityResult none = Run(Still(string.Empty));
        Assert.Equal(1.0, none.HoldingAt(60));

        StrategicDurabilityResult r = Run(Still("    defection: {north: 0.01}\n"));
        double expected = Math.Pow(0.99, 60), sd = Math.Sqrt(expected * (1 - expected) / 4000);
        Assert.InRange(r.HoldingAt(60), expected - (4 * sd), expected + (4 * sd));
        Assert.Equal(0, r.BrokenBy["south"]);

        // two parties that plan to renege break it sooner than one
        Assert.True(Run(Still("    defection: {north: 0.01, south: 0.01}\n")).HoldingAt(60) < r.HoldingAt(60));
    }

    [Fact]
    public void A_zero_chance_leaves_every_path_as_it_was()
    {
        Scenario moving = ScenarioLoader.LoadYaml(File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml"))
            + "  after_agreement:\n    estimate: true\n    rearmament: {north: 0.004, south: 0}\n", "moving.yaml").Scenario!;
        Scenario zero = moving with { Dynamics = moving.Dynamics! with { AfterAgreement = moving.Dynamics.AfterAgreement! with { Defection = new Dictionary<string, Quantity> { ["north"] = Quantity.Of(0) } } } };
        Assert.Equal(Run(moving, paths: 500).Holding, Run(zero, paths: 500).Holding);
    }
}
