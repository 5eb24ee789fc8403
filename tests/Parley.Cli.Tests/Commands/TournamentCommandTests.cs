using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

/// <summary><c>parley tournament</c>: the table, JSON, the stored run and its report, and refusals.</summary>
public class TournamentCommandTests
{
    [Fact]
    public void The_tournament_prints_its_table_and_is_stored_and_reported()
    {
        string db = Path.Combine(Directory.CreateTempSubdirectory("parley-tournament-").FullName, "runs.db");
        (int code, string text, string err) = Cli.Run("tournament", Cli.Flagship, "--variant", "freeze-on-the-line", "--strategies", "boulware,conceder,hard-liner", "--seeds", "3", "--db", db);
        Assert.True(code == 0, err);
        Assert.Contains("Strategy tournament", text, StringComparison.Ordinal);
        Assert.Contains("boulware", text, StringComparison.Ordinal);
        Assert.Contains("estimates from published analyses", text, StringComparison.Ordinal);
        string md = Path.Combine(Path.GetDirectoryName(db)!, "t.md");
        (code, _, err) = Cli.Run("report", "1", "--db", db, "--format", "markdown", "--out", md);
        Assert.True(code == 0, err);
        Assert.Contains("Which strategy does best at this table", File.ReadAllText(md), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lists_every_strategy_with_its_measures()
    {
        (int code, string json, string err) = Cli.Run("tournament", Cli.Flagship, "--variant", "freeze-on-the-line", "--strategies", "boulware,conceder", "--seeds", "2", "--format", "json", "--no-store");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(12, root.GetProperty("runs").GetInt32());
        Assert.Equal(2, root.GetProperty("entries").GetArrayLength());
        Assert.All(root.GetProperty("entries").EnumerateArray(), e => Assert.Equal(2, e.GetProperty("rank_range").GetArrayLength()));
    }

    [Fact]
    public void Refusals_are_one_line_with_an_exit_code()
    {
        (int code, _, string err) = Cli.Run("tournament", Cli.Flagship, "--strategies", "boulware,nope", "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("not a strategy", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("tournament", Cli.Flagship, "--seeds", "0", "--no-store");
        Assert.Equal(1, code);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }
}

/// <summary><c>parley runs list</c> lists the dashboard's exercises kept in the store.</summary>
public class RunsListExercisesTests
{
    [Fact]
    public void Exercises_in_the_store_are_listed_after_the_runs()
    {
        string db = Path.Combine(Directory.CreateTempSubdirectory("parley-runs-ex-").FullName, "runs.db");
        using (Parley.Storage.RunStore store = Parley.Storage.RunStore.Open(db))
        {
            long id = store.CreateExercise("Ukraine peace talks 2025", "ukraine-2025", "ukraine-2025.yaml", [1, 2, 3], """{"scenario":"ukraine-2025","variant":"freeze-on-the-line","deadline":12,"seed":1,"seats":[]}""");
            store.AppendAction(id, 0, """{"kind":"advance"}""");
        }

        (int code, string text, string err) = Cli.Run("runs", "list", "--db", db);
        Assert.True(code == 0, err);
        Assert.Contains("1 exercise(s)", text, StringComparison.Ordinal);
        // the table wraps at 80 columns when the output is not a terminal
        Assert.Contains("freeze-on-the", text, StringComparison.Ordinal);
        Assert.DoesNotContain("command", text, StringComparison.Ordinal);
    }
}
