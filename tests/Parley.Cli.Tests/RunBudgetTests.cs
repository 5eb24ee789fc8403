using System.Diagnostics;

namespace Parley.Cli.Tests;

/// <summary>Every run has a time and a memory budget; work beyond what a run may ask for is refused before it starts.</summary>
public sealed class RunBudgetTests
{
    private static (int Code, string Err, TimeSpan Took) Process(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [typeof(CliApp).Assembly.Location, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment["PARLEY_DB"] = Cli.TestStore;
        var clock = Stopwatch.StartNew();
        using Process child = System.Diagnostics.Process.Start(psi)!;
        _ = child.StandardOutput.ReadToEndAsync();
        string err = child.StandardError.ReadToEnd();
        if (!child.WaitForExit(60_000))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException("the budget did not stop the run");
        }

        return (child.ExitCode, err, clock.Elapsed);
    }

    [Fact]
    public void A_run_beyond_its_time_budget_stops_with_exit_2_and_says_how_to_raise_it()
    {
        // analyze with 200 draws on KTAB's 27-actor example takes about 40 s on two cores
        (int code, string err, TimeSpan took) = Process("analyze", Path.Combine(Cli.Root, "tests", "fixtures", "ktab", "inputs", "dummyData_6Dim.csv"), "--draws", "200", "--no-store", "--max-seconds", "2");
        // refused once the first draws show that 200 cannot fit (with how many would), refused up front when a slow start
        // leaves too little of the 2 s for the deal space, or stopped by the computation's own check at 2 s; every way
        // in the computation (or, on a machine too busy for the computation to reach its check, by the process watchdog at 2 s),
        // with the way out
        Assert.Equal(2, code);
        Assert.Matches(@"^parley analyze: (200 draws at about .* a draw need about .*, beyond .*2 s time budget.*; ask for at most about \d+ draws, or raise it with --max-seconds|stopped after 2 s, the time budget of (this|one) run; raise it with --max-seconds|the deal space of .* needs at least .*2 s time budget of this run; .*raise it with --max-seconds)", err);
        Assert.True(took < TimeSpan.FromSeconds(20), $"took {took}");
    }

