using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>The one rule for what a party may know: its own numbers, public numbers, and others' private numbers as priors.</summary>
public sealed class PartyViewTests
{
    private static Scenario Small(string russiaExtra = "", string ukraineExtra = "")
    {
        LoadResult r = ScenarioLoader.LoadYaml("""
        parley: 1
        scenario: {name: view test}
        issues:
          - {id: land, name: Land, scale: {min: 0, max: 100}}
          - {id: bloc, name: Bloc, scale: {min: 0, max: 100}}
        actors:
          - id: russia
            name: Russia
            capability: 80
            patience: 0.97
            credibility: {value: 0.2, range: [0.1, 0.4], note: "says the value: 0.2"}
            RUSSIA_EXTRA
            stances:
              land: {position: {value: 85, range: [75, 100]}, salience: {value: 0.8, visibility: private}, red_line: {at_least: 75}}
              bloc: {position: {value: 10, visibility: private}, salience: 0.9, red_line: {at_most: {value: 33, visibility: public}}}
          - id: ukraine
            name: Ukraine
            capability: 60
            patience: 0.93
            UKRAINE_EXTRA
            stances:
              land: {position: 20, salience: {value: 0.8, range: [0.7, 0.9], visibility: private}, red_line: {at_most: {value: 50, range: [40, 60]}}}
              bloc: {position: 100, salience: 0.6}
        dynamics:
          belligerents: [russia, ukraine]
          p_prevail: {value: 0.6, range: [0.45, 0.7]}
          trend: 0
          volatility: 0.02
          costs: {russia: 0.01, ukraine: {value: 0.015, range: [0.01, 0.02]}}
        """.Replace("RUSSIA_EXTRA", russiaExtra, StringComparison.Ordinal).Replace("UKRAINE_EXTRA", ukraineExtra, StringComparison.Ordinal), "view.yaml");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        return r.Scenario!;
    }

    [Fact]
    public void The_viewer_keeps_its_own_numbers_as_they_are()
    {
        Scenario s = Small();
        ScenarioView view = PartyView.Of(s, "ukraine");
        Assert.Same(s.FindActor("ukraine"), view.Scenario.FindActor("ukraine"));
        Assert.Equal(0.015, view.Scenario.Dynamics!.Costs["ukraine"].Value);
        Assert.DoesNotContain(view.Hidden, h => h.Owner == "ukraine");
    }

    [Fact]
    public void Another_partys_private_number_with_a_range_becomes_the_middle_of_the_range_without_its_note()
    {
        Actor russia = PartyView.Of(Small(), "ukraine").Scenario.FindActor("russia")!;
        Assert.Equal(0.25, russia.Credibility!.Value, 12);
        Assert.Equal(new Interval(0.1, 0.4), russia.Credibility.Range);
        Assert.Null(russia.Credibility.Provenance.Note);
    }

    [Fact]
    public void Another_partys_private_number_without_a_range_is_unknown()
    {
        ScenarioView view = PartyView.Of(Small(), "ukraine");
        Actor russia = view.Scenario.FindActor("russia")!;
        // optional numbers are left out: the models use what they use when a file states none
        Assert.Null(russia.Patience);
        Assert.Null(russia.StanceOn("land")!.RedLine);
        Assert.False(view.Scenario.Dynamics!.Costs.ContainsKey("russia"));
        // numbers the models need span their whole scale
        Assert.Equal(0.5, russia.StanceOn("land")!.Salience.Value);
        Assert.Equal(new Interval(0, 1), russia.StanceOn("land")!.Salience.Range);
        Assert.Equal(50, russia.StanceOn("bloc")!.Position.Value);
        Assert.Equal(new Interval(0, 100), russia.StanceOn("bloc")!.Position.Range);
        Assert.Contains(view.Hidden, h => h.Path == "actors.russia.patience" && h.Prior is null && h.Owner == "russia");
        Assert.Contains(view.Hidden, h => h.Path == "actors.russia.stances.land.red_line.at_least" && h.Prior is null);
        Assert.Contains(view.Hidden, h => h.Path == "actors.russia.credibility" && h.Prior == new Interval(0.1, 0.4));
    }

