using Parley.Core.Conflict;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Conflict;

public class AttritionTests
{
    private static Attrition Forces(FireKind fire, double a, double b, double alpha, double beta, double ra = 0, double rb = 0) => new()
    {
        Fire = fire,
        Gamma = Quantity.Of(1),
        A = new ForceData(Quantity.Of(a), Quantity.Of(ra), Quantity.Of(alpha)),
        B = new ForceData(Quantity.Of(b), Quantity.Of(rb), Quantity.Of(beta)),
    };

    [Fact]
    public void Aimed_fire_keeps_the_square_law_invariant()
    {
        // α A² − β B² is constant under dA/dt = −β B, dB/dt = −α A
        (double A, double B)[] f = AttritionModel.Forces(Forces(FireKind.Aimed, 1000, 800, 0.02, 0.03), 20);
        double invariant = (0.02 * 1000 * 1000) - (0.03 * 800 * 800);
        foreach ((double a, double b) in f)
        {
            Assert.Equal(invariant, (0.02 * a * a) - (0.03 * b * b), 0);
        }

        Assert.True(f[^1].A < 1000 && f[^1].B < 800);
    }

    [Fact]
    public void Area_fire_keeps_the_linear_law_invariant()
    {
        // α A − β B is constant under dA/dt = −β A B, dB/dt = −α A B
        (double A, double B)[] f = AttritionModel.Forces(Forces(FireKind.Area, 1000, 800, 2e-5, 3e-5), 20);
        double invariant = (2e-5 * 1000) - (3e-5 * 800);
        foreach ((double a, double b) in f)
        {
            Assert.Equal(invariant, (2e-5 * a) - (3e-5 * b), 9);
        }
    }

    [Fact]
    public void Recruitment_offsets_losses_and_p_follows_the_contest_success_function()
    {
        (double A, double B)[] f = AttritionModel.Forces(Forces(FireKind.Aimed, 1000, 1000, 0.01, 0.01, ra: 10, rb: 0), 12);
        Assert.True(f[^1].A > f[^1].B);
        Assert.Equal(0.5, AttritionModel.Prevail(100, 100, 1), 12);
        Assert.Equal(0.8, AttritionModel.Prevail(200, 100, 2), 12);
        Assert.Equal(0.99, AttritionModel.Prevail(1, 0, 1), 12);
    }

    [Fact]
    public void A_scenario_with_force_data_drives_the_war_path_and_round_trips()
    {
        string yaml = """
            parley: 1
            scenario: {name: forces}
            issues:
              - {id: x, name: x, scale: {min: 0, max: 100}}
            actors:
              - {id: a, name: A, estimate: true, capability: 1, stances: {x: {position: 100, salience: 1}}}
              - {id: b, name: B, estimate: true, capability: 1, stances: {x: {position: 0, salience: 1}}}
            dynamics:
              belligerents: [a, b]
              estimate: true
              p_prevail: 0.5
              trend: 0
              volatility: 0
              attrition:
                fire: aimed
                gamma: 1
                forces:
                  a: {strength: 1000, recruitment: 20, effectiveness: 0.02}
                  b: {strength: 1000, recruitment: 0, effectiveness: 0.02}
            """;
        LoadResult r = ScenarioLoader.LoadYaml(yaml, "forces.yaml");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        double[] p = WarPath.Simulate(r.Scenario!.Dynamics, 12, null);
        Assert.Equal(0.5, p[0], 12);
        Assert.True(p[12] > p[6] && p[6] > p[0], "recruitment should tilt the balance towards a");
        Parley.Core.Tests.Scenarios.ImportRoundTripTests.AssertRoundTrip(r.Scenario);
        Assert.NotNull(ScenarioLoader.LoadYaml(ScenarioWriter.Write(r.Scenario), "again.yaml").Scenario!.Dynamics!.Attrition);

        LoadResult bad = ScenarioLoader.LoadYaml(yaml.Replace("a: {strength: 1000", "c: {strength: 1000", StringComparison.Ordinal), "bad.yaml");
        Assert.Contains(bad.Diagnostics, d => d.Code == DiagnosticCodes.UndefinedReference);
        Assert.Contains(bad.Diagnostics, d => d.Code == DiagnosticCodes.MissingField);
    }
}
