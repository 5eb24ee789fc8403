using Parley.Core.Domain;
using Parley.Core.Durability;

namespace Parley.Core.Tests.Durability;

public sealed class ConflictHistoryTests
{
    [Theory]
    [InlineData("7/21/46", 1946, 7, 21)]
    [InlineData("12/31/99", 1999, 12, 31)]
    [InlineData("2/24/22", 2022, 2, 24)]
    [InlineData("1/1/45", 2045, 1, 1)]
    public void Two_digit_years_from_46_are_the_1900s_and_below_the_2000s(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ConflictHistory.ParseDate(text));

    [Theory]
    [InlineData("")]
    [InlineData("2/30/99")]
    [InlineData("1999-01-01")]
    public void A_blank_or_malformed_date_is_no_date(string text) => Assert.Null(ConflictHistory.ParseDate(text));

    private const string Termination = """
        conflict_id,dyad_id,dyadepisode,ependdate,outcome,year,type_of_conflict,start_date
        7,70,1,,,1990,3,1/15/90
        7,70,1,6/30/91,1,1991,3,1/15/90
        7,71,1,3/1/93,2,1993,4,1/15/90
        7,70,2,,,1995,4,1/15/90
        7,70,2,5/5/96,5,1996,4,1/15/90
        8,80,1,,,1994,2,1/1/94
        """;

    [Fact]
    public void The_history_counts_only_what_ended_before_signing()
    {
        TerminationData data = ConflictHistory.ParseTermination(Termination.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Equal(new DateOnly(1990, 1, 15), data.Starts["7"]);
        Assert.Equal(4, data.Episodes.Count);
        PeaceAgreement first = new("1", "first", "7", new DateOnly(1993, 6, 1), 1, false, [0], Region: 1);
        PeaceAgreement second = new("2", "second", "7", new DateOnly(1997, 1, 1), 1, false, [0], Region: 4);
        PeaceAgreement both = new("3", "two conflicts", "8, 7", new DateOnly(1995, 1, 1), 1, false, [0], Region: 0);
        IReadOnlyList<PeaceAgreement> joined = ConflictHistory.Join([first, second, both], data);

        double[] h = joined[0].History!;
        Assert.Equal(Math.Log(1 + ((new DateOnly(1993, 6, 1).DayNumber - new DateOnly(1990, 1, 15).DayNumber) / 365.25)), h[0], 12);
        Assert.Equal(Math.Log(3), h[1], 12);   // two episodes ended before June 1993 (one by agreement, one by ceasefire)
        Assert.Equal(Math.Log(2), h[2], 12);
        Assert.Equal(Math.Log(2), h[3], 12);
        Assert.Equal(1, h[4]);                 // internationalised in 1993
        Assert.Equal(0, h[5]);
        Assert.Equal(0, h[6]);                 // no earlier agreement
        Assert.Equal([0, 0, 0, 0], h[7..]);    // Europe

        double[] later = joined[1].History!;
        Assert.Equal(Math.Log(4), later[1], 12);   // the second episode of dyad 70 ended in 1996
        Assert.Equal(Math.Log(3), later[6], 12);   // both earlier agreements share conflict 7
        Assert.Equal([0, 0, 1, 0], later[7..]);    // Africa

        double[] two = joined[2].History!;
        Assert.Equal(1, two[5]);                   // conflict 8 is interstate
        Assert.True(double.IsNaN(two[7]));         // no region given
    }

    [Fact]
    public void A_scenario_states_what_it_knows_and_the_rest_is_unknown()
    {
        var facts = new ConflictFacts { Started = "2014", Interstate = true, EarlierAgreements = 2, Region = "europe" };
        double[] h = ConflictHistory.Of(facts, "2025-01-01");
        Assert.Equal(Math.Log(1 + ((new DateOnly(2025, 1, 1).DayNumber - new DateOnly(2014, 1, 1).DayNumber) / 365.25)), h[0], 12);
        Assert.Equal(1, h[5]);
        Assert.Equal(Math.Log(3), h[6], 12);
        Assert.Equal(["previous_episodes", "previous_agreement_endings", "previous_ceasefire_endings", "internationalised"], ConflictHistory.Unknown(h));
        Assert.Equal(ConflictHistory.Names.Count - 3, ConflictHistory.Unknown(ConflictHistory.Of(null, null)).Count);
    }

    [Fact]
    public void An_unknown_covariate_is_scored_at_the_training_mean()
    {
        IReadOnlyList<PeaceAgreement> all = PeaceAgreements.Shipped();
        RidgeCoxModel model = RidgeCoxModel.FitOn(all, 1);
        double[] x = all[0].WithHistory();
        double[] unknown = (double[])x.Clone();
        double[] mean = (double[])x.Clone();
        unknown[9] = double.NaN;
        mean[9] = model.Means[9];
        Assert.Equal(model.LinearPredictor(mean), model.LinearPredictor(unknown), 12);
    }

    [Fact]
    public void Every_shipped_agreement_has_its_history_and_most_are_joined()
    {
        IReadOnlyList<PeaceAgreement> all = PeaceAgreements.Shipped();
        Assert.All(all, a => Assert.Equal(ConflictHistory.Names.Count, a.History!.Length));
        Assert.True(all.Count(a => a.History!.Any(double.IsNaN)) <= 5);
    }

    [Fact]
    public void The_flagship_states_its_conflict_and_the_durability_note_names_what_it_leaves_out()
    {
        var s = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        ConflictFacts f = s.Agreement!.Conflict!;
        Assert.Equal(("2014", true, true, 2, "europe"), (f.Started, f.Interstate, f.Internationalised, f.EarlierAgreements, f.Region));
        Assert.Equal(["previous_episodes", "previous_agreement_endings", "previous_ceasefire_endings"], ConflictHistory.Unknown(ConflictHistory.Of(f, s.AsOf)));
    }

    [Theory]
    [InlineData("started: 2031-01-01", "after the scenario's date")]
    [InlineData("previous_episodes: 1, previous_agreement_endings: 3", "only 1 earlier episodes ended")]
    [InlineData("region: mars", "expected one of europe")]
    [InlineData("previous_episodes: -1", "a whole number from 0 to 1000")]
    public void An_impossible_conflict_history_is_refused_with_its_position(string fields, string message)
    {
        string yaml = """
            parley: 1
            scenario: {name: t, as_of: 2025-10-31}
            issues: [{id: x, name: X, scale: {min: 0, max: 100}}]
            actors:
              - {id: a, name: A, estimate: true, capability: 1, stances: {x: {position: 10, salience: 1}}}
              - {id: b, name: B, estimate: true, capability: 1, stances: {x: {position: 90, salience: 1}}}
            agreement:
              estimate: true
              conflict: { FIELDS }
            """.Replace("FIELDS", fields, StringComparison.Ordinal);
        var r = Parley.Core.Scenarios.ScenarioLoader.LoadBytes(System.Text.Encoding.UTF8.GetBytes(yaml), "t.yaml", null);
        Parley.Core.Scenarios.Diagnostic d = Assert.Single(r.Diagnostics, d => d.Severity == Parley.Core.Scenarios.Severity.Error);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Equal(9, d.Line);   // the conflict line
    }
}
