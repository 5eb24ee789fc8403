namespace Parley.Core.Randomness;

/// <summary>
/// The one random generator Parley uses: xoshiro256** (Blackman and Vigna, 2018), seeded through
/// SplitMix64. A run creates one from its seed and passes it down; Monte Carlo draw <c>d</c> of a run
/// with seed <c>s</c> uses <see cref="ForDraw"/>(s, d), so results never depend on thread scheduling.
/// Not thread-safe: one stream per thread of work.
/// </summary>
public sealed class RandomSource
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;
    private double? spareNormal;

    /// <summary>Creates a stream from a 64-bit seed (expanded to the 256-bit state with SplitMix64).</summary>
    /// <param name="seed">Any 64-bit value, zero included.</param>
    public RandomSource(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// The independent stream of Monte Carlo draw <paramref name="draw"/> in a run seeded with
    /// <paramref name="seed"/>: the seed and draw index are mixed through SplitMix64 before seeding.
    /// </summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="draw">The draw index (0-based).</param>
    public static RandomSource ForDraw(ulong seed, long draw)
    {
        var r = new RandomSource(0);
        r.ResetForDraw(seed, draw);
        return r;
    }

    /// <summary>Puts this generator in the state <see cref="ForDraw"/>(seed, draw) would create, without allocating.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="draw">The draw index (0-based).</param>
    public void ResetForDraw(ulong seed, long draw)
    {
        ulong x = seed;
        ulong a = SplitMix64(ref x);
        ulong y = a ^ (0x9E3779B97F4A7C15UL * (ulong)(draw + 1));
        ulong z = SplitMix64(ref y);
        s0 = SplitMix64(ref z);
        s1 = SplitMix64(ref z);
        s2 = SplitMix64(ref z);
        s3 = SplitMix64(ref z);
        spareNormal = null;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="n"/>) without modulo bias.</summary>
    /// <param name="n">Exclusive upper bound, positive.</param>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold)
            {
                return (int)(r % bound);
            }
        }
    }

    /// <summary>A standard normal deviate (Marsaglia's polar method; the spare value is kept).</summary>
    public double NextNormal()
    {
        if (spareNormal is double spare)
        {
            spareNormal = null;
            return spare;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        spareNormal = v * f;
        return u * f;
    }

    /// <summary>A draw from the triangular distribution on [low, high] with the given mode.</summary>
    /// <param name="low">Lower bound.</param>
    /// <param name="mode">Most likely value, inside [low, high].</param>
    /// <param name="high">Upper bound.</param>
    public double NextTriangular(double low, double mode, double high)
    {
        if (!(high > low))
        {
            return mode;
        }

        double u = NextDouble();
        double f = (mode - low) / (high - low);
        return u < f
            ? low + Math.Sqrt(u * (high - low) * (mode - low))
            : high - Math.Sqrt((1 - u) * (high - low) * (high - mode));
    }

    /// <summary>
    /// A draw from a normal distribution truncated to [low, high], by rejection (falls back to clamping
    /// after 1,000 rejections, which only happens when the interval lies far in a tail).
    /// </summary>
    /// <param name="mean">Mean of the untruncated normal.</param>
    /// <param name="sd">Its standard deviation (non-negative).</param>
    /// <param name="low">Lower bound (may be negative infinity).</param>
    /// <param name="high">Upper bound (may be positive infinity).</param>
    public double NextTruncatedNormal(double mean, double sd, double low, double high)
    {
        if (!(sd > 0))
        {
            return Math.Clamp(mean, low, high);
        }

        for (int i = 0; i < 1000; i++)
        {
            double x = mean + (sd * NextNormal());
            if (x >= low && x <= high)
            {
                return x;
            }
        }

        return Math.Clamp(mean, low, high);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
