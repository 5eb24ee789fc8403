using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Samples are tests: every file in scenarios/ loads cleanly, with every variant, and round-trips.</summary>
public class ShippedScenarioTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(TestPaths.Scenarios, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.Scenarios, f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Shipped_scenario_is_valid_without_warnings_and_round_trips(string file)
    {
        LoadResult r = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, file));
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Empty(r.Diagnostics);
        foreach (Variant v in r.Scenario!.Variants)
        {
            LoadResult rv = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, file), v.Id);
            Assert.True(rv.Succeeded, v.Id + ": " + string.Join("\n", rv.Diagnostics));
            Assert.NotEmpty(ScenarioFacts.Compare(r.Scenario, rv.Scenario!));
        }

        ImportRoundTripTests.AssertRoundTrip(r.Scenario);
    }

    [Fact]
    public void Flagship_has_the_briefing_parties_issues_and_variants()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;
        Assert.Equal(["us", "russia", "ukraine", "uk", "eu", "frontline", "china"], s.Actors.Select(a => a.Id));
        Assert.Equal(["territory", "alignment", "force", "military", "sanctions", "ceasefire", "stake"], s.Issues.Select(i => i.Id));
        Assert.Equal("us", s.Channels.Mediator);
        Assert.False(s.Channels.Connects("russia", "ukraine"));
        Assert.Superset(new HashSet<string> { "aid-cut", "sanctions-tightened", "tomahawks", "restraint" }, s.Variants.Select(v => v.Id).ToHashSet());
        Actor russia = s.FindActor("russia")!;
        Assert.Equal(new Interval(75, 100), russia.StanceOn("territory")!.Position.Range);
        Assert.Equal(67, russia.StanceOn("alignment")!.RedLine!.Limit!.Value);
        Assert.Equal(RedLineBound.AtMost, s.FindActor("ukraine")!.StanceOn("military")!.RedLine!.Bound);
        Assert.Equal(0.6, s.Dynamics!.PrevailProbability.Value);
        foreach (Actor a in s.Actors)
        {
            Assert.True(a.Capability.Provenance.IsDocumented);
            foreach (Stance st in a.Stances)
            {
                Assert.True(st.Position.Provenance.IsEstimate && st.Position.Provenance.Sources.Count > 0);
                Assert.NotNull(st.Salience.Range);
            }
        }

        Scenario aidCut = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), "aid-cut").Scenario!;
        Assert.Equal(0.01, aidCut.Dynamics!.Trend.Value, 12);
        Assert.Equal(0.025, aidCut.Dynamics.Costs["ukraine"].Value, 12);
    }
}
