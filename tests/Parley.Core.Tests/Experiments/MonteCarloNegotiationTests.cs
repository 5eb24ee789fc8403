using Parley.Core.Bargaining;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Experiments;

public class MonteCarloNegotiationTests
{
    [Fact]
    public void Simulated_runs_give_the_same_summary_for_any_thread_count()
    {
        var s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        string[] parties = ["us", "russia", "ukraine"];
        string[] strategies = ["linear", "boulware", "linear"];
        NegotiationDistribution one = MonteCarloNegotiation.Run(s, new DealSettings(), parties, strategies, "hub-and-spoke", 24, 12, 9, threads: 1);
        NegotiationDistribution two = MonteCarloNegotiation.Run(s, new DealSettings(), parties, strategies, "hub-and-spoke", 24, 12, 9, threads: 3);
        Assert.Equal(one.Agreements, two.Agreements);
        Assert.Equal(one.AgreementTime, two.AgreementTime);
        Assert.Equal(one.Terms, two.Terms);
        Assert.Equal(one.MeanUtility, two.MeanUtility);
        Assert.Equal(one.Agreements, one.AgreementTime.Sum());
        Assert.InRange(one.AgreementProbability, 0, 1);
    }
}
