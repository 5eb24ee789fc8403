using System.Collections.Concurrent;
using System.Diagnostics;
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
    private static readonly Lazy<ScenarioSet> Set = new(() =>
        ScenarioSet.Load([Path.Combine(RepositoryRoot.Path, "scenarios", "ukraine-2025.yaml")]).Set ?? throw new InvalidOperationException("the flagship does not load"));

    [PostgresFact]
    public async Task Two_silos_give_the_result_of_one_machine()
    {
        var request = new DealRequest { Variant = "freeze-on-the-line", Draws = 60, Seed = 4, Step = 25 };
        string whole = Json(Engine.Run(request, Set.Value));
        (string url, string name) = PostgresTestServer.CreateDatabase();
        try
        {
            await using var cluster = await WorkerProcesses.StartAsync(url, 2);
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
            await using var cluster = await WorkerProcesses.StartAsync(url, 3, victimPauseMs: 60_000);
            await using ClusterExecutor executor = await cluster.ConnectAsync();
            var ledger = new MemoryLedger();
            WorkerProcess victim = cluster.Members[0];
            Task<AnalysisOutcome<AnalysisResult>> sweep = Task.Run(() => Sweep.Run(request, Set.Value, new SweepSettings { Slices = 12, Executor = executor, Ledger = ledger }, out _));

            // kill the victim once it has started an item (and, pausing, has finished none)
            Assert.True(await victim.WaitForAsync(l => l.Contains("started item", StringComparison.Ordinal), TimeSpan.FromSeconds(120)), "the victim silo never got an item:\n" + victim.Log);
            victim.Kill();
            string[] held = victim.Unfinished();
            Assert.NotEmpty(held);

            AnalysisOutcome<AnalysisResult> swept = await sweep.WaitAsync(TimeSpan.FromMinutes(5));
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

    [PostgresFact]
    public async Task A_sweep_whose_workers_are_all_gone_stops_and_says_so()
    {
        (string url, string name) = PostgresTestServer.CreateDatabase();
        try
        {
            await using var cluster = await WorkerProcesses.StartAsync(url, 1);
            await using ClusterExecutor executor = await cluster.ConnectAsync();
            cluster.Members[0].Kill();
            var clock = Stopwatch.StartNew();
            var request = new ForecastRequest { Model = "smp", Draws = 200, Seed = 2 };
            Parley.Core.Domain.WorkRefusedException e = await Assert.ThrowsAsync<Parley.Core.Domain.WorkRefusedException>(() =>
                Task.Run(() => Sweep.Run(request, Set.Value, new SweepSettings { Slices = 4, Executor = executor }, out _)));
            Assert.Contains("start one ('parley worker --cluster", e.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"it took {clock.Elapsed} to say so");
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

    private sealed class MemoryLedger : ISweepLedger
    {
        public ConcurrentDictionary<string, string> Workers { get; } = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string> Finished(string sweep) => new Dictionary<string, string>();

        public void Begin(string sweep, string request, int slices)
        {
        }

        public void Record(string sweep, SweepPiece piece) => Workers.TryAdd(piece.Key, piece.Worker);
    }
}
