namespace Parley.Storage.Tests;

/// <summary>Sweeps in the run store: recorded once, each item's first result wins, also between writers at the same moment (both databases).</summary>
public abstract class SweepRecordsTests(IStoreTarget target) : IDisposable
{
    private string Db => target.Db;

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public void A_sweep_is_recorded_once()
    {
        using RunStore store = RunStore.Open(Db);
        Assert.Null(store.SweepRequest("s1"));
        Assert.True(store.SaveSweep("s1", "experiment", """{"analysis":"experiment"}""", 3));
        Assert.False(store.SaveSweep("s1", "other", """{"other":true}""", 9));
        Assert.Equal("""{"analysis":"experiment"}""", store.SweepRequest("s1"));
        Assert.Empty(store.SweepItems("s1"));
        Assert.Empty(store.SweepItems("unknown"));
    }

    [StoreFact]
    public void An_items_first_result_wins_and_a_later_one_changes_nothing()
    {
        using RunStore store = RunStore.Open(Db);
        store.SaveSweep("s1", "experiment", "{}", 2);
        store.SaveSweep("s2", "experiment", "{}", 1);
        Assert.True(store.SaveSweepItem("s1", "a", "worker-1", "first"));
        Assert.False(store.SaveSweepItem("s1", "a", "worker-2", "second"));
        Assert.True(store.SaveSweepItem("s1", "b", "worker-2", "b's"));
        Assert.True(store.SaveSweepItem("s2", "a", "worker-2", "another sweep's a"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "first", ["b"] = "b's" }, store.SweepItems("s1"));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "another sweep's a" }, store.SweepItems("s2"));
    }

    [StoreFact]
    public void An_item_of_an_unknown_sweep_is_refused()
    {
        using RunStore store = RunStore.Open(Db);
        Assert.ThrowsAny<System.Data.Common.DbException>(() => store.SaveSweepItem("nope", "a", "w", "p"));
    }

    [StoreFact]
    public void Of_two_writers_of_one_item_at_the_same_moment_exactly_one_wins()
    {
        using (RunStore store = RunStore.Open(Db))
        {
            store.SaveSweep("race", "experiment", "{}", 40);
        }

        const int Items = 40;
        var wins = new bool[2, Items];
        using var start = new Barrier(2);
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, w =>
        {
            using RunStore mine = RunStore.Open(Db);   // each writer on a connection of its own
            for (int k = 0; k < Items; k++)
            {
                start.SignalAndWait();
                wins[w, k] = mine.SaveSweepItem("race", $"item-{k}", $"worker-{w}", $"from worker {w}");
            }
        });

        using RunStore again = RunStore.Open(Db);
        IReadOnlyDictionary<string, string> items = again.SweepItems("race");
        Assert.Equal(Items, items.Count);
        for (int k = 0; k < Items; k++)
        {
            Assert.True(wins[0, k] ^ wins[1, k], $"item {k}: worker 0 {(wins[0, k] ? "won" : "lost")}, worker 1 {(wins[1, k] ? "won" : "lost")}");
            Assert.Equal($"from worker {(wins[0, k] ? 0 : 1)}", items[$"item-{k}"]);
        }
    }
}

public sealed class SqliteSweepRecordsTests() : SweepRecordsTests(new SqliteTarget());

public sealed class PostgresSweepRecordsTests() : SweepRecordsTests(new PostgresTarget()), IPostgresTests;