    [Fact]
    public async Task Ctrl_C_cancels_the_computation_itself_and_records_nothing()
    {
        string db = Path.Combine(Path.GetTempPath(), $"parley-interrupt-{Environment.ProcessId}.db");
        File.Delete(db);
        var psi = new ProcessStartInfo("dotnet", [typeof(CliApp).Assembly.Location, "simulate", Cli.Flagship, "--draws", "200000", "--db", db, "--max-seconds", "86400"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process child = System.Diagnostics.Process.Start(psi)!;
        var err = new System.Text.StringBuilder();
        var computing = new TaskCompletionSource();
        child.ErrorDataReceived += (_, e) =>
        {
            lock (err)
            {
                err.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("simulate: 10%", StringComparison.Ordinal) == true)
            {
                computing.TrySetResult();
            }
        };
        child.BeginErrorReadLine();
        _ = child.StandardOutput.ReadToEndAsync();

        // Ctrl-C once the draws are well under way (the first progress line, a tenth of them)
        // (a day's budget, so that a busy machine's projection cannot refuse the draws before they are under way)
        await Task.WhenAny(computing.Task, child.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.False(child.HasExited, "the run ended before Ctrl-C: " + err);
        using (Process kill = System.Diagnostics.Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        Assert.True(child.WaitForExit(15_000), "Ctrl-C stopped the run");
        child.WaitForExit();
        Assert.Equal(130, child.ExitCode);
        lock (err)
        {
            Assert.Contains("parley simulate: cancelled; nothing was recorded", err.ToString(), StringComparison.Ordinal);
        }

        Assert.False(File.Exists(db) && new FileInfo(db).Length > 0 && ReadsRuns(db), "nothing recorded");
    }

    private static bool ReadsRuns(string db)
    {
        using Parley.Storage.RunStore store = Parley.Storage.RunStore.Open(db);
        return store.Count() > 0;
    }

    [Fact]
    public void A_fine_grid_is_analysed_with_an_approximate_frontier_that_says_so()
    {
        // step 1 on the flagship: 1e14 packages; sampled solutions and an ε-Pareto frontier, within the default budget
        (int code, string output, string err) = Cli.Run("analyze", Cli.Flagship, "--variant", "freeze-on-the-line", "--step", "1", "--no-store");
        Assert.True(code == 0, err);
        Assert.Contains("APPROXIMATE: 200,000", output, StringComparison.Ordinal);
        Assert.Matches(@"Pareto frontier \(within the red lines\), approximate: too large to list, so an\s+ε-Pareto set of [\d,]+ points stands for it", output);
    }

    [Fact]
    public async Task Work_that_cannot_fit_the_budget_is_refused_in_process_with_the_cause_and_the_way_out()
    {
        var guard = new Parley.Core.Domain.WorkGuard(5, "raise it with --max-seconds N (or PARLEY_MAX_SECONDS)");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await CliApp.RunAsync(["forecast", Cli.Flagship, "--draws", "1000000", "--no-store"], stdout, stderr, guard);
        Assert.Equal(2, code);
        // the budget left is the whole 5 s, or what a slow start left of it (then the message says so)
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(stderr.ToString(), @"^parley forecast: 1,000,000 draws at about .* a draw need about .*, beyond the (5 s time budget of this run|[\d.]+ s this run had left for them \(of its 5 s time budget\)); ask for at most about [\d,]+ draws, or raise it with --max-seconds N \(or PARLEY_MAX_SECONDS\)"), stderr.ToString());
    }

    [Fact]
    public void A_run_beyond_its_memory_budget_stops_with_exit_2()
    {
        (int code, string err, _) = Process("run", Cli.Flagship, "--no-store", "--out", Path.Combine(Path.GetTempPath(), $"parley-budget-{Environment.ProcessId}.html"), "--max-memory", "40M");
        Assert.Equal(2, code);
        Assert.Contains("parley run: stopped at ", err, StringComparison.Ordinal);
        Assert.Contains("beyond the memory budget of one run (40 MiB); raise it with --max-memory", err, StringComparison.Ordinal);
        Assert.Contains("parley itself needs about 80 MiB to start", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_that_is_not_a_size_is_a_usage_error()
    {
        (int code, string err, _) = Process("validate", Cli.Flagship, "--max-memory", "lots");
        Assert.Equal(1, code);
        Assert.Contains("must be a size such as 2G", err, StringComparison.Ordinal);
        Assert.Equal(3L << 29, RunBudget.ParseBytes("1.5G"));
        Assert.Equal(1536L << 20, RunBudget.ParseBytes("1536MiB"));
        Assert.Null(RunBudget.ParseBytes("-1G"));
    }

    [Theory]
    [InlineData("forecast", "--draws", "99999999999", "is more than 1,000,000, the most one run takes")]
    [InlineData("analyze", "--step", "0.0001", "levels on issue 'territory'; at most 10,001 levels per issue: use a step of at least 0.01")]
    [InlineData("simulate", "--step", "1e-9", "at most 10,001 levels per issue")]
    [InlineData("durability", "--draws", "2000000", "is more than 1,000,000")]
    public void Work_beyond_what_a_run_may_ask_for_is_refused_before_it_starts(string command, string option, string value, string message)
    {
        (int code, _, string err) = Cli.Run(command, Cli.Flagship, option, value, "--no-store");
        Assert.Equal(1, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }
}

/// <summary>Large but valid inputs finish within the default budget.</summary>
public sealed class LargeInputTests
{
    [Fact]
    public void Eum_on_200_actors_lists_a_bounded_record_of_offers_and_counts_the_rest()
    {
        var rng = new Random(7);
        var yaml = new System.Text.StringBuilder("parley: 1\nscenario: {name: Large, time_step: month}\nissues:\n");
        for (int i = 0; i < 5; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - {{id: i{i}, name: I{i}, scale: {{min: 0, max: 100}}}}\n");
        }

        yaml.Append("actors:\n");
        for (int a = 0; a < 200; a++)
        {
            string stances = string.Join(", ", Enumerable.Range(0, 5).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"i{i}: {{position: {rng.Next(101)}, salience: {rng.Next(1, 100) / 100.0}}}")));
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - {{id: a{a}, name: A{a}, estimate: true, capability: {rng.Next(1, 100)}, stances: {{{stances}}}}}\n");
        }

        string file = Path.Combine(Path.GetTempPath(), $"parley-large-{Environment.ProcessId}.yaml");
        File.WriteAllText(file, yaml.ToString());
        try
        {
            (int code, string json, string err) = Cli.Run("forecast", file, "--model", "eum", "--format", "json", "--no-store");
            Assert.True(code == 0, err);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            System.Text.Json.JsonElement model = doc.RootElement.GetProperty("models")[0];
            var events = model.GetProperty("trajectory").EnumerateArray().SelectMany(r => r.GetProperty("events").EnumerateArray()
                .Select(e => (Round: r.GetProperty("round").GetInt32(), Issue: e.GetProperty("issue").GetString(), Kind: e.GetProperty("kind").GetString()))).ToList();
            Assert.Contains(events, e => e.Kind == "unlisted");
            Assert.All(events.Where(e => e.Kind is not "move" and not "unlisted").GroupBy(e => (e.Round, e.Issue)), g => Assert.True(g.Count() <= Parley.Core.Forecasting.ExpectedUtilityModel.MaxListedOffers));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
