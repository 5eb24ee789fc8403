using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Parley.Cluster;

/// <summary>Where the cluster keeps its membership, and how quickly it gives up on a silo.</summary>
public sealed record ClusterSettings
{
    /// <summary>The cluster's id in the membership table (workers and clients of one cluster share it).</summary>
    public const string ClusterId = "parley";

    /// <summary>The PostgreSQL database that holds the membership table (an Npgsql connection string, no password in it).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Declare a silo dead after about 3 s without answers instead of Orleans' default of about half a minute (for tests
    /// and a local cluster; on a real network the defaults avoid declaring a busy silo dead).
    /// </summary>
    public bool FastFailureDetection { get; init; }

    /// <summary>A host builder without the defaults (no configuration files, no console logging): silos and clients alike.</summary>
    internal static Microsoft.Extensions.Hosting.HostApplicationBuilder Builder()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>The cluster's and the service's id, the same for silos and clients.</summary>
    internal static void Apply(ClusterOptions o)
    {
        o.ClusterId = ClusterId;
        o.ServiceId = ClusterId;
    }

    internal void Apply(ClusterMembershipOptions o)
    {
        if (!FastFailureDetection)
        {
            return;
        }

        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }
}

/// <summary>A silo's own settings.</summary>
public sealed record WorkerSettings
{
    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other machines reach this silo at (null: loopback, for a cluster on one machine).</summary>
    public IPAddress? Advertise { get; init; }
}
