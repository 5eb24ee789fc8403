using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Parley.Web.Tests;

/// <summary>The dashboard in-process, on the repository's scenarios, with a throwaway run store.</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    public DashboardFactory()
    {
        Db = Path.Combine(Path.GetTempPath(), $"parley-web-{Guid.NewGuid():N}.db");
    }

    public static string Root { get; } = FindRoot();

    public string Db { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Parley:Scenarios", Path.Combine(Root, "scenarios"));
        builder.UseSetting("Parley:Db", Db);
        builder.UseSetting("Parley:MaxRequestBytes", "65536");
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
