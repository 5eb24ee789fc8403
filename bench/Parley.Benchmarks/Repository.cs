namespace Parley.Benchmarks;

/// <summary>The repository the benchmarks run in (its scenarios are their inputs).</summary>
internal static class Repository
{
    /// <summary>The folder holding Parley.sln.</summary>
    public static string Root { get; } = Find();

    /// <summary>A shipped scenario file.</summary>
    /// <param name="name">File name under scenarios/.</param>
    public static string Scenario(string name) => Path.Combine(Root, "scenarios", name);

    private static string Find()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Parley.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
        }

        return root;
    }
}
