using System.Globalization;
using System.Text.Json;

namespace Parley.Storage;

/// <summary>
/// Flattens a result document into (path, value) rows so that runs can be queried with SQL. Object keys
/// join with dots; an array element is named by its <c>id</c>, <c>name</c>, <c>run</c>, <c>issue</c> or
/// <c>model</c> field when it has one (so <c>models[2].issues[0].median</c> becomes
/// <c>models.smp.issues.territory.median</c>), else by its index.
/// </summary>
public static class ResultValues
{
    private static readonly string[] NameFields = ["id", "name", "run", "issue", "model", "deal"];

    /// <summary>
    /// Series kept in the result document but not as value rows (they would be most of a run's rows and are not queried
    /// value by value): forecast trajectories, negotiation transcripts, durability curves, Pareto frontiers and the grid.
    /// </summary>
    public static IReadOnlySet<string> Series { get; } = new HashSet<string>(StringComparer.Ordinal) { "trajectory", "transcript", "curve", "frontier", "frontier_pairs", "grid" };

    /// <summary>Every number, boolean and text in the document, in document order.</summary>
    /// <param name="json">The result document.</param>
    /// <param name="withSeries">Also the <see cref="Series"/> (for comparing whole documents).</param>
    public static List<RunValue> Flatten(string json, bool withSeries = false)
    {
        var values = new List<RunValue>();
        using JsonDocument doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, string.Empty, values, withSeries);
        return values;
    }

    private static void Walk(JsonElement e, string path, List<RunValue> values, bool withSeries)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    if (withSeries || !Series.Contains(p.Name))
                    {
                        Walk(p.Value, Join(path, p.Name), values, withSeries);
                    }
                }

                break;
            case JsonValueKind.Array:
                int k = 0;
                foreach (JsonElement item in e.EnumerateArray())
                {
                    Walk(item, Join(path, ElementName(item, k)), values, withSeries);
                    k++;
                }

                break;
            case JsonValueKind.Number:
                values.Add(new RunValue(path, e.GetDouble(), null));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                values.Add(new RunValue(path, e.ValueKind == JsonValueKind.True ? 1 : 0, null));
                break;
            case JsonValueKind.String:
                values.Add(new RunValue(path, null, e.GetString()));
                break;
            default:
                break;
        }
    }

    private static string ElementName(JsonElement item, int index)
    {
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (string field in NameFields)
            {
                if (item.TryGetProperty(field, out JsonElement n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } s && !s.Contains('.', StringComparison.Ordinal))
                {
                    return s;
                }
            }
        }

        return index.ToString(CultureInfo.InvariantCulture);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
