using Parley.Core.Durability;

namespace Parley.Core.Tests.Durability;

public class SurvivalMetricsTests
{
    [Fact]
    public void Concordance_is_one_for_a_perfect_ranking_zero_for_the_reverse_and_counts_ties_half()
    {
        double[] t = [1, 2, 3, 4];
        bool[] d = [true, true, true, false];
        Assert.Equal(1.0, SurvivalMetrics.Concordance(t, d, [4, 3, 2, 1]), 12);
        Assert.Equal(0.0, SurvivalMetrics.Concordance(t, d, [1, 2, 3, 4]), 12);
        Assert.Equal(0.5, SurvivalMetrics.Concordance(t, d, [1, 1, 1, 1]), 12);
        // comparable pairs: (1,2) (1,3) (1,4) (2,3) (2,4) (3,4) — all six; one discordant
        Assert.Equal(5.0 / 6, SurvivalMetrics.Concordance(t, d, [4, 3, 1, 2]), 12);
    }

    [Fact]
    public void Kaplan_Meier_matches_a_hand_computed_curve()
    {
        // times 1, 2+, 3, 4, 5+: S(1) = 4/5; S(3) = 4/5·2/3; S(4) = that·1/2
        double[] t = [1, 2, 3, 4, 5];
        bool[] d = [true, false, true, true, false];
        Assert.Equal(0.8, SurvivalMetrics.KaplanMeier(t, d, 1), 12);
        Assert.Equal(0.8, SurvivalMetrics.KaplanMeier(t, d, 2.5), 12);
        Assert.Equal(0.8 * 2 / 3, SurvivalMetrics.KaplanMeier(t, d, 3), 12);
        Assert.Equal(0.8 * 2 / 3 / 2, SurvivalMetrics.KaplanMeier(t, d, 10), 12);
    }
}

public class CoxModelTests
{
    [Fact]
    public void The_fit_maximises_the_partial_likelihood()
    {
        var rng = new Parley.Core.Randomness.RandomSource(4);
        int n = 300;
        var x = new List<double[]>();
        var t = new double[n];
        var d = new bool[n];
        var g = new string[n];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextInt(2), b = rng.NextDouble();
            x.Add([a, b]);
            // true hazard ratio e^0.8 for a, e^−0.5 per unit of b; exponential times, censoring at 3
            double rate = 0.3 * Math.Exp((0.8 * a) - (0.5 * b));
            double time = -Math.Log(1 - rng.NextDouble()) / rate;
            t[i] = Math.Min(time, 3);
            d[i] = time < 3;
            g[i] = "c" + (i % 40);
        }

        CoxModel m = CoxModel.Fit(["a", "b"], x, t, d, g, ridge: 0);
        double ll = CoxModel.LogLikelihood(x, t, d, m.Beta, 0, out double[] grad);
        Assert.All(grad, v => Assert.True(Math.Abs(v) < 1e-6, $"gradient {v}"));
        foreach (double[] delta in new[] { new[] { 0.05, 0 }, [-0.05, 0], [0, 0.05], [0, -0.05] })
        {
            double other = CoxModel.LogLikelihood(x, t, d, [m.Beta[0] + delta[0], m.Beta[1] + delta[1]], 0, out _);
            Assert.True(other < ll);
        }

        // the simulated effects are recovered within their intervals
        Assert.InRange(0.8, m.Beta[0] - (2.5 * m.StandardError(0)), m.Beta[0] + (2.5 * m.StandardError(0)));
        Assert.InRange(-0.5, m.Beta[1] - (2.5 * m.StandardError(1)), m.Beta[1] + (2.5 * m.StandardError(1)));
        // survival curves are decreasing and the higher-risk profile survives less
        Assert.True(m.Survival(2, [1, 0]) < m.Survival(2, [0, 0]));
        Assert.True(m.Survival(2, [0, 0]) < m.Survival(1, [0, 0]));
    }

    [Fact]
    public void With_one_binary_covariate_and_no_ties_the_score_equation_holds_at_the_fit()
    {
        // closed-form check of the score: Σ over events of (x_i − risk-set mean) = 0 at β̂
        double[] t = [1, 2, 3, 4, 5, 6];
        bool[] d = [true, true, true, true, true, false];
        List<double[]> x = [[1.0], [0.0], [1.0], [0.0], [0.0], [1.0]];
        CoxModel m = CoxModel.Fit(["x"], x, t, d, ["a", "b", "c", "d", "e", "f"], ridge: 0);
        double score = 0;
        for (int i = 0; i < 6; i++)
        {
            if (!d[i])
            {
                continue;
            }

            double s0 = 0, s1 = 0;
            for (int j = 0; j < 6; j++)
            {
                if (t[j] >= t[i])
                {
                    double r = Math.Exp(m.Beta[0] * x[j][0]);
                    s0 += r;
                    s1 += r * x[j][0];
                }
            }

            score += x[i][0] - (s1 / s0);
        }

        Assert.Equal(0, score, 8);
    }
}

