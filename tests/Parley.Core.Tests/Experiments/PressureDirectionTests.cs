using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Experiments;

/// <summary>
/// The flagship's pressure variants move the simulated talks the way their mechanism implies (issue 18): pressure on
/// Ukraine alone (aid-cut) leaves Russia better off and Ukraine worse; a dearer war for Russia (sanctions-tightened,
/// tomahawks) leaves Russia worse off, and strengthening Ukraine's defence (tomahawks) leaves Ukraine better off. Each
/// variant's war is put on the freeze-on-the-line variant (the flagship as written has no zone, so nothing is agreed
/// under any pressure), and both are simulated on the same draws (hub and spoke, 300 runs).
/// </summary>
public class PressureDirectionTests
{
    private static Scenario Load(string variant) => Flagship.Load(variant);

    /// <summary>Mean utility per party over the runs (no deal: its value then), in table order.</summary>
    private static double[] MeanUtility(Scenario s)
    {
        IReadOnlyList<string> table = NegotiationAnalysis.DefaultTable(s);
        string[] strategies = [.. table.Select(id => NegotiationAnalysis.StrategyOf(s, new Dictionary<string, string>(), id))];
        NegotiationDistribution d = MonteCarloNegotiation.Run(s, ScenarioOptions.Deal(s), table, strategies, "hub-and-spoke", 24, 300, 1);
        return d.MeanUtility;
    }

    [Theory]
    [InlineData("aid-cut", +1, -1)]
    [InlineData("sanctions-tightened", -1, 0)]
    [InlineData("tomahawks", -1, +1)]
    public void A_pressure_variant_moves_the_outcome_toward_the_side_it_favours(string variant, int russia, int ukraine)
    {
        Scenario freeze = Load("freeze-on-the-line");

        // the variant's war (costs, trend, what happens after the deal) on the freeze: the freeze changes only a red line
        Scenario pressed = freeze with { Dynamics = Load(variant).Dynamics };
        Assert.NotEqual(freeze.Dynamics, pressed.Dynamics);
        IReadOnlyList<string> table = NegotiationAnalysis.DefaultTable(freeze);
        int r = IndexOf(table, "russia"), u = IndexOf(table, "ukraine");
        double[] before = MeanUtility(freeze), after = MeanUtility(pressed);
        Check(russia, after[r] - before[r], $"{variant}: russia {after[r]:0.####} against {before[r]:0.####}");
        Check(ukraine, after[u] - before[u], $"{variant}: ukraine {after[u]:0.####} against {before[u]:0.####}");
    }

    private static int IndexOf(IReadOnlyList<string> table, string id)
    {
        for (int i = 0; i < table.Count; i++)
        {
            if (table[i] == id)
            {
                return i;
            }
        }

        throw new ArgumentException(id);
    }

    private static void Check(int sign, double change, string what)
    {
        if (sign > 0)
        {
            Assert.True(change > 0.005, what);
        }
        else if (sign < 0)
        {
            Assert.True(change < -0.005, what);
        }
    }
}
