using System.Text;
using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

public sealed class BacktestAnalysisTests
{
    // two actors with equal weight at 20 and 80, one with a range: the compromise (weighted mean) is 50 on the central inputs
    private const string Scenario = """
        parley: 1
        scenario: {name: two sides, as_of: 2020-01-15, time_step: month}
        sources:
          - {id: S, title: A report, date: 2020-01}
        issues:
          - {id: x, name: X, scale: {min: 0, max: 100}}
          - {id: y, name: Y, options: [low, middle, high], ordered: true}
        actors:
          - id: a
            name: A
            source: S
            capability: 50
            stances:
              x: {position: {value: 20, range: [10, 30]}, salience: 1}
              y: {position: low, salience: 0.5}
          - id: b
            name: B
            source: S
            capability: 50
            stances:
              x: {position: {value: 80, range: [70, 90]}, salience: 1}
              y: {position: high, salience: 0.5}
        """;

    private static ScenarioInput In(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));

    private static string Outcome(string decided, string issues, string extra = "") =>
        $"parley_outcome: 1\nscenario: two.yaml\ndecided: {decided}\nsource: {{title: What happened, date: {decided}}}\n{extra}issues:\n{issues}";

    private static BacktestLoad Load(params ScenarioInput[] outcomes) => BacktestCases.FromInputs([.. outcomes, In("cases/two.yaml", Scenario)]);

    [Fact]
    public void Errors_are_the_distance_between_the_median_and_the_outcome_rescaled_to_the_scale()
    {
        BacktestLoad load = Load(In("cases/two.outcome.yaml", Outcome("2021-06-01", "  x: {value: 62, note: a reading}\n  y: high\n")));
        Assert.True(load.Succeeded, string.Join('\n', load.Diagnostics));
        BacktestOutcome r = BacktestAnalysis.Run(new BacktestRequest { Draws = 400 }, load.Cases).Result!;
        CaseScore c = Assert.Single(r.Cases);
        Assert.False(c.InSample);
        IssueScore x = c.Issues.Single(i => i.Issue == "x");
        ModelIssueScore compromise = x.Forecasts.Single(f => f.Model == "compromise");
        // the weighted mean of two triangular draws on [10, 30] and [70, 90] with modes 20 and 80: symmetric about 50
        Assert.InRange(compromise.Median, 49, 51);
        Assert.Equal(Math.Abs(compromise.Median - 62), compromise.Error, 9);
        Assert.Equal(compromise.Error, compromise.ScaledError, 9);
        Assert.Empty(compromise.Inside);   // 62 lies outside even the 90% interval of a mean of two narrow draws

        // a discrete outcome: the distance in options over their span (2 steps from low to high)
        IssueScore y = c.Issues.Single(i => i.Issue == "y");
        Assert.Equal(2, y.Outcome);
        Assert.Equal(2, y.Span);
        foreach (ModelIssueScore f in y.Forecasts)
        {
            Assert.Equal(100 * Math.Abs(f.Median - 2) / 2, f.ScaledError, 9);
        }

        SampleScore s = r.Models.Single(m => m.Model == "compromise").OutOfSample!;
        Assert.Equal(2, s.N);
        Assert.Equal(1, s.Cases);
        Assert.Equal((compromise.ScaledError + y.Forecasts.Single(f => f.Model == "compromise").ScaledError) / 2, s.MeanAbsoluteError, 9);
        Assert.Null(s.ErrorInterval);   // one case: nothing to resample
        Assert.Null(r.Models[0].InSample);
    }

    [Fact]
    public void An_outcome_inside_the_draws_is_covered_by_every_interval()
    {
        BacktestLoad load = Load(In("cases/two.outcome.yaml", Outcome("2021-06-01", "  x: 50\n")));
        BacktestOutcome r = BacktestAnalysis.Run(new BacktestRequest { Draws = 400 }, load.Cases).Result!;
        ModelIssueScore compromise = r.Cases[0].Issues[0].Forecasts.Single(f => f.Model == "compromise");
        Assert.Equal([50, 80, 90], compromise.Inside);
        Assert.Equal(1, r.Models.Single(m => m.Model == "compromise").OutOfSample!.Coverage80);
        Assert.Equal(1, r.SkippedIssues);   // y has no outcome here
        Assert.Equal("no known outcome", r.Cases[0].Skipped["y"]);
    }

    [Theory]
    [InlineData("2020-01-10", true, "as of 2020-01-15, on or after")]   // decided before the scenario's as_of
    [InlineData("2020-01-20", true, "cites S, dated 2020-01")]          // the source's month may run past the decision
    [InlineData("2020-02-01", false, "only sources dated before")]
    public void A_case_is_in_sample_when_its_scenario_may_know_the_outcome(string decided, bool inSample, string reason)
    {
        BacktestLoad load = Load(In("cases/two.outcome.yaml", Outcome(decided, "  x: 50\n")));
        BacktestCase c = Assert.Single(load.Cases);
        Assert.Equal(inSample, c.InSample);
        Assert.Contains(reason, c.SampleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_outcome_file_can_declare_a_case_in_sample()
    {
        BacktestCase c = Assert.Single(Load(In("cases/two.outcome.yaml", Outcome("2022-01-01", "  x: 50\n", "in_sample: true\n"))).Cases);
        Assert.True(c.InSample);
        Assert.Contains("outcome file says", c.SampleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_outcome_file_is_reported_with_its_position_and_a_hint()
    {
        BacktestLoad load = Load(In("cases/two.outcome.yaml", Outcome("2022-01-01", "  x: 150\n  z: 3\n  y: sideways\n")));
        Assert.False(load.Succeeded);
        Diagnostic range = load.Diagnostics.Single(d => d.Message.Contains("'x' is not a level", StringComparison.Ordinal));
        Assert.Equal(("cases/two.outcome.yaml", 6), (range.File, range.Line));
        Assert.Contains("a number in [0, 100]", range.Hint, StringComparison.Ordinal);
        Assert.Contains(load.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKey && d.Message.Contains("'z'", StringComparison.Ordinal));
        Assert.Contains(load.Diagnostics, d => d.Message.Contains("'y' is not a level", StringComparison.Ordinal) && d.Hint!.Contains("low, middle, high", StringComparison.Ordinal));
    }

    [Fact]
    public void An_outcome_file_without_a_decision_date_or_naming_a_missing_scenario_is_refused()
    {
        BacktestLoad noDate = Load(In("cases/two.outcome.yaml", "parley_outcome: 1\nscenario: two.yaml\nsource: {title: T}\nissues: {x: 50}\n"));
        Assert.Contains(noDate.Diagnostics, d => d.Code == DiagnosticCodes.MissingField && d.Message.Contains("'decided'", StringComparison.Ordinal));
        BacktestLoad missing = Load(In("cases/other.outcome.yaml", Outcome("2022-01-01", "  x: 50\n").Replace("two.yaml", "other.yaml", StringComparison.Ordinal)));
        Assert.Contains(missing.Diagnostics, d => d.Message.Contains("cases/other.yaml was not read", StringComparison.Ordinal));
    }

    [Fact]
    public void Too_few_draws_are_refused()
    {
        BacktestLoad load = Load(In("cases/two.outcome.yaml", Outcome("2022-01-01", "  x: 50\n")));
        AnalysisOutcome<BacktestOutcome> r = BacktestAnalysis.Run(new BacktestRequest { Draws = 10 }, load.Cases);
        Assert.Null(r.Result);
        Assert.Contains("too few", r.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_cases_load_and_include_at_least_two_out_of_sample()
    {
        BacktestLoad load = BacktestCases.Load([Path.Combine(TestPaths.Root, "backtests")]);
        Assert.True(load.Succeeded, string.Join('\n', load.Diagnostics));
        Assert.True(load.Cases.Count >= 6, $"{load.Cases.Count} cases");
        Assert.True(load.Cases.Count(c => !c.InSample) >= 2);
        Assert.All(load.Cases, c => Assert.NotEmpty(c.Outcome.Issues));
        // the historical agreements were coded from their own texts: in-sample, whatever their files said
        Assert.All(load.Cases.Where(c => c.ScenarioFile.Contains("/scenarios/", StringComparison.Ordinal)), c => Assert.True(c.InSample));
    }

    [Fact]
    public void The_result_does_not_depend_on_the_thread_count()
    {
        BacktestLoad load = BacktestCases.Load([Path.Combine(TestPaths.Root, "backtests")]);
        string one = ParleyJson.Serialize(BacktestAnalysis.Run(new BacktestRequest { Draws = 200, Threads = 1 }, load.Cases).Result!);
        string two = ParleyJson.Serialize(BacktestAnalysis.Run(new BacktestRequest { Draws = 200, Threads = 2 }, load.Cases).Result!);
        Assert.Equal(one, two);
    }

    [Fact]
    public void The_bootstrap_interval_holds_the_mean_error()
    {
        BacktestLoad load = BacktestCases.Load([Path.Combine(TestPaths.Root, "backtests")]);
        BacktestOutcome r = BacktestAnalysis.Run(new BacktestRequest { Draws = 200 }, load.Cases).Result!;
        foreach (SampleScore s in r.Models.SelectMany(m => new[] { m.InSample, m.OutOfSample }).OfType<SampleScore>())
        {
            Assert.NotNull(s.ErrorInterval);
            Assert.InRange(s.MeanAbsoluteError, s.ErrorInterval![0], s.ErrorInterval[1]);
        }
    }

    [Fact]
    public void A_folder_without_cases_is_named_and_a_case_given_twice_counts_once()
    {
        string empty = Directory.CreateTempSubdirectory("parley-nocases-").FullName;
        try
        {
            Diagnostic d = Assert.Single(BacktestCases.Load([empty]).Diagnostics);
            Assert.Equal((empty, DiagnosticCodes.Request), (d.File, d.Code));
        }
        finally
        {
            Directory.Delete(empty);
        }

        string dayton = Path.Combine(TestPaths.Root, "backtests", "dayton-1995.outcome.yaml");
        Assert.Single(BacktestCases.Load([dayton, dayton]).Cases);
    }
}
