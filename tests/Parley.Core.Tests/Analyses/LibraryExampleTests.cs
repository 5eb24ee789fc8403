namespace Parley.Core.Tests.Analyses;

/// <summary>The library example in examples/library runs, and says what the docs say it says.</summary>
public sealed class LibraryExampleTests
{
    [Fact]
    public void The_library_example_runs_the_main_job_and_a_stored_request()
    {
        string printed = Parley.Examples.LibraryExample.Run(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"));
        Assert.Contains("zone of agreement: 1087 packages; Nash: territory 50, alignment 67", printed, StringComparison.Ordinal);
        Assert.Contains("smp territory:", printed, StringComparison.Ordinal);
        Assert.Contains("holds 5 years: base ", printed, StringComparison.Ordinal);
        Assert.Contains("{\"analysis\":\"forecast\",\"variant\":\"aid-cut\",\"model\":\"eum\",\"draws\":50", printed, StringComparison.Ordinal);
        Assert.Contains("-> ForecastOutcome", printed, StringComparison.Ordinal);
    }
}
