using Parley.Core.Forecasting;

namespace Parley.Core.Tests.Forecasting;

/// <summary>
/// The challenge search under proportional voting takes every target at once, a vector of targets at a time; these
/// tests hold it to the pair-by-pair loop (KTAB's order as written) bit for bit, on sizes that leave a scalar tail.
/// </summary>
public class SpatialEngineTests
{
    public static TheoryData<int, int, ThirdPartyCommit, RiskAdjust> Cases()
    {
        var cases = new TheoryData<int, int, ThirdPartyCommit, RiskAdjust>();
        foreach (int actors in new[] { 9, 37, 45 })
        {
            foreach (ThirdPartyCommit tpc in Enum.GetValues<ThirdPartyCommit>())
            {
                cases.Add(actors, 2, tpc, actors == 37 ? RiskAdjust.Full : RiskAdjust.OneThird);
            }
        }

        cases.Add(26, 3, ThirdPartyCommit.Semi, RiskAdjust.Half);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_target_at_once_gives_the_pair_by_pair_trajectory_bit_for_bit(int actors, int dims, ThirdPartyCommit tpc, RiskAdjust risk)
    {
        var rng = new Random(actors * 31 + (int)tpc);
        double[] cap = [.. Enumerable.Range(0, actors).Select(_ => 1 + (9 * rng.NextDouble()))];
        double[] sal = [.. Enumerable.Range(0, actors * dims).Select(_ => rng.NextDouble() / dims)];
        double[] start = [.. Enumerable.Range(0, actors * dims).Select(_ => Math.Round(rng.NextDouble(), 4))];
        var options = new SmpOptions { ThirdParty = tpc, RiskAdjust = risk };

        (double[] Positions, List<double[]> Turns, int Count, double[] P, double[] Gain) Run(SpatialEngine engine)
        {
            double[] p = (double[])start.Clone();
            var turns = new List<double[]>();
            int count = engine.Run(actors, dims, cap, sal, p, (pos, _) => turns.Add((double[])pos.Clone()));
            return (p, turns, count, engine.LastChallenges.Probability, engine.LastChallenges.Gain);
        }

        var reference = Run(new SpatialEngine(options) { PairByPair = true });
        var together = Run(new SpatialEngine(options));
        var shared = Run(new SpatialEngine(options) { Workers = 2 });
        Assert.True(reference.Count >= 2);
        Assert.Equal(reference.Count, together.Count);
        Assert.Equal(reference.Count, shared.Count);
        for (int t = 0; t < reference.Count; t++)
        {
            Assert.Equal(reference.Turns[t], together.Turns[t]);
            Assert.Equal(reference.Turns[t], shared.Turns[t]);
        }

        Assert.Equal(reference.Positions, together.Positions);

        // every challenge's estimates in the last turn, not only the chosen ones (a trajectory is rounded to 4 decimals)
        for (int k = 0; k < actors * actors; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.P[k]), BitConverter.DoubleToInt64Bits(together.P[k]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.Gain[k]), BitConverter.DoubleToInt64Bits(together.Gain[k]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.Gain[k]), BitConverter.DoubleToInt64Bits(shared.Gain[k]));
        }

        // the positions moved: a search that found no challenge would agree trivially
        Assert.NotEqual(start, reference.Positions);
    }
}
