using System.Globalization;
using System.Text.Json;

namespace Parley.Core.Experiments;

/// <summary>
/// What a Monte Carlo run keeps of its draws, in forms whose merge does not depend on order: integer counts, exact
/// fixed-point sums (<see cref="Int128"/>), counts by key, and per-draw values that each draw writes once at its own index.
/// A run over draws 0 … N−1 gives the same tally whether its draws ran on one thread, many threads or many machines and
/// were merged in any order; merging two tallies that both wrote one draw's value is an error, so no draw counts twice.
/// A tally travels as JSON (<see cref="ToJson"/>), with doubles as their bits so that nothing is rounded on the way.
/// </summary>
internal sealed class Tally
{
    // an unwritten per-draw value: a NaN with a payload no arithmetic makes (a draw's own NaN stays a different NaN)
    private const long Unwritten = 0x7FF8_DEAD_0000_0001;

    private readonly SortedDictionary<string, long[]> counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Int128[]> sums = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Dictionary<string, long>> keyed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long[]> values = new(StringComparer.Ordinal);

    /// <summary>Integer counts under a name (made with the length on first use).</summary>
    public long[] Counts(string name, int length) => Get(counts, name, length, static n => new long[n]);

    /// <summary>Exact sums under a name (fixed point: the caller scales and rounds each term).</summary>
    public Int128[] Sums(string name, int length) => Get(sums, name, length, static n => new Int128[n]);