    [Fact]
    public void Public_numbers_are_seen_as_they_are()
    {
        Scenario s = Small();
        Actor seen = PartyView.Of(s, "ukraine").Scenario.FindActor("russia")!;
        Actor real = s.FindActor("russia")!;
        Assert.Same(real.StanceOn("land")!.Position, seen.StanceOn("land")!.Position);
        Assert.Same(real.StanceOn("bloc")!.RedLine!.Limit, seen.StanceOn("bloc")!.RedLine!.Limit);
        Assert.Same(real.Capability, seen.Capability);
        Assert.Same(s.Dynamics!.PrevailProbability, PartyView.Of(s, "ukraine").Scenario.Dynamics!.PrevailProbability);
    }

    [Fact]
    public void A_standard_deviation_says_where_the_value_is_so_it_counts_as_unknown()
    {
        Scenario s = Small(russiaExtra: "alternative: {value: 0.4, sd: 0.05}");
        Assert.Null(PartyView.Of(s, "ukraine").Scenario.FindActor("russia")!.Alternative);
        Assert.Equal(0.4, PartyView.Of(s, "russia").Scenario.FindActor("russia")!.Alternative!.Value);
    }

    [Fact]
    public void The_view_is_the_same_when_only_another_partys_private_values_change()
    {
        // Russia's private values move (inside their stated ranges where they have one); Ukraine's view must not move
        Scenario a = Small(russiaExtra: "alternative: 0.3");
        Scenario b = Small(russiaExtra: "alternative: 0.45").With(r => r with
        {
            Patience = Quantity.Of(0.5) with { Visibility = Visibility.Private },
            Credibility = r.Credibility! with { Value = 0.35, Provenance = new Provenance { Note = "another note" } },
        });
        Assert.Equal(Json(PartyView.Of(a, "ukraine")), Json(PartyView.Of(b, "ukraine")));
        // a public number is another matter
        Scenario c = a.With(r => r with { Capability = Quantity.Of(90) });
        Assert.NotEqual(Json(PartyView.Of(a, "ukraine")), Json(PartyView.Of(c, "ukraine")));
    }

    [Fact]
    public void A_variant_that_sets_a_public_number_keeps_it_public()
    {
        // freeze-on-the-line sets Russia's territorial red line (public in the file: stated in public) to 50
        Quantity limit = Flagship.Load("freeze-on-the-line").FindActor("russia")!.StanceOn("territory")!.RedLine!.Limit!;
        Assert.Equal(50, limit.Value);
        Assert.Equal(Visibility.Public, limit.Visibility);
        Assert.Equal(50, PartyView.Of(Flagship.Load("freeze-on-the-line"), "ukraine").Scenario.FindActor("russia")!.StanceOn("territory")!.RedLine!.Limit!.Value);
    }

    [Fact]
    public void Another_sides_private_force_data_is_hidden_too()
    {
        static Scenario Forces(string strength) => ScenarioLoader.LoadYaml("""
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
                gamma: 1
                forces:
                  a: {strength: {value: STRENGTH, visibility: private}, recruitment: 20, effectiveness: 0.02}
                  b: {strength: 900, recruitment: 0, effectiveness: 0.02}
            """.Replace("STRENGTH", strength, StringComparison.Ordinal), "forces.yaml").Scenario!;
        ScenarioView one = PartyView.Of(Forces("1000"), "b"), other = PartyView.Of(Forces("5000"), "b");
        // b cannot see a's strength: it guesses its own (public) number, whatever a's is
        Assert.Equal(900, one.Scenario.Dynamics!.Attrition!.A.Strength.Value);
        Assert.Equal(one.Scenario.Dynamics.Attrition.A.Strength, other.Scenario.Dynamics!.Attrition!.A.Strength);
        Assert.Contains(one.Hidden, h => h.Path == "dynamics.attrition.forces.a.strength" && h.Owner == "a");
        Assert.Equal(5000, PartyView.Of(Forces("5000"), "a").Scenario.Dynamics!.Attrition!.A.Strength.Value);
    }

    [Fact]
    public void An_unknown_viewer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PartyView.Of(Small(), "nobody"));
    }

    private static string Json(ScenarioView v) =>
        Parley.Core.Serialization.ParleyJson.Serialize(ScenarioJson.Document(v.Scenario)) + string.Join("\n", v.Hidden);
}

/// <summary>Changes one actor of a test scenario.</summary>
internal static class ScenarioEdits
{
    public static Scenario With(this Scenario s, Func<Actor, Actor> change, string actor = "russia") =>
        s with { Actors = [.. s.Actors.Select(a => a.Id == actor ? change(a) : a)] };
}
