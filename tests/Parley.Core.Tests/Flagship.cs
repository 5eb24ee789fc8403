using Parley.Core.Scenarios;

namespace Parley.Core.Tests;

/// <summary>The flagship scenario (<c>scenarios/ukraine-2025.yaml</c>), loaded with a variant (or several, <c>a+b</c>) that must apply.</summary>
internal static class Flagship
{
    /// <summary>The flagship's file.</summary>
    public static string File { get; } = Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml");

    /// <summary>The flagship with the variant applied (null: as written); fails the test when it does not load.</summary>
    public static Parley.Core.Domain.Scenario Load(string? variant = null)
    {
        LoadResult r = ScenarioLoader.LoadPath(File, variant);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        return r.Scenario!;
    }
}
