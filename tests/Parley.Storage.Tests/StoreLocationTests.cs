using Npgsql;

namespace Parley.Storage.Tests;

/// <summary>One parser for <c>--db</c>, <c>PARLEY_DB</c> and the dashboard's <c>Parley:Db</c>: a file, or a PostgreSQL URL without a password.</summary>
public sealed class StoreLocationTests
{
    [Fact]
    public void The_location_is_the_flag_else_the_environment_else_the_working_directory()
    {
        string? saved = Environment.GetEnvironmentVariable(RunStore.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, "env.db");
            Assert.Equal("x.db", RunStore.ResolvePath("x.db"));
            Assert.Equal("env.db", RunStore.ResolvePath(null));
            Assert.Equal("env.db", StoreLocation.Resolve(null).FilePath);
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, "postgres://me@db.example:6543/runs");
            Assert.True(StoreLocation.Resolve(null).IsPostgreSql);
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, null);
            Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "parley.db"), RunStore.ResolvePath(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(RunStore.EnvironmentVariable, saved);
        }
    }

    [Theory]
    [InlineData("runs.db")]
    [InlineData("/tmp/some folder/runs.db")]
    [InlineData("mysql://not-ours/x")]
    public void Anything_but_a_postgres_url_is_a_sqlite_file(string text)
    {
        StoreLocation l = StoreLocation.Parse(text);
        Assert.Equal((StoreKind.Sqlite, text, text, null), (l.Kind, l.FilePath, l.Display, l.ConnectionString));
    }

    [Theory]
    [InlineData("postgres://parley@db.example:6543/runs", "db.example", 6543, "runs", "parley", "postgres://parley@db.example:6543/runs")]
    [InlineData("postgresql://parley@db.example/runs", "db.example", 5432, "runs", "parley", "postgres://parley@db.example:5432/runs")]
    [InlineData("POSTGRES://a%40b@127.0.0.1:5433/my%20runs", "127.0.0.1", 5433, "my runs", "a@b", "postgres://a%40b@127.0.0.1:5433/my%20runs")]
    [InlineData("postgres://[::1]:5433/runs", "::1", 5433, "runs", null, "postgres://[::1]:5433/runs")]
    public void A_postgres_url_gives_host_port_database_and_user(string url, string host, int port, string database, string? user, string display)
    {
        StoreLocation l = StoreLocation.Parse(url);
        Assert.True(l.IsPostgreSql);
        Assert.Null(l.FilePath);
        var b = new NpgsqlConnectionStringBuilder(l.ConnectionString);
        Assert.Equal((host, port, database, user), (b.Host, b.Port, b.Database, b.Username));
        Assert.Equal(display, l.Display);
        Assert.Equal(l.ConnectionString, StoreLocation.Parse(l.Display).ConnectionString);   // the display names the same store
    }

    [Fact]
    public void Simple_url_options_are_mapped_and_others_refused()
    {
        var b = new NpgsqlConnectionStringBuilder(StoreLocation.Parse("postgres://u@h/db?sslmode=require&connect_timeout=7&application_name=x").ConnectionString);
        Assert.Equal((SslMode.Require, 7, "x"), (b.SslMode, b.Timeout, b.ApplicationName));
        Assert.Contains("sslmode=require", StoreLocation.Parse("postgres://u@h/db?sslmode=require").Display, StringComparison.Ordinal);
        Assert.Contains("'target_session_attrs' is not understood", Assert.Throws<RunStoreException>(() => StoreLocation.Parse("postgres://u@h/db?target_session_attrs=any")).Message, StringComparison.Ordinal);
        Assert.Contains("sslmode=sometimes", Assert.Throws<RunStoreException>(() => StoreLocation.Parse("postgres://u@h/db?sslmode=sometimes")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://parley:s3cret-pw@db.example:5432/runs")]
    [InlineData("postgresql://parley:s3cret-pw@db.example/runs")]
    [InlineData("postgres://parley:s3cret-pw@with@at@db.example/runs")]
    [InlineData("postgres://parley@db.example/runs?password=s3cret-pw")]
    [InlineData("postgres://:s3cret-pw@db.example/runs")]
    [InlineData("postgres://parley:s3cret-pw/with?odd#chars@db.example/runs")]
    public void A_password_in_the_url_is_refused_without_being_repeated(string url)
    {
        RunStoreException e = Assert.Throws<RunStoreException>(() => StoreLocation.Parse(url));
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
        Assert.Contains("password", e.Message, StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD", e.Message, StringComparison.Ordinal);
        Assert.Contains("~/.pgpass", e.Message, StringComparison.Ordinal);
        Assert.Throws<RunStoreException>(() => RunStore.Open(url));
    }

    [Fact]
    public void A_password_in_the_environment_stays_out_of_the_location()
    {
        string? saved = Environment.GetEnvironmentVariable("PGPASSWORD");
        try
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", "env-s3cret");
            StoreLocation l = StoreLocation.Parse("postgres://parley@db.example/runs");
            Assert.DoesNotContain("env-s3cret", l.Display, StringComparison.Ordinal);
            Assert.DoesNotContain("env-s3cret", l.ConnectionString, StringComparison.Ordinal);
            Assert.Null(new NpgsqlConnectionStringBuilder(l.ConnectionString).Password);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", saved);
        }
    }

    [Fact]
    public void A_url_that_cannot_be_read_says_what_is_expected()
    {
        Assert.Contains("postgres://user@host:5432/dbname", Assert.Throws<RunStoreException>(() => StoreLocation.Parse("postgres://")).Message, StringComparison.Ordinal);
        Assert.Contains("one database", Assert.Throws<RunStoreException>(() => StoreLocation.Parse("postgres://u@h/a/b")).Message, StringComparison.Ordinal);
    }
}
