using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Parley.Storage;

/// <summary>Which database holds a run store.</summary>
public enum StoreKind
{
    /// <summary>A SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, named by a <c>postgres://</c> URL.</summary>
    PostgreSql,
}

/// <summary>
/// Where a run store lives, parsed once from what <c>--db</c>, <c>PARLEY_DB</c> or the dashboard's <c>Parley:Db</c> say: a
/// SQLite file's path, or <c>postgres://user@host:port/dbname</c> (also <c>postgresql://</c>). A password in the URL is
/// refused: it would show in process lists, shell history and logs; PostgreSQL's client conventions give it instead
/// (<c>PGPASSWORD</c>, or <c>~/.pgpass</c> / <c>PGPASSFILE</c>), and Npgsql reads both.
/// </summary>
public sealed partial class StoreLocation
{
    private static readonly Dictionary<string, Action<NpgsqlConnectionStringBuilder, string>> QueryOptions = new(StringComparer.Ordinal)
    {
        ["sslmode"] = (b, v) => b.SslMode = v switch
        {
            "disable" => SslMode.Disable,
            "allow" => SslMode.Allow,
            "prefer" => SslMode.Prefer,
            "require" => SslMode.Require,
            "verify-ca" => SslMode.VerifyCA,
            "verify-full" => SslMode.VerifyFull,
            _ => throw new FormatException($"sslmode={v} is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        },
        ["sslrootcert"] = (b, v) => b.RootCertificate = v,
        ["connect_timeout"] = (b, v) => b.Timeout = int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0
            ? s : throw new FormatException($"connect_timeout={v} is not a whole number of seconds"),
        ["application_name"] = (b, v) => b.ApplicationName = v,
    };

    private StoreLocation(StoreKind kind, string display, string? filePath, string? connectionString)
    {
        Kind = kind;
        Display = display;
        FilePath = filePath;
        ConnectionString = connectionString;
    }

    /// <summary>SQLite or PostgreSQL.</summary>
    public StoreKind Kind { get; }

    /// <summary>True for a PostgreSQL store.</summary>
    public bool IsPostgreSql => Kind == StoreKind.PostgreSql;

    /// <summary>
    /// The location as people see it and as it may be recorded: the file's path, or the URL rebuilt from its parts (never
    /// a password). Parsing it again gives the same store.
    /// </summary>
    public string Display { get; }

    /// <summary>The SQLite file (null for PostgreSQL).</summary>
    public string? FilePath { get; }

    /// <summary>Npgsql's connection string (null for SQLite); it holds no password (Npgsql finds one in PGPASSWORD or the password file).</summary>
    public string? ConnectionString { get; }

    /// <summary>The store to use: an explicit location, else <see cref="RunStore.EnvironmentVariable"/>, else <c>./parley.db</c>.</summary>
    /// <param name="explicitLocation">The <c>--db</c> value, if given.</param>
    /// <exception cref="RunStoreException">The location is a PostgreSQL URL that cannot be used (a password in it, a malformed part).</exception>
    public static StoreLocation Resolve(string? explicitLocation) => Parse(RunStore.ResolvePath(explicitLocation));

    /// <summary>True when the text names a PostgreSQL store (<c>postgres://</c> or <c>postgresql://</c>).</summary>
    /// <param name="text">A <c>--db</c> value.</param>
    public static bool IsPostgreSqlUrl(string text) =>
        text is not null && (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    /// <summary>A location from its text: a <c>postgres://</c> URL, else a SQLite file's path.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="RunStoreException">A PostgreSQL URL with a password, or one that cannot be read.</exception>
    public static StoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsPostgreSqlUrl(text))
        {
            return new StoreLocation(StoreKind.Sqlite, text, text, null);
        }

        string shown = Redact(text);
        if (shown != text)
        {
            throw PasswordRefused(shown);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new RunStoreException($"{shown}: not a PostgreSQL URL such as postgres://user@host:5432/dbname");
        }

        if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw PasswordRefused(shown);
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            ApplicationName = "parley",
        };
        string user = Uri.UnescapeDataString(uri.UserInfo);
        if (user.Length > 0)
        {
            builder.Username = user;
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new RunStoreException($"{shown}: the path after the host names one database (postgres://user@host:5432/dbname)");
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        var options = new List<string>();
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]), value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (key is "password" or "passfile")
            {
                throw PasswordRefused(shown);
            }

            if (!QueryOptions.TryGetValue(key, out Action<NpgsqlConnectionStringBuilder, string>? apply))
            {
                throw new RunStoreException($"{shown}: the URL option '{key}' is not understood (known: {string.Join(", ", QueryOptions.Keys)})");
            }

            try
            {
                apply(builder, value);
            }
            catch (FormatException e)
            {
                throw new RunStoreException($"{shown}: {e.Message}", e);
            }

            options.Add(Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value));
        }

        // Npgsql reads PGPASSWORD itself; the password file is named explicitly so that ~/.pgpass is read on every platform
        if (Environment.GetEnvironmentVariable("PGPASSFILE") is not { Length: > 0 }
            && Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home
            && File.Exists(Path.Combine(home, ".pgpass")))
        {
            builder.Passfile = Path.Combine(home, ".pgpass");
        }

        string host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + builder.Host + "]" : builder.Host!;
        string display = "postgres://" + (user.Length > 0 ? Uri.EscapeDataString(user) + "@" : string.Empty) + host + ":" + builder.Port.ToString(CultureInfo.InvariantCulture)
            + "/" + Uri.EscapeDataString(database) + (options.Count > 0 ? "?" + string.Join("&", options) : string.Empty);
        return new StoreLocation(StoreKind.PostgreSql, display, null, builder.ConnectionString);
    }

    /// <summary>The URL with any password replaced by <c>***</c> (for messages about a URL that is refused).</summary>
    /// <param name="text">A URL as given.</param>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string once = UserInfoPassword().Replace(text, "$1:***@");
        return QueryPassword().Replace(once, "$1=***");
    }

    /// <inheritdoc/>
    public override string ToString() => Display;

    private static RunStoreException PasswordRefused(string shown) =>
        new($"{shown}: a password in the store's URL is refused (it would show in process lists, shell history and logs); give it in the PGPASSWORD variable or in ~/.pgpass instead");

    // user:password@ up to the last @ of the text: a password may hold '/', '?', '#' or '@' itself, and must not show
    [GeneratedRegex("^([a-zA-Z]+://[^:/@?#]*):.*@")]
    private static partial Regex UserInfoPassword();

    [GeneratedRegex("([?&](?:password|passfile))=[^&#]*")]
    private static partial Regex QueryPassword();
}
