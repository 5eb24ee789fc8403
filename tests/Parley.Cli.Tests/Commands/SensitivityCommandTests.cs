using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class SensitivityCommandTests
{
    [Fact]
    public void Flagship_tornado_lists_every_uncertain_input()
    {
        (int code, string json, string err) = Cli.Run("sensitivity", Cli.Flagship, "--format", "json");
        Assert.True(code == 0, err);
        JsonElement swings = JsonDocument.Parse(json).RootElement.GetProperty("swings");
        Assert.Equal(107, swings.GetArrayLength());
        Assert.Contains(swings.EnumerateArray(), w => w.GetProperty("input").GetString() == "dynamics.p_prevail");
    }

    [Fact]
    public void A_two_way_grid_sets_two_inputs_together_and_is_in_the_json()
    {
        // the short name the table prints is taken as well as the full path
        (int code, string text, string err) = Cli.Run("sensitivity", Cli.Flagship, "--variant", "freeze-on-the-line", "--grid", "dynamics.p_prevail,russia.territory.position", "--grid-steps", "3", "--top", "2", "--no-store");
        Assert.True(code == 0, err);
        Assert.Contains("rows: dynamics.p_prevail; columns: russia.territory.position", text, StringComparison.Ordinal);
        Assert.Contains("Two-way grid: the forecast of", text, StringComparison.Ordinal);
        Assert.Contains("Two-way grid: the base Nash deal holding after 5 years", text, StringComparison.Ordinal);
        (code, string json, err) = Cli.Run("sensitivity", Cli.Flagship, "--variant", "freeze-on-the-line", "--grid", "dynamics.p_prevail,actors.russia.stances.territory.position", "--grid-steps", "3", "--format", "json", "--no-store");
        Assert.True(code == 0, err);
        JsonElement grid = JsonDocument.Parse(json).RootElement.GetProperty("grid");
        Assert.Equal(3, grid.GetProperty("rows").GetArrayLength());
        Assert.Equal(3, grid.GetProperty("holds").GetArrayLength());
        Assert.All(grid.GetProperty("forecasts").EnumerateArray(), f => Assert.Equal(3, f.GetProperty("values").GetArrayLength()));
    }

    [Fact]
    public void A_grid_over_an_unknown_input_is_refused_with_inputs_that_exist()
    {
        (int code, _, string err) = Cli.Run("sensitivity", Cli.Flagship, "--grid", "dynamics.p_prevail,nope", "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("nope is not an uncertain input", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sensitivity", Cli.Flagship, "--grid", "dynamics.p_prevail,dynamics.trend", "--grid-steps", "40", "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("2 to 21", err, StringComparison.Ordinal);
    }
}
