using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Parley.Cluster;

/// <summary>A silo that runs sweep work items (<c>parley worker</c>): joins the cluster, works until stopped, leaves cleanly.</summary>
public static class ClusterWorker
{
    /// <summary>Runs the silo until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="settings">Ports and address.</param>
    /// <param name="log">Where the silo says what it does.</param>
    /// <param name="stop">Stops the silo.</param>
    public static async Task RunAsync(ClusterSettings cluster, WorkerSettings settings, TextWriter log, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = new WorkerLog(log);
        foreach ((string what, int port) in new[] { ("--port", settings.SiloPort), ("--gateway-port", settings.GatewayPort) })
        {
            // two workers on one machine need their own ports: the second would otherwise take the first's place
            if (!PortFree(settings.Advertise ?? IPAddress.Loopback, port))
            {
                throw new IOException($"port {port} ({what}) is in use on this machine, by another worker or program: give this worker its own --port and --gateway-port");
            }
        }

        await ClusterSchema.EnsureAsync(cluster.ConnectionString, stop).ConfigureAwait(false);
        HostApplicationBuilder builder = ClusterSettings.Builder();
        builder.Services.AddSingleton(worker);
        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", cluster.ConnectionString));
            silo.Configure<ClusterOptions>(ClusterSettings.Apply);
            silo.Configure<ClusterMembershipOptions>(cluster.Apply);
            silo.ConfigureEndpoints(settings.Advertise ?? IPAddress.Loopback, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: settings.Advertise is not null);
        });
        using IHost host = builder.Build();
        await host.StartAsync(stop).ConfigureAwait(false);
        worker.Write($"worker {Environment.MachineName}:{Environment.ProcessId} joined cluster '{ClusterSettings.ClusterId}' (silo port {settings.SiloPort}, gateway port {settings.GatewayPort}); Ctrl-C leaves");
        // until asked to leave, or until the silo's own host stops (the cluster declared this silo dead)
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // asked to leave, or stopped by the cluster
        }

        if (!stop.IsCancellationRequested)
        {
            worker.Write("the cluster stopped this silo");
        }

        worker.Write("leaving the cluster");
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(grace.Token).ConfigureAwait(false);
        worker.Write("left");
    }

    private static bool PortFree(IPAddress address, int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(address, port);
            probe.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
