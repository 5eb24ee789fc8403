using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

public class ScenarioLoaderTests
{
    [Fact]
    public void Valid_scenario_loads_with_every_field()
    {
        LoadResult r = Yamls.Load(Yamls.Valid);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Empty(r.Diagnostics);
        Scenario s = r.Scenario!;
        Assert.Equal(2, s.Issues.Count);
        Assert.Equal(IssueKind.Discrete, s.Issues[1].Kind);
        Assert.Equal(["none", "partial", "full"], s.Issues[1].Options);
        Assert.Equal(new Anchor(100, "all"), s.Issues[0].Anchors[1]);
        Actor a = s.Actors[0];
        Assert.Equal(50, a.Capability.Value);
        Assert.Equal(new Interval(40, 60), a.Capability.Range);
        Assert.Equal(["S"], a.Capability.Provenance.Sources);
        Assert.Equal(Visibility.Private, a.Patience!.Visibility);
        Assert.Equal(Visibility.Public, a.Capability.Visibility);
        Stance land = a.StanceOn("land")!;
        Assert.Equal(80, land.Position.Value);
        Assert.Equal(RedLineBound.AtLeast, land.RedLine!.Bound);
        Assert.Equal(50, land.RedLine.Limit!.Value);
        Assert.Equal(Visibility.Private, land.RedLine.Limit.Visibility);
        Assert.Equal(2, a.StanceOn("pact")!.Position.Value);
        Stance bPact = s.Actors[1].StanceOn("pact")!;
        Assert.Equal(1, bPact.RedLine!.Limit!.Value);
        Assert.True(bPact.RedLine.Accepts(0));
        Assert.False(bPact.RedLine.Accepts(2));
        Assert.Equal(0.1, s.Actors[1].StanceOn("land")!.Salience.StandardDeviation);
        Assert.True(s.Actors[1].Capability.Provenance.IsEstimate);
        Assert.True(s.Channels.Connects("b", "a"));
        Assert.Equal(("a", "b"), s.Dynamics!.Belligerents);
        Assert.Equal(0.02, s.Dynamics.Costs["b"].Value);
        Assert.Equal(Visibility.Private, s.Dynamics.Costs["b"].Visibility);
    }

    [Fact]
    public void Models_block_sets_forecasting_parameters_and_round_trips()
    {
        LoadResult r = Yamls.Load(Yamls.Valid);
        Assert.True(r.Succeeded);
        Assert.Equal("0.5", r.Scenario!.ModelParameters["eum.q"]);
        Assert.Equal("20", r.Scenario.ModelParameters["eum.rounds"]);
        Assert.Equal("binary", r.Scenario.ModelParameters["smp.voting"]);
        ImportRoundTripTests.AssertRoundTrip(r.Scenario);
    }

