using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>
/// A scenario's claims (issue 18, item 4): what the format accepts, what it refuses and where, and that each claim's
/// setting and counter-setting are checked on load like a variant.
/// </summary>
public class ClaimTests
{
    private static readonly string Base = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml"));

    internal const string TrendClaim = """
sources:
  - {id: X, title: A test source}
claims:
  - id: north-gains
    claim: When the war turns North's way, North gets more
    estimate: true
    cite: [{source: X, quote: "the war decides the border"}]
    setting:
      shift: {dynamics.trend: {value: 0.01, range: [0.005, 0.02]}}
    measure: utility.north
    expect: up
    mechanism: balance-of-power
""";

    private static LoadResult Load(string claims) => ScenarioLoader.LoadYaml(Base + "\n" + claims, "claims.yaml");

    private static Diagnostic Only(string claims)
    {
        LoadResult r = Load(claims);
        Assert.False(r.Succeeded);
        return Assert.Single(r.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void A_claim_binds_with_its_cases_measure_direction_mechanisms_and_parameters()
    {
        LoadResult r = Load(TrendClaim);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Claim c = Assert.Single(r.Scenario!.Claims);
        Assert.Equal("north-gains", c.Id);
        Assert.Equal(new ClaimMeasure(ClaimMeasureKind.Utility, "north"), c.Measure);
        Assert.Equal(ClaimDirection.Up, c.Expect);
        Assert.Equal(["balance-of-power"], c.Mechanisms);
        Assert.Equal("shift dynamics.trend 0.01", c.Setting.ToString());
        Assert.Equal("as written", c.Counter.ToString());
        ClaimParameter p = Assert.Single(c.Setting.Parameters);
        Assert.Equal(("setting: shift dynamics.trend", 0.01, 0.005, 0.02), (p.Name, p.Value, p.Low, p.High));
        Assert.Equal("the war decides the border", Assert.Single(c.Provenance.Cites).Quote);
    }

    [Theory]
    [InlineData("mechanism: cost-of-war", "'cost-of-war' is not one of the engine's mechanisms", "did you mean 'costs-of-war'?")]
    [InlineData("measure: utility.nort", "measures the utility of 'nort', which is not an actor", "did you mean 'utility.north'?")]
    [InlineData("measure: level.bordr", "measures the level of 'bordr', which is not an issue", "did you mean 'level.border'?")]
    [InlineData("measure: welfare", "'welfare' is not an outcome a claim can measure", "one of: agreement, durability, utility.ACTOR, level.ISSUE")]
    [InlineData("expect: sideways", "is 'sideways', not up or down", "up: higher in the setting")]
    [InlineData("variant: nope", "starts from variant 'nope', which the scenario does not have", "name one of 'variants'")]
    public void A_wrong_field_is_refused_at_its_line_with_a_hint(string replacement, string message, string hint)
    {
        string field = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
        string text = TrendClaim.Contains($"    {field}:", StringComparison.Ordinal)
            ? string.Join('\n', TrendClaim.Split('\n').Select(l => l.StartsWith($"    {field}:", StringComparison.Ordinal) ? "    " + replacement : l))
            : TrendClaim + "\n    " + replacement + "\n";
        Diagnostic d = Only(text);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Contains(hint, d.Hint, StringComparison.Ordinal);
        int line = (Base + "\n" + text).Split('\n').ToList().FindIndex(l => l.Contains(replacement, StringComparison.Ordinal)) + 1;
        Assert.Equal(line, d.Line);
    }

    [Fact]
    public void A_claim_without_a_quote_is_refused()
    {
        Diagnostic d = Only(TrendClaim.Replace("""    cite: [{source: X, quote: "the war decides the border"}]""" + "\n", string.Empty, StringComparison.Ordinal));
        Assert.Contains("quotes no source", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_is_checked_like_a_variant_and_its_mistake_points_at_its_line()
    {
        string text = TrendClaim.Replace("dynamics.trend:", "dynamics.trnd:", StringComparison.Ordinal);
        Diagnostic d = Only(text);
        Assert.Contains("in the setting of claim 'north-gains'", d.Message, StringComparison.Ordinal);
        int line = (Base + "\n" + text).Split('\n').ToList().FindIndex(l => l.Contains("dynamics.trnd", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, d.Line);
    }

    [Fact]
    public void A_variant_cannot_change_the_claims()
    {
        LoadResult r = Load(TrendClaim + "\n" + """
variants:
  - id: rewrite
    name: Rewrite the claim
    estimate: true
    set: {claims.north-gains.expect: down}
""");
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Error && d.Message.Contains("a variant cannot change 'claims'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_flagship_carries_at_least_six_quoted_claims()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        Assert.True(s.Claims.Count >= 6);
        Assert.All(s.Claims, c => Assert.Contains(c.Provenance.Cites, q => q.Quote.Length > 0 && q.Words <= Citation.MaxWords));
        Assert.All(s.Claims, c => Assert.True(c.Provenance.IsEstimate || c.Provenance.Sources.Count > 0, c.Id));
    }
}
