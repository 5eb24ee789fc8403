using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class CompareCommandTests
{
    [Fact]
    public void Base_and_variants_side_by_side_across_forecast_deal_space_simulation_and_durability()
    {
        (int code, string json, string err) = Cli.Run("compare", Cli.Flagship, "--variant", "aid-cut", "--variant", "snapback", "--variant", "european-force", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement runs = JsonDocument.Parse(json).RootElement.GetProperty("runs");
        Assert.Equal(["base", "aid-cut", "snapback", "european-force"], runs.EnumerateObject().Select(p => p.Name));
        foreach (string metric in new[] { "forecast territory", "zone (packages)", "Nash alignment", "deal (simulated)", "holds 5y" })
        {
            Assert.True(runs.GetProperty("base").TryGetProperty(metric, out _), metric);
        }

        static int Percent(JsonElement run) => int.Parse(run.GetProperty("holds 5y").GetString()!.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Percent(runs.GetProperty("snapback")) > Percent(runs.GetProperty("base")));

        // a European force on the ground (force at most 33) meets Russia's red line: no zone, no deal, no durability
        Assert.Equal("0", runs.GetProperty("european-force").GetProperty("zone (packages)").GetString());
        Assert.False(runs.GetProperty("european-force").TryGetProperty("holds 5y", out _));
        Assert.True(Percent(runs.GetProperty("aid-cut")) < Percent(runs.GetProperty("base")));
        Assert.NotEqual(0, Cli.Run("compare", Cli.Flagship, "--variant", "nonexistent").Code);
    }

    [Fact]
    public void With_draws_the_forecast_carries_an_interval_and_the_simulation_a_probability()
    {
        (int code, string json, string err) = Cli.Run("compare", Cli.Flagship, "--variant", "restraint", "--draws", "40", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement run = JsonDocument.Parse(json).RootElement.GetProperty("runs").GetProperty("base");
        Assert.Matches(@"^\d+ \[\d+-\d+\]$", run.GetProperty("forecast territory").GetString()!);
        Assert.EndsWith("%", run.GetProperty("deal (simulated)").GetString()!, StringComparison.Ordinal);
    }
}
