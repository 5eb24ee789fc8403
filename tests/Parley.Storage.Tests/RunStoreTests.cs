using System.Text;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Tests;

public sealed class RunStoreTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-store-").FullName;

    private string Db => Path.Combine(dir, "runs.db");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static NewRun Sample(string result = """{"scenario":"pie","models":[{"name":"smp","issues":[{"id":"x","central":40.5,"median":41,"p10":30,"p90":50,"mean":40.2}]}],"ok":true}""") => new()
    {
        Command = "forecast",
        Args = ["forecast", "pie.yaml", "--seed", "7"],
        ScenarioName = "pie",
        Seed = 7,
        Draws = 100,
        ToolVersion = "0.1.0",
        ElapsedMs = 12.5,
        Timings = [new("forecast", 12.5)],
        Inputs = [new RunInput("pie.yaml", Encoding.UTF8.GetBytes("parley: 1\n"))],
        Result = result,
        Typed = new Parley.Core.Analyses.ForecastOutcome("pie", null, 100, 7, "median", new Dictionary<string, string>(), [],
            [new Parley.Core.Analyses.ModelForecast("smp", "KTAB's spatial model", 3, [new Parley.Core.Analyses.IssueForecast("x", "X", 40.5, string.Empty, 41, 30, 50, 40.2)], null)], null),
    };

    [Fact]
    public void A_run_comes_back_as_stored_with_queryable_values()
    {
        using RunStore store = RunStore.Open(Db);
        long id = store.Save(Sample());
        StoredRun run = store.Get(id)!;
        Assert.Equal(("forecast", "pie", 7UL, 100L), (run.Command, run.ScenarioName, run.Seed!.Value, run.Draws!.Value));
        Assert.Equal(["forecast", "pie.yaml", "--seed", "7"], run.Args);
        Assert.Equal("parley: 1\n", Encoding.UTF8.GetString(run.Inputs[0].Content));
        Assert.Equal(RunStore.CombinedHash(run.Inputs), run.ScenarioHash);
        Assert.Equal(Sample().Result, run.Result);
        Assert.Single(run.Timings);

        IReadOnlyList<RunValue> values = store.Values(id);
        Assert.Contains(new RunValue("models.smp.issues.x.median", 41, null), values);
        Assert.Contains(new RunValue("ok", 1, null), values);
        Assert.Contains(new RunValue("scenario", null, "pie"), values);

        // the forecast rows are a table of their own, filled from the typed result, queryable with plain SQL
        using var c = new SqliteConnection($"Data Source={Db}");
        c.Open();
        using SqliteCommand q = c.CreateCommand();
        q.CommandText = "SELECT median FROM forecasts WHERE run_id = $id AND model = 'smp' AND issue = 'x';";
        q.Parameters.AddWithValue("$id", id);
        Assert.Equal(41.0, Convert.ToDouble(q.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        q.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", q.ExecuteScalar());
    }

    [Fact]
    public void A_new_store_opened_by_many_at_once_is_created_once()
    {
        // the race is between reading the schema version and taking the write lock: many fresh files, many openers each
        for (int round = 0; round < 15; round++)
        {
            string path = Path.Combine(dir, $"fresh-{round}.db");
            using var start = new Barrier(8);
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            {
                start.SignalAndWait();
                using RunStore store = RunStore.Open(path);
            });
            using RunStore again = RunStore.Open(path);
            Assert.Equal(RunStore.SchemaVersion, again.FileVersion);
        }
    }

    [Fact]
    public void Writers_in_parallel_lose_nothing()
    {
        using (RunStore.Open(Db))
        {
        }

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            using RunStore mine = RunStore.Open(Db);
            for (int k = 0; k < 10; k++)
            {
                mine.Save(Sample());
            }
        });
        using RunStore store = RunStore.Open(Db);
        Assert.Equal(40, store.Count());
        Assert.Equal(40, store.List(100).Select(r => r.Id).Distinct().Count());
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void Runs_list_newest_first_and_a_missing_run_is_null()
    {
        using RunStore store = RunStore.Open(Db);
        long a = store.Save(Sample()), b = store.Save(Sample());
        Assert.Equal([b, a], store.List().Select(r => r.Id));
        Assert.Null(store.Get(b + 100));
        Assert.Equal(2, store.Count());
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void A_failed_write_leaves_nothing_behind()
    {
        using (RunStore store = RunStore.Open(Db))
        {
            store.Save(Sample());
            Assert.Throws<InvalidOperationException>(() => store.Save(Sample(), () => throw new InvalidOperationException("killed")));
            Assert.Equal(1, store.Count());
        }

        using RunStore again = RunStore.Open(Db);
        Assert.Equal(1, again.Count());
        Assert.Equal(ResultValues.Flatten(Sample().Result).Count, again.Values(1).Count);
        Assert.Empty(again.Values(2));
    }

    [Fact]
    public void A_newer_schema_or_a_foreign_file_is_refused_with_a_clear_message()
    {
        using (RunStore.Open(Db))
        {
        }

        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {RunStore.SchemaVersion + 1};";
            cmd.ExecuteNonQuery();
        }

        RunStoreException e = Assert.Throws<RunStoreException>(() => RunStore.Open(Db));
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade parley", e.Message, StringComparison.Ordinal);

        string other = Path.Combine(dir, "other.db");
        using (var c = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE t (x INTEGER);";
            cmd.ExecuteNonQuery();
        }

        byte[] before = File.ReadAllBytes(other);
        Assert.Contains("not a Parley run store", Assert.Throws<RunStoreException>(() => RunStore.Open(other)).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(other));   // refused without being touched (no switch to WAL)
        string text = Path.Combine(dir, "text.db");
        File.WriteAllText(text, "this is not a database at all, just some text that goes on for a while........");
        byte[] textBefore = File.ReadAllBytes(text);
        Assert.Contains("not a usable Parley run store", Assert.Throws<RunStoreException>(() => RunStore.Open(text)).Message, StringComparison.Ordinal);
        Assert.Equal(textBefore, File.ReadAllBytes(text));
    }

    [Fact]
    public void A_store_opened_read_only_is_listed_shown_and_checked_without_a_byte_changing()
    {
        using (RunStore store = RunStore.Open(Db))
        {
            store.Save(Sample());
            store.Save(Sample());
        }

        // a folder that cannot be written either: the store is read as immutable
        string copy = Path.Combine(dir, "copy.db");
        File.Copy(Db, copy);
        byte[] before = File.ReadAllBytes(copy);
        string[] filesBefore = Directory.GetFiles(dir);
        using (RunStore store = RunStore.OpenReadOnly(copy))
        {
            Assert.Equal(2, store.List().Count);
            Assert.Equal(Sample().Result, store.Get(1)!.Result);
            Assert.Empty(store.Check());
            Assert.ThrowsAny<Exception>(() => store.Save(Sample()));
        }

        Assert.Equal(before, File.ReadAllBytes(copy));
        Assert.Equal(filesBefore.Order(), Directory.GetFiles(dir).Order());
        Assert.True(RunStore.Writable(copy));
        Assert.False(RunStore.Writable(Path.Combine(dir, "missing.db")));
    }

    [Fact]
    public void The_location_is_the_flag_else_the_environment_else_the_working_directory()
    {
        string? saved = Environment.GetEnvironmentVariable(RunStore.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, "env.db");
            Assert.Equal("x.db", RunStore.ResolvePath("x.db"));
            Assert.Equal("env.db", RunStore.ResolvePath(null));
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, null);
            Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "parley.db"), RunStore.ResolvePath(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Any_result_shape_is_stored_even_one_that_is_not_a_forecast()
    {
        using RunStore store = RunStore.Open(Db);
        long id = store.Save(Sample("""{"models":["smp", 3, {"name": 1}], "forecast": [1, 2]}"""));
        Assert.Equal(["models.0", "models.1", "models.2.name", "forecast.0", "forecast.1"], store.Values(id).Select(v => v.Path));
        long list = store.Save(Sample("[1, 2]"));
        Assert.Equal(2, store.Values(list).Count);
    }

    [Fact]
    public void Values_are_named_by_their_ids_not_their_positions()
    {
        List<RunValue> v = ResultValues.Flatten("""{"runs":[{"run":"base","p":[0.5,0.25]},{"run":"aid-cut","p":[0.1]}],"x":null}""");
        Assert.Equal(["runs.base.run", "runs.base.p.0", "runs.base.p.1", "runs.aid-cut.run", "runs.aid-cut.p.0"], v.Select(x => x.Path));
    }
}
