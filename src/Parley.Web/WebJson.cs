using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Core.Analyses;

namespace Parley.Web;

/// <summary>A what-if computed and stored: <c>{"runId": …, "result": …}</c>.</summary>
/// <param name="RunId">The stored run's id.</param>
/// <param name="Result">The what-if result.</param>
public sealed record WhatIfResponse([property: JsonPropertyName("runId")] long RunId, WhatIfOutcome Result);

/// <summary>A background job as the API shows it.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Status">queued, running, done, failed, cancelled.</param>
/// <param name="Progress">Share done.</param>
/// <param name="RunId">The stored run's id when done.</param>
/// <param name="Error">Why it failed or stopped.</param>
/// <param name="Result">The result when done.</param>
public sealed record JobState(string Id, string Status, double Progress, [property: JsonPropertyName("runId")] long? RunId, string? Error, WhatIfOutcome? Result);

/// <summary>A stored run as the API shows it.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Command">The command.</param>
/// <param name="Args">Its arguments.</param>
/// <param name="Result">The stored result document.</param>
public sealed record StoredRunResponse(long Id, string Command, IReadOnlyList<string> Args, JsonElement Result);

/// <summary>The API's envelopes around the engine's results: the same options as the engine's serialiser (snake_case result keys), the API's documented camelCase envelope keys.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(WhatIfResponse))]
[JsonSerializable(typeof(JobState))]
[JsonSerializable(typeof(StoredRunResponse))]
internal sealed partial class WebJsonContext : JsonSerializerContext;

/// <summary>Writes the API's envelopes.</summary>
internal static class WebJson
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)WebJsonContext.Default.GetTypeInfo(typeof(T))!);

    public static string StoredRun(long id, string command, IReadOnlyList<string> args, string result)
    {
        using JsonDocument doc = JsonDocument.Parse(result);
        return Serialize(new StoredRunResponse(id, command, args, doc.RootElement.Clone()));
    }
}