public class DurabilityValidationTests
{
    [Fact]
    public void Shipped_UCDP_data_load_with_censoring_at_the_end_of_2021()
    {
        IReadOnlyList<PeaceAgreement> all = PeaceAgreements.Shipped();
        // 374 agreements, 134 marked ended. The Famboni Declaration (paid 1024) ends before it was signed: left out. The five
        // "ended" without an end date are the Bangsamoro annexes, folded into the comprehensive agreement of 2014-03-27:
        // superseded, not broken, so censored there
        Assert.Equal(373, all.Count);
        Assert.Equal(128, all.Count(a => a.Ended));
        Assert.DoesNotContain(all, a => a.Id == "1024");
        foreach (string annex in new[] { "1470", "1471", "1472", "1476", "1478" })
        {
            PeaceAgreement a = all.Single(x => x.Id == annex);
            Assert.False(a.Ended);
            Assert.Equal((new DateOnly(2014, 3, 27).DayNumber - a.SignedOn.DayNumber) / 365.25, a.Years, 9);
        }

        PeaceAgreement open = all.First(a => !a.Ended);
        Assert.Equal((PeaceAgreements.DataEnd.DayNumber - open.SignedOn.DayNumber) / 365.25, open.Years, 9);
    }

    [Fact]
    public void Fit_on_agreements_up_to_2005_is_reported_on_2006_to_2021()
    {
        ValidationReport r = DurabilityValidation.Run(PeaceAgreements.Shipped(), seed: 1, bootstrap: 200);
        Assert.Equal(373, r.Train.Agreements + r.Test.Agreements);

        // the hold-out's 29 endings are 17 distinct breakdowns in 12 conflicts, as an independent re-analysis of the same
        // data found (issue 16); resampling conflicts widens the interval
        Assert.Equal(29, r.Test.Ended);
        Assert.Equal((17, 12), r.TestBreakdowns);
        Assert.True(r.ConflictInterval.High - r.ConflictInterval.Low > r.ConcordanceInterval.High - r.ConcordanceInterval.Low - 0.05);
        Assert.True(r.Test.Agreements > 30);
        Assert.InRange(r.Concordance, 0, 1);
        Assert.True(r.ConcordanceInterval.Low <= r.Concordance && r.Concordance <= r.ConcordanceInterval.High);
        Assert.Equal(RidgeCoxModel.AllNames.Count, r.HazardRatios.Count);
        Assert.Contains(r.Model.Lambda, RidgeCoxModel.Grid);
        Assert.All(r.HazardRatios, h => Assert.True(h.Low <= h.Ratio && h.Ratio <= h.High));
        Assert.All(r.Calibration, c => Assert.InRange(c.Predicted, 0, 1));
        // the same seed gives the same interval
        Assert.Equal(r.ConcordanceInterval, DurabilityValidation.Run(PeaceAgreements.Shipped(), seed: 1, bootstrap: 200).ConcordanceInterval);
    }

    [Fact]
    public void Cross_validation_grouped_by_conflict_is_repeatable_and_near_chance_for_these_covariates()
    {
        IReadOnlyList<PeaceAgreement> all = PeaceAgreements.Shipped();
        GroupedCrossValidation cv = DurabilityValidation.CrossValidate(all, folds: 5, repeats: 20, seed: 1);
        Assert.Equal(cv, DurabilityValidation.CrossValidate(all, folds: 5, repeats: 20, seed: 1));
        Assert.True(cv.Low <= cv.Concordance && cv.Concordance <= cv.High);

        // the provision covariates carry little signal across conflicts: an independent re-analysis found 0.567 with its own
        // fold draws; ours lies in the same place, far from the 0.65 a useful model would need
        Assert.InRange(cv.Concordance, 0.52, 0.60);

        // the conflict history, with the ridge chosen inside each training fold, lifts it to the 0.60 the re-analysis found; the
        // figure quoted beside every empirical holding share is this one (pinned there because it takes seconds to compute)
        GroupedCrossValidation history = DurabilityValidation.CrossValidate(all, DurabilityValidation.HistoryModel(1), folds: 5, repeats: 20, seed: 1);
        Assert.True(history.Concordance >= 0.60, $"C {history.Concordance:0.000}");
        Assert.Equal(Parley.Core.Analyses.DurabilityAnalysis.Validated, (Math.Round(history.Concordance, 3), Math.Round(history.Low, 3), Math.Round(history.High, 3)));

        // a model that sees no covariates has nothing to rank by: C is exactly chance in every repeat
        PeaceAgreement[] blind = [.. all.Select(a => a with { Covariates = new double[a.Covariates.Length] })];
        GroupedCrossValidation none = DurabilityValidation.CrossValidate(blind, repeats: 3);
        Assert.Equal(0.5, none.Concordance, 9);
    }
}

