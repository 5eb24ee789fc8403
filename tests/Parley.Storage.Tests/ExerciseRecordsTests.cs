using System.Data.Common;
using System.Text;

namespace Parley.Storage.Tests;

/// <summary>Exercises in the run store: their actions in order, each once, and credentials kept as hashes that are used once (both databases).</summary>
public abstract class ExerciseRecordsTests(IStoreTarget target) : IDisposable
{
    private string Db => target.Db;

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public void An_exercise_keeps_its_scenario_settings_actions_and_instance_in_order()
    {
        using RunStore store = RunStore.Open(Db);
        long id = store.CreateExercise("Talks", "talks", "talks.yaml", Encoding.UTF8.GetBytes("parley: 1\n"), """{"scenario":"talks"}""", instance: "dashboard-a");
        long other = store.CreateExercise("Talks", "talks", "talks.yaml", Encoding.UTF8.GetBytes("parley: 1\n"), "{}");
        Assert.NotEqual(id, other);
        store.AppendAction(id, 0, """{"kind":"advance"}""");
        store.AppendAction(id, 1, """{"kind":"end"}""");
        // an action is stored once: the same place twice is refused
        Assert.ThrowsAny<DbException>(() => store.AppendAction(id, 1, """{"kind":"advance"}"""));
        store.SetExerciseStatus(id, "ended");
        StoredExercise e = store.Exercises()[0];
        Assert.Equal(["""{"kind":"advance"}""", """{"kind":"end"}"""], e.Actions);
        Assert.Equal("ended", e.Status);
        Assert.Equal("parley: 1\n", Encoding.UTF8.GetString(e.Scenario));
        Assert.Equal("dashboard-a", e.Instance);
        Assert.Null(store.Exercises()[1].Instance);
    }

    [StoreFact]
    public void A_credential_is_used_once_and_revoked_by_seat()
    {
        using RunStore store = RunStore.Open(Db);
        store.AddCredential("h1", 1, "code", "ukraine");
        store.AddCredential("h2", 1, "session", "ukraine");
        store.AddCredential("h3", 1, "session", "russia");
        Assert.True(store.RevokeCredential("h1"));
        Assert.False(store.RevokeCredential("h1"));
        Assert.True(store.FindCredential("h1")!.Revoked);
        Assert.Equal(0, store.RevokeCredentials(1, "ukraine", "code"));
        Assert.Equal(1, store.RevokeCredentials(1, "ukraine"));
        Assert.True(store.FindCredential("h2")!.Revoked);
        Assert.False(store.FindCredential("h3")!.Revoked);
        Assert.Null(store.FindCredential("nothing"));
    }
}

public sealed class SqliteExerciseRecordsTests() : ExerciseRecordsTests(new SqliteTarget());

public sealed class PostgresExerciseRecordsTests() : ExerciseRecordsTests(new PostgresTarget()), IPostgresTests;
