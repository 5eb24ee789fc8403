using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Core.Bargaining;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Bargaining;

/// <summary>
/// On every Genius domain of the shared reference folder, the number of distinct Pareto-optimal utility
/// vectors and the Nash, Kalai–Smorodinsky and maximum-welfare utilities equal reference-values.txt to
/// four decimals (Genius semantics: raw weights, evaluations over the issue's best evaluation).
/// </summary>
public partial class GeniusConformanceTests
{
    public static TheoryData<string> Domains => new() { "ez", "itex", "laptop", "party", "tri" };

    [ReferenceTheory]
    [MemberData(nameof(Domains))]
    public void Frontier_and_solutions_match_the_reference_values(string domain)
    {
        string dir = Path.Combine(TestPaths.ReferenceDir!, "genius");
        Reference want = Parse(File.ReadAllText(Path.Combine(dir, "reference-values.txt")), domain);
        LoadResult load = ScenarioLoader.LoadPath(Path.Combine(dir, domain));
        Assert.True(load.Succeeded, string.Join('\n', load.Diagnostics));
        var errors = new List<string>();
        DealSpace space = DealSpace.Build(load.Scenario!, DealSettings.From(load.Scenario!.ModelParameters, errors));
        int[] group = [.. Enumerable.Range(0, space.Actors.Count)];

        // the reference lists profiles in its own order; match ours by actor order of the reference
        int[] order = [.. want.Profiles.Select(p => Array.FindIndex(space.Actors.ToArray(), a => p.StartsWith(a.Name, StringComparison.Ordinal) || p.StartsWith(a.Id, StringComparison.Ordinal)))];
        Assert.DoesNotContain(-1, order);
        DealReport r = DealAnalysis.Run(space, [.. order]);
        Assert.Equal(want.Outcomes, (int)r.PackageCount);
        Assert.Equal(want.ParetoSize, r.Frontier!.Count);
        AssertUtilities(want.Nash, r.Find("nash")!, order);
        AssertUtilities(want.Ks, r.Find("kalai-smorodinsky")!, order);
        AssertUtilities(want.MaxW, r.Find("utilitarian")!, order);
    }

    private static void AssertUtilities(double[] expected, Solution s, int[] order)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], Math.Round(s.Utilities[order[k]], 4), 4);
        }
    }

    private sealed record Reference(int Outcomes, string[] Profiles, int ParetoSize, double[] Nash, double[] Ks, double[] MaxW);

    private static Reference Parse(string text, string domain)
    {
        string block = text[text.IndexOf($"== {domain}:", StringComparison.Ordinal)..];
        int next = block.IndexOf("\n==", 3, StringComparison.Ordinal);
        block = next > 0 ? block[..next] : block;
        int outcomes = int.Parse(Outcomes().Match(block).Groups[1].Value, CultureInfo.InvariantCulture);
        string[] profiles = [.. Profile().Matches(block).Select(m => m.Groups[1].Value)];
        int pareto = int.Parse(Pareto().Match(block).Groups[1].Value, CultureInfo.InvariantCulture);
        return new Reference(outcomes, profiles, pareto, Utils(block, "nash"), Utils(block, "KS"), Utils(block, "maxW"));
    }

    private static double[] Utils(string block, string name) =>
        [.. Regex.Match(block, name + @"\s+utils=\(([^)]*)\)").Groups[1].Value.Split(',').Select(x => double.Parse(x.Trim(), CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"outcomes=(\d+)")]
    private static partial Regex Outcomes();

    [GeneratedRegex(@"profile (\S+?)\.xml")]
    private static partial Regex Profile();

    [GeneratedRegex(@"pareto size \(unique utility vectors\)=(\d+)")]
    private static partial Regex Pareto();
}
