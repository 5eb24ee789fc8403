using Parley.Core.Experiments;

namespace Parley.Core.Tests.Experiments;

/// <summary>Tallies: what every Monte Carlo call keeps, merged without regard to order.</summary>
public sealed class TallyTests
{
    [Fact]
    public void Tallies_of_overlapping_draws_do_not_merge()
    {
        var a = new Tally();
        var b = new Tally();
        Tally.Set(a.Values("x", 4), 2, 1.5);
        Tally.Set(b.Values("x", 4), 2, 1.5);
        Assert.Throws<InvalidOperationException>(() => { a.Add(b); });

        // and a tally survives its JSON exactly (a NaN a draw wrote stays written)
        var c = new Tally();
        c.Counts("n", 3)[1] = 5;
        c.Sums("s", 1)[0] = Int128.MaxValue / 3;
        c.Keyed("k")["1,2"] = 4;
        Tally.Set(c.Values("v", 5), 3, double.NaN);
        string json = c.ToJson();
        Tally back = Tally.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.True(Tally.Written(back.Values("v", 5), 3));
        Assert.False(Tally.Written(back.Values("v", 5), 2));
    }

    [Fact]
    public void Merging_in_any_order_gives_the_same_tally()
    {
        Tally Part(int k)
        {
            var t = new Tally();
            t.Counts("n", 4)[k % 4] += k;
            t.Sums("s", 2)[k % 2] += (Int128)k * 1_000_000_007;
            t.Keyed("k")[(k % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)] = k;
            Tally.Set(t.Values("v", 10), k, k / 3.0);
            return t;
        }

        var forward = new Tally();
        var backward = new Tally();
        for (int k = 0; k < 10; k++)
        {
            forward.Add(Part(k));
            backward.Add(Part(9 - k));
        }

        Assert.Equal(forward.ToJson(), backward.ToJson());
        Assert.Equal(9 + 5 + 1, forward.Counts("n", 4)[1]);
    }

    [Fact]
    public void A_mostly_empty_histogram_travels_as_its_non_zero_bins_and_comes_back_whole()
    {
        var t = new Tally();
        long[] bins = t.Counts("bins", 1000);
        bins[3] = 7;
        bins[4] = 1;
        bins[999] = 2;
        long[] dense = t.Counts("dense", 4);
        dense[0] = 1;
        dense[1] = 2;
        dense[3] = 5;
        string json = t.ToJson();
        Assert.True(json.Length < 300, $"{json.Length} characters for three non-zero bins");
        Tally back = Tally.FromJson(json);
        Assert.Equal(bins, back.Counts("bins", 1000));
        Assert.Equal(dense, back.Counts("dense", 4));
        Assert.Equal(json, back.ToJson());
    }
}