public class StrategicDurabilityTests
{
    internal static Parley.Core.Domain.Scenario Pie(double trend, double volatility) => new()
    {
        Name = "pie",
        Issues = [new Parley.Core.Domain.Issue { Id = "x", Name = "x", Kind = Parley.Core.Domain.IssueKind.Continuous, Min = 0, Max = 100 }],
        Actors =
        [
            new Parley.Core.Domain.Actor { Id = "a", Name = "a", Capability = Parley.Core.Domain.Quantity.Of(1), Stances = [new Parley.Core.Domain.Stance { IssueId = "x", Position = Parley.Core.Domain.Quantity.Of(100), Salience = Parley.Core.Domain.Quantity.Of(1) }] },
            new Parley.Core.Domain.Actor { Id = "b", Name = "b", Capability = Parley.Core.Domain.Quantity.Of(1), Stances = [new Parley.Core.Domain.Stance { IssueId = "x", Position = Parley.Core.Domain.Quantity.Of(0), Salience = Parley.Core.Domain.Quantity.Of(1) }] },
        ],
        Dynamics = new Parley.Core.Domain.Dynamics
        {
            Belligerents = ("a", "b"),
            PrevailProbability = Parley.Core.Domain.Quantity.Of(0.6),
            Trend = Parley.Core.Domain.Quantity.Of(trend),
            Volatility = Parley.Core.Domain.Quantity.Of(volatility),
            Costs = new Dictionary<string, Parley.Core.Domain.Quantity> { ["a"] = Parley.Core.Domain.Quantity.Of(0.05), ["b"] = Parley.Core.Domain.Quantity.Of(0.05) },
        },
    };

    private static int[] Share(Parley.Core.Bargaining.DealSpace space, double x) => [Array.IndexOf(space.Levels[0], x)];

    [Fact]
    public void With_power_fixed_a_deal_inside_the_bargaining_range_holds_and_one_outside_breaks_at_once()
    {
        // horizon 1: A fights if its share < p − c_A = 0.55; B fights if A's share > p + c_B = 0.65
        var space = Parley.Core.Bargaining.DealSpace.Build(Pie(0, 0), new Parley.Core.Bargaining.DealSettings { Step = 5, Horizon = 1 });
        var none = new Dictionary<string, double>();
        StrategicDurabilityResult inside = StrategicDurability.Run(space, Share(space, 60), none, 24, 50, 1);
        Assert.Equal(1.0, inside.HoldingAt(24));
        Assert.False(inside.CommitmentGap);
        StrategicDurabilityResult low = StrategicDurability.Run(space, Share(space, 50), none, 24, 50, 1);
        Assert.Equal(0.0, low.HoldingAt(0));
        Assert.Equal(50, low.BrokenBy["a"]);
        StrategicDurabilityResult high = StrategicDurability.Run(space, Share(space, 70), none, 24, 50, 1);
        Assert.Equal(50, high.BrokenBy["b"]);
        // a guarantee that makes breaking cost 0.1 more widens the range: 0.5 is now kept
        StrategicDurabilityResult guaranteed = StrategicDurability.Run(space, Share(space, 50), new Dictionary<string, double> { ["a"] = 0.1 }, 24, 50, 1);
        Assert.Equal(1.0, guaranteed.HoldingAt(24));
    }

