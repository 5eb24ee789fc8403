using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

/// <summary><c>parley experiment</c>: the claims as JSON, the table, and the refusals.</summary>
public class ExperimentCommandTests
{
    [Fact]
    public void One_claim_as_json_has_its_quote_effect_interval_verdict_and_mechanism()
    {
        (int code, string json, string err) = Cli.Run("experiment", Cli.Flagship, "--claim", "no-guarantees", "--draws", "60", "--no-store", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement claim = Assert.Single(JsonDocument.Parse(json).RootElement.GetProperty("claims").EnumerateArray());
        Assert.Equal("no-guarantees", claim.GetProperty("id").GetString());
        Assert.StartsWith("Without security guarantees", claim.GetProperty("quote").GetString(), StringComparison.Ordinal);
        JsonElement effect = claim.GetProperty("effect");
        Assert.Equal(2, effect.GetProperty("interval").GetArrayLength());
        Assert.True(effect.GetProperty("median").GetDouble() < 0);
        Assert.Equal("supported", claim.GetProperty("verdict").GetString());
        Assert.Equal("deterrence", Assert.Single(claim.GetProperty("mechanism").EnumerateArray()).GetString());
        Assert.Equal(2, claim.GetProperty("robustness").GetArrayLength());
    }

    [Fact]
    public void The_table_names_each_claim_its_verdict_and_the_provenance_line()
    {
        (int code, string table, string err) = Cli.Run("experiment", Cli.Flagship, "--draws", "40", "--no-robustness", "--no-store");
        Assert.True(code == 0, err);
        foreach (string id in (string[])["one-sided-pressure", "alternatives-worse", "no-guarantees", "disarm-ukraine"])
        {
            Assert.Contains(id, table, StringComparison.Ordinal);
        }

        Assert.Contains("estimates from published analyses", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Switching_a_claims_mechanism_off_leaves_no_effect()
    {
        (int code, string json, string err) = Cli.Run("experiment", Cli.Flagship, "--claim", "disarm-ukraine", "--draws", "40", "--without", "rearmament", "--no-store", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement effect = JsonDocument.Parse(json).RootElement.GetProperty("claims")[0].GetProperty("effect");
        Assert.Equal(0, effect.GetProperty("median").GetDouble());
        Assert.Equal("not decided", JsonDocument.Parse(json).RootElement.GetProperty("claims")[0].GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("--claim", "no-guarantee", "did you mean 'no-guarantees'?")]
    [InlineData("--without", "luck", "is not a mechanism")]
    [InlineData("--draws", "0", "at least 1 draw")]
    public void A_request_it_cannot_run_is_refused_without_a_stack_trace(string option, string value, string says)
    {
        (int code, _, string err) = Cli.Run("experiment", Cli.Flagship, option, value, "--no-store");
        Assert.NotEqual(0, code);
        Assert.Contains(says, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}
