using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Parley.Web.Tests;

/// <summary>The dashboard in-process, on the repository's scenarios, with a throwaway run store and the given settings.</summary>
/// <param name="settings">Configuration keys and values (e.g. Parley:MaxJobs).</param>
public abstract class SettingsDashboardFactory(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public static string Root { get; } = FindRoot();

    public string Db { get; } = Path.Combine(Path.GetTempPath(), $"parley-web-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Parley:Scenarios", Path.Combine(Root, "scenarios"));
        builder.UseSetting("Parley:Db", Db);
        foreach ((string key, string value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (string f in new[] { Db, Db + "-wal", Db + "-shm" })
        {
            File.Delete(f);
        }
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

/// <summary>The dashboard with small request bodies.</summary>
public sealed class DashboardFactory() : SettingsDashboardFactory(("Parley:MaxRequestBytes", "65536"));

/// <summary>The dashboard with a run-time limit far below what a large run needs.</summary>
public sealed class ImpatientDashboardFactory() : SettingsDashboardFactory(("Parley:RunTimeLimit", "00:00:00.300"));

/// <summary>The dashboard with room for two jobs at a time.</summary>
public sealed class TwoJobDashboardFactory() : SettingsDashboardFactory(("Parley:MaxJobs", "2"));
