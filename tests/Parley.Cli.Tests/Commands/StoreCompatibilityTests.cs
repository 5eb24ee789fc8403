using System.IO.Compression;
using System.Text.Json;
using Parley.Storage;

namespace Parley.Cli.Tests.Commands;

/// <summary>
/// Runs stored by the version before the typed engine (tests/fixtures/stores/v1-runs.db.gz, schema 1, no requests) still
/// list, show, diff, export and rerun; runs stored now keep their request and rerun through the engine bit for bit.
/// </summary>
public sealed class StoreCompatibilityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-old-store-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string OldStore()
    {
        string db = Path.Combine(dir, "v1.db");
        using FileStream gz = File.OpenRead(Path.Combine(Cli.Root, "tests", "fixtures", "stores", "v1-runs.db.gz"));
        using var unzip = new GZipStream(gz, CompressionMode.Decompress);
        using FileStream file = File.Create(db);
        unzip.CopyTo(file);
        return db;
    }

    [Fact]
    public void Runs_stored_by_the_previous_version_list_show_diff_export_and_rerun()
    {
        string db = OldStore();
        (int lc, string list, string lerr) = Cli.Run("runs", "list", "--db", db, "--format", "json");
        Assert.True(lc == 0, lerr);
        using (JsonDocument runs = JsonDocument.Parse(list))
        {
            Assert.Equal(["run", "compare", "simulate", "durability", "analyze", "forecast"], runs.RootElement.EnumerateArray().Select(r => r.GetProperty("command").GetString()));
        }

        using (RunStore store = RunStore.Open(db))
        {
            Assert.Equal(RunStore.SchemaVersion, store.FileVersion);   // migrated on open
            Assert.Null(store.Get(1)!.Request);
        }

        (int sc, string show, _) = Cli.Run("runs", "show", "3", "--db", db, "--format", "json");
        Assert.Equal(0, sc);
        Assert.Equal("durability", JsonDocument.Parse(show).RootElement.GetProperty("command").GetString());
        (int dc, string diff, _) = Cli.Run("runs", "diff", "1", "3", "--db", db);
        Assert.Equal(0, dc);
        Assert.Contains("run 1", diff, StringComparison.Ordinal);
        (int ec, string csv, _) = Cli.Run("runs", "export", "6", "--db", db, "--format", "csv");
        Assert.Equal(0, ec);
        Assert.StartsWith("run,path,number,text\n", csv, StringComparison.Ordinal);

        for (int id = 1; id <= 2; id++)
        {
            (int rc, string rerun, string rerr) = Cli.Run("runs", "rerun", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db);
            Assert.True(rc == 0, $"run {id}: {rerun}{rerr}");
            Assert.Contains($"Run {id} reproduced: every value", rerun, StringComparison.Ordinal);
        }

        // 0.2.0 seats every party (issue 13): the old simulated tables left some out, so runs with a simulated negotiation
        // differ and say so (Minsk: the separatists, France and the OSCE join; the flagship's stored file has no roles, so
        // all seven sit; Dayton: Serbia joins the US and Bosnia)
        // and the empirical durability model's data handling was corrected (issue 16: the Famboni Declaration left out, the
        // Bangsamoro annexes censored, not dropped) and the conflict's history joined the model (the old file states none, so the
        // model takes its data's average), so a stored durability run's empirical shares move and it says so
        foreach ((int id, string changed) in new[] { (3, "empirical.5y: 0.6269 -> 0.6583"), (4, "-> separatists"), (5, "runs.base.deal (simulated)"), (6, "simulation.agreement.state: 100 -> 50") })
        {
            (int rc, string rerun, _) = Cli.Run("runs", "rerun", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db);
            Assert.Equal(1, rc);
            Assert.Contains($"Run {id} did NOT reproduce", rerun, StringComparison.Ordinal);
            Assert.Contains("(stored by parley 0.1.0, this is 0.2.0)", rerun, StringComparison.Ordinal);
            Assert.Contains(changed, rerun, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_old_run_whose_values_changed_is_reported_as_not_reproduced()
    {
        string db = OldStore();
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using Microsoft.Data.Sqlite.SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE runs SET result = replace(result, '\"zone_size\": 1331', '\"zone_size\": 1330') WHERE id = 2;";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        (int rc, string rerun, _) = Cli.Run("runs", "rerun", "2", "--db", db);
        Assert.Equal(1, rc);
        Assert.Contains("did NOT reproduce", rerun, StringComparison.Ordinal);
        Assert.Contains("zone_size", rerun, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_run_keeps_its_request_and_reruns_through_the_engine_bit_for_bit()
    {
        string db = Path.Combine(dir, "new.db");
        string package = Path.Combine(Cli.Root, "examples", "packages", Directory.GetFiles(Path.Combine(Cli.Root, "examples", "packages")).Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!);
        (int fc, _, string ferr) = Cli.Run("forecast", Cli.Flagship, "--draws", "30", "--db", db);
        Assert.True(fc == 0, ferr);
        (int pc, _, string perr) = Cli.Run("durability", Cli.Flagship, "--package", package, "--db", db);
        Assert.True(pc == 0, perr);
        using (RunStore store = RunStore.Open(db))
        {
            Assert.StartsWith("{\"analysis\":\"forecast\"", store.Get(1)!.Request, StringComparison.Ordinal);
            Assert.Contains("\"package\":{", store.Get(2)!.Request, StringComparison.Ordinal);   // the typed-in package travels in the request
            Assert.DoesNotContain("\n", store.Get(1)!.Result, StringComparison.Ordinal);          // stored compact
        }

        foreach (string id in new[] { "1", "2" })
        {
            (int rc, string rerun, string rerr) = Cli.Run("runs", "rerun", id, "--db", db);
            Assert.True(rc == 0, rerun + rerr);
            Assert.Contains("reproduced bit for bit", rerun, StringComparison.Ordinal);
        }
    }
}
