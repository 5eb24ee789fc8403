using Parley.Core.Analyses;

namespace Parley.Reporting.Tests;

/// <summary>The table of the flagship's claims in docs/claims.md is what docs/claims.sh writes: the experiment run now, rendered by the report's table.</summary>
public sealed class ClaimsTableTests
{
    [Fact]
    public void Docs_table_of_claims_is_the_one_the_script_writes()
    {
        string root = Root();
        ScenarioSet set = ScenarioSet.Load([Path.Combine(root, "scenarios", "ukraine-2025.yaml")]).Set!;
        AnalysisOutcome<ExperimentOutcome> run = ExperimentAnalysis.Run(new ExperimentRequest(), set);
        string expected = ClaimsTable.Markdown(run.Result!);

        string doc = File.ReadAllText(Path.Combine(root, "docs", "claims.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string Start = "<!-- claims-table:start -->\n", End = "<!-- claims-table:end -->";
        int a = doc.IndexOf(Start, StringComparison.Ordinal), b = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, "docs/claims.md has no claims-table markers");
        string actual = doc[(a + Start.Length)..b];
        Assert.True(expected == actual, "docs/claims.md's table differs from the experiment's: run docs/claims.sh\n--- expected\n" + expected + "--- in docs/claims.md\n" + actual);
        Assert.True(run.Result!.Claims.Count >= 6);
    }

    [Fact]
    public void Readme_rows_of_the_claims_table_are_rows_of_the_docs_table()
    {
        string root = Root();
        string doc = File.ReadAllText(Path.Combine(root, "docs", "claims.md"));
        string[] rows = [.. File.ReadAllLines(Path.Combine(root, "README.md")).Where(l => l.StartsWith("| **", StringComparison.Ordinal))];
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.True(doc.Contains(r + "\n", StringComparison.Ordinal), $"README row not in docs/claims.md: {r}"));
    }

    private static string Root()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Parley.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new DirectoryNotFoundException("Parley.sln not found above the test's folder");
    }
}
