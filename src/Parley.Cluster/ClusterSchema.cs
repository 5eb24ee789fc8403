using System.Reflection;
using Npgsql;

namespace Parley.Cluster;

/// <summary>
/// The membership tables Orleans' ADO.NET clustering needs, created in the PostgreSQL database when missing, from the
/// provider's own scripts (vendored: the package does not ship them; Sql/NOTICE). Creating them twice at once is safe:
/// the scripts are run under an advisory lock, and not at all once the query table exists.
/// </summary>
public static class ClusterSchema
{
    private const long LockKey = 0x5041_524C_4559_4F52; // "PARLEYOR"

    /// <summary>Creates the tables unless they are there.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="cancellation">Stops the wait.</param>
    public static async Task EnsureAsync(string connectionString, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        try
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
            if ((bool)(await exists.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!)
            {
                return;
            }

            foreach (string script in new[] { "PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql" })
            {
                await using var command = new NpgsqlCommand(Read(script), connection);
                await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>True when the membership tables are there (a worker has joined the cluster at least once).</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="cancellation">Stops the wait.</param>
    public static async Task<bool> ExistsAsync(string connectionString, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
        return (bool)(await exists.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The silos the membership table holds as active and alive lately (within <paramref name="fresh"/>): a silo killed while
    /// alone is never declared dead by another, so its row stays active, but its liveness time stops moving.
    /// </summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="fresh">How recent a silo's last sign of life must be.</param>
    /// <param name="cancellation">Stops the wait.</param>
    public static async Task<long> LiveSilosAsync(string connectionString, TimeSpan fresh, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Status = 3 AND IAmAliveTime > now() - make_interval(secs => @fresh)", connection);
        count.Parameters.AddWithValue("cluster", ClusterSettings.ClusterId);
        count.Parameters.AddWithValue("fresh", fresh.TotalSeconds);
        return (long)(await count.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!;
    }

    private static string Read(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"the script {name} is not in the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
