using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Core.Scenarios;

namespace Parley.Storage;

/// <summary>A stored run as programs read it (<c>parley runs list|show|export --format json</c>).</summary>
/// <param name="Id">Run id.</param>
/// <param name="CreatedUtc">When it was stored.</param>
/// <param name="Command">The command.</param>
/// <param name="Args">Its command line.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioHash">SHA-256 over the inputs.</param>
/// <param name="Variant">The variant.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Draws">The draws.</param>
/// <param name="ToolVersion">The tool's version.</param>
/// <param name="ElapsedMs">Wall time.</param>
/// <param name="TimingsMs">Per phase.</param>
/// <param name="Inputs">The input files (export only).</param>
/// <param name="Result">The result document (show and export).</param>
public sealed record RunDocument(
    long Id,
    string CreatedUtc,
    string Command,
    IReadOnlyList<string> Args,
    string? Scenario,
    string ScenarioHash,
    string? Variant,
    ulong? Seed,
    long? Draws,
    string ToolVersion,
    double ElapsedMs,
    IReadOnlyDictionary<string, double> TimingsMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<InputDocument>? Inputs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] JsonElement Result = default)
{
    /// <summary>A run's document: its metadata, and optionally its inputs and result.</summary>
    /// <param name="r">The run.</param>
    /// <param name="withInputs">Add the input files.</param>
    /// <param name="withResult">Add the result document.</param>
    public static RunDocument Of(StoredRun r, bool withInputs = false, bool withResult = false)
    {
        ArgumentNullException.ThrowIfNull(r);
        JsonElement result = default;
        if (withResult)
        {
            using JsonDocument doc = JsonDocument.Parse(r.Result);
            result = doc.RootElement.Clone();
        }

        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, double> t in r.Timings)
        {
            timings[t.Key] = Math.Round(t.Value, 1);
        }

        return new RunDocument(r.Id, r.CreatedUtc, r.Command, r.Args, r.ScenarioName, r.ScenarioHash, r.Variant, r.Seed, r.Draws, r.ToolVersion, Math.Round(r.ElapsedMs, 1), timings,
            withInputs ? [.. r.Inputs.Select(i => new InputDocument(i.Path, i.Sha256, Encoding.UTF8.GetString(i.Content)))] : null, result);
    }
}

/// <summary>One input file of a run.</summary>
/// <param name="Path">As given.</param>
/// <param name="Sha256">Its hash.</param>
/// <param name="Content">Its text.</param>
public sealed record InputDocument(string Path, string Sha256, string Content);

/// <summary>One changed setting between two runs.</summary>
/// <param name="What">The setting.</param>
/// <param name="A">In the first run.</param>
/// <param name="B">In the second.</param>
public sealed record SettingChange(string What, string? A, string? B);

/// <summary>One changed scenario fact between two runs.</summary>
/// <param name="Path">The fact.</param>
/// <param name="A">In the first run's scenario.</param>
/// <param name="B">In the second's.</param>
public sealed record ScenarioChange(string Path, string? A, string? B);

/// <summary>One changed result value between two runs.</summary>
/// <param name="Path">The value's path.</param>
/// <param name="A">In the first run.</param>
/// <param name="B">In the second.</param>
/// <param name="Delta">B − A for numbers.</param>
public sealed record ResultChange(string Path, string A, string B, double? Delta);

/// <summary>What changed between two runs (<c>parley runs diff --format json</c>).</summary>
/// <param name="A">First run id.</param>
/// <param name="B">Second run id.</param>
/// <param name="Settings">Changed settings.</param>
/// <param name="Scenario">Changed scenario facts.</param>
/// <param name="Results">Changed result values.</param>
public sealed record RunDiffDocument(long A, long B, IReadOnlyList<SettingChange> Settings, IReadOnlyList<ScenarioChange> Scenario, IReadOnlyList<ResultChange> Results)
{
    /// <summary>The document of a comparison.</summary>
    /// <param name="a">First run id.</param>
    /// <param name="b">Second run id.</param>
    /// <param name="settings">Changed settings (what, before, after).</param>
    /// <param name="facts">Changed scenario facts.</param>
    /// <param name="results">Changed values.</param>
    public static RunDiffDocument Of(long a, long b, IEnumerable<(string What, string? Before, string? After)> settings, IEnumerable<FactChange> facts, IEnumerable<ValueChange> results) =>
        new(a, b, [.. settings.Select(s => new SettingChange(s.What, s.Before, s.After))], [.. facts.Select(f => new ScenarioChange(f.Path, f.Before, f.After))],
            [.. results.Select(r => new ResultChange(r.Path, r.Before, r.After, r.Delta))]);
}

/// <summary>The store's documents, written with the engine's conventions (snake_case, indented).</summary>
public static class RunJson
{
    /// <summary>A document as text.</summary>
    /// <typeparam name="T">RunDocument, a list of them, or RunDiffDocument.</typeparam>
    /// <param name="value">The document.</param>
    public static string Serialize<T>(T value) =>
        JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RunJsonContext.Default.GetTypeInfo(typeof(T))!);
}

/// <summary>The generated metadata of the store's documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(IReadOnlyList<RunDocument>))]
[JsonSerializable(typeof(RunDiffDocument))]
internal sealed partial class RunJsonContext : JsonSerializerContext;
