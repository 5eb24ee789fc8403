using System.CommandLine;
using System.Net;
using Parley.Cluster;
using Parley.Storage;

namespace Parley.Cli.Commands;

/// <summary><c>parley worker --cluster URL</c>: a silo of the sweep cluster, until Ctrl-C.</summary>
internal static class WorkerCommand
{
    /// <summary>Set to 1 to declare a lost silo dead within seconds (tests and a cluster on one machine).</summary>
    public const string FastVariable = "PARLEY_CLUSTER_FAST";

    public static Command Create(Output output)
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster's membership database, postgres://user@host:port/dbname (password from PGPASSWORD or ~/.pgpass)", Required = true };
        var port = new Option<int>("--port") { Description = "Port the silos talk on (default 11111)", DefaultValueFactory = _ => 11111 };
        var gateway = new Option<int>("--gateway-port") { Description = "Port clients ('parley sweep --cluster') connect to (default 30000)", DefaultValueFactory = _ => 30000 };
        var advertise = new Option<string?>("--advertise") { Description = "The address other machines reach this one at (default: loopback, a cluster on this machine only)" };
        var command = new Command("worker",
            "Starts a silo of the sweep cluster: runs the work items 'parley sweep --cluster' sends, until Ctrl-C\n\n"
            + "Examples:\n  parley worker --cluster postgres://parley@127.0.0.1:5432/parley\n"
            + "  parley worker --cluster postgres://parley@db.example:5432/parley --advertise 10.0.0.12")
        {
            cluster, port, gateway, advertise,
        };
        command.SetAction(async (p, token) =>
        {
            StoreLocation location;
            try
            {
                location = StoreLocation.Parse(p.GetValue(cluster)!);
            }
            catch (RunStoreException e)
            {
                output.Err.WriteLine($"parley worker: --cluster: {e.Message}");
                return CliApp.UsageError;
            }

            if (!location.IsPostgreSql)
            {
                output.Err.WriteLine($"parley worker: --cluster takes the cluster's PostgreSQL database, postgres://user@host:port/dbname, not '{p.GetValue(cluster)}'");
                return CliApp.UsageError;
            }

            IPAddress? address = null;
            if (p.GetValue(advertise) is string a && !IPAddress.TryParse(a, out address))
            {
                output.Err.WriteLine($"parley worker: --advertise '{a}' is not an IP address");
                return CliApp.UsageError;
            }

            foreach ((string name, int value) in new[] { ("--port", p.GetValue(port)), ("--gateway-port", p.GetValue(gateway)) })
            {
                if (value is < 1 or > 65535)
                {
                    output.Err.WriteLine($"parley worker: {name} {value} is not a port from 1 to 65535");
                    return CliApp.UsageError;
                }
            }

            CancellationToken stop = Parley.Core.Domain.WorkGuard.Current.Cancellation;
            try
            {
                await ClusterWorker.RunAsync(Settings(location), new WorkerSettings { SiloPort = p.GetValue(port), GatewayPort = p.GetValue(gateway), Advertise = address }, output.Err, stop).ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException or IOException)
            {
                output.Err.WriteLine($"parley worker: cannot run a silo on {location.Display}: {e.Message}");
                return CliApp.InvalidInput;
            }
        });
        return command;
    }

    /// <summary>The cluster's settings from its database's location.</summary>
    public static ClusterSettings Settings(StoreLocation location) => new()
    {
        ConnectionString = location.ConnectionString!,
        FastFailureDetection = Environment.GetEnvironmentVariable(FastVariable) == "1",
    };
}
