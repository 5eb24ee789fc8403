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
    private static readonly Dictionary<string, (string Command, string Section, Func<string> Generate)> Documents = new(StringComparer.Ordinal)
    {
        ["forecast"] = ("forecast", "forecast", () => ParleyJson.Schema<ForecastOutcome>("Parley forecast result")),
        ["deal"] = ("analyze", "deal", () => ParleyJson.Schema<DealOutcome>("Parley deal-space result")),
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
        (string command, string section, _) = Documents[name];
        int checkedCount = 0;
        foreach (string file in Directory.GetFiles(Approval.Folder, "*.approved.json.gz").Order(StringComparer.Ordinal))
        {
            string fileName = Path.GetFileName(file);
            JsonNode doc = JsonNode.Parse(Approval.Read(file))!;
            JsonNode? target = fileName.StartsWith(command + ".", StringComparison.Ordinal) ? doc
                : fileName.StartsWith("run.", StringComparison.Ordinal) ? doc[section] : null;
            if (target is null || target["exit_code"] is not null)
            {
                continue;
            }

            using JsonDocument parsed = JsonDocument.Parse(target.ToJsonString());
            EvaluationResults results = Schema(name).Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, $"{fileName}: " + string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10)));
            checkedCount++;
        }

        Assert.True(checkedCount >= 8, $"only {checkedCount} approved {name} documents found");
    }

    [Fact]
    public void A_document_that_breaks_the_schema_is_refused()
    {
        using JsonDocument bad = JsonDocument.Parse("""{"scenario": 3, "models": "none"}""");
        Assert.False(Schema("forecast").Evaluate(bad.RootElement).IsValid);
    }
}
