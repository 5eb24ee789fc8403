using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests;

/// <summary>
/// The small scenario the tests of talks over time start from (<c>tests/fixtures/timing/wide-zone-costly-war.yaml</c>: two
/// belligerents, north and south, far apart on a border, a broker as mediator, a wide zone and a costly war), with a way
/// to load it changed and to check that a change is refused where it was written.
/// </summary>
internal static class WideZone
{
    /// <summary>The fixture's text.</summary>
    public static string Text { get; } = File.ReadAllText(Path.Combine(TestPaths.Fixtures, "timing", "wide-zone-costly-war.yaml"));

    /// <summary>Loads a scenario text that must be valid.</summary>
    public static Scenario Load(string text)
    {
        LoadResult r = ScenarioLoader.LoadYaml(text, "wide-zone.yaml");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        return r.Scenario!;
    }

    /// <summary>Checks that a scenario text is refused with one error, containing the message, after the given line, with a hint.</summary>
    public static Diagnostic Refused(string text, string message, int after)
    {
        LoadResult r = ScenarioLoader.LoadYaml(text, "bad.yaml");
        Assert.False(r.Succeeded);
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.True(d.Line > after && !string.IsNullOrEmpty(d.Hint), d.ToString());
        return d;
    }
}
