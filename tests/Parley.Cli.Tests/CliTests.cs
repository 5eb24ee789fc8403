using System.Text.Json;
using Parley.Cli;

namespace Parley.Cli.Tests;

public class CliTests
{
    private static readonly string Root = Cli.Root;
    private static readonly string Flagship = Cli.Flagship;

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Validate_exits_0_for_shipped_scenarios()
    {
        string[] files = Directory.GetFiles(Path.Combine(Root, "scenarios"), "*.yaml");
        (int code, string output, _) = Run(["validate", .. files]);
        Assert.Equal(0, code);
        Assert.Equal(files.Length, output.Split('\n').Count(l => l.Contains(": valid (yaml, 0 warning(s))", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_exits_2_with_located_diagnostics_for_invalid_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"parley-invalid-{Environment.ProcessId}.yaml");
        File.WriteAllText(path, "parley: 1\nscenario:\n  name: X\nissues:\n  - id: a\n    scale: {min: 0, max: 10}\nactors:\n  - id: p\n    capability: -1\n    stances:\n      a: {position: 5, salience: 2}\n");
        try
        {
            (int code, string output, _) = Run("validate", path);
            Assert.Equal(2, code);
            Assert.Contains($"{path}:9:17: error PRL013", output, StringComparison.Ordinal);
            Assert.Contains($"{path}:11:34: error PRL013", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);

            (int jcode, string json, _) = Run("validate", path, "--format", "json");
            Assert.Equal(2, jcode);
            JsonElement first = JsonDocument.Parse(json).RootElement[0];
            Assert.False(first.GetProperty("valid").GetBoolean());
            Assert.Equal(2, first.GetProperty("errors").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Usage_errors_exit_1()
    {
        Assert.Equal(1, Run("validate").Code);
        Assert.Equal(1, Run("validate", "no-such-file.yaml").Code);
        Assert.Equal(1, Run("show", Flagship, "--format", "xml").Code);
        Assert.Equal(1, Run("diff", Flagship).Code);
    }

    [Fact]
    public void Show_renders_flagship_within_80_columns_with_provenance_note()
    {
        (int code, string output, _) = Run("show", Flagship);
        Assert.Equal(0, code);
        Assert.All(output.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
        Assert.Contains("estimates from published analyses, not intelligence", output, StringComparison.Ordinal);
        Assert.Contains("russia", output, StringComparison.Ordinal);
        Assert.Contains("85/0.80", output, StringComparison.Ordinal);
        Assert.Contains(">= 67", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_json_carries_numbers_and_variant_changes()
    {
        (int code, string output, _) = Run("show", Flagship, "--variant", "aid-cut", "--format", "json");
        Assert.Equal(0, code);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("aid-cut", root.GetProperty("variant").GetString());
        JsonElement russia = root.GetProperty("actors").EnumerateArray().First(a => a.GetProperty("id").GetString() == "russia");
        Assert.Equal(85, russia.GetProperty("stances").GetProperty("territory").GetProperty("position").GetProperty("value").GetDouble());
        Assert.Equal(3, root.GetProperty("variant_changes").GetArrayLength()); // trend, Ukraine's cost of war, aid after the deal
        Assert.Contains("not intelligence", root.GetProperty("provenance_note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_lists_variant_changes_number_by_number()
    {
        (int code, string output, _) = Run("diff", Flagship, "--variant", "sanctions-tightened", "--format", "json");
        Assert.Equal(0, code);
        JsonElement changes = JsonDocument.Parse(output).RootElement.GetProperty("changes");
        Assert.Equal(2, changes.GetArrayLength());
        Assert.Contains(changes.EnumerateArray(), c => c.GetProperty("path").GetString() == "dynamics.costs.russia" && c.GetProperty("after").GetString() == "0.015");
    }

    [Fact]
    public void Import_writes_yaml_that_validates()
    {
        string output = Path.Combine(Path.GetTempPath(), $"parley-import-{Environment.ProcessId}.yaml");
        try
        {
            (int code, _, string err) = Run("import", Path.Combine(Root, "tests", "fixtures", "ktab", "inputs", "SOE-Pol-Comp.csv"), "--out", output);
            Assert.Equal(0, code);
            Assert.Contains("13 actors, 2 issues", err, StringComparison.Ordinal);
            Assert.Equal(0, Run("validate", output).Code);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Every_command_has_help_with_an_example()
    {
        foreach (string command in new[] { "validate", "show", "import", "diff" })
        {
            (int code, string output, _) = Run(command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("Example", output, StringComparison.Ordinal);
        }
    }
}
