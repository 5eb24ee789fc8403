using Parley.Core.Domain;
using Parley.Core.Experiments;

namespace Parley.Core.Tests.Experiments;

public class SensitivityTests
{
    [Fact]
    public void Swings_rank_the_inputs_that_move_the_outcome_first()
    {
        Scenario s = OneIssue.With(
            OneIssue.Actor("big", 10, new Quantity { Value = 60, Range = new Interval(20, 90) }),
            OneIssue.Actor("small", 1, new Quantity { Value = 40, Range = new Interval(39, 41) }),
            OneIssue.Actor("other", 5, Quantity.Of(50)));
        IReadOnlyList<Swing> swings = Sensitivity.Run(s);
        Assert.Equal(2, swings.Count); // only uncertain inputs are swung
        Assert.Equal("actors.big.stances.x.position", swings[0].Input);
        Assert.True(swings[0].ForecastSwing > swings[1].ForecastSwing);
        Assert.True(double.IsNaN(swings[0].DurabilityLow)); // no dynamics: no durability
        Assert.Equal((20.0, 90.0), (swings[0].Low, swings[0].High));
    }

    [Fact]
    public void The_balance_of_power_moves_the_durability_of_the_flagship_deal()
    {
        var s = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;
        Swing p = Sensitivity.Run(s, paths: 200).First(w => w.Input == "dynamics.p_prevail");

        // the Nash deal is struck at the central balance of power (p = 0.6); when the balance moves either way, the side it
        // moves towards gains from breaking the deal, so durability falls at both ends of p's range
        var space = Parley.Core.Bargaining.DealSpace.Build(s, Parley.Core.Experiments.ScenarioOptions.Deal(s));
        var nash = Parley.Core.Bargaining.TableDeal.Find(space)!;
        double central = Parley.Core.Durability.StrategicDurability.Run(space, nash.Levels, s.Agreement ?? new AgreementTerms(), 60, 200, 1).HoldingAt(60);
        Assert.True(p.DurabilityLow < central - 0.1 && p.DurabilityHigh < central - 0.1, $"p low {p.DurabilityLow}, central {central}, high {p.DurabilityHigh}");
    }
}

public class SwingLinkTests
{
    [Theory]
    [InlineData("actors.china.stances.military.salience", "stake", "joint")]
    [InlineData("actors.russia.stances.stake.position", "stake", "own")]
    [InlineData("actors.frontline.capability", "stake", "votes")]
    [InlineData("dynamics.p_prevail", "territory", "war")]
    [InlineData("dynamics.costs.russia", "territory", "war")]
    public void Each_input_names_the_link_it_travels_through(string input, string moved, string link)
    {
        SwingLink l = SwingLink.Of(input, moved);
        Assert.Equal(link, l.Code);
        Assert.False(string.IsNullOrWhiteSpace(l.Text));
    }

    [Fact]
    public void On_the_flagship_the_war_moves_only_durability_and_cross_issue_swings_are_joint()
    {
        var s = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"), TestPaths.WithZone).Scenario!;
        IReadOnlyList<Swing> rows = Sensitivity.Run(s, paths: 100);

        // the forecast ignores no-deal values: inputs of the war move no forecast, only the deal's durability
        Assert.All(rows.Where(r => r.Link.Code == "war"), r => Assert.Equal(0, r.ForecastSwing, 9));
        Assert.Contains(rows, r => r.Link.Code == "war" && r.DurabilitySwing > 0);

        // smp couples the issues: some of the largest swings come from an input on another issue
        Assert.Contains(rows.Take(10), r => r.Link.Code == "joint" && r.ForecastSwing > 10);
        Assert.All(rows.Where(r => r.Link.Code == "joint"), r => Assert.DoesNotContain($".stances.{r.ForecastIssue}.", r.Input, StringComparison.Ordinal));
    }
}

/// <summary>Two-way grids: each cell is the models run on the scenario with both inputs set, and a grid's edges agree with one-way swings.</summary>
public class TwoWayGridTests
{
    private static Scenario TwoActors() => OneIssue.With(
        OneIssue.Actor("a", 10, new Quantity { Value = 60, Range = new Interval(20, 90) }),
        OneIssue.Actor("b", 4, new Quantity { Value = 40, Range = new Interval(10, 50) }),
        OneIssue.Actor("c", 5, Quantity.Of(50)));

    [Fact]
    public void Each_cell_is_the_forecast_of_the_scenario_with_both_inputs_set()
    {
        Scenario s = TwoActors();
        TwoWayGrid g = Sensitivity.Grid(s, "actors.a.stances.x.position", "actors.b.stances.x.position", 3);
        Assert.Equal([20.0, 55.0, 90.0], g.Rows);
        Assert.Equal([10.0, 30.0, 50.0], g.Columns);
        Assert.Null(g.Holds); // no dynamics
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                Scenario set = s with
                {
                    Actors =
                    [
                        s.Actors[0] with { Stances = [s.Actors[0].Stances[0] with { Position = Quantity.Of(g.Rows[r]) }] },
                        s.Actors[1] with { Stances = [s.Actors[1].Stances[0] with { Position = Quantity.Of(g.Columns[c]) }] },
                        s.Actors[2],
                    ],
                };
                double direct = new Parley.Core.Forecasting.SpatialModel().Run(Parley.Core.Forecasting.ForecastInput.FromScenario(set), Parley.Core.Forecasting.ForecastOptions.Default, false).Forecast[0];
                Assert.Equal(direct, g.Forecasts[0].Values[r][c], 12);
            }
        }
    }

    [Fact]
    public void Swapping_the_two_inputs_transposes_the_grid()
    {
        // metamorphic: which input is the row is a matter of display. (No monotonicity is asserted: smp bargains, and here
        // moving the strongest actor from 20 to 55 with b at 10 moves the forecast from 37.8 down to 31.8.)
        Scenario s = TwoActors();
        TwoWayGrid ab = Sensitivity.Grid(s, "actors.a.stances.x.position", "actors.b.stances.x.position", 4);
        TwoWayGrid ba = Sensitivity.Grid(s, "actors.b.stances.x.position", "actors.a.stances.x.position", 4);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(ab.Forecasts[0].Values[r][c], ba.Forecasts[0].Values[c][r], 12);
            }
        }
    }

    [Fact]
    public void An_input_without_a_range_is_refused_with_the_inputs_that_have_one()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => Sensitivity.Grid(TwoActors(), "actors.c.stances.x.position", "actors.b.stances.x.position", 3));
        Assert.Contains("actors.a.stances.x.position", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Scenarios of one issue x on 0–100 whose actors care only about it (for the swings and the grids).</summary>
internal static class OneIssue
{
    public static Actor Actor(string id, double capability, Quantity position) => new()
    {
        Id = id,
        Name = id,
        Capability = Quantity.Of(capability),
        Stances = [new Stance { IssueId = "x", Position = position, Salience = Quantity.Of(1) }],
    };

    public static Scenario With(params Actor[] actors) => new()
    {
        Name = "one issue",
        Issues = [new Issue { Id = "x", Name = "x", Kind = IssueKind.Continuous, Min = 0, Max = 100 }],
        Actors = actors,
    };
}
