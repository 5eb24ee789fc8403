using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Parley.Core.Analyses;

namespace Parley.Cluster;

/// <summary>
/// Runs a sweep's work items on an Orleans cluster. At most two items per live silo are in flight. An item whose call
/// fails is sent again; when a silo leaves the cluster (declared dead by the others), every item then in flight is sent
/// again too, since any of them may have been on it: whichever answer comes first counts and a later one is dropped, so
/// no item is lost and none is counted twice. An item the analysis cannot run (a worker on another version) stops the sweep.
/// </summary>
public sealed class ClusterExecutor : ISweepExecutor, IAsyncDisposable
{
    private const int MaxAttempts = 8;
    private readonly IHost host;
    private readonly IClusterClient client;
    private int silos;
    private int peak;

    private ClusterExecutor(IHost host)
    {
        this.host = host;
        client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <inheritdoc/>
    public string Name => $"a cluster of {peak} silo{(peak == 1 ? string.Empty : "s")}";

    /// <summary>Items sent again after a failure or a lost silo (for the note of a run).</summary>
    public int Resent { get; private set; }

    /// <summary>Connects to the cluster (fails when no silo answers).</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="itemTimeout">How long one item may take before it is sent again.</param>
    /// <param name="cancellation">Stops the wait.</param>
    public static async Task<ClusterExecutor> ConnectAsync(ClusterSettings cluster, TimeSpan itemTimeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cluster.ConnectionString;
            });
            c.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterSettings.ClusterId;
                o.ServiceId = ClusterSettings.ClusterId;
            });
            c.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.FastFailureDetection ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30));
            c.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = itemTimeout);
        });
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var executor = new ClusterExecutor(host);
        executor.silos = executor.peak = (await executor.LiveSilos().ConfigureAwait(false))?.Count ?? 0;
        return executor;
    }

    /// <inheritdoc/>
    public async Task RunAsync(IReadOnlyList<SweepItem> items, Action<SweepPiece> finished, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(finished);
        if (items.Count == 0)
        {
            return;
        }

        var gate = new object();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new Queue<SweepItem>(items);
        var json = items.ToDictionary(i => i.Key, i => i.ToJson(), StringComparer.Ordinal);
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFlight = new Dictionary<string, Attempt>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        int live = 0, limit = Math.Max(2, 2 * silos);

        void Pump()
        {
            lock (gate)
            {
                while (live < limit && queue.Count > 0 && !all.Task.IsCompleted)
                {
                    SweepItem item = queue.Dequeue();
                    if (done.Contains(item.Key) || inFlight.ContainsKey(item.Key))
                    {
                        continue;
                    }

                    int n = attempts[item.Key] = attempts.GetValueOrDefault(item.Key) + 1;
                    if (n > MaxAttempts)
                    {
                        all.TrySetException(new Parley.Core.Domain.WorkRefusedException($"the cluster failed item {item.Key} {MaxAttempts} times; are the workers up? ('parley worker --cluster …')"));
                        return;
                    }

                    var attempt = new Attempt(item, n);
                    inFlight[item.Key] = attempt;
                    live++;
                    _ = Send(attempt);
                }
            }
        }

        async Task Send(Attempt attempt)
        {
            SweepItem item = attempt.Item;
            WorkResult? result = null;
            Exception? failure = null;
            try
            {
                ISweepWorker grain = client.GetGrain<ISweepWorker>($"{item.Sweep}/{item.Key}#{attempt.Number}");
                result = await grain.Run(json[item.Key]).WaitAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }

            bool first = false;
            lock (gate)
            {
                if (!attempt.Abandoned)
                {
                    live--;
                }

                if (inFlight.TryGetValue(item.Key, out Attempt? current) && ReferenceEquals(current, attempt))
                {
                    inFlight.Remove(item.Key);
                }

                if (result is { Tally: not null } && done.Add(item.Key))
                {
                    first = true;
                }
            }

            if (cancellation.IsCancellationRequested)
            {
                all.TrySetCanceled(cancellation);
                return;
            }

            if (result is { Error: string error })
            {
                all.TrySetException(new Parley.Core.Domain.WorkRefusedException($"the worker {result.Worker} could not run item {item.Key}: {error}"));
                return;
            }

            if (first)
            {
                try
                {
                    finished(new SweepPiece(item.Key, result!.Tally!, result.Worker));
                }
                catch (Exception e)
                {
                    all.TrySetException(e);
                    return;
                }

                lock (gate)
                {
                    if (done.Count == json.Count)
                    {
                        all.TrySetResult();
                    }
                }
            }
            else if (failure is not null && !attempt.Abandoned)
            {
                // the call failed (a silo lost, a timeout): send the item again, on whichever silo takes it
                lock (gate)
                {
                    Resent++;
                    queue.Enqueue(item);
                }

                await Task.Delay(250, CancellationToken.None).ConfigureAwait(false);
            }

            Pump();
        }

        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Task watch = Watch(() =>
        {
            // a silo left: any item in flight may have been on it; send them all again (the first answer counts)
            lock (gate)
            {
                foreach (Attempt a in inFlight.Values)
                {
                    if (!a.Abandoned)
                    {
                        a.Abandoned = true;
                        live--;
                        Resent++;
                        queue.Enqueue(a.Item);
                    }
                }

                inFlight.Clear();
            }

            Pump();
        }, n => { lock (gate) { limit = Math.Max(2, 2 * n); } Pump(); }, watching.Token);

        Pump();
        try
        {
            await all.Task.WaitAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            try
            {
                await watch.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped with the sweep
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await host.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // leaving anyway
        }

        host.Dispose();
    }

    private async Task Watch(Action lost, Action<int> count, CancellationToken stop)
    {
        HashSet<SiloAddress>? before = null;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(1000, stop).ConfigureAwait(false);
            if (await LiveSilos().ConfigureAwait(false) is not { } now)
            {
                continue;
            }

            silos = now.Count;
            peak = Math.Max(peak, silos);
            count(now.Count);
            if (before is not null && before.Any(s => !now.Contains(s)))
            {
                lost();
            }

            before = now;
        }
    }

    private async Task<HashSet<SiloAddress>?> LiveSilos()
    {
        try
        {
            Dictionary<SiloAddress, SiloStatus> hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
            return [.. hosts.Keys];
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or SiloUnavailableException or OperationCanceledException)
        {
            return null;
        }
    }

    private sealed class Attempt(SweepItem item, int number)
    {
        public SweepItem Item { get; } = item;

        public int Number { get; } = number;

        public bool Abandoned { get; set; }
    }
}
