using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Parley.Core.Analyses;

namespace Parley.Core.Serialization;

/// <summary>
/// The one JSON serialiser of requests and results (System.Text.Json, source-generated): snake_case keys, indented,
/// numbers written shortest-round-trip (rounding is for display only), metadata allowed out of order for requests
/// written by hand. A non-finite number cannot be written: serialising one throws, loudly.
/// </summary>
public static class ParleyJson
{
    /// <summary>The options every document is written and read with.</summary>
    public static JsonSerializerOptions Options => ParleyJsonContext.Default.Options;

    /// <summary>Serialises a request or result.</summary>
    /// <typeparam name="T">A type registered in <see cref="ParleyJsonContext"/>.</typeparam>
    /// <param name="value">The value.</param>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    /// <summary>Serialises a result of any analysis, exactly as its own type serialises (no kind added).</summary>
    /// <param name="result">The result.</param>
    public static string SerializeResult(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, ParleyJsonContext.Default.GetTypeInfo(result.GetType())
            ?? throw new InvalidOperationException($"{result.GetType().Name} is not registered with the serialiser (ParleyJsonContext)"));
    }

    /// <summary>Serialises a request or result on one line (for command-line arguments and compact storage).</summary>
    /// <typeparam name="T">A type registered in <see cref="ParleyJsonContext"/>.</typeparam>
    /// <param name="value">The value.</param>
    public static string SerializeCompact<T>(T value) => JsonSerializer.Serialize(value, CompactOptions.GetTypeInfo(typeof(T)));

    /// <summary>Serialises a request with its kind (<c>"analysis": "forecast"</c>…), as the run store keeps it.</summary>
    /// <param name="request">The request.</param>
    public static string SerializeRequest(AnalysisRequest request) => JsonSerializer.Serialize(request, CompactOptions.GetTypeInfo(typeof(AnalysisRequest)));

    /// <summary>Reads a request written with its kind (throws <see cref="JsonException"/> when the text is not one).</summary>
    /// <param name="json">The request.</param>
    public static AnalysisRequest? DeserializeRequest(string json) => (AnalysisRequest?)JsonSerializer.Deserialize(json, CompactOptions.GetTypeInfo(typeof(AnalysisRequest)));

    private static readonly JsonSerializerOptions CompactOptions = new(ParleyJsonContext.Default.Options) { WriteIndented = false };

    /// <summary>Reads a request or result back.</summary>
    /// <typeparam name="T">A type registered in <see cref="ParleyJsonContext"/>.</typeparam>
    /// <param name="json">The document.</param>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, Info<T>());

    /// <summary>The JSON Schema of a request or result document (draft 2020-12), with its version and title.</summary>
    /// <typeparam name="T">A type registered in <see cref="ParleyJsonContext"/>.</typeparam>
    /// <param name="title">The document's title.</param>
    public static string Schema<T>(string title)
    {
        var node = System.Text.Json.Schema.JsonSchemaExporter.GetJsonSchemaAsNode(Info<T>(), new System.Text.Json.Schema.JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = OptionalKeysNotRequired,
        });
        var root = new System.Text.Json.Nodes.JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://parley.example/schema/{SchemaVersion}/{typeof(T).Name}.json",
            ["title"] = title,
            ["x-parley-schema-version"] = SchemaVersion,
        };
        foreach ((string key, System.Text.Json.Nodes.JsonNode? value) in node.AsObject().ToList())
        {
            node.AsObject().Remove(key);
            root[key] = value;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>A key written only when it has a value (omitted when null) is not required.</summary>
    private static System.Text.Json.Nodes.JsonNode OptionalKeysNotRequired(System.Text.Json.Schema.JsonSchemaExporterContext context, System.Text.Json.Nodes.JsonNode node)
    {
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && node is System.Text.Json.Nodes.JsonObject o && o["required"] is System.Text.Json.Nodes.JsonArray required)
        {
            foreach (JsonPropertyInfo p in context.TypeInfo.Properties)
            {
                if (p.ShouldSerialize is not null)
                {
                    foreach (System.Text.Json.Nodes.JsonNode? r in required.ToList())
                    {
                        if (r?.GetValue<string>() == p.Name)
                        {
                            required.Remove(r);
                        }
                    }
                }
            }
        }

        return node;
    }

    /// <summary>The version of the result documents' shape (bumped when a key changes meaning or goes away).</summary>
    public const string SchemaVersion = "v1";

    /// <summary>The type's generated metadata; a type the context does not know is a bug.</summary>
    /// <typeparam name="T">The type.</typeparam>
    public static JsonTypeInfo<T> Info<T>() =>
        ParleyJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered with the serialiser (ParleyJsonContext)");
}

/// <summary>The generated metadata of every request and result.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<Parley.Core.Scenarios.FileCheck>))]
[JsonSerializable(typeof(Parley.Core.Scenarios.ScenarioDiff))]
[JsonSerializable(typeof(Parley.Core.Scenarios.ScenarioDocument))]
[JsonSerializable(typeof(Parley.Core.Scenarios.QuantityDocument))]
[JsonSerializable(typeof(IReadOnlyList<Parley.Core.Scenarios.FactChange>))]
[JsonSerializable(typeof(ForecastRequest))]
[JsonSerializable(typeof(ForecastOutcome))]
[JsonSerializable(typeof(DealRequest))]
[JsonSerializable(typeof(DealOutcome))]
[JsonSerializable(typeof(NegotiationRequest))]
[JsonSerializable(typeof(SessionOutcome))]
[JsonSerializable(typeof(NegotiationDistributionOutcome))]
[JsonSerializable(typeof(ProcessComparisonOutcome))]
[JsonSerializable(typeof(DurabilityRequest))]
[JsonSerializable(typeof(DurabilityOutcome))]
[JsonSerializable(typeof(DurabilityComparisonOutcome))]
[JsonSerializable(typeof(ValidationOutcome))]
[JsonSerializable(typeof(ComparisonRequest))]
[JsonSerializable(typeof(ComparisonOutcome))]
[JsonSerializable(typeof(SensitivityRequest))]
[JsonSerializable(typeof(SensitivityOutcome))]
[JsonSerializable(typeof(MainJobRequest))]
[JsonSerializable(typeof(MainJobOutcome))]
[JsonSerializable(typeof(WhatIfRequest))]
[JsonSerializable(typeof(WhatIfOutcome))]
[JsonSerializable(typeof(ValidationRequest))]
[JsonSerializable(typeof(SourcesRequest))]
[JsonSerializable(typeof(SourcesOutcome))]
[JsonSerializable(typeof(BacktestRequest))]
[JsonSerializable(typeof(BacktestOutcome))]
[JsonSerializable(typeof(ExperimentRequest))]
[JsonSerializable(typeof(ExperimentOutcome))]
[JsonSerializable(typeof(BriefRequest))]
[JsonSerializable(typeof(BriefOutcome))]
[JsonSerializable(typeof(TournamentRequest))]
[JsonSerializable(typeof(TournamentOutcome))]
[JsonSerializable(typeof(ExerciseSettings))]
[JsonSerializable(typeof(ExerciseAction))]
[JsonSerializable(typeof(IReadOnlyList<ExerciseAction>))]
[JsonSerializable(typeof(ExercisePlayerView))]
[JsonSerializable(typeof(ExerciseState))]
[JsonSerializable(typeof(ExerciseDebrief))]
[JsonSerializable(typeof(AnalysisRequest))]
[JsonSerializable(typeof(Parley.Core.Experiments.TallyDocument))]
[JsonSerializable(typeof(SweepItem))]
internal sealed partial class ParleyJsonContext : JsonSerializerContext;
