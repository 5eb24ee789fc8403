using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Tests;

/// <summary>
/// The run store's behaviour, the same on both databases: each <see cref="StoreFactAttribute"/> test runs in
/// <see cref="SqliteRunStoreTests"/> and in <see cref="PostgresRunStoreTests"/>. SQLite-only (files, WAL, PRAGMAs, read-only
/// opening): the <c>[Fact]</c> tests of <see cref="SqliteRunStoreTests"/>.
/// </summary>
public abstract class RunStoreTests(IStoreTarget target) : IDisposable
{
    protected IStoreTarget Target { get; } = target;

    protected string Db => Target.Db;

    public void Dispose()
    {
        Target.Dispose();
        GC.SuppressFinalize(this);
    }

    internal static NewRun Sample(string result = """{"scenario":"pie","models":[{"name":"smp","issues":[{"id":"x","central":40.5,"median":41,"p10":30,"p90":50,"mean":40.2}]}],"ok":true}""") => new()
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

    [StoreFact]
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
        Assert.Equal(12.5, run.ElapsedMs);
        Assert.Single(run.Timings);

        IReadOnlyList<RunValue> values = store.Values(id);
        Assert.Contains(new RunValue("models.smp.issues.x.median", 41, null), values);
        Assert.Contains(new RunValue("ok", 1, null), values);
        Assert.Contains(new RunValue("scenario", null, "pie"), values);
        Assert.Equal(ResultValues.Flatten(Sample().Result), values);   // in document order

        // the forecast rows are a table of their own, filled from the typed result, queryable with plain SQL
        object? median = Target.Sql(Db, $"SELECT median FROM forecasts WHERE run_id = {id} AND model = 'smp' AND issue = 'x';");
        Assert.Equal(41.0, Convert.ToDouble(median, CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public void A_new_store_opened_by_many_at_once_is_created_once()
    {
        // the race is between reading the schema version and taking the write lock: many fresh stores, many openers each
        for (int round = 0; round < (Target.IsPostgreSql ? 4 : 15); round++)
        {
            string fresh = Target.NewStore();
            using var start = new Barrier(8);
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            {
                start.SignalAndWait();
                using RunStore store = RunStore.Open(fresh);
            });
            using RunStore again = RunStore.Open(fresh);
            Assert.Equal(RunStore.SchemaVersion, again.FileVersion);
            Assert.Equal("ok", again.IntegrityCheck());
        }
    }

    [StoreFact]
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
        Assert.Empty(store.Check());
    }

