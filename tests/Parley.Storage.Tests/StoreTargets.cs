using Microsoft.Data.Sqlite;
using Parley.Tests.Shared;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Parley.Storage.Tests;

/// <summary>Where a test's stores live: fresh SQLite files in a temporary folder, or fresh databases on the test PostgreSQL server.</summary>
public interface IStoreTarget : IDisposable
{
    /// <summary>True for PostgreSQL.</summary>
    bool IsPostgreSql { get; }

    /// <summary>The test's store (empty at the start).</summary>
    string Db { get; }

    /// <summary>Another fresh, empty store.</summary>
    string NewStore();

    /// <summary>Runs SQL on a store behind its back (to read or to damage what it wrote); the first column of the first row.</summary>
    object? Sql(string store, string sql);
}

/// <summary>SQLite files in a temporary folder.</summary>
public sealed class SqliteTarget : IStoreTarget
{
    private readonly string dir = Directory.CreateTempSubdirectory("parley-store-").FullName;
    private int count;

    public bool IsPostgreSql => false;

    public string Db => Path.Combine(dir, "runs.db");

    public string NewStore() => Path.Combine(dir, $"fresh-{Interlocked.Increment(ref count)}.db");

    public object? Sql(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Pooling=False");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}

/// <summary>Databases on the test PostgreSQL server (PARLEY_TEST_POSTGRES), dropped after the test.</summary>
public sealed class PostgresTarget : IStoreTarget
{
    private readonly List<(string Url, string Name)> made = [];

    public PostgresTarget() => Db = NewStore();

    public bool IsPostgreSql => true;

    public string Db { get; }

    public string NewStore()
    {
        (string url, string name) = PostgresTestServer.CreateDatabase();
        lock (made)
        {
            made.Add((url, name));
        }

        return url;
    }

    public object? Sql(string store, string sql) => PostgresTestServer.Scalar(store, sql);

    public void Dispose()
    {
        foreach ((string url, string name) in made)
        {
            PostgresTestServer.DropDatabase(url, name);
        }
    }
}

/// <summary>A test class whose stores are PostgreSQL databases: its <see cref="StoreFactAttribute"/> tests skip without a server.</summary>
public interface IPostgresTests;

/// <summary>
/// A fact of a store contract, run once per concrete class (SQLite and PostgreSQL): in a class that is
/// <see cref="IPostgresTests"/> it is skipped with the reason when there is no test server (unless CI=true), as the
/// project's other conditional facts are.
/// </summary>
[XunitTestCaseDiscoverer("Parley.Storage.Tests.StoreFactDiscoverer", "Parley.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Finds <see cref="StoreFactAttribute"/> tests: skipped in a PostgreSQL class when the server is missing.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (typeof(IPostgresTests).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()) && PostgresTestServer.SkipReason is string reason)
        {
            return [new XunitSkippedDataRowTestCase(sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
