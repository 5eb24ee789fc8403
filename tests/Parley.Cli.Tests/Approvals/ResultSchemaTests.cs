using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Cli.Tests.Approvals;

/// <summary>
/// The result documents' JSON Schemas are generated from the result types into <c>schema/results/</c> (the committed files
/// must equal what the types generate; <c>PARLEY_APPROVE=1</c> rewrites them), and every approved output validates.
/// </summary>
public sealed class ResultSchemaTests
{
    // name → (approved command outputs of this type, the main job's section holding one, the exporter approvals' result, schema)
    private static readonly Dictionary<string, (string? Command, string? Section, string Exported, Func<string> Generate)> Documents = new(StringComparer.Ordinal)
    {
        ["forecast"] = ("forecast", "forecast", "forecast", () => ParleyJson.Schema<ForecastOutcome>("Parley forecast result")),
        ["deal"] = ("analyze", "deal", "deal", () => ParleyJson.Schema<DealOutcome>("Parley deal-space result")),
        ["session"] = (null, "simulation", "session", () => ParleyJson.Schema<SessionOutcome>("Parley simulated negotiation (one run)")),
        ["negotiation"] = ("simulate", "negotiation", "negotiation", () => ParleyJson.Schema<NegotiationDistributionOutcome>("Parley negotiation over draws")),
        ["processes"] = (null, null, "processes", () => ParleyJson.Schema<ProcessComparisonOutcome>("Parley process choices side by side")),
        ["durability"] = ("durability", null, "durability", () => ParleyJson.Schema<DurabilityOutcome>("Parley durability of one deal")),
        ["durability-comparison"] = (null, "durability", "durability-comparison", () => ParleyJson.Schema<DurabilityComparisonOutcome>("Parley durability, base and variants")),
        ["validation"] = ("durability-validate", null, "validation", () => ParleyJson.Schema<ValidationOutcome>("Parley empirical durability model check")),
        ["comparison"] = ("compare", "whatif", "comparison", () => ParleyJson.Schema<ComparisonOutcome>("Parley what-if comparison of variants")),
        ["sensitivity"] = ("sensitivity", null, "sensitivity", () => ParleyJson.Schema<SensitivityOutcome>("Parley sensitivity (tornado table)")),
        ["sources"] = (null, null, "sources", () => ParleyJson.Schema<SourcesOutcome>("Parley assumptions register (parley sources)")),
        ["whatif"] = (null, null, "whatif", () => ParleyJson.Schema<WhatIfOutcome>("Parley dashboard what-if")),
        ["backtest"] = ("backtest", null, "backtest", () => ParleyJson.Schema<BacktestOutcome>("Parley backtest (the forecast models against known outcomes)")),
        ["main-job"] = ("run", null, "main-job", () => ParleyJson.Schema<MainJobOutcome>("Parley main job")),
        ["brief"] = ("brief", null, "brief", () => ParleyJson.Schema<BriefOutcome>("Parley brief for one party")),
        ["tournament"] = ("tournament", null, "tournament", () => ParleyJson.Schema<TournamentOutcome>("Parley strategy tournament")),
    };

    private static readonly Dictionary<string, JsonSchema> Built = [];

    public static TheoryData<string> Names() => [.. Documents.Keys];

    private static string SchemaPath(string name) => Path.Combine(Cli.Root, "schema", "results", $"{name}.{ParleyJson.SchemaVersion}.schema.json");

    private static JsonSchema Schema(string name)
    {
        lock (Built)
        {
            if (!Built.TryGetValue(name, out JsonSchema? schema))
            {
                schema = JsonSchema.FromText(File.ReadAllText(SchemaPath(name)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                Built[name] = schema;
            }

            return schema;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_committed_schema_is_the_one_the_result_type_generates(string name)
    {
        string generated = Documents[name].Generate();
        if (Environment.GetEnvironmentVariable(Approval.ApproveVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SchemaPath(name))!);
            File.WriteAllText(SchemaPath(name), generated);
        }

        Assert.Equal(generated, File.ReadAllText(SchemaPath(name)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_approved_output_validates_against_its_schema(string name)
    {
        (string? command, string? section, string exported, _) = Documents[name];
        var targets = new List<(string From, JsonNode Document)>();
        foreach (string file in Directory.GetFiles(Approval.Folder, "*.approved.json.gz").Order(StringComparer.Ordinal))
        {
            string fileName = Path.GetFileName(file);
            JsonNode doc = JsonNode.Parse(Approval.Read(file))!;
            if (doc["exit_code"] is not null)
            {
                continue;
            }

            if (command is not null && fileName.StartsWith(command + ".", StringComparison.Ordinal))
            {
                targets.Add((fileName, doc));
            }
            else if (section is not null && fileName.StartsWith("run.", StringComparison.Ordinal) && doc[section] is JsonNode part)
            {
                targets.Add((fileName + "#" + section, part));
            }
        }

        // the JSON exporter's approved output of this result type
        string exporterFile = Path.Combine(Cli.Root, "tests", "Parley.Reporting.Tests", "approved", $"{exported}.json.txt.gz");
        string text = Approval.Read(exporterFile);
        targets.Add((exporterFile, JsonNode.Parse(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..])!));
        foreach ((string from, JsonNode target) in targets)
        {
            using JsonDocument parsed = JsonDocument.Parse(target.ToJsonString());
            EvaluationResults results = Schema(name).Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, $"{from}: " + string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10)));
        }

        Assert.NotEmpty(targets);
    }

    [Fact]
    public void A_document_that_breaks_the_schema_is_refused()
    {
        using JsonDocument bad = JsonDocument.Parse("""{"scenario": 3, "models": "none"}""");
        Assert.False(Schema("forecast").Evaluate(bad.RootElement).IsValid);
    }
}
