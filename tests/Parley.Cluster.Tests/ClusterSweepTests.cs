using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Core.Analyses;
using Parley.Core.Serialization;
using Parley.Storage;
using Parley.Tests.Shared;

namespace Parley.Cluster.Tests;

/// <summary>
/// Sweeps on a real Orleans cluster: two and three 'parley worker' silos as separate processes on loopback, with their
/// membership in a PostgreSQL database of the test server (PARLEY_TEST_POSTGRES; membership timeouts lowered with
/// PARLEY_CLUSTER_FAST=1). A sweep gives the bytes of the analysis on one machine, and a silo killed while it holds
/// unfinished items loses none of them.
/// </summary>
public sealed class ClusterSweepTests
{
    private static readonly string Root = FindRoot();

    private static readonly Lazy<ScenarioSet> Set = new(() =>
        ScenarioSet.Load([Path.Combine(Root, "scenarios", "ukraine-2025.yaml")]).Set ?? throw new InvalidOperationException("the flagship does not load"));

    [PostgresFact]
    public async Task Two_silos_give_the_result_of_one_machine()
    {
        var request = new DealRequest { Variant = "freeze-on-the-line", Draws = 60, Seed = 4, Step = 25 };
        string whole = Json(Engine.Run(request, Set.Value));
        (string url, string name) = PostgresTestServer.CreateDatabase();
        try
        {
            await using var cluster = await Silos.StartAsync(url, 2);
            await using ClusterExecutor executor = await cluster.ConnectAsync();
            var ledger = new MemoryLedger();
            AnalysisOutcome<AnalysisResult> swept = await Task.Run(() => Sweep.Run(request, Set.Value, new SweepSettings { Slices = 8, Executor = executor, Ledger = ledger }, out _));
            Assert.Equal(whole, Json(swept));
            Assert.Equal(8, ledger.Workers.Count);
            // both silos took work (placement by activation count spreads the items)
            Assert.Equal(2, ledger.Workers.Values.Distinct().Count());
        }
        finally
        {
            PostgresTestServer.DropDatabase(url, name);
        }
    }

    [PostgresFact]
    public async Task Three_silos_lose_one_that_holds_unfinished_items_and_lose_no_item()
    {
        var request = new ForecastRequest { Model = "smp", Draws = 3000, Seed = 21 };
        string whole = Json(Engine.Run(request, Set.Value));
        (string url, string name) = PostgresTestServer.CreateDatabase();
        try
        {
            // the victim holds each item for a minute before working on it, so it is killed with items unfinished
            await using var cluster = await Silos.StartAsync(url, 3, victimPauseMs: 60_000);
            await using ClusterExecutor executor = await cluster.ConnectAsync();
            var ledger = new MemoryLedger();
            Silo victim = cluster.Members[0];
            Task<AnalysisOutcome<AnalysisResult>> sweep = Task.Run(() => Sweep.Run(request, Set.Value, new SweepSettings { Slices = 12, Executor = executor, Ledger = ledger }, out _));

            // kill the victim once it has started an item (and, pausing, has finished none)
            Assert.True(await victim.WaitForAsync(l => l.Contains("started item", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), "the victim silo never got an item:\n" + victim.Log);
            victim.Kill();
            string[] held = victim.Unfinished();
            Assert.NotEmpty(held);

            AnalysisOutcome<AnalysisResult> swept = await sweep.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(whole, Json(swept));
            Assert.Equal(12, ledger.Workers.Count);
            foreach (string key in held)
            {
                // each item the victim held was finished by a silo that lived
                Assert.True(ledger.Workers.TryGetValue(key, out string? by), $"item {key} was lost");
                Assert.DoesNotContain($":{victim.SiloPort}:", by, StringComparison.Ordinal);
            }

            Assert.True(executor.Resent >= held.Length, $"{executor.Resent} items sent again, fewer than the {held.Length} the victim held");
        }
        finally
        {
            PostgresTestServer.DropDatabase(url, name);
        }
    }

    private static string Json(AnalysisOutcome<AnalysisResult> outcome)
    {
        Assert.True(outcome.Result is not null, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return ParleyJson.SerializeResult(outcome.Result!);
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Parley.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("the repository root is not above the tests");
    }

    private sealed class MemoryLedger : ISweepLedger
    {
        public ConcurrentDictionary<string, string> Workers { get; } = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string> Finished(string sweep) => new Dictionary<string, string>();

        public void Begin(string sweep, string request, int slices)
        {
        }

        public void Record(string sweep, SweepPiece piece) => Workers.TryAdd(piece.Key, piece.Worker);
    }

    /// <summary>'parley worker' processes on loopback.</summary>
    private sealed class Silos : IAsyncDisposable
    {
        private readonly string url;

        private Silos(string url, List<Silo> members)
        {
            this.url = url;
            Members = members;
        }

        public List<Silo> Members { get; }

        public static async Task<Silos> StartAsync(string url, int count, int victimPauseMs = 0)
        {
            var members = new List<Silo>();
            var silos = new Silos(url, members);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    // one at a time: the first creates the membership tables
                    Silo s = Silo.Start(url, i == 0 ? victimPauseMs : 0);
                    members.Add(s);
                    Assert.True(await s.WaitForAsync(l => l.Contains("joined cluster", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), "a silo did not join:\n" + s.Log);
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
            Assert.Equal($"a cluster of {Members.Count} silos", executor.Name);
            return executor;
        }

        public ValueTask DisposeAsync()
        {
            foreach (Silo s in Members)
            {
                s.Kill();
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class Silo
    {
        private readonly Process process;
        private readonly StringBuilderLog log = new();

        private Silo(Process process, int siloPort)
        {
            this.process = process;
            SiloPort = siloPort;
        }

        public int SiloPort { get; }

        public string Log => log.Text;

        public static Silo Start(string url, int pauseMs)
        {
            int siloPort = FreePort(), gatewayPort = FreePort();
            string cli = Path.Combine(Root, "src", "Parley.Cli", "bin", "Release", "net10.0", "parley.dll");
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
            var silo = new Silo(process, siloPort);
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

    private sealed class StringBuilderLog
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
}
