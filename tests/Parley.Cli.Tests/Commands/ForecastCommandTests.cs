using System.Globalization;
using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class ForecastCommandTests
{
    private static readonly string Root = Cli.Root;
    private static readonly string Flagship = Cli.Flagship;

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void All_models_side_by_side_with_intervals_and_the_provenance_line()
    {
        (int code, string output, string err) = Run("forecast", Flagship, "--model", "all", "--draws", "200", "--seed", "3");
        Assert.True(code == 0, err);
        foreach (string model in new[] { "compromise", "median", "eum", "smp" })
        {
            Assert.Contains(model, output, StringComparison.Ordinal);
        }

        Assert.Contains("median of 200 draws [10th-90th percentile], seed 3", output, StringComparison.Ordinal);
        Assert.Matches(@"Territory\s+\d+ \[\d+-\d+\]", output);
        Assert.Contains("estimates from published analyses, not intelligence", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, l));
    }

    [Fact]
    public void Json_has_every_model_and_issue_with_ordered_percentiles_and_is_reproducible()
    {
        (int code, string json, _) = Run("forecast", Flagship, "--draws", "100", "--seed", "9", "--format", "json", "--threads", "1");
        Assert.Equal(0, code);
        (_, string again, _) = Run("forecast", Flagship, "--draws", "100", "--seed", "9", "--format", "json", "--threads", "2");
        Assert.Equal(json, again);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(4, root.GetProperty("models").GetArrayLength());
        foreach (JsonElement m in root.GetProperty("models").EnumerateArray())
        {
            Assert.Equal(7, m.GetProperty("issues").GetArrayLength());
            foreach (JsonElement i in m.GetProperty("issues").EnumerateArray())
            {
                double p10 = i.GetProperty("p10").GetDouble(), med = i.GetProperty("median").GetDouble(), p90 = i.GetProperty("p90").GetDouble();
                Assert.True(p10 <= med && med <= p90, $"{m.GetProperty("name")}/{i.GetProperty("id")}: {p10} {med} {p90}");
            }
        }

        Assert.True(root.TryGetProperty("provenance_note", out _));
    }

    [Fact]
    public void Single_model_shows_rounds_and_writes_the_trajectory_csv()
    {
        string path = Path.Combine(Path.GetTempPath(), $"parley-traj-{Environment.ProcessId}.csv");
        try
        {
            (int code, string output, string err) = Run("forecast", Flagship, "--model", "eum", "--trajectory", path);
            Assert.True(code == 0, err);
            Assert.Contains("Forecast by round", output, StringComparison.Ordinal);
            string[] lines = File.ReadAllLines(path);
            Assert.Equal("turn,actor,dimension,position", lines[0]);
            // 7 actors x 7 issues per round, rounds 0..10
            Assert.Equal(1 + (11 * 49), lines.Length);
            string[] f = lines[1].Split(',');
            Assert.Equal("0", f[0]);
            Assert.Equal("us", f[1]);
            Assert.Equal("territory", f[2]);
            Assert.Equal(55, double.Parse(f[3], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Smp_json_trajectory_of_a_ktab_file_matches_the_conformance_data_shape()
    {
        string file = Path.Combine(Root, "tests", "fixtures", "ktab", "inputs", "dummyData_3Dim.csv");
        (int code, string json, string err) = Run("forecast", file, "--model", "smp", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement m = JsonDocument.Parse(json).RootElement.GetProperty("models")[0];
        Assert.Equal(10, m.GetProperty("rounds").GetInt32());
        Assert.Equal(11, m.GetProperty("trajectory").GetArrayLength());
        JsonElement events = m.GetProperty("trajectory")[1].GetProperty("events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "bargain");
    }

    [Fact]
    public void Parameters_from_the_command_line_change_the_model()
    {
        (_, string a, _) = Run("forecast", Flagship, "--model", "eum", "--format", "json");
        (int code, string b, _) = Run("forecast", Flagship, "--model", "eum", "--format", "json", "--param", "eum.rounds=1");
        Assert.Equal(0, code);
        Assert.Equal(1, JsonDocument.Parse(b).RootElement.GetProperty("models")[0].GetProperty("rounds").GetInt32());
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("eum.qq=1", "unknown model parameter 'eum.qq'")]
    [InlineData("eum.q=7", "eum.q: 7 is outside [0, 1]")]
    [InlineData("smp.voting=loud", "'loud' is not one of")]
    [InlineData("novalue", "is not KEY=VALUE")]
    public void Bad_parameters_are_usage_errors_without_a_stack_trace(string param, string message)
    {
        (int code, string output, string err) = Run("forecast", Flagship, "--param", param);
        Assert.Equal(1, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", err + output, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_scenario_exits_2_and_missing_file_exits_1()
    {
        string path = Path.Combine(Path.GetTempPath(), $"parley-bad-{Environment.ProcessId}.yaml");
        File.WriteAllText(path, "parley: 1\nscenario: {name: X}\nissues: []\nactors: []\nmodels: {eum: {q: 3}}\n");
        try
        {
            (int code, _, string err) = Run("forecast", path);
            Assert.Equal(2, code);
            Assert.Contains($"{path}:5:", err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(1, Run("forecast", "no-such-file.yaml").Code);
        Assert.Equal(1, Run("forecast", Flagship, "--model", "oracle").Code);
    }

    [Fact]
    public void Progress_lines_go_to_stderr_when_not_a_terminal()
    {
        (int code, string output, string err) = Run("forecast", Flagship, "--model", "compromise", "--draws", "1000");
        Assert.Equal(0, code);
        Assert.Contains("forecast: 100% (1000/1000 draws)", err, StringComparison.Ordinal);
        Assert.DoesNotContain("draws)", output.Replace("median of 1000 draws", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
