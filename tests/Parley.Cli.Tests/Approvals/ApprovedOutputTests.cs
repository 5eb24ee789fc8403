using System.Text.Json.Nodes;

namespace Parley.Cli.Tests.Approvals;

/// <summary>
/// The safety net: `--format json` of every computing command on the flagship, the four historical scenarios and
/// KTAB's 3Dim, 6Dim and SOE-Competitive inputs, at 200 draws, equals the approved output key for key and value for
/// value (volatile fields scrubbed, see <see cref="Approval.VolatileKeys"/>). A failing command is approved by its
/// exit code and message.
/// </summary>
public sealed class ApprovedOutputTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-approved-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string scenario in Scenarios.Keys)
        {
            foreach (string command in Commands)
            {
                data.Add(command, scenario);
            }
        }

        data.Add("durability-validate", "ucdp");
        data.Add("backtest", "backtests");
        return data;
    }

    /// <summary>The scenarios of the safety net, by name, relative to the repository.</summary>
    public static IReadOnlyDictionary<string, string> Scenarios { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ukraine-2025"] = "scenarios/ukraine-2025.yaml",
        ["minsk-2015"] = "scenarios/minsk-2015.yaml",
        ["doha-2020"] = "scenarios/doha-2020.yaml",
        ["dayton-1995"] = "scenarios/dayton-1995.yaml",
        ["egypt-israel-1979"] = "scenarios/egypt-israel-1979.yaml",
        ["ktab-3dim"] = "tests/fixtures/ktab/inputs/dummyData_3Dim.csv",
        ["ktab-6dim"] = "tests/fixtures/ktab/inputs/dummyData_6Dim.csv",
        ["ktab-soe-competitive"] = "tests/fixtures/ktab/inputs/SOE-Competitive.csv",
    };

    /// <summary>Every computing command.</summary>
    public static IReadOnlyList<string> Commands { get; } = ["forecast", "analyze", "simulate", "durability", "compare", "sensitivity", "run"];

    /// <summary>The command line of one case (without the store options).</summary>
    public static string[] Arguments(string command, string scenario, string reportDir)
    {
        if (command == "durability-validate")
        {
            return ["durability", "--validate", "--format", "json"];
        }

        if (command == "backtest")
        {
            return ["backtest", Path.Combine(Cli.Root, "backtests"), "--draws", "200", "--format", "json"];
        }

        string file = Path.Combine(Cli.Root, Scenarios[scenario]);
        return command switch
        {
            "sensitivity" => ["sensitivity", file, "--format", "json"],
            "run" => ["run", file, "--draws", "200", "--format", "json", "--out", Path.Combine(reportDir, "report.html")],
            _ => [command, file, "--draws", "200", "--format", "json"],
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_equals_the_approved_output(string command, string scenario)
    {
        string[] args = Arguments(command, scenario, dir);
        if (command is not ("sensitivity" or "durability-validate"))
        {
            args = [.. args, "--no-store"];
        }

        (int code, string stdout, string stderr) = Cli.Run(args);
        string json = code == 0
            ? stdout
            : new JsonObject { ["exit_code"] = code, ["message"] = Approval.ScrubPaths(FirstProblem(stderr)) }.ToJsonString();
        IReadOnlyList<string> differences = Approval.Verify($"{command}.{scenario}", json);
        Assert.True(differences.Count == 0, $"{string.Join(' ', args)}\n" + string.Join('\n', differences));
    }

    [Fact]
    public void The_scrubber_replaces_volatile_fields_and_absolute_paths()
    {
        JsonNode scrubbed = Approval.Scrub($$"""{"tool_version":"1.2","a":{"created_utc":"x","note":"{{Path.Combine(Cli.Root, "scenarios", "x.yaml").Replace("\\", "\\\\", StringComparison.Ordinal)}}"},"value":3}""");
        Assert.Equal("<scrubbed>", scrubbed["tool_version"]!.GetValue<string>());
        Assert.Equal("<scrubbed>", scrubbed["a"]!["created_utc"]!.GetValue<string>());
        Assert.Equal("<root>/scenarios/x.yaml", scrubbed["a"]!["note"]!.GetValue<string>());
        Assert.Equal(3, scrubbed["value"]!.GetValue<int>());
    }

    [Fact]
    public void The_comparison_finds_a_changed_value_a_missing_key_and_an_extra_key()
    {
        var differences = new List<string>();
        Approval.Compare(JsonNode.Parse("""{"a":1,"b":[1,2],"c":"x"}"""), JsonNode.Parse("""{"a":1.5,"b":[1,2],"d":"x"}"""), "$", differences);
        Assert.Equal(["$.a: 1.5, approved 1", "$.c: missing", "$.d: not in the approved file"], differences);
        differences.Clear();
        Approval.Compare(JsonNode.Parse("""{"a":1.0}"""), JsonNode.Parse("""{"a":1}"""), "$", differences);
        Assert.Empty(differences);   // the same number, written differently
        Approval.Compare(JsonNode.Parse("""{"a":0.1235}"""), JsonNode.Parse("""{"a":0.12345678}"""), "$", differences);
        Assert.Empty(differences);   // full precision against an approved value rounded to 4 decimals
        Approval.Compare(JsonNode.Parse("""{"a":24.861,"b":16.33,"c":3}"""), JsonNode.Parse("""{"a":24.86111,"b":16.3295990,"c":3.00001}"""), "$", differences);
        Assert.Empty(differences);   // approved at 3 decimals (and 16.330 written as 16.33)
        Approval.Compare(JsonNode.Parse("""{"a":22,"b":0.61}"""), JsonNode.Parse("""{"a":22.4,"b":0.614}"""), "$", differences);
        Assert.Equal(2, differences.Count);   // fewer decimals are no licence: 22 is held to 22.000
        differences.Clear();
        Approval.Compare(JsonNode.Parse("""{"a":0.1235}"""), JsonNode.Parse("""{"a":0.1236}"""), "$", differences);
        Assert.Single(differences);
    }

    /// <summary>The first line of stderr that is not progress.</summary>
    private static string FirstProblem(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.Contains("% (", StringComparison.Ordinal)) ?? string.Empty;
}
