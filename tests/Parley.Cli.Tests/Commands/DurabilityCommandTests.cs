using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class DurabilityCommandTests
{
    [Fact]
    public void Validate_prints_the_held_out_concordance_under_its_key()
    {
        (int code, string json, string err) = Cli.Run("durability", "--validate", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        double c = root.GetProperty("concordance").GetDouble();
        Assert.InRange(c, 0, 1);
        Assert.Equal("2006-2021", root.GetProperty("test").GetProperty("signed").GetString());
        Assert.Equal(9, root.GetProperty("hazard_ratios").EnumerateObject().Count());
        Assert.Contains("CC BY 4.0", root.GetProperty("data").GetString(), StringComparison.Ordinal);

        (int tcode, string table, _) = Cli.Run("durability", "--validate");
        Assert.Equal(0, tcode);
        Assert.Contains("Held-out concordance (C-index)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Flagship_deal_is_tested_against_shifting_power_and_guarantees_help()
    {
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--draws", "400", "--format", "json");
        Assert.True(code == 0, err);
        (_, string backed, _) = Cli.Run("durability", Cli.Flagship, "--draws", "400", "--format", "json", "--guarantee", "russia=0.2", "--guarantee", "ukraine=0.2");
        double bare = JsonDocument.Parse(json).RootElement.GetProperty("holding").GetProperty("5y").GetDouble();
        double safe = JsonDocument.Parse(backed).RootElement.GetProperty("holding").GetProperty("5y").GetDouble();
        Assert.True(safe >= bare);
        (int tcode, string table, _) = Cli.Run("durability", Cli.Flagship);
        Assert.Equal(0, tcode);
        Assert.Contains("still holding after 5 year(s)", table, StringComparison.Ordinal);
        Assert.Equal(1, Cli.Run("durability", Cli.Flagship, "--guarantee", "narnia=1").Code);
    }

    [Fact]
    public void Stated_agreement_terms_supply_the_guarantees_and_an_empirical_score()
    {
        // the flagship's european-force variant states a force, guarantors and k = 0.2 for Russia
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--variant", "european-force", "--draws", "300", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.True(root.GetProperty("holding").GetProperty("5y").GetDouble() > 0.9); // about 0.45 without guarantees
        Assert.InRange(root.GetProperty("empirical").GetProperty("5y").GetDouble(), 0, 1);
    }

    [Fact]
    public void Guarantee_variants_of_the_flagship_compare_in_one_command()
    {
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--compare", "--draws", "300", "--format", "json");
        Assert.True(code == 0, err);
        var runs = JsonDocument.Parse(json).RootElement.GetProperty("runs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("run").GetString()!, r => r.GetProperty("holding").GetProperty("5y").GetDouble());
        Assert.True(runs["base"] < runs["bilateral-guarantees"]);
        Assert.True(runs["bilateral-guarantees"] <= runs["european-force"]);
        (int tcode, string table, _) = Cli.Run("durability", Cli.Flagship, "--compare", "--draws", "100");
        Assert.Equal(0, tcode);
        Assert.Contains("european-force", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_validate_it_says_what_is_not_available_yet()
    {
        (int code, _, string err) = Cli.Run("durability");
        Assert.Equal(1, code);
        Assert.Contains("not available yet", err, StringComparison.Ordinal);
    }
}
