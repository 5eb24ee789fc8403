using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Parley.Core.Analyses;

namespace Parley.Cluster;

/// <summary>
/// Runs a sweep's work items on an Orleans cluster. At most twice as many items as there are live silos are in flight
/// (Orleans places each). When no silo has answered for 30 s (10 s with fast failure detection), the run stops and says so. An item whose call
/// fails is sent again; when a silo leaves the cluster (declared dead by the others), every item then in flight is sent
/// again too, since any of them may have been on it: whichever answer comes first counts and a later one is dropped, so
/// no item is lost and none is counted twice. A failed call is sent again after a pause that doubles each time (up to
/// 8 s), at most eight times. An item the analysis cannot run (a worker of another build) stops the sweep.
/// </summary>
public sealed class ClusterExecutor : ISweepExecutor, IAsyncDisposable
{
    private const int MaxAttempts = 8;
    private readonly IHost host;
    private readonly IClusterClient client;
    private int silos;
    private int peak;
    private TimeSpan noSiloLimit = TimeSpan.FromSeconds(30);

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
    /// <param name="itemTimeout">How long one item may take before its call fails and it is sent again (the sweep's time budget: an item is otherwise sent again only when its call fails or a silo is lost).</param>
    /// <param name="cancellation">Stops the wait.</param>
    public static async Task<ClusterExecutor> ConnectAsync(ClusterSettings cluster, TimeSpan itemTimeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!await ClusterSchema.ExistsAsync(cluster.ConnectionString, cancellation).ConfigureAwait(false))
        {
            throw new InvalidOperationException("no worker has joined this cluster yet (its database has no membership tables): start one with 'parley worker --cluster …' first");
        }

        // silos publish their liveness every 30 s (2 s with fast failure detection): none lately means none is running
        TimeSpan fresh = TimeSpan.FromSeconds(cluster.FastFailureDetection ? 15 : 90);
        if (await ClusterSchema.LiveSilosAsync(cluster.ConnectionString, fresh, cancellation).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"no worker of this cluster has been alive in the last {fresh.TotalSeconds:0} s: start one with 'parley worker --cluster …' first");
        }

        HostApplicationBuilder builder = ClusterSettings.Builder();
        builder.UseOrleansClient(c =>
        {
            c.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", cluster.ConnectionString));
            c.Configure<ClusterOptions>(ClusterSettings.Apply);
            c.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.FastFailureDetection ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30));
            c.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = itemTimeout);
        });
        IHost host = builder.Build();
        try
        {
            // a gateway that does not answer (a worker killed a moment ago) is not waited for beyond half a minute
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            connecting.CancelAfter(TimeSpan.FromSeconds(30));
            await host.StartAsync(connecting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            host.Dispose();
            throw new InvalidOperationException("no worker of this cluster answered within 30 s: start one with 'parley worker --cluster …' first");
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var executor = new ClusterExecutor(host) { noSiloLimit = TimeSpan.FromSeconds(cluster.FastFailureDetection ? 10 : 30) };
        executor.silos = executor.peak = (await executor.LiveSilos(cancellation).ConfigureAwait(false))?.Count ?? 0;
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
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        string nonce = Guid.NewGuid().ToString("N")[..8];
        int dispatches = 0;
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

                    // a grain of its own for every dispatch (new on every run, so a resumed sweep never queues behind an old one)
                    var attempt = new Attempt(item, $"{nonce}-{++dispatches}");
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
                ISweepWorker grain = client.GetGrain<ISweepWorker>($"{item.Sweep}/{item.Key}#{attempt.Id}");
                result = await grain.Run(json[item.Key]).WaitAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }

            bool first = false;
            int failed = 0;
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

                // nothing more is reported once the run has ended (finished, failed or cancelled)
                if (!all.Task.IsCompleted && result is { Tally: not null } && done.Add(item.Key))
                {
                    first = true;
                }
                else if (failure is not null && !attempt.Abandoned && !done.Contains(item.Key))
                {
                    failed = failures[item.Key] = failures.GetValueOrDefault(item.Key) + 1;
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
            else if (failed > MaxAttempts)
            {
                all.TrySetException(new Parley.Core.Domain.WorkRefusedException(
                    $"item {item.Key} failed {MaxAttempts} times on the cluster (last: {failure!.GetType().Name}: {failure.Message}); are the workers up? ('parley worker --cluster …')"));
                return;
            }
            else if (failed > 0)
            {
                // the call failed (a silo lost, no silo left, a timeout): wait, longer each time, then send the item again
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(8000, 250 << Math.Min(failed - 1, 5))), CancellationToken.None).ConfigureAwait(false);
                lock (gate)
                {
                    Resent++;
                    queue.Enqueue(item);
                }
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
        }, n => { lock (gate) { limit = Math.Max(2, 2 * n); } Pump(); }, quiet => all.TrySetException(new Parley.Core.Domain.WorkRefusedException(
            $"no worker of the cluster has answered for {quiet.TotalSeconds:0} s; start one ('parley worker --cluster …'), then run the same command line again: the items already finished are kept in the store")), watching.Token);

        Pump();
        try
        {
            await all.Task.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            all.TrySetCanceled(cancellation);
            throw;
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

    private async Task Watch(Action lost, Action<int> count, Action<TimeSpan> none, CancellationToken stop)
    {
        // the first look before any item is sent, so that a silo lost during the first second is noticed too
        HashSet<SiloAddress>? before = await LiveSilos(stop).ConfigureAwait(false);
        var alive = System.Diagnostics.Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, stop).ConfigureAwait(false);
                if (await LiveSilos(stop).ConfigureAwait(false) is not { Count: > 0 } now)
                {
                    // no silo answers (every worker stopped or lost): say so rather than wait for the budget to run out
                    if (alive.Elapsed > noSiloLimit)
                    {
                        none(alive.Elapsed);
                    }

                    continue;
                }

                alive.Restart();

                silos = now.Count;
                peak = Math.Max(peak, silos);
                count(now.Count);
                if (before is not null && before.Any(s => !now.Contains(s)))
                {
                    lost();
                }

                before = now;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a failed look is no news: look again in a second
            }
        }
    }

    private async Task<HashSet<SiloAddress>?> LiveSilos(CancellationToken stop = default)
    {
        try
        {
            Dictionary<SiloAddress, SiloStatus> hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken: stop).WaitAsync(TimeSpan.FromSeconds(5), stop).ConfigureAwait(false);
            return [.. hosts.Keys];
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or SiloUnavailableException || (e is OperationCanceledException && !stop.IsCancellationRequested))
        {
            return null;
        }
    }

    private sealed class Attempt(SweepItem item, string id)
    {
        public SweepItem Item { get; } = item;

        public string Id { get; } = id;

        public bool Abandoned { get; set; }
    }
}
