using System.Diagnostics;

namespace Parley.Cli.Tests;

/// <summary>
/// Parley installs as a .NET tool from a locally packed folder, and Parley.Core works as a NuGet package in a project
/// outside the solution (examples/library), as a user would take them.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-pack-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // the configuration the tests were built in: packing reuses that build instead of building again beside running tests
    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static (int Code, string Out) Dotnet(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        return Start(psi);
    }

    private static (int Code, string Out) Start(ProcessStartInfo psi)
    {
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, output + "\n(timed out)");
        }

        return (p.ExitCode, output + err.Result);
    }

    [Fact]
    public void The_command_line_installs_as_a_dotnet_tool_from_a_packed_folder_and_validates_the_flagship()
    {
        string feed = Path.Combine(dir, "feed");
        (int pc, string pout) = Dotnet(Cli.Root, "pack", "src/Parley.Cli/Parley.Cli.csproj", "-c", Configuration, "--no-build", "-o", feed, "-nologo");
        Assert.True(pc == 0, pout);

        // only the packed folder as a source: the tool package carries its dependencies
        string config = Path.Combine(dir, "nuget.config");
        File.WriteAllText(config, $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>""");
        string tools = Path.Combine(dir, "tools");
        (int ic, string iout) = Dotnet(dir, "tool", "install", "parley", "--tool-path", tools, "--configfile", config, "--version", Parley.Core.Analyses.Engine.Version);
        Assert.True(ic == 0, iout);

        (int vc, string vout) = Start(new ProcessStartInfo(Path.Combine(tools, "parley"), ["validate", Cli.Flagship]) { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.True(vc == 0, vout);
        Assert.Contains("ukraine-2025.yaml: valid", vout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_example_restores_Parley_Core_from_the_packed_folder_and_runs_the_main_job()
    {
        // examples/library's nuget.config takes Parley.Core from artifacts/packages only
        string feed = Path.Combine(Cli.Root, "artifacts", "packages");
        (int pc, string pout) = Dotnet(Cli.Root, "pack", "src/Parley.Core/Parley.Core.csproj", "-c", Configuration, "--no-build", "-o", feed, "-nologo");
        Assert.True(pc == 0, pout);
        Assert.True(File.Exists(Path.Combine(feed, $"Parley.Core.{Parley.Core.Analyses.Engine.Version}.nupkg")));

        // a fresh package cache, so that the package just packed is the one restored (not an older copy of the same version)
        string project = Path.Combine(Cli.Root, "examples", "library", "LibraryExample.csproj");
        string output = Path.Combine(dir, "out");
        (int bc, string bout) = Dotnet(Cli.Root, "build", project, "--packages", Path.Combine(dir, "packages"), "-o", output, "-nologo", "-v", "quiet");
        Assert.True(bc == 0, bout);
        Assert.True(Directory.Exists(Path.Combine(dir, "packages", "parley.core")), "Parley.Core was not restored from the packed folder");

        (int rc, string rout) = Dotnet(Cli.Root, Path.Combine(output, "LibraryExample.dll"), Cli.Flagship);
        Assert.True(rc == 0, rout);
        Assert.Contains("zone of agreement: 0 packages; blocked by: russia's red line on territory", rout, StringComparison.Ordinal);
        Assert.Contains("holds 5 years: donbas-withdrawal ", rout, StringComparison.Ordinal);
    }
}