    [Fact]
    public void Shifting_power_erodes_deals_and_guarantees_slow_it()
    {
        var space = Parley.Core.Bargaining.DealSpace.Build(Pie(0.005, 0.03), new Parley.Core.Bargaining.DealSettings { Step = 5, Horizon = 1 });
        StrategicDurabilityResult bare = StrategicDurability.Run(space, Share(space, 60), new Dictionary<string, double>(), 60, 400, 7);
        StrategicDurabilityResult backed = StrategicDurability.Run(space, Share(space, 60), new Dictionary<string, double> { ["a"] = 0.1, ["b"] = 0.1 }, 60, 400, 7);
        Assert.True(bare.HoldingAt(60) < 1);
        Assert.True(backed.HoldingAt(60) > bare.HoldingAt(60));
        Assert.True(bare.CommitmentGap);
        for (int t = 1; t <= 60; t++)
        {
            Assert.True(bare.Holding[t] <= bare.Holding[t - 1]);
        }

        Assert.Equal(bare.Holding, StrategicDurability.Run(space, Share(space, 60), new Dictionary<string, double>(), 60, 400, 7).Holding);
    }
}

public class AfterAgreementTests
{
    // The pie of StrategicDurabilityTests with σ = 0 and horizon 1: A (who wants 100) breaks a deal giving it 60
    // as soon as its value of fighting, p_t − c_A(t) − k_A, exceeds 0.6.
    private static Parley.Core.Domain.Scenario Pie(Parley.Core.Domain.AfterAgreement after)
    {
        Parley.Core.Domain.Scenario s = StrategicDurabilityTests.Pie(0, 0);
        return s with { Dynamics = s.Dynamics! with { AfterAgreement = after } };
    }

    private static Dictionary<string, Parley.Core.Domain.Quantity> Map(string id, double v) => new() { [id] = Parley.Core.Domain.Quantity.Of(v) };

    private static StrategicDurabilityResult Run(Parley.Core.Domain.AfterAgreement after, Parley.Core.Domain.AgreementTerms terms)
    {
        var space = Parley.Core.Bargaining.DealSpace.Build(Pie(after), new Parley.Core.Bargaining.DealSettings { Step = 5, Horizon = 1 });
        return StrategicDurability.Run(space, [Array.IndexOf(space.Levels[0], 60.0)], terms, 60, 20, 3);
    }

    [Fact]
    public void Rearmament_moves_power_and_the_deal_breaks_when_the_rearming_side_would_win_more()
    {
        // A gains 0.01, B 0.006 per step: p_t = 0.6 + 0.004 t passes 0.65 after t = 12.5
        var after = new Parley.Core.Domain.AfterAgreement { Rearmament = new Dictionary<string, Parley.Core.Domain.Quantity> { ["a"] = Parley.Core.Domain.Quantity.Of(0.01), ["b"] = Parley.Core.Domain.Quantity.Of(0.006) } };
        StrategicDurabilityResult r = Run(after, new Parley.Core.Domain.AgreementTerms());
        Assert.Equal(0.004, r.Drift, 12);
        Assert.Equal(1.0, r.HoldingAt(12));
        Assert.Equal(0.0, r.HoldingAt(13));
        Assert.Equal(20, r.BrokenBy["a"]);
        Assert.True(r.CommitmentGap);

        // B's aid offsets A's lead: drift 0, the deal holds
        StrategicDurabilityResult aided = Run(after with { Aid = Map("b", 0.004) }, new Parley.Core.Domain.AgreementTerms());
        Assert.Equal(0.0, aided.Drift, 12);
        Assert.Equal(1.0, aided.HoldingAt(60));

        // limits on A's forces (A keeps 60% of its rearmament) do the same: 0.006 − 0.006 = 0
        var limited = new Parley.Core.Domain.AgreementTerms { ForceLimits = true, Limits = Map("a", 0.6) };
        Assert.Equal(1.0, Run(after, limited).HoldingAt(60));
        // limits stated but not agreed change nothing
        Assert.Equal(0.0, Run(after, limited with { ForceLimits = false }).HoldingAt(13));
    }

