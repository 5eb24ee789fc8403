using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Negotiation;

/// <summary>
/// The mediator's lever of pressure (issue 18, item 2): the format, the press itself in hub-and-spoke talks (a spoke that
/// holds out late has its cost of war raised, and the mediator pays), and its direction: pressing a party as well never
/// helps that party.
/// </summary>
public class MediatorPressureTests
{
    private static readonly Lazy<ScenarioSet> Flagship = new(() => ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!);

    private static readonly string Base = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml"));

    private static LoadResult Load(string pressure) => ScenarioLoader.LoadYaml(Base.Replace("  mediator: broker\n", "  mediator: broker\n" + pressure, StringComparison.Ordinal), "pressure.yaml");

    [Fact]
    public void The_lever_binds_and_round_trips()
    {
        LoadResult r = Load("  pressure: {on: [south], amount: 0.01, cost: 0.002, estimate: true}\n");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        MediatorPressure p = r.Scenario!.Channels.Pressure!;
        Assert.Equal(["south"], p.On);
        Assert.Equal((0.01, 0.002), (p.Amount.Value, p.Cost.Value));
        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(r.Scenario), "again.yaml").Scenario!;
        Assert.Equal(p.On, again.Channels.Pressure!.On);
        Assert.Equal((0.01, 0.002), (again.Channels.Pressure.Amount.Value, again.Channels.Pressure.Cost.Value));
    }

    [Theory]
    [InlineData("  pressure: {on: [broker], amount: 0.01, cost: 0.002}\n", "cannot press itself")]
    [InlineData("  pressure: {on: [sout], amount: 0.01, cost: 0.002}\n", "did you mean 'south'?")]
    [InlineData("  pressure: {on: [south], amount: 2, cost: 0.002}\n", "amount")]
    [InlineData("  pressure: {on: [south], cost: 0.002}\n", "has no 'amount'")]
    public void A_wrong_lever_is_refused_at_its_line(string pressure, string says)
    {
        LoadResult r = Load(pressure);
        Assert.False(r.Succeeded);
        Diagnostic d = r.Diagnostics.First(x => x.Severity == Severity.Error);
        Assert.True((d.Message + " " + d.Hint).Contains(says, StringComparison.Ordinal), d.ToString());
        Assert.Equal(Base.Split('\n').ToList().FindIndex(l => l.Contains("mediator: broker", StringComparison.Ordinal)) + 2, d.Line);
    }

    [Fact]
    public void A_spoke_that_holds_out_late_is_pressed_once_and_the_mediator_pays()
    {
        Scenario s = Flagship.Value.ClaimCase("corresponding-pressure", counter: false).Scenario!;
        SessionOutcome run = NegotiationAnalysis.RunOnce(new NegotiationRequest(), s, "ukraine-2025.yaml").Result!;
        TranscriptMessage press = Assert.Single(run.Transcript, m => m.Kind == "pressure");
        Assert.Equal(("us", "ukraine", 0.01), (press.From, press.To, press.Amount));

        // without the lever nobody is pressed
        SessionOutcome none = NegotiationAnalysis.RunOnce(new NegotiationRequest(), Flagship.Value.Get("freeze-on-the-line"), "ukraine-2025.yaml").Result!;
        Assert.DoesNotContain(none.Transcript, m => m.Kind == "pressure");
    }

    [Fact]
    public void Pressing_russia_as_well_never_helps_russia()
    {
        ClaimResult r = Assert.Single(ExperimentAnalysis.Run(new ExperimentRequest { Claim = "corresponding-pressure", Draws = 300, Robustness = false }, Flagship.Value).Result!.Claims);
        Assert.Equal(ExperimentAnalysis.Supported, r.Verdict);
        Assert.True(r.Effect.Interval[0] > 0, $"{r.Effect.Median}");
    }
}
