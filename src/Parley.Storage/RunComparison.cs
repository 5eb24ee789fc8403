using System.Globalization;

namespace Parley.Storage;

/// <summary>One result value that differs between two runs.</summary>
/// <param name="Path">Where in the result.</param>
/// <param name="Before">Value in the first run ("(absent)" when missing).</param>
/// <param name="After">Value in the second run ("(absent)" when missing).</param>
/// <param name="Delta">After − before, for numbers.</param>
public sealed record ValueChange(string Path, string Before, string After, double? Delta);

/// <summary>Compares the result values of two runs.</summary>
public static class RunComparison
{
    /// <summary>Every value that differs (numbers by more than the tolerance), in the first run's order, then the second's new ones.</summary>
    /// <param name="a">The first run's values.</param>
    /// <param name="b">The second run's values.</param>
    /// <param name="tolerance">Numeric differences up to this size are ignored.</param>
    public static List<ValueChange> Changes(IReadOnlyList<RunValue> a, IReadOnlyList<RunValue> b, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Dictionary<string, RunValue> ia = Index(a), ib = Index(b);
        var changes = new List<ValueChange>();
        foreach (KeyValuePair<string, RunValue> kv in ia)
        {
            if (!ib.TryGetValue(kv.Key, out RunValue? other))
            {
                changes.Add(new(kv.Key, Show(kv.Value), "(absent)", null));
            }
            else if (kv.Value.Number is double x && other.Number is double y)
            {
                if (Math.Abs(x - y) > tolerance && !x.Equals(y))
                {
                    changes.Add(new(kv.Key, Show(kv.Value), Show(other), y - x));
                }
            }
            else if (kv.Value.Number != other.Number || kv.Value.Text != other.Text)
            {
                changes.Add(new(kv.Key, Show(kv.Value), Show(other), null));
            }
        }

        foreach (KeyValuePair<string, RunValue> kv in ib.Where(kv => !ia.ContainsKey(kv.Key)))
        {
            changes.Add(new(kv.Key, "(absent)", Show(kv.Value), null));
        }

        return changes;
    }

    /// <summary>
    /// True when a fresh result says everything a stored one said, value by value (series included): each stored value
    /// has its counterpart at the same path (in order where paths repeat) with the same text, and each number equal to
    /// the stored one or rounding to it (documents stored before full precision were rounded to at most 4 decimals).
    /// Values only the fresh document has are fields added since; a stored list of ids matches items that carry them.
    /// </summary>
    /// <param name="stored">The stored document.</param>
    /// <param name="fresh">The document computed again.</param>
    public static bool Equivalent(string stored, string fresh)
    {
        List<RunValue> a = ResultValues.Flatten(stored, withSeries: true), b = ResultValues.Flatten(fresh, withSeries: true);

        // paths repeat (list items named by a shared field), so each path keeps its values in order
        var now = new Dictionary<string, Queue<RunValue>>(b.Count, StringComparer.Ordinal);
        foreach (RunValue v in b)
        {
            if (!now.TryGetValue(v.Path, out Queue<RunValue>? q))
            {
                now[v.Path] = q = new Queue<RunValue>();
            }

            q.Enqueue(v);
        }

        RunValue? Next(string path) => now.TryGetValue(path, out Queue<RunValue>? q) && q.Count > 0 ? q.Dequeue() : null;

        foreach (RunValue old in a)
        {
            // a list of ids stored before its items became objects (parties: ["us", …] -> [{id: "us", role, utility}, …])
            RunValue? match = Next(old.Path)
                ?? (old.Text is string id && LastSegmentIsIndex(old.Path) ? Next(old.Path[..old.Path.LastIndexOf('.')] + "." + id + ".id") : null);
            if (match is null || match.Text != old.Text || (match.Number is null) != (old.Number is null))
            {
                return false;
            }

            if (old.Number is double x && match.Number is double y && !SameAtStoredPrecision(x, y))
            {
                return false;
            }
        }

        // values the stored document lacks are fields added since (roles, seating, objections): they were not computed then
        return true;
    }

    private static bool LastSegmentIsIndex(string path)
    {
        int dot = path.LastIndexOf('.');
        return dot >= 0 && int.TryParse(path.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>
    /// True when a number computed now equals one stored before documents carried full precision: exactly, or rounded as
    /// those documents rounded (to 4 decimals, a few fields to 3). An integer or any value with fewer decimals is held to
    /// the same 3 or 4 decimals, so 22 does not accept 22.4.
    /// </summary>
    /// <param name="stored">The stored number.</param>
    /// <param name="fresh">The number computed now.</param>
    public static bool SameAtStoredPrecision(double stored, double fresh) =>
        stored == fresh || Math.Round(fresh, 4) == stored || Math.Round(fresh, 3) == stored;

    /// <summary>A value as text.</summary>
    /// <param name="v">The value.</param>
    public static string Show(RunValue v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return v.Number?.ToString("0.####", CultureInfo.InvariantCulture) ?? v.Text ?? string.Empty;
    }

    private static Dictionary<string, RunValue> Index(IReadOnlyList<RunValue> values)
    {
        var d = new Dictionary<string, RunValue>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (RunValue v in values)
        {
            // repeated paths (two array elements with one name) get a #k suffix
            int k = seen.TryGetValue(v.Path, out int n) ? n + 1 : 0;
            seen[v.Path] = k;
            d[k == 0 ? v.Path : $"{v.Path}#{k}"] = v;
        }

        return d;
    }
}