    [Fact]
    public void A_cheaper_war_erodes_the_deal_and_a_term_deterrent_delays_the_break()
    {
        // A's cost of war falls by 0.004 per step: 0.55 + 0.004 t passes 0.6 after t = 12.5
        var after = new Parley.Core.Domain.AfterAgreement { Economy = Map("a", -0.004) };
        Assert.Equal(0.0, Run(after, new Parley.Core.Domain.AgreementTerms()).HoldingAt(13));
        Assert.Equal(1.0, Run(after, new Parley.Core.Domain.AgreementTerms()).HoldingAt(12));

        // snap-back adds 0.1 to A's cost of breaking while it holds: 0.45 + 0.004 t passes 0.6 after t = 37.5
        var snap = new Parley.Core.Domain.AgreementTerms
        {
            Snapback = true,
            Deterrence = new Dictionary<string, IReadOnlyDictionary<string, Parley.Core.Domain.Quantity>> { ["snapback"] = Map("a", 0.1) },
        };
        StrategicDurabilityResult r = Run(after, snap);
        Assert.Equal(0.1, r.BreakingCosts["a"], 12);
        Assert.Equal(1.0, r.HoldingAt(37));
        Assert.Equal(0.0, r.HoldingAt(38));
        Assert.Equal(0.0, Run(after, snap with { Snapback = false }).HoldingAt(13));
    }
}

public class HistoricalRankingTests
{
    [Fact]
    public void The_empirical_model_ranks_the_durable_cases_above_the_fragile_ones()
    {
        // terms coded from the cited texts in each scenario (committed before this test); model fitted on
        // agreements signed up to 2005, so Minsk (2015) and Doha (2020) are out of sample
        IReadOnlyList<PeaceAgreement> all = PeaceAgreements.Shipped();
        PeaceAgreement[] train = [.. all.Where(a => a.SignedOn.Year <= DurabilityValidation.LastTrainingYear)];
        CoxModel model = CoxModel.Fit(PeaceAgreements.CovariateNames, [.. train.Select(a => a.Covariates)], [.. train.Select(a => a.Years)],
            [.. train.Select(a => a.Ended)], [.. train.Select(a => a.ConflictId)]);
        double FiveYears(string file)
        {
            var s = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, file)).Scenario!;
            return model.Survival(5, PeaceAgreements.Covariates(s.Agreement!));
        }

        double minsk = FiveYears("minsk-2015.yaml"), doha = FiveYears("doha-2020.yaml");
        double dayton = FiveYears("dayton-1995.yaml"), egyptIsrael = FiveYears("egypt-israel-1979.yaml");
        Assert.True(Math.Min(dayton, egyptIsrael) > Math.Max(minsk, doha), $"Dayton {dayton:0.00}, Egypt-Israel {egyptIsrael:0.00}, Minsk {minsk:0.00}, Doha {doha:0.00}");
    }
}

public class DelayedEntryTests
{
    [Fact]
    public void Splitting_each_subject_into_two_spells_does_not_change_the_fit()
    {
        var rng = new Parley.Core.Randomness.RandomSource(12);
        int n = 120;
        var x = new List<double[]>();
        var t = new double[n];
        var d = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextInt(2);
            x.Add([a]);
            double time = -Math.Log(1 - rng.NextDouble()) / (0.4 * Math.Exp(0.7 * a));
            t[i] = Math.Min(time, 4);
            d[i] = time < 4;
        }

        CoxModel whole = CoxModel.Fit(["a"], x, t, d, [.. Enumerable.Range(0, n).Select(i => "s" + i)], ridge: 0);

        // (0, t/2] without the event, then (t/2, t] with it: the same partial likelihood
        var xs = new List<double[]>();
        var start = new List<double>();
        var stop = new List<double>();
        var died = new List<bool>();
        var who = new List<string>();
        for (int i = 0; i < n; i++)
        {
            xs.Add(x[i]);
            start.Add(0);
            stop.Add(t[i] / 2);
            died.Add(false);
            who.Add("s" + i);
            xs.Add(x[i]);
            start.Add(t[i] / 2);
            stop.Add(t[i]);
            died.Add(d[i]);
            who.Add("s" + i);
        }

        CoxModel split = CoxModel.Fit(["a"], xs, [.. stop], [.. died], [.. who], ridge: 0, entry: [.. start]);
        Assert.Equal(whole.Beta[0], split.Beta[0], 8);
        Assert.Equal(whole.StandardError(0), split.StandardError(0), 6);
    }
}

