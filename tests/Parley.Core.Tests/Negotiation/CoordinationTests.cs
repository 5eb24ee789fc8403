using Parley.Core.Domain;
using Parley.Core.Negotiation;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// Coordination on one side before the talks (issue 18, item 3): the members' positions move 1 − (1 − rate)^rounds of the
/// way toward their capability- and salience-weighted mean, never past their own red lines, and the format round-trips.
/// </summary>
public class CoordinationTests
{
    private static readonly string Base = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml"));

    private static LoadResult Load(string coordination) =>
        ScenarioLoader.LoadYaml(Base.Replace("  mediator: broker\n", "  mediator: broker\n" + coordination, StringComparison.Ordinal), "coordination.yaml");

    [Fact]
    public void Positions_move_toward_the_groups_weighted_mean_by_the_closed_form()
    {
        Scenario s = Load("  coordination: {parties: [south, broker], rate: 0.5, rounds: 2, estimate: true}\n").Scenario!;
        Scenario after = Coordination.Before(s);

        // border: south at 0 (capability 50, salience 1), broker at 50 (capability 20, salience 0.3)
        double mean = ((50 * 1 * 0) + (20 * 0.3 * 50)) / ((50 * 1) + (20 * 0.3)), share = 1 - Math.Pow(0.5, 2);
        Assert.Equal(0 + (share * (mean - 0)), after.FindActor("south")!.StanceOn("border")!.Position.Value, 12);
        Assert.Equal(50 + (share * (mean - 50)), after.FindActor("broker")!.StanceOn("border")!.Position.Value, 12);

        // the range moves with the position; the one outside the group keeps its own
        Interval r = after.FindActor("south")!.StanceOn("border")!.Position.Range!.Value;
        Assert.Equal((share * mean, 15 + (share * mean)), (r.Low, r.High));
        Assert.Equal(100, after.FindActor("north")!.StanceOn("border")!.Position.Value);

        // without coordination nothing moves
        Scenario plain = Load(string.Empty).Scenario!;
        Assert.Same(plain, Coordination.Before(plain));
    }

    [Fact]
    public void A_red_line_caps_the_move_and_the_format_round_trips()
    {
        string text = Base.Replace("      border: {position: {value: 0, range: [0, 15]}, salience: 1}", "      border: {position: {value: 0, range: [0, 15]}, salience: 1, red_line: {at_most: 3}}", StringComparison.Ordinal)
            .Replace("  mediator: broker\n", "  mediator: broker\n  coordination: {parties: [south, broker], rate: 1, estimate: true}\n", StringComparison.Ordinal);
        Scenario s = ScenarioLoader.LoadYaml(text, "capped.yaml").Scenario!;
        Assert.Equal(3, Coordination.Before(s).FindActor("south")!.StanceOn("border")!.Position.Value);

        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(s), "again.yaml").Scenario!;
        Assert.Equal(["south", "broker"], again.Channels.Coordination!.Parties);
        Assert.Equal((1.0, 1), (again.Channels.Coordination.Rate.Value, again.Channels.Coordination.Rounds));
    }

    [Theory]
    [InlineData("  coordination: {parties: [south], rate: 0.3}\n", "two or more parties")]
    [InlineData("  coordination: {parties: [south, brokr], rate: 0.3}\n", "did you mean 'broker'?")]
    [InlineData("  coordination: {parties: [south, broker], rate: 0.3, rounds: 0}\n", "not a whole number from 1 to 100")]
    public void A_wrong_coordination_is_refused_with_a_hint(string coordination, string says)
    {
        LoadResult r = Load(coordination);
        Assert.False(r.Succeeded);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Error && (d.Message + " " + d.Hint).Contains(says, StringComparison.Ordinal));
    }
}
