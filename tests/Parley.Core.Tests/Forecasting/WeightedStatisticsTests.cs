using Parley.Core.Forecasting;
using Parley.Core.Randomness;

namespace Parley.Core.Tests.Forecasting;

public class WeightedStatisticsTests
{
    [Fact]
    public void Mean_and_median_equal_their_closed_forms_on_random_inputs()
    {
        var rng = new RandomSource(2024);
        for (int trial = 0; trial < 500; trial++)
        {
            int n = 2 + rng.NextInt(30);
            var x = new double[n];
            var w = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = 100 * rng.NextDouble();
                w[i] = rng.NextDouble();
            }

            double sw = w.Sum();
            Assert.Equal(x.Zip(w, (a, b) => a * b).Sum() / sw, WeightedStatistics.Mean(x, w), 9);

            // closed form: sort by position; the median is where the cumulative weight first reaches half
            var order = Enumerable.Range(0, n).OrderBy(i => x[i]).ToArray();
            double cum = 0, median = double.NaN;
            foreach (int i in order)
            {
                cum += w[i];
                if (cum >= sw / 2)
                {
                    median = x[i];
                    break;
                }
            }

            Assert.Equal(median, WeightedStatistics.Median(x, w));
        }
    }

    [Fact]
    public void Median_is_a_Condorcet_winner_among_the_positions()
    {
        var rng = new RandomSource(9);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 3 + rng.NextInt(10);
            double[] x = Enumerable.Range(0, n).Select(_ => 10 * rng.NextDouble()).ToArray();
            double[] w = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            double m = WeightedStatistics.Median(x, w);
            foreach (double b in x)
            {
                // MODELS.md §1.2: k's vote for a over b is w_k (|x_k − b| − |x_k − a|)
                double vote = 0;
                for (int k = 0; k < n; k++)
                {
                    vote += w[k] * (Math.Abs(x[k] - b) - Math.Abs(x[k] - m));
                }

                Assert.True(vote >= -1e-9, $"median {m} loses to {b}");
            }
        }
    }

    [Fact]
    public void Zero_weights_fall_back_to_the_unweighted_statistics()
    {
        Assert.Equal(2, WeightedStatistics.Mean([1, 2, 3], [0, 0, 0]));
        Assert.Equal(2, WeightedStatistics.Median([1, 2, 3], [0, 0, 0]));
    }
}
