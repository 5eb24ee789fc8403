namespace Parley.Core.Tests.Analyses;

/// <summary>The library example in examples/library runs, and says what the docs say it says.</summary>
public sealed class LibraryExampleTests
{
    [Fact]
    public void The_library_example_runs_the_main_job_and_a_stored_request()
    {
        string printed = Parley.Examples.LibraryExample.Run(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"));
        Assert.Contains("zone of agreement: 0 packages; blocked by: russia's red line on territory, ukraine's red line on territory", printed, StringComparison.Ordinal);
        Assert.Matches(@"variant freeze-on-the-line: [1-9]\d* packages; Nash: territory \d+", printed);
        Assert.Contains("smp territory:", printed, StringComparison.Ordinal);
        Assert.Contains("expected deal: none", printed, StringComparison.Ordinal);
        Assert.Contains("holds 5 years: donbas-withdrawal ", printed, StringComparison.Ordinal);
        Assert.Contains("{\"analysis\":\"forecast\",\"variant\":\"aid-cut\",\"model\":\"eum\",\"draws\":50", printed, StringComparison.Ordinal);
        Assert.Contains("-> ForecastOutcome", printed, StringComparison.Ordinal);
    }
}
