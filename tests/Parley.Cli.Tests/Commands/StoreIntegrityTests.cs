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

    [UnwritableFileFact]
    public void A_store_that_cannot_be_written_is_listed_shown_exported_and_checked()
    {
        string db = Path.Combine(dir, "runs.db");
        Assert.Equal(0, Cli.Run("forecast", Cli.Flagship, "--model", "compromise", "--db", db).Code);
        using (UnwritableFileFactAttribute.Lock(db))
        {
            Assert.False(RunStore.Writable(db));
            byte[] before = File.ReadAllBytes(db);
            (int listed, string list, string note) = Cli.Run("runs", "list", "--db", db);
            Assert.Equal(0, listed);
            Assert.Contains("is read-only: opened for reading", note, StringComparison.Ordinal);
            Assert.Contains("forecast", list, StringComparison.Ordinal);
            Assert.Equal(0, Cli.Run("runs", "show", "1", "--db", db).Code);
            Assert.Equal(0, Cli.Run("runs", "export", "1", "--db", db, "--format", "json").Code);
            Assert.Equal(0, Cli.Run("runs", "check", "--db", db).Code);

            // recording into it is refused before SQLite is asked, leaving no journal files beside it
            (int recorded, _, string why) = Cli.Run("forecast", Cli.Flagship, "--model", "compromise", "--db", db);
            Assert.Equal(3, recorded);
            Assert.Contains("is read-only (use --no-store, or --db another store)", why, StringComparison.Ordinal);
            Assert.False(File.Exists(db + "-wal") || File.Exists(db + "-shm"));
            Assert.Equal(before, File.ReadAllBytes(db));
        }
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

/// <summary>
/// A test that needs a file this process cannot write: by its mode (0444) for an ordinary user, by the immutable attribute
/// (chattr +i) for root, whom modes do not stop; skipped, with the reason, where neither can be had.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class UnwritableFileFactAttribute : FactAttribute
{
    private static readonly bool Root = Environment.UserName == "root";

    public UnwritableFileFactAttribute()
    {
        if (Root && !File.Exists("/usr/bin/chattr") && !File.Exists("/bin/chattr"))
        {
            Skip = "running as root without chattr: no way to make a file this process cannot write";
        }
    }

    /// <summary>Makes the file unwritable until disposed.</summary>
    public static IDisposable Lock(string file)
    {
        var undo = new Undo(file);
        undo.Set(locked: true);
        return undo;
    }

    private static void Chattr(string change, string file)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [change, file]) { RedirectStandardError = true, UseShellExecute = false })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"chattr {change} {file}: {p.StandardError.ReadToEnd()}");
    }

    private sealed class Undo(string file) : IDisposable
    {
        public void Set(bool locked)
        {
            if (Root)
            {
                Chattr(locked ? "+i" : "-i", file);
            }
            else if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, locked ? UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead : UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        public void Dispose() => Set(locked: false);
    }
}
