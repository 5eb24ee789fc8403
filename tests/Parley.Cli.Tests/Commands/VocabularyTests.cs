using System.CommandLine;

namespace Parley.Cli.Tests.Commands;

/// <summary>The same flag means the same thing on every computing command, and every computing command takes them all.</summary>
public sealed class VocabularyTests : IDisposable
{
    private static readonly string[] Computing = ["forecast", "analyze", "simulate", "durability", "compare", "sensitivity", "run", "brief"];

    private static readonly string[] Shared = ["--draws", "--seed", "--format", "--variant", "--db", "--no-store"];

    private readonly string dir = Directory.CreateTempSubdirectory("parley-vocabulary-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Every_computing_command_takes_draws_seed_format_variant_db_and_no_store()
    {
        RootCommand root = CliApp.Build(new Output(TextWriter.Null, TextWriter.Null));
        foreach (string name in Computing)
        {
            Command command = root.Subcommands.Single(c => c.Name == name);
            string[] options = [.. command.Options.Select(o => o.Name)];
            Assert.All(Shared, flag => Assert.True(options.Contains(flag), $"parley {name} has no {flag}"));
        }
    }

    [Fact]
    public void Sensitivity_uses_its_draws_and_is_recorded_with_them()
    {
        string db = Path.Combine(dir, "runs.db");
        (int code, string json, string err) = Cli.Run("sensitivity", Cli.Flagship, "--draws", "20", "--seed", "4", "--format", "json", "--db", db);
        Assert.True(code == 0, err);
        Assert.Contains("\"draws\": 20", json, StringComparison.Ordinal);
        (int central, string centralJson, _) = Cli.Run("sensitivity", Cli.Flagship, "--format", "json", "--no-store");
        Assert.Equal(0, central);
        Assert.NotEqual(json.Replace("\"draws\": 20", string.Empty, StringComparison.Ordinal), centralJson.Replace("\"draws\": 0", string.Empty, StringComparison.Ordinal));
        (int listed, string list, _) = Cli.Run("runs", "list", "--db", db, "--format", "json");
        Assert.Equal(0, listed);
        Assert.Equal("sensitivity", System.Text.Json.JsonDocument.Parse(list).RootElement[0].GetProperty("command").GetString());
        Assert.Equal(20, System.Text.Json.JsonDocument.Parse(list).RootElement[0].GetProperty("draws").GetInt64());
        Assert.False(File.Exists(Path.Combine(dir, "none.db")));
        Assert.Equal(0, Cli.Run("sensitivity", Cli.Flagship, "--no-store", "--db", Path.Combine(dir, "none.db")).Code);
        Assert.False(File.Exists(Path.Combine(dir, "none.db")));
    }
}