public class FortnaCheckTests
{
    [ReferenceFact]
    public void Fortnas_ceasefire_data_give_treaty_and_peacekeeping_effects_like_the_published_re_estimate()
    {
        // read through the reference folder only (no licence stated for the file): spells (_t0, _t], _d failure
        string path = Path.Combine(TestPaths.ReferenceDir!, "..", "data", "fortna-civil-war-ceasefires.csv");
        Assert.True(File.Exists(path), path);
        string[] lines = File.ReadAllLines(path);
        string[] head = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(head, name);
        var x = new List<double[]>();
        var start = new List<double>();
        var stop = new List<double>();
        var died = new List<bool>();
        var cluster = new List<string>();
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            double V(string c) => double.Parse(f[Col(c)], System.Globalization.CultureInfo.InvariantCulture);
            x.Add([V("treaty"), V("victory"), V("pk_dum")]);
            start.Add(V("_t0"));
            stop.Add(V("_t"));
            died.Add(V("_d") == 1);
            cluster.Add(f[Col("cluster")]);
        }

        CoxModel m = CoxModel.Fit(["treaty", "victory", "peacekeeping"], x, [.. stop], [.. died], [.. cluster], ridge: 0, entry: [.. start]);
        double treaty = Math.Exp(m.Beta[0]), pk = Math.Exp(m.Beta[2]);
        // MODELS.md §5: a re-estimate on these data gave 0.46 for a treaty versus a truce and 0.62 (not
        // significant) for peacekeeping. Parley (Breslow ties, clustered by conflict) gets 0.63 and 0.85:
        // the same directions and ordering, weaker (docs/durability.md). Pinned to catch regressions.
        Assert.Equal(0.63, Math.Round(treaty, 2));
        Assert.Equal(0.85, Math.Round(pk, 2));
        Assert.True(treaty < 1 && pk < 1 && treaty < pk);
        Assert.True(Math.Exp(m.Beta[2] + (1.96 * m.StandardError(2))) > 1, "peacekeeping should not be significant here");
    }
}

public class AgreementLinkTests
{
    [Fact]
    public void A_linked_term_follows_the_package_and_round_trips()
    {
        var load = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"));
        Parley.Core.Domain.AgreementTerms terms = load.Scenario!.Agreement!;
        Assert.Equal(2, terms.Links.Count);
        Parley.Core.Domain.TermLink link = terms.Links[0];
        Assert.Equal(("peacekeepers", "force", 33.0), (link.Term, link.IssueId, link.Limit));
        Assert.Equal(("force_limits", "military", 50.0, Parley.Core.Domain.RedLineBound.AtLeast), (terms.Links[1].Term, terms.Links[1].IssueId, terms.Links[1].Limit, terms.Links[1].Bound));
        Assert.True(terms.For(id => id == "military" ? 50 : 0).ForceLimits);    // caps on size and long-range weapons
        Assert.False(terms.For(id => id == "military" ? 0 : 50).ForceLimits);
        Assert.Equal(Parley.Core.Domain.PeacekeepingMandate.Reassurance, terms.Mandate);
        // deterrence counts only while its term holds: the force adds 0.1 to Russia's cost of breaking
        Assert.Equal(0.0, terms.GuaranteeCosts()["russia"]);
        Assert.Equal(0.1, terms.For(id => id == "force" ? 0 : 50).GuaranteeCosts()["russia"], 12);
        Assert.Equal(0.15, (terms.For(id => id == "force" ? 0 : 50) with { Snapback = true }).GuaranteeCosts()["russia"], 12);
        Assert.False(terms.For(id => id == "force" ? 67 : 50).Peacekeepers);  // neutral monitoring: no force
        Assert.True(terms.For(id => id == "force" ? 0 : 50).Peacekeepers);    // European force
        Assert.False(terms.For(_ => null).Peacekeepers);
        Parley.Core.Tests.Scenarios.ImportRoundTripTests.AssertRoundTrip(load.Scenario);
        string yaml = Parley.Core.Scenarios.ScenarioWriter.Write(load.Scenario);
        Parley.Core.Domain.AgreementTerms again = Parley.Core.Scenarios.ScenarioLoader.LoadYaml(yaml, "again.yaml").Scenario!.Agreement!;
        Assert.Equal(terms.Links, again.Links);
        Assert.Equal(terms.Mandate, again.Mandate);
        Assert.Equal(0.25, again.Limits["ukraine"].Value);
        Assert.Equal(0.05, again.Deterrence["snapback"]["russia"].Value);

        var bad = Parley.Core.Scenarios.ScenarioLoader.LoadYaml(yaml.Replace("issue: force", "issue: forse", StringComparison.Ordinal), "bad.yaml");
        Assert.Contains(bad.Diagnostics, d => d.Code == Parley.Core.Scenarios.DiagnosticCodes.UndefinedReference && d.Hint!.Contains("force", StringComparison.Ordinal));
    }
}
