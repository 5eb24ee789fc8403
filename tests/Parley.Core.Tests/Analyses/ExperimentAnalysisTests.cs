using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Parley.Core.Tests.Scenarios;

namespace Parley.Core.Tests.Analyses;

/// <summary>
/// Claims as experiments (issue 18, item 4): the verdict rule, the bootstrap against its closed form, paired draws that
/// do not depend on threads, effects that disappear when their mechanism is switched off, and the flagship's pressure
/// claims moving the outcome the way their mechanism implies.
/// </summary>
public class ExperimentAnalysisTests
{
    private static readonly Lazy<ScenarioSet> Flagship = new(() => ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!);

    private static ScenarioSet Fixture(string claims)
    {
        string dir = Path.Combine(Path.GetTempPath(), "parley-claims-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "claims.yaml");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml")) + "\n" + claims);
        ScenarioSetLoad load = ScenarioSet.Load([file]);
        Assert.True(load.Set is not null, string.Join("\n", load.Result.Diagnostics));
        return load.Set!;
    }

    private static ExperimentOutcome Run(ScenarioSet set, ExperimentRequest request)
    {
        AnalysisOutcome<ExperimentOutcome> r = ExperimentAnalysis.Run(request, set);
        Assert.True(r.Result is not null, string.Join("\n", r.Problems));
        return r.Result!;
    }

    [Theory]
    [InlineData(0.01, 0.03, ClaimDirection.Up, ExperimentAnalysis.Supported)]
    [InlineData(0.01, 0.03, ClaimDirection.Down, ExperimentAnalysis.Contradicted)]
    [InlineData(-0.03, -0.01, ClaimDirection.Down, ExperimentAnalysis.Supported)]
    [InlineData(-0.03, -0.01, ClaimDirection.Up, ExperimentAnalysis.Contradicted)]
    [InlineData(-0.01, 0.01, ClaimDirection.Up, ExperimentAnalysis.NotDecided)]
    [InlineData(0, 0.01, ClaimDirection.Up, ExperimentAnalysis.NotDecided)]
    public void The_verdict_asks_which_side_of_zero_the_interval_lies(double low, double high, ClaimDirection expect, string verdict) =>
        Assert.Equal(verdict, ExperimentAnalysis.VerdictOf([low, high], expect));

    [Fact]
    public void The_bootstrap_matches_its_closed_form()
    {
        // equal differences: no spread at all
        EffectEstimate same = ExperimentAnalysis.Bootstrap(Enumerable.Repeat(0.25, 50).ToArray(), 7);
        Assert.Equal((0.25, 0.25, 0.25), (same.Median, same.Interval[0], same.Interval[1]));

        // 0/1 differences, half each: the mean's sampling distribution is close to normal with sd sqrt(p(1-p)/n), so its
        // 10th and 90th percentiles lie 1.2816 sd either side of 0.5
        double[] coin = [.. Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1.0 : 0.0)];
        EffectEstimate e = ExperimentAnalysis.Bootstrap(coin, 11);
        double half = 1.2816 * Math.Sqrt(0.25 / 400);
        Assert.InRange(e.Median, 0.49, 0.51);
        Assert.InRange(e.Interval[0], 0.5 - half - 0.006, 0.5 - half + 0.006);
        Assert.InRange(e.Interval[1], 0.5 + half - 0.006, 0.5 + half + 0.006);
        Assert.True(double.IsNaN(ExperimentAnalysis.Bootstrap([], 1).Median));
    }

    [Fact]
    public void A_turn_of_the_war_supports_the_claim_and_moves_with_its_size_and_vanishes_without_its_mechanism()
    {
        ScenarioSet set = Fixture(ClaimTests.TrendClaim);
        ClaimResult on = Assert.Single(Run(set, new ExperimentRequest { Draws = 200 }).Claims);
        Assert.Equal(ExperimentAnalysis.Supported, on.Verdict);
        Assert.True(on.Effect.Interval[0] > 0);

        // a larger turn gives North more (the parameter's ends bracket the value)
        Assert.Equal(2, on.Robustness.Count);
        Assert.True(on.Robustness[0].Effect.Median < on.Effect.Median && on.Effect.Median < on.Robustness[1].Effect.Median,
            string.Join(", ", on.Robustness.Select(r => r.Effect.Median)));

        // with the war's path switched off, the setting changes nothing at all
        ClaimResult off = Assert.Single(Run(set, new ExperimentRequest { Draws = 200, SwitchedOff = [Mechanisms.BalanceOfPower] }).Claims);
        Assert.Equal((0.0, 0.0, 0.0), (off.Effect.Median, off.Effect.Interval[0], off.Effect.Interval[1]));
        Assert.Equal(ExperimentAnalysis.NotDecided, off.Verdict);
    }

    [Fact]
    public void A_level_is_measured_over_the_draws_that_agree_in_both_cases()
    {
        ScenarioSet set = Fixture(ClaimTests.TrendClaim.Replace("measure: utility.north", "measure: level.border", StringComparison.Ordinal));
        ClaimResult r = Assert.Single(Run(set, new ExperimentRequest { Draws = 200, Robustness = false }).Claims);
        Assert.InRange(r.Pairs, ExperimentAnalysis.MinPairs, 200);
        // North wants the border at 100: as the war turns its way the agreed border moves up
        Assert.Equal(ExperimentAnalysis.Supported, r.Verdict);
    }

    [Fact]
    public void The_result_is_the_same_on_one_thread_and_on_two()
    {
        ScenarioSet set = Fixture(ClaimTests.TrendClaim);
        string one = ParleyJson.Serialize(Run(set, new ExperimentRequest { Draws = 60, Threads = 1 }));
        string two = ParleyJson.Serialize(Run(set, new ExperimentRequest { Draws = 60, Threads = 2 }));
        Assert.Equal(one, two);
    }

    [Fact]
    public void Every_flagship_effect_disappears_when_its_mechanisms_are_switched_off()
    {
        ScenarioSet set = Flagship.Value;
        foreach (Claim claim in set.Base.Claims)
        {
            ClaimResult off = Assert.Single(Run(set, new ExperimentRequest { Claim = claim.Id, Draws = 80, Robustness = false, SwitchedOff = [.. claim.Mechanisms] }).Claims);
            Assert.True(off.Effect.Median == 0 && off.Effect.Interval[0] == 0 && off.Effect.Interval[1] == 0, $"{claim.Id}: {off.Effect.Median} [{off.Effect.Interval[0]}, {off.Effect.Interval[1]}]");
        }
    }

    [Fact]
    public void The_flagship_pressure_and_guarantee_claims_move_the_outcome_the_way_their_mechanism_implies()
    {
        Dictionary<string, ClaimResult> r = Run(Flagship.Value, new ExperimentRequest { Draws = 300, Robustness = false }).Claims.ToDictionary(c => c.Id);

        // pressure on Ukraine alone: Russia's outcome better; on Russia (Ukraine's defence): Ukraine's better
        Assert.Equal(ExperimentAnalysis.Supported, r["one-sided-pressure"].Verdict);
        Assert.Equal(ExperimentAnalysis.Supported, r["real-pressure"].Verdict);

        // a guarantee makes breaking the deal dearer; force limits slow Ukraine's rearmament: durability moves accordingly
        Assert.Equal(ExperimentAnalysis.Supported, r["no-guarantees"].Verdict);
        Assert.Equal(ExperimentAnalysis.Supported, r["disarm-ukraine"].Verdict);
        Assert.All(r.Values, c => Assert.False(string.IsNullOrEmpty(c.Quote)));
    }

    [Fact]
    public void A_number_a_case_sets_out_of_its_range_is_refused_by_the_experiment_at_its_line()
    {
        ScenarioSet set = Fixture(ClaimTests.TrendClaim.Replace("shift: {dynamics.trend: {value: 0.01, range: [0.005, 0.02]}}", "set: {dynamics.p_prevail: 1.5}", StringComparison.Ordinal));
        AnalysisOutcome<ExperimentOutcome> r = ExperimentAnalysis.Run(new ExperimentRequest { Draws = 10 }, set);
        Assert.Null(r.Result);
        Diagnostic d = Assert.Single(r.Problems, p => p.Message.Contains("in the setting of claim 'north-gains'", StringComparison.Ordinal));
        Assert.True(d.Line > 0, d.ToString());
    }

    [Fact]
    public void Requests_it_cannot_run_are_refused_with_a_reason()
    {
        ScenarioSet set = Flagship.Value;
        Assert.Contains("did you mean 'no-guarantees'?", ExperimentAnalysis.Run(new ExperimentRequest { Claim = "no-guarantee" }, set).Problems[0].Hint, StringComparison.Ordinal);
        Assert.Contains("is not a mechanism", ExperimentAnalysis.Run(new ExperimentRequest { SwitchedOff = ["luck"] }, set).Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("more than the", ExperimentAnalysis.Run(new ExperimentRequest { Draws = 1_000_000 }, set).Problems[0].Message, StringComparison.Ordinal);
        ScenarioSet none = ScenarioSet.Load([Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml")]).Set!;
        Assert.Contains("states no claims", ExperimentAnalysis.Run(new ExperimentRequest(), none).Problems[0].Message, StringComparison.Ordinal);
    }
}
