using Microsoft.Data.Sqlite;
using Parley.Storage;

namespace Parley.Cli.Tests.Commands;

/// <summary>Every stored request and result carries a SHA-256 that is checked when read; a damaged store can be checked and salvaged.</summary>
public sealed class StoreIntegrityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-integrity-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static void Exec(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void A_damaged_run_is_detected_listed_by_check_and_left_behind_by_salvage()
    {
        string db = Path.Combine(dir, "runs.db");
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "compromise", "--db", db).Code);
        Assert.Equal(0, Cli.Run("analyze", Cli.Flagship, "--db", db).Code);
        (int sound, string soundOut, _) = Cli.Run("runs", "check", "--db", db);
        Assert.Equal(0, sound);
        Assert.Contains("sound (2 run(s), every checksum holds)", soundOut, StringComparison.Ordinal);

        // one byte of run 1's stored result changes behind the store's back
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE runs SET result = replace(result, 'Ukraine peace', 'Ukrayne peace') WHERE id = 1;";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        (int show, _, string showErr) = Cli.Run("runs", "show", "1", "--db", db);
        Assert.Equal(2, show);
        Assert.Contains("run 1 is damaged", showErr, StringComparison.Ordinal);
        (int check, string checkOut, _) = Cli.Run("runs", "check", "--db", db);
        Assert.Equal(2, check);
        Assert.Contains("run 1:", checkOut, StringComparison.Ordinal);
        Assert.DoesNotContain("run 2:", checkOut, StringComparison.Ordinal);

        // the run's indexed values and its description are guarded too
        Exec(db, "UPDATE run_values SET number = number + 1000 WHERE run_id = 2 AND number IS NOT NULL;");
        (_, string values, _) = Cli.Run("runs", "check", "--db", db);
        Assert.Contains("run 2: its indexed values (run_values) differ from its result", values, StringComparison.Ordinal);
        Exec(db, "UPDATE runs SET tool_version = tool_version || 'x' WHERE id = 2;");
        (_, string described, _) = Cli.Run("runs", "check", "--db", db);
        Assert.Contains("run 2 is damaged: its description, request or result does not match its checksum", described, StringComparison.Ordinal);
        Exec(db, "UPDATE runs SET tool_version = substr(tool_version, 1, length(tool_version) - 1) WHERE id = 2;");   // restored: its checksum holds again

        string saved = Path.Combine(dir, "saved.db");
        (int salvage, string salvageOut, _) = Cli.Run("runs", "salvage", "--db", db, "--out", saved);
        Assert.Equal(0, salvage);
        Assert.Contains("Copied 1 run(s)", salvageOut, StringComparison.Ordinal);
        Assert.Contains("left behind (damaged): 1.", salvageOut, StringComparison.Ordinal);
        using RunStore copy = RunStore.Open(saved);
        Assert.Equal(1, copy.Count());
        Assert.Equal("analyze", copy.List()[0].Command);
        Assert.Empty(copy.Check());
    }
}
