using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

/// <summary>Strategy tournaments: the field, the measures checked against their definitions, and the direction of concession.</summary>
public sealed class TournamentAnalysisTests
{
    private const string TwoParties = """
        parley: 1
        scenario: {name: two parties}
        issues:
          - {id: price, name: Price, scale: {min: 0, max: 100}}
          - {id: terms, name: Terms, scale: {min: 0, max: 100}}
        actors:
          - {id: buyer, name: Buyer, estimate: true, capability: 1, patience: 0.95, alternative: 0.2, stances: {price: {position: 0, salience: 0.7}, terms: {position: 100, salience: 0.3}}}
          - {id: seller, name: Seller, estimate: true, capability: 1, patience: 0.95, alternative: 0.2, stances: {price: {position: 100, salience: 0.4}, terms: {position: 0, salience: 0.6}}}
        """;

    private static ScenarioSet Set(string yaml = TwoParties) =>
        ScenarioSet.FromInputs([new ScenarioInput("two.yaml", System.Text.Encoding.UTF8.GetBytes(yaml))]).Set ?? throw new InvalidOperationException("does not load");

    private static TournamentOutcome Play(TournamentRequest request, ScenarioSet? set = null)
    {
        AnalysisOutcome<TournamentOutcome> outcome = TournamentAnalysis.Run(request, set ?? Set());
        Assert.True(outcome.Result is not null, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return outcome.Result!;
    }

    [Fact]
    public void Two_parties_meet_in_every_ordered_pair_on_every_seed()
    {
        TournamentOutcome t = Play(new TournamentRequest { Strategies = ["boulware", "conceder", "hard-liner"], Seeds = 4 });
        Assert.Equal("ordered pairs", t.Field);
        // 3 strategies × 2 seats × 3 opponents × 4 seeds
        Assert.Equal(72, t.Runs);
        Assert.All(t.Entries, e => Assert.Equal(24, e.Runs));
        Assert.All(t.Entries, e => Assert.True(e.RankRange[0] <= e.Rank && e.Rank <= e.RankRange[1]));
        Assert.All(t.Entries, e => Assert.True(e.AgreementInterval[0] <= e.AgreementRate && e.AgreementRate <= e.AgreementInterval[1]));
    }

    [Fact]
    public void No_outcome_beats_the_utilitarian_welfare_or_the_Nash_product_and_gain_is_utility_less_the_alternative()
    {
        TournamentOutcome t = Play(new TournamentRequest { Strategies = ["boulware", "conceder", "linear", "hard-liner"], Seeds = 3 });
        Assert.All(t.Entries, e =>
        {
            Assert.True(e.WelfareLoss >= -1e-9, $"{e.Strategy} beat the utilitarian package by {-e.WelfareLoss}");
            Assert.True(e.NashLoss >= -1e-9, $"{e.Strategy} beat the Nash product by {-e.NashLoss}");
            // both parties' alternative is 0.2 in this scenario
            Assert.Equal(e.Utility - 0.2, e.Gain, 9);
        });
    }

    [Fact]
    public void A_strategy_that_concedes_agrees_at_least_as_often_as_one_that_never_does()
    {
        TournamentOutcome t = Play(new TournamentRequest { Strategies = ["conceder", "hard-liner"], Seeds = 3 });
        TournamentEntry conceder = t.Entries.Single(e => e.Strategy == "conceder"), hard = t.Entries.Single(e => e.Strategy == "hard-liner");
        Assert.True(conceder.AgreementRate >= hard.AgreementRate, $"conceder {conceder.AgreementRate} against hard-liner {hard.AgreementRate}");
        Assert.True(hard.AgreementRate < 1, "two hard-liners never agree");
    }

    [Fact]
    public void The_result_does_not_depend_on_the_thread_count()
    {
        var request = new TournamentRequest { Strategies = ["boulware", "conceder", "linear"], Seeds = 3 };
        Assert.Equal(ParleyJson.SerializeResult(Play(request with { Threads = 1 })), ParleyJson.SerializeResult(Play(request with { Threads = 3 })));
    }

    [Fact]
    public void At_a_larger_table_each_strategy_takes_each_seat_against_the_scenarios_own()
    {
        TournamentOutcome t = Play(new TournamentRequest { Variant = "freeze-on-the-line", Strategies = ["boulware", "conceder"], Seeds = 2 }, Engine.Load([Flagship.File]).Set!);
        Assert.Equal("each seat", t.Field);
        Assert.Equal(["us", "russia", "ukraine"], t.Seats);
        Assert.Equal(2 * 3 * 2, t.Runs);
    }

    [Fact]
    public void Without_a_zone_the_losses_say_so_rather_than_zero()
    {
        // the flagship as written: the signatories have no zone, yet the talks (events, a moving war) can still agree
        TournamentOutcome t = Play(new TournamentRequest { Strategies = ["boulware", "conceder"], Seeds = 1 }, Engine.Load([Flagship.File]).Set!);
        Assert.All(t.Entries, e => Assert.Null(e.WelfareLoss));
        Assert.All(t.Entries, e => Assert.Null(e.NashLoss));
        Assert.Equal("no zone", TournamentText.Loss(t.Entries[0].WelfareLoss, "0.000"));
    }

    [Fact]
    public void Bad_fields_are_refused_with_what_to_do()
    {
        Assert.Contains("not a strategy", TournamentAnalysis.Run(new TournamentRequest { Strategies = ["boulware", "nope"] }, Set()).Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("two or more", TournamentAnalysis.Run(new TournamentRequest { Strategies = ["boulware"] }, Set()).Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("two-party", TournamentAnalysis.Run(new TournamentRequest { Strategies = ["boulware", "backward-induction"] }, Engine.Load([Flagship.File]).Set!).Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("--seeds", TournamentAnalysis.Run(new TournamentRequest { Seeds = 0 }, Set()).Problems[0].Message, StringComparison.Ordinal);
        Assert.IsType<TournamentOutcome>(Engine.Run(new TournamentRequest { Strategies = ["boulware", "conceder"], Seeds = 1 }, Set()).Result);
    }
}