    [StoreFact]
    public void Runs_list_newest_first_by_command_and_scenario_and_a_missing_run_is_null()
    {
        using RunStore store = RunStore.Open(Db);
        long a = store.Save(Sample()), b = store.Save(Sample() with { Command = "run", ScenarioName = "Big Pie" });
        Assert.Equal([b, a], store.List().Select(r => r.Id));
        Assert.Equal([b], store.List(command: "run").Select(r => r.Id));
        Assert.Equal([b, a], store.List(scenario: "PIE").Select(r => r.Id));
        Assert.Equal([b], store.List(scenario: "big").Select(r => r.Id));
        Assert.Equal([b], store.List(limit: 1).Select(r => r.Id));
        Assert.Null(store.Get(b + 100));
        Assert.Equal(2, store.Count());
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [StoreFact]
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
        Assert.Equal(0L, Convert.ToInt64(Target.Sql(Db, "SELECT COUNT(*) FROM run_inputs WHERE run_id <> 1;"), CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public void A_store_of_a_newer_schema_is_refused_with_a_clear_message()
    {
        using (RunStore.Open(Db))
        {
        }

        Target.Sql(Db, Target.IsPostgreSql ? $"UPDATE parley_schema SET version = {RunStore.SchemaVersion + 1};" : $"PRAGMA user_version = {RunStore.SchemaVersion + 1};");
        RunStoreException e = Assert.Throws<RunStoreException>(() => RunStore.Open(Db));
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade parley", e.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void A_database_of_other_tables_is_refused_and_left_as_it_is()
    {
        string other = Target.NewStore();
        Target.Sql(other, "CREATE TABLE t (x INTEGER);");
        Assert.Contains("not a Parley run store", Assert.Throws<RunStoreException>(() => RunStore.Open(other)).Message, StringComparison.Ordinal);
        Assert.Equal(1L, Convert.ToInt64(Target.Sql(other, Target.IsPostgreSql
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema();"
            : "SELECT COUNT(*) FROM sqlite_master;"), CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public void A_damaged_run_is_found_by_the_check_and_left_behind_by_salvage()
    {
        using RunStore store = RunStore.Open(Db);
        long a = store.Save(Sample()), b = store.Save(Sample());
        Assert.Empty(store.Check());
        Target.Sql(Db, $"UPDATE runs SET result = '{{\"ok\":false}}' WHERE id = {b};");
        Assert.Contains(store.Check(), p => p.StartsWith($"run {b}:", StringComparison.Ordinal) && p.Contains("checksum", StringComparison.Ordinal));
        Assert.Throws<RunStoreException>(() => store.Get(b));

        string target = Path.Combine(Path.GetTempPath(), $"parley-salvage-{Guid.NewGuid():N}.db");
        try
        {
            using (RunStore fresh = RunStore.Open(target))
            {
                (IReadOnlyList<long> copied, IReadOnlyList<long> left) = store.SalvageInto(fresh);
                Assert.Equal([a], copied);
                Assert.Equal([b], left);
                Assert.Equal(Sample().Result, fresh.Get(1)!.Result);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (string f in new[] { target, target + "-wal", target + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    [StoreFact]
    public void Any_result_shape_is_stored_even_one_that_is_not_a_forecast()
    {
        using RunStore store = RunStore.Open(Db);
        long id = store.Save(Sample("""{"models":["smp", 3, {"name": 1}], "forecast": [1, 2]}""") with { Typed = null, Seed = ulong.MaxValue, Draws = null, Variant = "v" });
        Assert.Equal(["models.0", "models.1", "models.2.name", "forecast.0", "forecast.1"], store.Values(id).Select(v => v.Path));
        Assert.Equal((ulong.MaxValue, (long?)null, "v"), (store.Get(id)!.Seed!.Value, store.Get(id)!.Draws, store.Get(id)!.Variant));
        long list = store.Save(Sample("[1, 2]"));
        Assert.Equal(2, store.Values(list).Count);
    }

    [StoreFact]
    public void Data_protection_keys_are_kept_once_each()
    {
        using RunStore store = RunStore.Open(Db);
        Assert.Empty(store.DataProtectionKeys());
        Assert.True(store.SaveDataProtectionKey("key-1", "<key id=\"1\"/>"));
        Assert.False(store.SaveDataProtectionKey("key-1", "<key id=\"other\"/>"));
        Assert.True(store.SaveDataProtectionKey("key-2", "<key id=\"2\"/>"));
        using RunStore other = RunStore.Open(Db);
        Assert.Equal(["<key id=\"1\"/>", "<key id=\"2\"/>"], other.DataProtectionKeys());
    }

    [StoreFact]
    public void A_store_names_itself_without_a_password()
    {
        using RunStore store = RunStore.Open(Db);
        Assert.Equal(Target.IsPostgreSql ? StoreKind.PostgreSql : StoreKind.Sqlite, store.Location.Kind);
        Assert.Equal(store.Location.Display, store.Path);
        Assert.DoesNotContain(":***@", store.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("password", store.Path, StringComparison.OrdinalIgnoreCase);
        // parsing the name again gives the same store
        using RunStore again = RunStore.Open(store.Path);
        Assert.Equal(store.Path, again.Path);
    }
}

/// <summary>The run store on SQLite, and what only SQLite has (files, WAL, read-only opening).</summary>
public sealed class SqliteRunStoreTests() : RunStoreTests(new SqliteTarget())
{
    [Fact]
    public void The_file_is_in_wal_mode()
    {
        using (RunStore.Open(Db))
        {
        }

        Assert.Equal("wal", Target.Sql(Db, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_untouched()
    {
        string foreign = Target.NewStore();
        Target.Sql(foreign, "CREATE TABLE t (x INTEGER);");
        byte[] before = File.ReadAllBytes(foreign);
        Assert.Contains("not a Parley run store", Assert.Throws<RunStoreException>(() => RunStore.Open(foreign)).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(foreign));   // refused without being touched (no switch to WAL)
        string text = Target.NewStore();
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
        string dir = Path.GetDirectoryName(Db)!;
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
}

/// <summary>The run store on PostgreSQL (PARLEY_TEST_POSTGRES): every contract test, each on a database of its own.</summary>
public sealed class PostgresRunStoreTests() : RunStoreTests(new PostgresTarget()), IPostgresTests
{
    [StoreFact]
    public void Opening_read_only_is_refused_as_sqlite_only()
    {
        Assert.Contains("SQLite", Assert.Throws<RunStoreException>(() => RunStore.OpenReadOnly(Db)).Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void The_schema_version_is_kept_in_its_own_table()
    {
        using (RunStore.Open(Db))
        {
        }

        Assert.Equal(RunStore.SchemaVersion, Convert.ToInt32(Target.Sql(Db, "SELECT version FROM parley_schema;"), CultureInfo.InvariantCulture));
    }
}

/// <summary>Pure functions of the store (no database).</summary>
public sealed class ResultValuesTests
{
    [Fact]
    public void Values_are_named_by_their_ids_not_their_positions()
    {
        List<RunValue> v = ResultValues.Flatten("""{"runs":[{"run":"base","p":[0.5,0.25]},{"run":"aid-cut","p":[0.1]}],"x":null}""");
        Assert.Equal(["runs.base.run", "runs.base.p.0", "runs.base.p.1", "runs.aid-cut.run", "runs.aid-cut.p.0"], v.Select(x => x.Path));
    }

    [Fact]
    public void Both_dialects_have_the_same_migration_numbers()
    {
        Assert.Equal(StoreDialect.Sqlite.Migrations.Count, StoreDialect.PostgreSql.Migrations.Count);
        Assert.Equal(5, RunStore.SchemaVersion);
    }
}
