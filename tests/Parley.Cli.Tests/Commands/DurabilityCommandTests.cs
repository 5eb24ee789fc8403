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
        Assert.Equal(20, root.GetProperty("hazard_ratios").EnumerateObject().Count());   // nine provisions and eleven conflict-history covariates
        Assert.True(root.GetProperty("grouped_cv").GetProperty("concordance").GetDouble() > root.GetProperty("grouped_cv_provisions_only").GetProperty("concordance").GetDouble());
        Assert.Contains(root.GetProperty("ridge_lambda").GetDouble(), new[] { 0.01, 0.1, 0.3, 1, 3, 10, 30 });
        Assert.Contains("CC BY 4.0", root.GetProperty("data").GetString(), StringComparison.Ordinal);

        (int tcode, string table, _) = Cli.Run("durability", "--validate");
        Assert.Equal(0, tcode);
        Assert.Contains("Held-out concordance (C-index)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Flagship_deal_is_tested_against_shifting_power_and_guarantees_help()
    {
        // the flagship as written has no zone (its territorial red lines clash): the variant that lifts Russia's has a deal
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--variant", "freeze-on-the-line", "--draws", "400", "--format", "json");
        Assert.True(code == 0, err);
        (_, string backed, _) = Cli.Run("durability", Cli.Flagship, "--variant", "freeze-on-the-line", "--draws", "400", "--format", "json", "--guarantee", "russia=0.2", "--guarantee", "ukraine=0.2");
        double bare = JsonDocument.Parse(json).RootElement.GetProperty("holding").GetProperty("5y").GetDouble();
        double safe = JsonDocument.Parse(backed).RootElement.GetProperty("holding").GetProperty("5y").GetDouble();
        Assert.True(safe >= bare);
        (int tcode, string table, _) = Cli.Run("durability", Cli.Flagship, "--variant", "freeze-on-the-line");
        Assert.Equal(0, tcode);
        Assert.Contains("still holding after 5 year(s)", table, StringComparison.Ordinal);
        (int none, _, string why) = Cli.Run("durability", Cli.Flagship);
        Assert.Equal(2, none);
        Assert.Contains("no zone of agreement", why, StringComparison.Ordinal);
        Assert.Equal(1, Cli.Run("durability", Cli.Flagship, "--guarantee", "narnia=1").Code);
    }

    [Fact]
    public void Stated_agreement_terms_supply_the_guarantees_and_an_empirical_score()
    {
        // the flagship's snapback variant states that sanctions return on a violation: a cost of breaking for Russia. The flagship
        // has no zone of its own, so one typed-in package is tested with and without it
        string package = Path.Combine(Path.GetTempPath(), $"parley-package-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(package, "{territory: 62.5, alignment: 67, force: 67, military: 25, sanctions: 75, ceasefire: 50, stake: 100}");
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--variant", "snapback", "--package", package, "--draws", "300", "--format", "json");
        Assert.True(code == 0, err);
        (int bc, string bare, _) = Cli.Run("durability", Cli.Flagship, "--package", package, "--draws", "300", "--format", "json");
        File.Delete(package);
        Assert.Equal(0, bc);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.True(root.GetProperty("holding").GetProperty("5y").GetDouble() > JsonDocument.Parse(bare).RootElement.GetProperty("holding").GetProperty("5y").GetDouble() + 0.05);
        Assert.InRange(root.GetProperty("empirical").GetProperty("5y").GetDouble(), 0, 1);
    }

    [Fact]
    public void Guarantee_variants_of_the_flagship_compare_in_one_command()
    {
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--compare", "--draws", "300", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        var runs = root.GetProperty("runs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("run").GetString()!, r => r.GetProperty("holding").GetProperty("5y").GetDouble());

        // the flagship as written and the variants on top of it have no zone (the territorial red lines): no row, the reason;
        // each hypothetical move of one territorial red line opens a zone and gets its row (direct-ceasefire-track is the
        // freeze with a direct track beside the hub)
        Assert.Equal(["direct-ceasefire-track", "donbas-withdrawal", "freeze-on-the-line"], runs.Keys.Order(StringComparer.Ordinal));
        foreach (string v in new[] { "base", "snapback", "aid-cut" })
        {
            Assert.Contains("no zone of agreement", root.GetProperty("skipped").GetProperty(v).GetString(), StringComparison.Ordinal);
        }

        // the two guarantee variants stipulate what no zone allows (Russia's red lines on force and alignment): no row,
        // and the reason, instead of a durability for a package that contradicts their premise
        foreach (string v in new[] { "european-force", "bilateral-guarantees" })
        {
            Assert.False(runs.ContainsKey(v));
            Assert.Contains($"within what variant '{v}' stipulates", root.GetProperty("skipped").GetProperty(v).GetString(), StringComparison.Ordinal);
        }

        (int tcode, string table, _) = Cli.Run("durability", Cli.Flagship, "--compare", "--draws", "100");
        Assert.Equal(0, tcode);
        Assert.Contains("No row for european-force", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_scenario_or_validate_it_says_what_to_give()
    {
        (int code, _, string err) = Cli.Run("durability");
        Assert.Equal(1, code);
        Assert.Contains("give a scenario", err, StringComparison.Ordinal);
        Assert.Equal(1, Cli.Run("durability", Cli.Flagship, "--horizon", "forever").Code);
    }

    [Fact]
    public void A_typed_package_is_scored_with_the_terms_its_issues_imply()
    {
        string kremlin = Path.Combine(Cli.Root, "examples", "packages", "ukraine-2025-kremlin-terms.yaml");
        (int code, string json, string err) = Cli.Run("durability", Cli.Flagship, "--package", kremlin, "--horizon", "18m", "--draws", "200", "--format", "json");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        // military 100 means limits on Ukraine's forces: Ukraine keeps a quarter of its rearmament, Russia gains
        Assert.Contains("force_limits", root.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(0.004 - (0.25 * 0.002) - 0.002, root.GetProperty("drift").GetDouble(), 6);
        Assert.True(root.TryGetProperty("holding", out JsonElement h) && h.TryGetProperty("1y", out _) && h.TryGetProperty("18m", out _));
        Assert.Contains("force_limits", root.GetProperty("empirical_unscored_terms").EnumerateArray().Select(t => t.GetString()));

        // the European plan's force brings the reassurance force's deterrent with it
        string european = Path.Combine(Cli.Root, "examples", "packages", "ukraine-2025-european-plan.yaml");
        (_, string ej, _) = Cli.Run("durability", Cli.Flagship, "--package", european, "--draws", "50", "--format", "json");
        JsonElement e = JsonDocument.Parse(ej).RootElement;
        Assert.Equal("reassurance", e.GetProperty("mandate").GetString());
        Assert.Equal(0.1, e.GetProperty("breaking_costs").GetProperty("russia").GetDouble(), 9);

        string bad = Path.Combine(Path.GetTempPath(), $"parley-bad-package-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(bad, "territory: 500\n");
        try
        {
            (int bc, _, string berr) = Cli.Run("durability", Cli.Flagship, "--package", bad);
            Assert.Equal(2, bc);
            Assert.Contains(":1:", berr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", berr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
