using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

public class PackageFileTests
{
    private static readonly Parley.Core.Domain.Scenario Flagship =
        ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;

    [Fact]
    public void Numbers_anchor_labels_and_options_are_read()
    {
        var d = new List<Diagnostic>();
        Dictionary<string, double>? p = PackageFile.Read(Path.Combine(TestPaths.Root, "examples", "packages", "ukraine-2025-kremlin-terms.yaml"), Flagship, d);
        Assert.Empty(d);
        Assert.NotNull(p);
        Assert.Equal(75, p["territory"]);
        Assert.Equal(100, p["alignment"]);   // "neutral, no Western ties"
        Assert.Equal(100, p["force"]);       // "no foreign presence"
        Assert.Equal(Flagship.Issues.Count, p.Count);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_place()
    {
        const string Text = "territory: 150\nalignment: maybe\nforse: 0\nmilitary: 0\nsanctions: 50\nceasefire: 0\nstake: 50\n";
        var d = new List<Diagnostic>();
        Assert.Null(PackageFile.Parse(Text, "p.yaml", Flagship, d));
        Assert.Contains(d, x => x.Line == 1 && x.Message.Contains("territory", StringComparison.Ordinal) && x.Hint!.Contains("[0, 100]", StringComparison.Ordinal));
        Assert.Contains(d, x => x.Line == 2 && x.Hint!.Contains("no NATO, EU accession allowed", StringComparison.Ordinal));
        Assert.Contains(d, x => x.Line == 3 && x.Code == DiagnosticCodes.UnknownKey);
        Assert.Contains(d, x => x.Code == DiagnosticCodes.MissingField && x.Message.Contains("force", StringComparison.Ordinal));
    }
}
