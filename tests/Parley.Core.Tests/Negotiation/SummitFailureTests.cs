using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// The cost of a failed summit (issue 18, item 2): a summit held before the working-level tracks that ends with its text
/// refused raises every party's cost of war from then on (channels: summit_failure); without that number, or with the
/// tracks first, nothing of the kind happens.
/// </summary>
public class SummitFailureTests
{
    private static Scenario Flagship(string? summitFailure)
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"));
        if (summitFailure is not null)
        {
            text = text.Replace("  mediator: us\n", $"  mediator: us\n  summit_failure: {summitFailure}\n", StringComparison.Ordinal);
        }

        LoadResult r = ScenarioLoader.LoadYaml(text, "ukraine-2025.yaml", TestPaths.WithZone);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        return r.Scenario!;
    }

    private static SessionOutcome Run(Scenario s, string protocol) =>
        NegotiationAnalysis.RunOnce(new NegotiationRequest { Protocol = protocol }, s, "ukraine-2025.yaml").Result!;

    [Fact]
    public void A_summit_held_first_that_fails_makes_the_war_dearer_for_everyone_at_the_table()
    {
        SessionOutcome r = Run(Flagship("{value: 0.01, estimate: true}"), "sequenced-summit-first");
        FiredEvent failed = Assert.Single(r.Events!, e => e.Id == "summit-failed");
        foreach (string party in (string[])["us", "russia", "ukraine"])
        {
            Assert.Contains($"cost of war of {party}", failed.Effect, StringComparison.Ordinal);
        }

        Assert.Contains(r.Transcript, m => m.Kind == "event" && m.From == "summit-failed");
    }

    [Fact]
    public void Without_the_cost_or_with_the_tracks_first_no_summit_failure_is_recorded()
    {
        Assert.DoesNotContain(Run(Flagship(null), "sequenced-summit-first").Events ?? [], e => e.Id == "summit-failed");
        Assert.DoesNotContain(Run(Flagship("0.01"), "sequenced").Events ?? [], e => e.Id == "summit-failed");
        Assert.Equal(0.01, Flagship("0.01").Channels.SummitFailure!.Value);
    }
}
