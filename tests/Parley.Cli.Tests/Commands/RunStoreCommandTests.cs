using System.Diagnostics;
using System.Text.Json;
using Parley.Storage;

namespace Parley.Cli.Tests.Commands;

public sealed class RunStoreCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-runs-").FullName;

    private string Db => Path.Combine(dir, "runs.db");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_main_job_is_stored_reported_listed_exported_and_reproduced_bit_for_bit()
    {
        string report = Path.Combine(dir, "report.html");
        (int code, string table, string err) = Cli.Run("run", Cli.Flagship, "--draws", "40", "--db", Db, "--out", report);
        Assert.True(code == 0, err);
        Assert.Contains("Where the talks land", table, StringComparison.Ordinal);
        Assert.Contains("not intelligence", table, StringComparison.Ordinal);
        Assert.Contains("stored run 1", err, StringComparison.Ordinal);

        string html = File.ReadAllText(report);
        Assert.Contains("Run 1 · parley run", html, StringComparison.Ordinal);   // written again once stored, with its id
        Assert.Contains("estimates from published analyses, not intelligence", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Forecast: Territory", html, StringComparison.Ordinal);
        Assert.Contains("Will the deal hold?", html, StringComparison.Ordinal);
        Assert.Contains("What if: the variants side by side", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);

        using (RunStore store = RunStore.Open(Db))
        {
            StoredRun run = store.Get(1)!;
            Assert.Equal("run", run.Command);
            Assert.Equal(40, run.Draws);
            Assert.Contains(run.Timings, t => t.Key == "forecast");
            Assert.Contains(store.Values(1), v => v.Path == "forecast.models.smp.issues.territory.median" && v.Number is > 0);
            Assert.StartsWith("{\"analysis\":\"main-job\"", run.Request, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(Cli.Flagship), run.Inputs[0].Content);
        }

        // the example queries of docs/runs.md still answer
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using Microsoft.Data.Sqlite.SqliteCommand q = c.CreateCommand();
            q.CommandText = """
                SELECT r.id, r.created_utc, r.variant, f.median, f.p10, f.p90
                FROM forecasts f JOIN runs r ON r.id = f.run_id
                WHERE r.scenario_name = 'Ukraine peace talks 2025' AND f.model = 'smp' AND f.issue = 'territory';
                """;
            using (Microsoft.Data.Sqlite.SqliteDataReader r = q.ExecuteReader())
            {
                Assert.True(r.Read());
                Assert.InRange(r.GetDouble(3), r.GetDouble(4), r.GetDouble(5));
            }

            q.CommandText = "SELECT run_id, path, number FROM run_values WHERE path LIKE 'durability.runs.%.holding.5y' ORDER BY run_id, path;";
            var paths = new List<string>();
            using (Microsoft.Data.Sqlite.SqliteDataReader r = q.ExecuteReader())
            {
                while (r.Read())
                {
                    paths.Add(r.GetString(1));
                }
            }

            Assert.Contains("durability.runs.freeze-on-the-line.holding.5y", paths);
            Assert.Contains("durability.runs.donbas-withdrawal.holding.5y", paths);
        }

        (int lc, string list, _) = Cli.Run("runs", "list", "--db", Db, "--format", "json");
        Assert.Equal(0, lc);
        Assert.Equal("run", JsonDocument.Parse(list).RootElement[0].GetProperty("command").GetString());

        (int sc, string show, _) = Cli.Run("runs", "show", "1", "--db", Db, "--format", "json");
        Assert.Equal(0, sc);
        Assert.Equal(40, JsonDocument.Parse(show).RootElement.GetProperty("result").GetProperty("draws").GetInt32());

        (int ec, string csv, _) = Cli.Run("runs", "export", "1", "--db", Db, "--format", "csv");
        Assert.Equal(0, ec);
        Assert.StartsWith("run,path,number,text\n", csv, StringComparison.Ordinal);
        Assert.Contains("1,forecast.models.smp.issues.territory.median,", csv, StringComparison.Ordinal);

        (int rc, string rerun, string rerr) = Cli.Run("runs", "rerun", "1", "--db", Db);
        Assert.True(rc == 0, rerr + rerun);
        Assert.Contains("reproduced bit for bit", rerun, StringComparison.Ordinal);

        (int pc, _, _) = Cli.Run("report", "1", "--db", Db, "--out", Path.Combine(dir, "again.html"), "--png", Path.Combine(dir, "png"));
        Assert.Equal(0, pc);
        Assert.True(File.Exists(Path.Combine(dir, "png", "survival.png")));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(Path.Combine(dir, "png", "survival.png")).Take(4));
    }

    [Fact]
    public void Two_runs_differ_by_what_changed_in_the_scenario_and_in_the_results()
    {
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "smp", "--db", Db).Code);
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "smp", "--variant", "restraint", "--db", Db).Code);
        Assert.Equal(0, Cli.Run("analyze", Cli.Flagship, "--db", Db, "--no-store").Code);
        (int code, string json, string err) = Cli.Run("runs", "diff", "1", "2", "--db", Db, "--format", "json");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.Contains(root.GetProperty("settings").EnumerateArray(), s => s.GetProperty("what").GetString() == "variant" && s.GetProperty("b").GetString() == "restraint");
        Assert.Contains(root.GetProperty("scenario").EnumerateArray(), f => f.GetProperty("path").GetString() == "dynamics.p_prevail");
        Assert.Contains(root.GetProperty("results").EnumerateArray(), r => r.GetProperty("path").GetString()!.StartsWith("models.smp.issues.", StringComparison.Ordinal));
        (_, string table, _) = Cli.Run("runs", "diff", "1", "2", "--db", Db);
        Assert.Contains("What changed in the scenario", table, StringComparison.Ordinal);
        Assert.Contains("not intelligence", table, StringComparison.Ordinal);
        Assert.Contains("not intelligence", Cli.Run("runs", "show", "1", "--db", Db).Out, StringComparison.Ordinal);
        using RunStore store = RunStore.Open(Db);
        Assert.Equal(2, store.Count()); // --no-store left no run behind
        (_, string list, _) = Cli.Run("runs", "list", "--db", Db, "--command", "forecast", "--scenario", "UKRAINE", "--format", "json");
        Assert.Equal(2, JsonDocument.Parse(list).RootElement.GetArrayLength());
        (_, string none, _) = Cli.Run("runs", "list", "--db", Db, "--command", "run", "--format", "json");
        Assert.Equal(0, JsonDocument.Parse(none).RootElement.GetArrayLength());
    }

    [Fact]
    public void A_store_from_a_newer_tool_or_a_missing_run_gives_a_clear_error()
    {
        using (RunStore.Open(Db))
        {
        }

        SetSchemaVersion(Db, 99);

        (int code, _, string err) = Cli.Run("runs", "list", "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains("newer", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        (int fc, _, string ferr) = Cli.Run("forecast", Cli.Flagship, "--model", "compromise", "--db", Db);
        Assert.Equal(3, fc);
        Assert.Contains("computed but not stored", ferr, StringComparison.Ordinal);

        // a damaged store (the schema version says 1 but the tables are gone) is reported, not a crash
        string damaged = Path.Combine(dir, "damaged.db");
        SetSchemaVersion(damaged, 1);

        (int dc, _, string derr) = Cli.Run("runs", "list", "--db", damaged);
        Assert.Equal(2, dc);
        Assert.Contains("no such table", derr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", derr, StringComparison.Ordinal);

        string fresh = Path.Combine(dir, "fresh.db");
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "compromise", "--db", fresh).Code);
        Assert.Equal(2, Cli.Run("runs", "show", "7", "--db", fresh).Code);
    }

    [Fact]
    public void A_dashboard_what_if_run_is_reproduced_by_the_cli()
    {
        var request = new Parley.Core.Analyses.WhatIfRequest
        {
            Scenario = "ukraine-2025",
            Variant = "aid-cut",
            Draws = 30,
            Seed = 5,
            Changes = [new Parley.Core.Analyses.WhatIfChange { Actor = "ukraine", Issue = "alignment", Position = 60, Salience = 0.5 }],
        };
        Parley.Core.Domain.Scenario written = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Cli.Flagship).Scenario!;
        Parley.Core.Domain.Scenario s = Parley.Core.Scenarios.ScenarioLoader.LoadPath(Cli.Flagship, "aid-cut").Scenario!;
        var writer = new Parley.Web.StoreWriter(new Parley.Web.WebOptions { Db = Db });
        long id = writer.Save(request, new Parley.Core.Analyses.ScenarioInput(Cli.Flagship, File.ReadAllBytes(Cli.Flagship)), Parley.Core.Analyses.WhatIfAnalysis.Run(written, s, request, "ukraine-2025.yaml"), 1);
        (int code, string output, string err) = Cli.Run("runs", "rerun", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Db);
        Assert.True(code == 0, err + output);
        Assert.Contains("reproduced bit for bit", output, StringComparison.Ordinal);
    }

    private static void SetSchemaVersion(string path, int version)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA user_version = {version};";
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Killing_a_run_mid_write_loses_nothing_already_stored()
    {
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "compromise", "--db", Db).Code);
        string before;
        using (RunStore store = RunStore.Open(Db))
        {
            before = store.Get(1)!.Result;
        }

        var psi = new ProcessStartInfo("dotnet", [typeof(CliApp).Assembly.Location, "forecast", Cli.Flagship, "--model", "all", "--draws", "20", "--db", Db])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment[RunRecorder.PauseVariable] = "60000";
        using (Process child = Process.Start(psi)!)
        {
            child.StandardOutput.ReadToEndAsync();
            string? line;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                line = child.StandardError.ReadLine();
            }
            while (line is not null && !line.Contains("paused for a test", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

            Assert.NotNull(line);
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        using RunStore after = RunStore.Open(Db);
        Assert.Equal("ok", after.IntegrityCheck());
        Assert.Equal(1, after.Count());
        Assert.Equal(before, after.Get(1)!.Result);
        Assert.Empty(after.Values(2));
    }
}

