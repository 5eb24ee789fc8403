using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Cli.Tests.Approvals;

/// <summary>
/// A small approval helper: a command's output is scrubbed of what changes from run to run and compared, key for key
/// and value for value, with a file approved earlier. <c>PARLEY_APPROVE=1</c> writes the approved files instead.
/// </summary>
internal static class Approval
{
    /// <summary>Set to 1 to (re)write the approved files from the current code.</summary>
    public const string ApproveVariable = "PARLEY_APPROVE";

    /// <summary>
    /// Keys whose values change from run to run or machine to machine and are replaced by a placeholder before comparing:
    /// creation time, tool version, timings, run ids.
    /// </summary>
    public static IReadOnlySet<string> VolatileKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "created", "created_utc", "tool_version", "elapsed_ms", "timings", "run_id",
    };

    /// <summary>Where the approved files live (committed).</summary>
    public static string Folder { get; } = Path.Combine(Cli.Root, "tests", "Parley.Cli.Tests", "Approvals", "approved");

    /// <summary>Absolute paths become relative to the repository (the repository root is replaced by a placeholder).</summary>
    public static string ScrubPaths(string text) =>
        text.Replace(Cli.Root + Path.DirectorySeparatorChar, "<root>/", StringComparison.Ordinal)
            .Replace(Cli.Root, "<root>", StringComparison.Ordinal)
            .Replace(Path.GetTempPath(), "<tmp>/", StringComparison.Ordinal);

    /// <summary>The scrubbed document: volatile keys replaced, absolute paths relative.</summary>
    public static JsonNode Scrub(string json)
    {
        JsonNode node = JsonNode.Parse(ScrubPaths(json))!;
        ScrubNode(node);
        return node;
    }

    private static void ScrubNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string key in o.Select(kv => kv.Key).ToList())
                {
                    if (VolatileKeys.Contains(key))
                    {
                        o[key] = "<scrubbed>";
                    }
                    else
                    {
                        ScrubNode(o[key]);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    ScrubNode(item);
                }

                break;
        }
    }

    /// <summary>Compares a document with its approved file; returns the differences (empty when it matches).</summary>
    public static IReadOnlyList<string> Verify(string name, string json)
    {
        JsonNode actual = Scrub(json);
        // gzip keeps the approved outputs of all commands (18 MB of JSON, mostly trajectories) near 1 MB in the repository
        string path = Path.Combine(Folder, name + ".approved.json.gz");
        string text = actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            Directory.CreateDirectory(Folder);
            using var file = File.Create(path);
            using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
            gz.Write(new UTF8Encoding(false).GetBytes(text));
            return [];
        }

        if (!File.Exists(path))
        {
            return [$"no approved file {path} (run the tests with {ApproveVariable}=1 to write it, then review it)"];
        }

        JsonNode approved = JsonNode.Parse(Read(path))!;
        var differences = new List<string>();
        Compare(approved, actual, "$", differences);
        if (differences.Count > 0)
        {
            // the received document beside the test output, for a diff with `zcat APPROVED | diff - RECEIVED`
            string received = Path.Combine(AppContext.BaseDirectory, "received", name + ".received.json");
            Directory.CreateDirectory(Path.GetDirectoryName(received)!);
            File.WriteAllText(received, text);
            differences.Add("received: " + received);
        }

        return differences;
    }

    /// <summary>Key-for-key, value-for-value comparison; numbers compare as doubles, exactly or at the approved 4 decimals.</summary>
    public static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        if (differences.Count >= 25)
        {
            return;
        }

        switch (expected, actual)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject a):
                foreach (KeyValuePair<string, JsonNode?> kv in e)
                {
                    if (!a.ContainsKey(kv.Key))
                    {
                        differences.Add($"{path}.{kv.Key}: missing");
                    }
                    else
                    {
                        Compare(kv.Value, a[kv.Key], $"{path}.{kv.Key}", differences);
                    }
                }

                foreach (KeyValuePair<string, JsonNode?> kv in a)
                {
                    if (!e.ContainsKey(kv.Key))
                    {
                        differences.Add($"{path}.{kv.Key}: not in the approved file");
                    }
                }

                return;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    differences.Add($"{path}: {a.Count} items, approved {e.Count}");
                }

                for (int i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    Compare(e[i], a[i], $"{path}[{i}]", differences);
                }

                return;
            case (JsonValue e, JsonValue a):
                if (e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
                {
                    // Deliberate change (issue 12): documents now carry numbers at full precision (shortest round-trip);
                    // the approved outputs were written rounded (to 4 decimals, some to 3): the store's rule for old runs.
                    if (!Parley.Storage.RunComparison.SameAtStoredPrecision(e.GetValue<double>(), a.GetValue<double>()))
                    {
                        differences.Add($"{path}: {a.ToJsonString()}, approved {e.ToJsonString()}");
                    }
                }
                else if (e.ToJsonString() != a.ToJsonString())
                {
                    differences.Add($"{path}: {Short(a.ToJsonString())}, approved {Short(e.ToJsonString())}");
                }

                return;
            default:
                differences.Add($"{path}: {Short(actual?.ToJsonString() ?? "null")}, approved {Short(expected?.ToJsonString() ?? "null")}");
                return;
        }
    }

    /// <summary>The text of an approved (gzipped) file.</summary>
    public static string Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
