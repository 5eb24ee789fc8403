using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class AnalyzeCommandTests
{
    private static readonly string Root = Cli.Root;
    private static readonly string Flagship = Cli.Flagship;

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Flagship_reads_in_anchor_labels_with_solutions_zone_trades_and_hub()
    {
        (int code, string output, string err) = Run("analyze", Flagship, "--variant", "freeze-on-the-line");
        Assert.True(code == 0, err);
        Assert.Contains("Zone of possible agreement", output, StringComparison.Ordinal);
        Assert.Contains("Nash", output, StringComparison.Ordinal);
        Assert.Contains("K-S", output, StringComparison.Ordinal);
        Assert.Contains("The Nash package in words:", output, StringComparison.Ordinal);
        Assert.Contains("no NATO, EU accession allowed", output, StringComparison.Ordinal);
        Assert.Contains("Hub and spoke", output, StringComparison.Ordinal);
        Assert.Contains("Best trades", output, StringComparison.Ordinal);
        Assert.Contains("estimates from published analyses, not intelligence", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, l));
    }

    [Fact]
    public void Us_and_russia_alone_strike_a_deal_beyond_ukraines_red_lines()
    {
        (int code, string json, _) = Run("analyze", Flagship, "--actors", "us,russia", "--format", "json");
        Assert.Equal(0, code);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(2, root.GetProperty("parties").GetArrayLength());
        JsonElement nash = root.GetProperty("solutions")[0];
        Assert.Equal("nash", nash.GetProperty("name").GetString());
        Assert.True(nash.GetProperty("package").GetProperty("territory").GetProperty("value").GetDouble() > 50);
        Assert.True(root.GetProperty("zone_size").GetInt64() > 0);
        Assert.True(root.TryGetProperty("frontier", out JsonElement frontier) && frontier.GetArrayLength() > 0);
    }

    [Fact]
    public void Monte_carlo_reports_zone_probability_and_nash_spread()
    {
        (int code, string json, string err) = Run("analyze", Flagship, "--actors", "us,russia,ukraine", "--draws", "30", "--seed", "2", "--format", "json", "--threads", "2");
        Assert.True(code == 0, err);
        JsonElement u = JsonDocument.Parse(json).RootElement.GetProperty("uncertainty");
        Assert.Equal(30, u.GetProperty("draws").GetInt32());
        Assert.InRange(u.GetProperty("zone_probability").GetDouble(), 0, 1);
        Assert.Equal(JsonValueKind.Null, u.GetProperty("grid_step").ValueKind);
        (_, string again, _) = Run("analyze", Flagship, "--actors", "us,russia,ukraine", "--draws", "30", "--seed", "2", "--format", "json", "--threads", "1");
        Assert.Equal(json, again);
    }

    [Fact]
    public void Bad_actors_and_parameters_are_usage_errors()
    {
        (int code, _, string err) = Run("analyze", Flagship, "--actors", "us,narnia");
        Assert.Equal(1, code);
        Assert.Contains("unknown actor(s) narnia", err, StringComparison.Ordinal);
        Assert.Equal(1, Run("analyze", Flagship, "--param", "deal.shape=cubic").Code);
        Assert.Equal(1, Run("analyze", Flagship, "--param", "eum.q=0.5").Code);
        Assert.Equal(1, Run("analyze", Flagship, "--step", "-5").Code);
    }

    [Fact]
    public void Genius_style_fixture_analyses_with_raw_weights()
    {
        string dir = Path.Combine(Root, "tests", "fixtures", "genius-mini");
        (int code, string output, string err) = Run("analyze", dir);
        Assert.True(code == 0, err);
        Assert.Contains("Pareto frontier (within the red lines):", output, StringComparison.Ordinal);
    }
}
