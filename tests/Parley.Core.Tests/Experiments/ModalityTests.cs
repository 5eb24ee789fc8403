using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;

namespace Parley.Core.Tests.Experiments;

/// <summary>A forecast whose draws gather in two places is flagged, with each mode's place and share; one peak is not.</summary>
public class ModalityTests
{
    private static long[] Histogram(params (double At, double Spread, int Draws)[] bumps)
    {
        // 1,000 bins over [0, 100], each bump a triangle of the given half-width
        var counts = new long[1000];
        foreach ((double at, double spread, int draws) in bumps)
        {
            var rng = new Random(7);
            for (int k = 0; k < draws; k++)
            {
                double v = Math.Clamp(at + (spread * (rng.NextDouble() - rng.NextDouble())), 0, 99.999);
                counts[(int)(v * 10)]++;
            }
        }

        return counts;
    }

    [Fact]
    public void Two_separated_bumps_are_two_modes_with_their_places_and_shares()
    {
        IReadOnlyList<ForecastMode>? modes = Modality.Of(Histogram((20, 8, 600), (80, 8, 400)), 0, 100);
        Assert.NotNull(modes);
        Assert.Equal(2, modes.Count);
        Assert.Equal(20, modes[0].Value, 0.5);
        Assert.Equal(0.6, modes[0].Share, 0.01);
        Assert.Equal(80, modes[1].Value, 0.5);
        Assert.Equal(0.4, modes[1].Share, 0.01);
    }

    [Theory]
    [InlineData(50, 10, 0, 0, "one bump")]
    [InlineData(45, 8, 55, 8, "two bumps closer than 15% of the scale, no dip between them")]
    [InlineData(20, 8, 80, 8, "a second bump under 15% of the draws")]
    public void One_peak_or_a_minor_bump_is_not_flagged(double a, double spreadA, double b, double spreadB, string why)
    {
        long[] counts = why.Contains("under 15%", StringComparison.Ordinal)
            ? Histogram((a, spreadA, 900), (b, spreadB, 100))
            : Histogram((a, spreadA, 1000), (b, spreadB == 0 ? 1 : spreadB, b == 0 ? 0 : 1000));
        Assert.Null(Modality.Of(counts, 0, 100));
    }

    [Fact]
    public void A_flat_spread_is_not_flagged_and_empty_draws_say_nothing()
    {
        Assert.Null(Modality.Of(Enumerable.Repeat(10L, 1000).ToArray(), 0, 100));
        Assert.Null(Modality.Of(new long[1000], 0, 100));
    }

    private static Scenario Blocs(double low, double high)
    {
        // two blocs of equal, uncertain strength: the weighted median goes to whichever is stronger in a draw
        Scenario s = Forecasting.ScenarioBuilder.OneIssue(0, 100, ("a1", 1, low, 0.8), ("a2", 1, low + 2, 0.8), ("b1", 1, high, 0.8), ("b2", 1, high - 2, 0.8));
        return s with
        {
            Actors = [.. s.Actors.Select(a => a with { Capability = new Quantity { Value = 50, Range = new Interval(30, 70) } })],
        };
    }

    [Fact]
    public void A_two_bloc_input_is_flagged_through_the_engine_and_a_single_peaked_one_is_not()
    {
        var request = new ForecastRequest { Model = "median", Draws = 1000, Seed = 3 };
        ForecastOutcome two = ForecastAnalysis.Run(request, Blocs(10, 90), "blocs.yaml").Result!;
        IReadOnlyList<ForecastMode> modes = two.Models[0].Issues[0].Modes!;
        Assert.Equal(2, modes.Count);
        Assert.True(modes[0].Value < 20 && modes[1].Value > 80, string.Join(", ", modes));
        ForecastOutcome one = ForecastAnalysis.Run(request, Blocs(45, 55), "blocs.yaml").Result!;
        Assert.Null(one.Models[0].Issues[0].Modes);
    }
}