    [Fact]
    public void Actor_strategy_is_validated_and_round_trips()
    {
        LoadResult ok = Yamls.Load(Yamls.ValidWith("    name: B\n", "    name: B\n    strategy: boulware\n"));
        Assert.True(ok.Succeeded, string.Join("\n", ok.Diagnostics));
        Assert.Equal("boulware", ok.Scenario!.FindActor("b")!.Strategy);
        ImportRoundTripTests.AssertRoundTrip(ok.Scenario);

        LoadResult bad = Yamls.Load(Yamls.ValidWith("    name: B\n", "    name: B\n    strategy: boulwar\n"));
        Diagnostic d = Assert.Single(bad.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.BadEnum, d.Code);
        Assert.Equal((27, 15), (d.Line, d.Column));
        Assert.Contains("did you mean 'boulware'", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_with_an_uncertain_parameter_loads_validates_and_round_trips()
    {
        LoadResult ok = Yamls.Load(Yamls.ValidWith("    name: B\n", "    name: B\n    strategy: {name: boulware, concession: {value: 0.3, range: [0.1, 0.5]}}\n"));
        Assert.True(ok.Succeeded, string.Join("\n", ok.Diagnostics));
        Actor b = ok.Scenario!.FindActor("b")!;
        Assert.Equal("boulware", b.Strategy);
        Assert.Equal(0.3, b.StrategyParameter!.Value);
        Assert.Equal(new Interval(0.1, 0.5), b.StrategyParameter.Range);
        ImportRoundTripTests.AssertRoundTrip(ok.Scenario);

        LoadResult badKey = Yamls.Load(Yamls.ValidWith("    name: B\n", "    name: B\n    strategy: {name: boulware, concesion: 0.3}\n"));
        Assert.Contains(badKey.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKey && d.Hint!.Contains("concession", StringComparison.Ordinal));
        LoadResult badValue = Yamls.Load(Yamls.ValidWith("    name: B\n", "    name: B\n    strategy: {name: boulware, concession: -1}\n"));
        Assert.Contains(badValue.Diagnostics, d => d.Code == DiagnosticCodes.OutOfRange);
    }

    [Fact]
    public void Agreement_terms_load_round_trip_and_map_to_the_empirical_covariates()
    {
        string yaml = Yamls.Valid + "\nagreement:\n  type: full\n  ceasefire: true\n  peacekeepers: true\n  estimate: true\n  guarantees: {a: 0.1, b: {value: 0.2, range: [0.1, 0.3]}}\n";
        LoadResult r = Yamls.Load(yaml);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        AgreementTerms t = r.Scenario!.Agreement!;
        Assert.Equal(AgreementType.Full, t.Type);
        Assert.True(t.Ceasefire && t.Peacekeepers && !t.Withdrawal);
        Assert.Equal(0.2, t.Guarantees["b"].Value);
        Assert.Equal([1.0, 0, 1, 1, 0, 0, 0, 0, 0], Parley.Core.Durability.PeaceAgreements.Covariates(t));
        ImportRoundTripTests.AssertRoundTrip(r.Scenario);
        Assert.Equal(t.Guarantees["b"], ScenarioLoader.LoadYaml(ScenarioWriter.Write(r.Scenario), "again.yaml").Scenario!.Agreement!.Guarantees["b"]);

        LoadResult bad = Yamls.Load(Yamls.Valid + "\nagreement:\n  type: total\n  guarantees: {z: 0.1}\n");
        Assert.Contains(bad.Diagnostics, d => d.Code == DiagnosticCodes.BadEnum);
        Assert.Contains(bad.Diagnostics, d => d.Code == DiagnosticCodes.UndefinedReference);
    }

    [Fact]
    public void Strategy_names_in_the_scenario_format_are_exactly_the_registry()
    {
        foreach (string name in Parley.Core.Domain.NegotiationCatalog.StrategyNames)
        {
            Assert.Equal(name, Parley.Core.Negotiation.StrategyRegistry.Create(name).Name);
        }
    }

    [Fact]
    public void Variant_shifts_value_and_sets_option()
    {
        LoadResult r = Yamls.Load(Yamls.Valid, "stronger-b");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Scenario s = r.Scenario!;
        Assert.Equal("stronger-b", s.AppliedVariant);
        Assert.Equal(40, s.Actors[1].Capability.Value);
        Assert.Equal(-0.01, s.Dynamics!.Trend.Value);
        Assert.Equal(1, s.Actors[0].StanceOn("pact")!.Position.Value);
        IReadOnlyList<FactChange> changes = ScenarioFacts.Compare(Yamls.Load(Yamls.Valid).Scenario!, s);
        Assert.Equal(3, changes.Count);
        Assert.Contains(changes, c => c.Path == "actors.b.capability" && c.Before == "30" && c.After == "40");
    }

    [Fact]
    public void Variant_shift_moves_range_with_value()
    {
        string yaml = Yamls.ValidWith("      actors.b.capability: 10", "      actors.a.capability: 5");
        Scenario s = Yamls.Load(yaml, "stronger-b").Scenario!;
        Assert.Equal(55, s.Actors[0].Capability.Value);
        Assert.Equal(new Interval(45, 65), s.Actors[0].Capability.Range);
    }

    [Fact]
    public void Unknown_variant_is_reported_with_suggestion()
    {
        LoadResult r = Yamls.Load(Yamls.Valid, "stronger-c");
        Diagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownVariant, d.Code);
        Assert.Contains("stronger-b", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Inherited_source_and_estimate_reach_nested_numbers()
    {
        Scenario s = Yamls.Load(Yamls.Valid).Scenario!;
        Assert.Equal(["S"], s.Actors[0].StanceOn("land")!.Salience.Provenance.Sources);
        Assert.True(s.Actors[1].StanceOn("land")!.Salience.Provenance.IsEstimate);
        Assert.True(s.Dynamics!.Costs["a"].Provenance.IsEstimate);
    }
}