    /// <summary>Counts by key under a name.</summary>
    public Dictionary<string, long> Keyed(string name)
    {
        if (!keyed.TryGetValue(name, out Dictionary<string, long>? d))
        {
            keyed[name] = d = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        return d;
    }

    /// <summary>Per-draw values under a name: slot i is written once, by the draw that owns it (see <see cref="Set"/>).</summary>
    public long[] Values(string name, long length) => Get(values, name, checked((int)length), static n =>
    {
        var a = new long[n];
        Array.Fill(a, Unwritten);
        return a;
    });

    /// <summary>Writes a per-draw value.</summary>
    public static void Set(long[] slots, long index, double value) => slots[index] = BitConverter.DoubleToInt64Bits(value);

    /// <summary>Reads a per-draw value (NaN where no draw wrote it).</summary>
    public static double Get(long[] slots, long index) => slots[index] == Unwritten ? double.NaN : BitConverter.Int64BitsToDouble(slots[index]);

    /// <summary>True when the slot was written.</summary>
    public static bool Written(long[] slots, long index) => slots[index] != Unwritten;

    /// <summary>Adds another tally into this one (counts and sums add; keyed counts add per key; values fill their slots).</summary>
    /// <exception cref="InvalidOperationException">The tallies disagree on a table's length, or both wrote one draw's value.</exception>
    public void Add(Tally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach ((string name, long[] from) in other.counts)
        {
            long[] into = Counts(name, from.Length);
            for (int i = 0; i < from.Length; i++)
            {
                into[i] += from[i];
            }
        }

        foreach ((string name, Int128[] from) in other.sums)
        {
            Int128[] into = Sums(name, from.Length);
            for (int i = 0; i < from.Length; i++)
            {
                into[i] += from[i];
            }
        }

        foreach ((string name, Dictionary<string, long> from) in other.keyed)
        {
            Dictionary<string, long> into = Keyed(name);
            foreach ((string key, long c) in from)
            {
                into[key] = into.GetValueOrDefault(key) + c;
            }
        }

        foreach ((string name, long[] from) in other.values)
        {
            long[] into = Values(name, from.Length);
            for (int i = 0; i < from.Length; i++)
            {
                if (from[i] == Unwritten)
                {
                    continue;
                }

                if (into[i] != Unwritten)
                {
                    throw new InvalidOperationException($"draw {i} of '{name}' was counted twice");
                }

                into[i] = from[i];
            }
        }
    }

    /// <summary>The tally as JSON (stable: names in ordinal order, keyed counts sorted; values as bit runs of written slots).</summary>
    public string ToJson()
    {
        var doc = new TallyDocument
        {
            // histograms are mostly empty: a table with more zeros than counts travels as runs of its non-zero bins
            Counts = new SortedDictionary<string, long[]>(counts.Where(kv => !Sparse(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
            SparseCounts = new SortedDictionary<string, TallyValues>(counts.Where(kv => Sparse(kv.Value)).ToDictionary(kv => kv.Key, kv => new TallyValues(kv.Value.Length, Runs(kv.Value, 0))), StringComparer.Ordinal),
            Sums = new SortedDictionary<string, string[]>(sums.ToDictionary(kv => kv.Key, kv => kv.Value.Select(x => x.ToString(CultureInfo.InvariantCulture)).ToArray()), StringComparer.Ordinal),
            Keyed = new SortedDictionary<string, SortedDictionary<string, long>>(keyed.ToDictionary(kv => kv.Key, kv => new SortedDictionary<string, long>(kv.Value, StringComparer.Ordinal)), StringComparer.Ordinal),
            Values = new SortedDictionary<string, TallyValues>(values.ToDictionary(kv => kv.Key, kv => new TallyValues(kv.Value.Length, Runs(kv.Value, Unwritten))), StringComparer.Ordinal),
        };
        return Serialization.ParleyJson.SerializeCompact(doc);
    }

    /// <summary>Reads a tally written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a tally.</exception>
    public static Tally FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            TallyDocument doc = Serialization.ParleyJson.Deserialize<TallyDocument>(json) ?? throw new FormatException("an empty tally");
            var t = new Tally();
            foreach ((string name, long[] a) in doc.Counts)
            {
                a.CopyTo(t.Counts(name, a.Length), 0);
            }

            foreach ((string name, TallyValues v) in doc.SparseCounts)
            {
                long[] into = t.Counts(name, v.Length);
                foreach (long[] run in v.Runs)
                {
                    Array.Copy(run, 1, into, checked((int)run[0]), run.Length - 1);
                }
            }

            foreach ((string name, string[] a) in doc.Sums)
            {
                Int128[] into = t.Sums(name, a.Length);
                for (int i = 0; i < a.Length; i++)
                {
                    into[i] = Int128.Parse(a[i], CultureInfo.InvariantCulture);
                }
            }

            foreach ((string name, SortedDictionary<string, long> d) in doc.Keyed)
            {
                Dictionary<string, long> into = t.Keyed(name);
                foreach ((string key, long c) in d)
                {
                    into[key] = c;
                }
            }

            foreach ((string name, TallyValues v) in doc.Values)
            {
                long[] into = t.Values(name, v.Length);
                foreach (long[] run in v.Runs)
                {
                    Array.Copy(run, 1, into, checked((int)run[0]), run.Length - 1);
                }
            }

            return t;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            throw new FormatException("not a tally: " + ex.Message, ex);
        }
    }

    private static bool Sparse(long[] a)
    {
        int zeros = 0;
        foreach (long x in a)
        {
            zeros += x == 0 ? 1 : 0;
        }

        return zeros * 2 > a.Length;
    }

    // runs of the slots that are not 'empty', each [start, values…]: a slice of draws sends only its own part of a
    // per-draw table, and a histogram only its non-zero bins
    private static List<long[]> Runs(long[] a, long empty)
    {
        var runs = new List<long[]>();
        int i = 0;
        while (i < a.Length)
        {
            if (a[i] == empty)
            {
                i++;
                continue;
            }

            int start = i;
            while (i < a.Length && a[i] != empty)
            {
                i++;
            }

            runs.Add([start, .. a.AsSpan(start, i - start)]);
        }

        return runs;
    }

    private static T[] Get<T>(SortedDictionary<string, T[]> tables, string name, int length, Func<int, T[]> make)
    {
        if (tables.TryGetValue(name, out T[]? a))
        {
            if (a.Length != length)
            {
                throw new InvalidOperationException($"the tally's '{name}' has {a.Length} entries, not {length}");
            }

            return a;
        }

        tables[name] = a = make(length);
        return a;
    }
}

/// <summary>A tally as it travels (see <see cref="Tally.ToJson"/>).</summary>
internal sealed record TallyDocument
{
    public SortedDictionary<string, long[]> Counts { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, TallyValues> SparseCounts { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string[]> Sums { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, SortedDictionary<string, long>> Keyed { get; init; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, TallyValues> Values { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Per-draw values as they travel: the table's length and its written runs.</summary>
/// <param name="Length">Slots in the table.</param>
/// <param name="Runs">Each run: its first slot, then the bits of its values.</param>
internal sealed record TallyValues(int Length, List<long[]> Runs);
