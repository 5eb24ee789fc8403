namespace Parley.Core.Tests;

/// <summary>Finds the repository's folders from the test's output directory.</summary>
internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");

    /// <summary>
    /// The flagship's variant with a zone of agreement: the flagship as written has none (Russia's and Ukraine's territorial
    /// red lines, at least 75 and at most 50, cannot both hold); this variant lifts Russia's, so tests of deals, durability
    /// and side deals have a deal to work on.
    /// </summary>
    public const string WithZone = "freeze-on-the-line";

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    /// <summary>The folder of other tools' reference files that may not be copied (set by .ci/run), or null.</summary>
    public static string? ReferenceDir
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("PARLEY_REFERENCE_DIR");
            return dir is not null && Directory.Exists(dir) ? dir : null;
        }
    }

    /// <summary>The folder of the published analyses the flagship quotes (set by .ci/run), or null.</summary>
    public static string? SourcesDir
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("PARLEY_SOURCES_DIR");
            return dir is not null && Directory.Exists(dir) ? dir : null;
        }
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Parley.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Parley.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that runs only when PARLEY_REFERENCE_DIR names the shared reference folder.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute()
    {
        if (TestPaths.ReferenceDir is null)
        {
            Skip = "PARLEY_REFERENCE_DIR is not set: the GPL-licensed reference files (Genius, Decide) are not part of the project; .ci/run points the variable at ../shared/reference";
        }
    }
}

/// <summary>A theory that runs only when PARLEY_SOURCES_DIR names the folder of the published analyses.</summary>
public sealed class SourcesTheoryAttribute : TheoryAttribute
{
    public SourcesTheoryAttribute()
    {
        if (TestPaths.SourcesDir is null)
        {
            Skip = "PARLEY_SOURCES_DIR is not set: the published analyses the scenarios quote are copyrighted and not part of the project; .ci/run points the variable at ../shared/sources";
        }
    }
}

/// <summary>A theory that runs only when PARLEY_REFERENCE_DIR names the shared reference folder.</summary>
public sealed class ReferenceTheoryAttribute : TheoryAttribute
{
    public ReferenceTheoryAttribute()
    {
        if (TestPaths.ReferenceDir is null)
        {
            Skip = "PARLEY_REFERENCE_DIR is not set: the GPL-licensed reference files (Genius, Decide) are not part of the project; .ci/run points the variable at ../shared/reference";
        }
    }
}
