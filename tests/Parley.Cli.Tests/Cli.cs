namespace Parley.Cli.Tests;

/// <summary>Runs the CLI in-process and finds the repository's files.</summary>
internal static class Cli
{
    static Cli()
    {
        // runs made by the tests go to a throwaway store, never to a parley.db in the working directory
        Environment.SetEnvironmentVariable(Parley.Storage.RunStore.EnvironmentVariable, TestStore);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (string f in new[] { TestStore, TestStore + "-wal", TestStore + "-shm" })
            {
                File.Delete(f);
            }
        };
    }

    /// <summary>The run store the in-process CLI writes to during the tests.</summary>
    public static string TestStore { get; } = Path.Combine(Path.GetTempPath(), $"parley-cli-tests-{Environment.ProcessId}.db");

    public static string Root { get; } = FindRoot();

    public static string Flagship { get; } = Path.Combine(Root, "scenarios", "ukraine-2025.yaml");

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Parley.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir!;
    }
}
