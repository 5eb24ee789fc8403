using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Cluster;
using Parley.Storage;
using Xunit;

namespace Parley.Tests.Shared;

/// <summary>The repository's root, found above the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "Parley.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("the repository root is not above the tests");
    }
}

/// <summary>'parley worker' processes on loopback, a cluster whose membership is in a test database (PARLEY_CLUSTER_FAST=1).</summary>
public sealed class WorkerProcesses : IAsyncDisposable
{
    private readonly string url;

    private WorkerProcesses(string url, List<WorkerProcess> members)
    {
        this.url = url;
        Members = members;
    }

    public List<WorkerProcess> Members { get; }

    public static async Task<WorkerProcesses> StartAsync(string url, int count, int victimPauseMs = 0)
    {
        var members = new List<WorkerProcess>();
        var silos = new WorkerProcesses(url, members);
        try
        {
            for (int i = 0; i < count; i++)
            {
                // one at a time: the first creates the membership tables
                WorkerProcess s = WorkerProcess.Start(url, i == 0 ? victimPauseMs : 0);
                members.Add(s);
                Assert.True(await s.WaitForAsync(l => l.Contains("joined cluster", StringComparison.Ordinal), TimeSpan.FromSeconds(180)), "a silo did not join:\n" + s.Log);
            }
        }
        catch
        {
            await silos.DisposeAsync();
            throw;
        }

        return silos;
    }

    public async Task<ClusterExecutor> ConnectAsync()
    {
        ClusterExecutor executor = await ClusterExecutor.ConnectAsync(new ClusterSettings { ConnectionString = StoreLocation.Parse(url).ConnectionString!, FastFailureDetection = true }, TimeSpan.FromSeconds(120));
        Assert.Equal($"a cluster of {Members.Count} silo{(Members.Count == 1 ? string.Empty : "s")}", executor.Name);
        return executor;
    }

    public ValueTask DisposeAsync()
    {
        foreach (WorkerProcess s in Members)
        {
            s.Kill();
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class WorkerProcess
{
    private readonly Process process;
    private readonly StringBuilderLog log = new();

    private WorkerProcess(Process process, int siloPort)
    {
        this.process = process;
        SiloPort = siloPort;
    }

    public int SiloPort { get; }

    public string Log => log.Text;

    public static WorkerProcess Start(string url, int pauseMs)
    {
        int siloPort = FreePort(), gatewayPort = FreePort();
        string cli = System.IO.Path.Combine(RepositoryRoot.Path, "src", "Parley.Cli", "bin", "Release", "net10.0", "parley.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { cli, "worker", "--cluster", url, "--port", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["PARLEY_CLUSTER_FAST"] = "1";
        if (pauseMs > 0)
        {
            info.Environment["PARLEY_WORKER_PAUSE_MS"] = pauseMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start 'parley worker'");
        var silo = new WorkerProcess(process, siloPort);
        process.ErrorDataReceived += (_, e) => silo.log.Add(e.Data);
        process.OutputDataReceived += (_, e) => silo.log.Add(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return silo;
    }

    public async Task<bool> WaitForAsync(Func<string, bool> line, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (log.Lines().Any(line))
            {
                return true;
            }

            if (process.HasExited)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The items the silo started and never finished (read once it is dead: a finished item is logged before its answer leaves).</summary>
    public string[] Unfinished()
    {
        string[] lines = log.Lines();
        string Item(string l) => l[(l.IndexOf(" item ", StringComparison.Ordinal) + 6)..];
        var finished = lines.Where(l => l.Contains(" finished item ", StringComparison.Ordinal)).Select(Item).ToHashSet(StringComparer.Ordinal);
        return [.. lines.Where(l => l.Contains(" started item ", StringComparison.Ordinal)).Select(Item).Where(i => !finished.Contains(i)).Select(i => i[(i.IndexOf('/', StringComparison.Ordinal) + 1)..])];
    }

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

internal sealed class StringBuilderLog
{
    private readonly List<string> lines = [];

    public string Text
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }

    public string[] Lines()
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
