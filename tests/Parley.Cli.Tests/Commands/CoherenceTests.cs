using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

/// <summary>Options that cannot go together are refused, and a section left out says why.</summary>
public sealed class CoherenceTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-coherence-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("--variant", "aid-cut")]
    [InlineData("--guarantee", "russia=0.1")]
    [InlineData("--package", "examples/packages/ukraine-2025-kremlin-terms.yaml")]
    public void Durability_compare_refuses_what_it_would_ignore(string option, string value)
    {
        string v = option == "--package" ? Path.Combine(Cli.Root, value) : value;
        (int code, _, string err) = Cli.Run("durability", Cli.Flagship, "--compare", option, v, "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("--compare tests the same deal", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_main_job_with_a_variant_says_why_it_has_no_what_if_table()
    {
        (int code, string json, string err) = Cli.Run("run", Cli.Flagship, "--variant", "aid-cut", "--draws", "20", "--format", "json", "--no-store", "--out", Path.Combine(dir, "r.html"));
        Assert.True(code == 0, err);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.TryGetProperty("whatif", out _));
        Assert.Contains("applies variant 'aid-cut'", doc.RootElement.GetProperty("skipped").GetProperty("whatif").GetString(), StringComparison.Ordinal);
        Assert.Contains("Not in this report", File.ReadAllText(Path.Combine(dir, "r.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Durability_refuses_negative_draws_without_blaming_the_horizon()
    {
        (int code, _, string err) = Cli.Run("durability", Cli.Flagship, "--draws", "-5", "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("--draws must be 0 or more", err, StringComparison.Ordinal);
        Assert.DoesNotContain("horizon", err, StringComparison.Ordinal);
    }
}
