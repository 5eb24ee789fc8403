using System.Text.Json;
using Parley.Storage;
using Parley.Tests.Shared;

namespace Parley.Cli.Tests.Commands;

/// <summary>The commands on a PostgreSQL run store (<c>--db postgres://…</c>), on a database of the test server made for each test.</summary>
public sealed class PostgresStoreCommandTests : IDisposable
{
    private readonly (string Url, string Name) db = PostgresTestServer.CreateDatabase();

    public void Dispose() => PostgresTestServer.DropDatabase(db.Url, db.Name);

    [PostgresFact]
    public void A_run_is_stored_listed_shown_checked_and_rerun_and_no_password_is_ever_written()
    {
        const string Secret = "pg-env-s3cret-marker";
        string? saved = Environment.GetEnvironmentVariable("PGPASSWORD");
        Environment.SetEnvironmentVariable("PGPASSWORD", Secret);   // the test server trusts its user: the password is only there to be leaked
        try
        {
            string display = StoreLocation.Parse(db.Url).Display;
            (int code, string table, string err) = Cli.Run("forecast", Cli.Flagship, "--model", "smp", "--db", db.Url);
            Assert.True(code == 0, err);
            Assert.Contains($"stored run 1 in {display}", err, StringComparison.Ordinal);
            (int lc, string list, string lerr) = Cli.Run("runs", "list", "--db", db.Url, "--format", "json");
            Assert.True(lc == 0, lerr);
            Assert.Equal("forecast", JsonDocument.Parse(list).RootElement[0].GetProperty("command").GetString());
            (int sc, string show, _) = Cli.Run("runs", "export", "1", "--db", db.Url, "--format", "json");
            Assert.Equal(0, sc);
            Assert.DoesNotContain("--db", show, StringComparison.Ordinal);   // the store's options are not part of the run
            (int cc, string check, _) = Cli.Run("runs", "check", "--db", db.Url);
            Assert.Equal(0, cc);
            Assert.Contains("sound (1 run(s)", check, StringComparison.Ordinal);
            (int rc, string rerun, string rerr) = Cli.Run("runs", "rerun", "1", "--db", db.Url);
            Assert.True(rc == 0, rerr);
            Assert.Contains("reproduced bit for bit", rerun, StringComparison.Ordinal);

            foreach (string text in new[] { table, err, list, show, check, rerun, rerr })
            {
                Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            }

            using RunStore store = RunStore.Open(db.Url);
            StoredRun run = store.Get(1)!;
            Assert.DoesNotContain(Secret, RunJson.Serialize(RunDocument.Of(run, withInputs: true, withResult: true)), StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, string.Join(' ', run.Args) + run.Request + run.Result, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, store.Path, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", saved);
        }
    }

    [PostgresFact]
    public void Salvage_copies_a_postgres_store_into_a_new_file_only()
    {
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "smp", "--db", db.Url).Code);
        string file = Path.Combine(Path.GetTempPath(), $"parley-salvaged-{Guid.NewGuid():N}.db");
        try
        {
            (int code, string output, string err) = Cli.Run("runs", "salvage", "--db", db.Url, "--out", file);
            Assert.True(code == 0, err);
            Assert.Contains("Copied 1 run(s)", output, StringComparison.Ordinal);
            (int refused, _, string why) = Cli.Run("runs", "salvage", "--db", file, "--out", db.Url);
            Assert.Equal(1, refused);
            Assert.Contains("new SQLite file", why, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (string f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}

/// <summary>A password in a store's URL is refused before anything runs, without repeating it (no server needed).</summary>
public sealed class StoreUrlPasswordTests
{
    [Theory]
    [InlineData("forecast")]
    [InlineData("runs list")]
    [InlineData("serve")]
    public void A_password_in_the_db_url_is_refused_with_exit_2_and_never_shown(string command)
    {
        string[] args = [.. command.Split(' '), .. command == "forecast" ? new[] { Cli.Flagship, "--model", "smp" } : [], "--db", "postgres://parley:hunter2-s3cret@127.0.0.1:1/runs"];
        (int code, string output, string err) = Cli.Run(args);
        Assert.Equal(2, code);
        Assert.Empty(output);   // refused before anything was computed
        Assert.Contains("PGPASSWORD", err, StringComparison.Ordinal);
        Assert.Contains("~/.pgpass", err, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);   // no stack trace
    }

    [Fact]
    public void With_no_store_the_url_is_not_looked_at()
    {
        (int code, _, string err) = Cli.Run("forecast", Cli.Flagship, "--model", "smp", "--no-store", "--db", "postgres://parley:hunter2@127.0.0.1:1/runs");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void An_unreachable_server_is_said_plainly()
    {
        (int code, _, string err) = Cli.Run("runs", "list", "--db", "postgres://parley@127.0.0.1:1/runs?connect_timeout=2");
        Assert.Equal(2, code);
        Assert.Contains("postgres://parley@127.0.0.1:1/runs", err, StringComparison.Ordinal);
        Assert.Contains("cannot be used", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}
