using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class CompareCommandTests
{
    [Fact]
    public void Base_and_variants_side_by_side_across_forecast_deal_space_simulation_and_durability()
    {
        (int code, string json, string err) = Cli.Run("compare", Cli.Flagship, "--variant", "freeze-on-the-line", "--variant", "donbas-withdrawal", "--variant", "european-force", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement runs = JsonDocument.Parse(json).RootElement.GetProperty("runs");
        Assert.Equal(["base", "freeze-on-the-line", "donbas-withdrawal", "european-force"], runs.EnumerateObject().Select(p => p.Name));
        foreach (string metric in new[] { "forecast territory", "zone (packages)", "Nash alignment", "deal (simulated)", "holds 5y" })
        {
            Assert.True(runs.GetProperty("freeze-on-the-line").TryGetProperty(metric, out _), metric);
        }

        // the flagship as written: the two territorial red lines leave no zone, so no Nash deal and no durability; each
        // hypothetical move of one of them opens a zone; a European force on the ground also meets Russia's red line on force
        foreach (string closed in new[] { "base", "european-force" })
        {
            Assert.Equal("0", runs.GetProperty(closed).GetProperty("zone (packages)").GetString());
            Assert.False(runs.GetProperty(closed).TryGetProperty("holds 5y", out _));
        }

        Assert.NotEqual("0", runs.GetProperty("donbas-withdrawal").GetProperty("zone (packages)").GetString());
        Assert.Matches(@"^\d+% \(\d+-\d+\)$", runs.GetProperty("donbas-withdrawal").GetProperty("holds 5y").GetString()!);
        Assert.NotEqual(0, Cli.Run("compare", Cli.Flagship, "--variant", "nonexistent").Code);
    }

    [Fact]
    public void With_draws_the_forecast_carries_an_interval_and_the_simulation_a_probability()
    {
        (int code, string json, string err) = Cli.Run("compare", Cli.Flagship, "--variant", "restraint", "--draws", "40", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement run = JsonDocument.Parse(json).RootElement.GetProperty("runs").GetProperty("base");
        Assert.Matches(@"^\d+ \[\d+-\d+\]$", run.GetProperty("forecast territory").GetString()!);
        Assert.Matches(@"^[\d.]+% \([\d.]+-[\d.]+\) of 40$", run.GetProperty("deal (simulated)").GetString()!);
    }
}
