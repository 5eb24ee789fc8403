using System.Text;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Tests;

/// <summary>Exercises in the run store: their actions in order, each once, and credentials kept as hashes that are used once.</summary>
public sealed class ExerciseRecordsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-exercises-").FullName;

    private string Db => Path.Combine(dir, "runs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void An_exercise_keeps_its_scenario_settings_and_actions_in_order()
    {
        using RunStore store = RunStore.Open(Db);
        long id = store.CreateExercise("Talks", "talks", "talks.yaml", Encoding.UTF8.GetBytes("parley: 1\n"), """{"scenario":"talks"}""");
        store.AppendAction(id, 0, """{"kind":"advance"}""");
        store.AppendAction(id, 1, """{"kind":"end"}""");
        // an action is stored once: the same place twice is refused
        Assert.Throws<SqliteException>(() => store.AppendAction(id, 1, """{"kind":"advance"}"""));
        store.SetExerciseStatus(id, "ended");
        StoredExercise e = Assert.Single(store.Exercises());
        Assert.Equal(["""{"kind":"advance"}""", """{"kind":"end"}"""], e.Actions);
        Assert.Equal("ended", e.Status);
        Assert.Equal("parley: 1\n", Encoding.UTF8.GetString(e.Scenario));
    }

    [Fact]
    public void A_credential_is_used_once_and_revoked_by_seat()
    {
        using RunStore store = RunStore.Open(Db);
        store.AddCredential("h1", 1, "code", "ukraine");
        store.AddCredential("h2", 1, "session", "ukraine");
        store.AddCredential("h3", 1, "session", "russia");
        Assert.True(store.RevokeCredential("h1"));
        Assert.False(store.RevokeCredential("h1"));
        Assert.True(store.FindCredential("h1")!.Revoked);
        Assert.Equal(1, store.RevokeCredentials(1, "ukraine"));
        Assert.True(store.FindCredential("h2")!.Revoked);
        Assert.False(store.FindCredential("h3")!.Revoked);
        Assert.Null(store.FindCredential("nothing"));
    }
}
