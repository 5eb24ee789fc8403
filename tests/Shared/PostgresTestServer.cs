using Npgsql;
using Parley.Storage;

namespace Parley.Tests.Shared;

/// <summary>
/// The throwaway PostgreSQL server of the tests: <c>PARLEY_TEST_POSTGRES</c> names it (a <c>postgres://user@127.0.0.1:PORT/postgres</c>
/// URL of a user who may CREATE DATABASE; ./test.sh starts one). Each test makes its own database and drops it after. Without
/// the variable, or when the server does not answer, the PostgreSQL tests are skipped with the reason, except under
/// <c>CI=true</c>: there they run and fail.
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "PARLEY_TEST_POSTGRES";

    private static readonly Lazy<string?> Problem = new(Probe);

    private static int counter;

    /// <summary>True under CI (<c>CI=true</c>): a missing or unreachable server fails the PostgreSQL tests instead of skipping them.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason => InCi || Problem.Value is not string problem ? null : problem + "; the PostgreSQL tests are skipped (./test.sh starts a server; under CI=true they fail)";

    /// <summary>A new empty database on the test server; its URL and name.</summary>
    public static (string Url, string Name) CreateDatabase()
    {
        if (Problem.Value is string problem)
        {
            throw new InvalidOperationException(problem + (InCi ? " and CI=true: the PostgreSQL tests must run" : string.Empty));
        }

        string name = $"parley_test_{Environment.ProcessId}_{Interlocked.Increment(ref counter)}_{Guid.NewGuid().ToString("N")[..8]}";
        using (var c = new NpgsqlConnection(Admin))
        {
            c.Open();
            using NpgsqlCommand cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name};";
            cmd.ExecuteNonQuery();
        }

        var server = new Uri(Environment.GetEnvironmentVariable(Variable)!);
        string url = $"postgres://{server.UserInfo}{(server.UserInfo.Length > 0 ? "@" : string.Empty)}{server.Authority[(server.Authority.IndexOf('@', StringComparison.Ordinal) + 1)..]}/{name}{server.Query}";
        return (url, name);
    }

    /// <summary>Drops a test database (its connections closed first).</summary>
    public static void DropDatabase(string url, string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(StoreLocation.Parse(url).ConnectionString));
        using var c = new NpgsqlConnection(Admin);
        c.Open();
        using NpgsqlCommand cmd = c.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE);";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs SQL on a test database (to look at or to damage what the store wrote).</summary>
    public static object? Scalar(string url, string sql)
    {
        using var c = new NpgsqlConnection(StoreLocation.Parse(url).ConnectionString + ";Pooling=false");
        c.Open();
        using NpgsqlCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static string Admin => StoreLocation.Parse(Environment.GetEnvironmentVariable(Variable)!).ConnectionString + ";Pooling=false";

    private static string? Probe()
    {
        string? url = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(url))
        {
            return $"{Variable} is not set";
        }

        try
        {
            using var c = new NpgsqlConnection(StoreLocation.Parse(url).ConnectionString + ";Pooling=false;Timeout=5");
            c.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or RunStoreException or ArgumentException or TimeoutException)
        {
            return $"the PostgreSQL server of {Variable} ({StoreLocation.Redact(url)}) does not answer: {e.Message}";
        }
    }
}

/// <summary>A fact that needs the test PostgreSQL server: skipped with the reason when there is none, unless CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestServer.SkipReason is string reason)
        {
            Skip = reason;
        }
    }
}
