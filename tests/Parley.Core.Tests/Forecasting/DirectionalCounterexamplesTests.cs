using Parley.Core.Domain;
using Parley.Core.Forecasting;

namespace Parley.Core.Tests.Forecasting;

/// <summary>
/// The smallest inputs on which eum and smp move the wrong way (more capability or salience moves the forecast away from
/// the actor), kept as tests: both models keep Scholz's and KTAB's definitions, and these are what those definitions do.
/// A change that "fixes" one of them changes the model and must say so. Mechanisms: docs/models.md, "Directional properties".
/// </summary>
public class DirectionalCounterexamplesTests
{
    private static double Forecast(string model, params (string Id, double C, double X, double S)[] actors) =>
        ForecastModels.Default.All.Single(m => m.Name == model)
            .Run(ForecastInput.FromScenario(ScenarioBuilder.OneIssue(0, 100, actors)), ForecastOptions.Default, record: false).Forecast[0];

    [Fact]
    public void Eum_a_stronger_actor_can_capitulate_to_a_weaker_one()
    {
        // b (100 at 25) outweighs a (70 at 100): the forecast is b's position; at 201, b's own risk attitude changes and
        // it takes a's challenge as one it would lose: it capitulates, and the forecast goes to a's position
        Assert.Equal(25, Forecast("eum", ("a", 70, 100, 1), ("b", 100, 25, 0.6)), 6);
        Assert.Equal(100, Forecast("eum", ("a", 70, 100, 1), ("b", 201, 25, 0.6)), 6);
    }

    [Fact]
    public void Eum_a_keener_actor_can_capitulate()
    {
        Assert.Equal(100, Forecast("eum", ("a", 20, 0, 0.6), ("b", 90, 100, 0.2)), 6);
        Assert.Equal(0, Forecast("eum", ("a", 20, 0, 0.6), ("b", 90, 100, 0.5)), 6);
    }

    [Fact]
    public void Eum_an_actor_between_two_equal_offers_takes_the_first_listed()
    {
        // b at 50 is asked to capitulate to 0 (by a) and to 100 (by c): both move it 50, and ties go to the first offer
        // in the order the actors are listed; reversing the list reverses the outcome (the one order-dependence found)
        Assert.Equal(96.601, Forecast("eum", ("a", 90, 0, 0.9), ("b", 100, 50, 0.4), ("c", 100, 100, 0.9)), 3);
        Assert.Equal(0, Forecast("eum", ("c", 100, 100, 0.9), ("b", 100, 50, 0.4), ("a", 90, 0, 0.9)), 3);
    }

    [Fact]
    public void Smp_a_stronger_actor_can_end_further_from_its_position()
    {
        Assert.Equal(62.97, Forecast("smp", ("a", 10, 100, 0.3), ("b", 100, 25, 0.1)), 2);
        Assert.Equal(42.966, Forecast("smp", ("a", 21, 100, 0.3), ("b", 100, 25, 0.1)), 2);
    }

    [Fact]
    public void Smp_a_keener_actor_can_end_further_from_its_position()
    {
        Assert.Equal(74.82, Forecast("smp", ("a", 80, 0, 0.2), ("b", 80, 75, 0.9)), 2);
        Assert.Equal(37.5, Forecast("smp", ("a", 80, 0, 0.2), ("b", 80, 75, 1)), 2);
    }
}