public class ServeAndRunEdgeTests
{
    [Fact]
    public void Serve_refuses_bad_addresses_folders_and_options_before_listening()
    {
        Assert.Equal(1, Cli.Run("serve", "--urls", "not a url").Code);
        Assert.Equal(1, Cli.Run("serve", "--scenarios", "/no/such/folder").Code);
        (int code, _, string err) = Cli.Run("serve", "--scenarios", Path.Combine(Cli.Root, "scenarios"), "--frobnicate");
        Assert.Equal(1, code);
        Assert.Contains("unknown option", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_without_dynamics_runs_and_its_report_says_what_is_missing()
    {
        string dir = Directory.CreateTempSubdirectory("parley-run-").FullName;
        try
        {
            string report = Path.Combine(dir, "dayton.html");
            (int code, string json, string err) = Cli.Run("run", Path.Combine(Cli.Root, "scenarios", "dayton-1995.yaml"), "--draws", "20", "--no-store", "--out", report, "--format", "json");
            Assert.True(code == 0, err);
            System.Text.Json.JsonElement root = System.Text.Json.JsonDocument.Parse(json).RootElement;
            Assert.Contains("no dynamics", root.GetProperty("skipped").GetProperty("durability").GetString(), StringComparison.Ordinal);
            Assert.True(root.TryGetProperty("forecast", out _));
            Assert.Contains("Not in this report", File.ReadAllText(report), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
