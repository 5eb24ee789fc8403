using Parley.Core.Domain;

namespace Parley.Core.Tests.Forecasting;

/// <summary>Builds small one- or many-issue scenarios in code for model tests.</summary>
internal static class ScenarioBuilder
{
    /// <summary>One issue on [min, max]; each actor given as (id, capability, position, salience).</summary>
    public static Scenario OneIssue(double min, double max, params (string Id, double C, double X, double S)[] actors) =>
        new()
        {
            Name = "test",
            Issues = [new Issue { Id = "x", Name = "x", Kind = IssueKind.Continuous, Min = min, Max = max }],
            Actors = actors.Select(a => new Actor
            {
                Id = a.Id,
                Name = a.Id,
                Capability = Quantity.Of(a.C),
                Stances = [new Stance { IssueId = "x", Position = Quantity.Of(a.X), Salience = Quantity.Of(a.S) }],
            }).ToArray(),
        };

    /// <summary>Bueno de Mesquita's 1994 emission-standards case (scale 4–10, salience in percent).</summary>
    public static Scenario Emissions()
    {
        string path = Path.Combine(TestPaths.Fixtures, "eum", "bdm1994-emissions.csv");
        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Select(f => (
            f[0],
            double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
            (double)(decimal.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) / 100m))).ToArray();
        return OneIssue(4, 10, rows);
    }
}
