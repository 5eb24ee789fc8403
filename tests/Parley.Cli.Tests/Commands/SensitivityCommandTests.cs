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
}
