using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parley.Storage;

/// <summary>
/// The run store: every computing command's run with its inputs, options, timings and results, in a SQLite file (the
/// default) or a PostgreSQL database (<c>postgres://user@host:port/dbname</c>, see <see cref="StoreLocation"/>). Each run
/// is written in one transaction, so a process killed mid-write leaves the store consistent and every earlier run intact.
/// The schema is versioned (the same migration numbers on both: SQLite's <c>PRAGMA user_version</c>, PostgreSQL's
/// <c>parley_schema</c> table) and migrated forwards on open; a store made by a newer tool is refused with a clear message.
/// SQLite only: <see cref="OpenReadOnly"/>, <see cref="Writable"/>, and a storage check in <see cref="Check"/> and
/// <see cref="IntegrityCheck"/> (PostgreSQL guards its own storage; there they check the tables are there).
/// </summary>
public sealed partial class RunStore : IDisposable
{
    /// <summary>Environment variable that overrides the default location.</summary>
    public const string EnvironmentVariable = "PARLEY_DB";

    /// <summary>Default file name, in the working directory.</summary>
    public const string DefaultFileName = "parley.db";

    private static readonly string[] ForecastColumns = ["central", "median", "p10", "p90", "mean"];

    private readonly DbConnection connection;
    private readonly StoreDialect dialect;

    private RunStore(DbConnection connection, StoreDialect dialect, StoreLocation location)
    {
        this.connection = connection;
        this.dialect = dialect;
        Location = location;
    }

    /// <summary>Where the store is.</summary>
    public StoreLocation Location { get; }

    /// <summary>The store as people see it: the database file, or the PostgreSQL URL (never with a password).</summary>
    public string Path => Location.Display;

    /// <summary>The schema version this tool writes.</summary>
    public static int SchemaVersion => StoreDialect.Sqlite.Migrations.Count;

    /// <summary>The store to use: an explicit location, else <see cref="EnvironmentVariable"/>, else <c>./parley.db</c>.</summary>
    /// <param name="explicitPath">The <c>--db</c> value, if given (a file, or a <c>postgres://</c> URL).</param>
    public static string ResolvePath(string? explicitPath) =>
        !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : System.IO.Path.Combine(Directory.GetCurrentDirectory(), DefaultFileName);

    /// <summary>Opens (creating and migrating when needed) the store at a location: a file's path or a <c>postgres://</c> URL.</summary>
    /// <param name="path">The database file, or the PostgreSQL URL.</param>
    /// <exception cref="RunStoreException">It is not a Parley store, a newer tool made it, or the server cannot be reached.</exception>
    public static RunStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(StoreLocation.Parse(path));
    }

    /// <summary>Opens (creating and migrating when needed) the store at a location.</summary>
    /// <param name="location">The location.</param>
    /// <exception cref="RunStoreException">It is not a Parley store, a newer tool made it, or the server cannot be reached.</exception>
    public static RunStore Open(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.IsPostgreSql)
        {
            return OpenPostgreSql(location);
        }

        string path = location.FilePath!;
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        return Connect(location, path, SqliteOpenMode.ReadWriteCreate, "not a usable Parley run store ({0}); move it away or pass another --db", c =>
        {
            Exec(c, "PRAGMA busy_timeout = 30000;");

            // whose file is it? answered before anything is written (switching to WAL rewrites the file's header)
            StoreDialect.Sqlite.CheckIdentity(c, path, SchemaVersion);
            Exec(c, "PRAGMA journal_mode = WAL;");
            Exec(c, "PRAGMA synchronous = FULL;");
            Exec(c, "PRAGMA foreign_keys = ON;");
        }, store => store.Migrate());
    }

    private static RunStore OpenPostgreSql(StoreLocation location)
    {
        var c = new NpgsqlConnection(location.ConnectionString);
        try
        {
            c.Open();
            StoreDialect.PostgreSql.CheckIdentity(c, location.Display, SchemaVersion);
            var store = new RunStore(c, StoreDialect.PostgreSql, location);
            store.Migrate();
            return store;
        }
        catch (NpgsqlException e)
        {
            c.Dispose();
            throw new RunStoreException($"{location.Display}: the PostgreSQL run store cannot be used ({e.Message.TrimEnd('.')}); check the server, the database and the user, or pass another --db", e);
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a store for reading only (a file on read-only media, or one the user may not write): nothing is written,
    /// no journal is switched, no schema migrated; listing, showing, exporting and checking work, recording does not.
    /// SQLite only (a PostgreSQL store's rights are the server's).
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="RunStoreException">The file is missing, not a Parley store, or of another schema version.</exception>
    public static RunStore OpenReadOnly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var location = StoreLocation.Parse(path);
        if (location.IsPostgreSql)
        {
            throw new RunStoreException($"{location.Display}: opening read-only is for SQLite files; a PostgreSQL store's rights are the server's");
        }

        if (!File.Exists(path))
        {
            throw new RunStoreException($"{path}: no run store there");
        }

        // read as immutable: no lock, journal or shared-memory file is made (a store in WAL mode would need one, which a
        // read-only folder cannot hold); the checksums still catch a file changed under the reader
        string uri = new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1";
        return Connect(location, uri, SqliteOpenMode.ReadOnly, "not a readable Parley run store ({0}); pass another --db", c =>
        {
            StoreDialect.Sqlite.CheckIdentity(c, path, SchemaVersion);
            Exec(c, "PRAGMA query_only = ON;");
        }, store =>
        {
            int version = store.FileVersion;
            if (version != SchemaVersion)
            {
                throw new RunStoreException($"{path}: this run store has schema version {version}, older than the {SchemaVersion} this parley reads, and it cannot be upgraded because it is read-only; open it once where it can be written, or copy it");
            }
        });
    }

    /// <summary>Opens a SQLite connection, prepares it and the store on it; any failure closes it and says what the file is not.</summary>
    private static RunStore Connect(StoreLocation location, string dataSource, SqliteOpenMode mode, string unusable, Action<SqliteConnection> prepare, Action<RunStore> ready)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        try
        {
            c.Open();
            prepare(c);
            var store = new RunStore(c, StoreDialect.Sqlite, location);
            ready(store);
            return store;
        }
        catch (SqliteException e)
        {
            c.Dispose();
            throw new RunStoreException($"{location.Display}: " + string.Format(CultureInfo.InvariantCulture, unusable, e.Message.TrimEnd('.')), e);
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>True when the file can be opened for writing by this process (false on read-only media or without permission). SQLite only.</summary>
    /// <param name="path">The database file.</param>
    public static bool Writable(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>The schema version of the open store.</summary>
    public int FileVersion => dialect.Version(connection, null);

    /// <summary>Combined SHA-256 over the inputs' hashes and paths' file names.</summary>
    /// <param name="inputs">The inputs.</param>
    public static string CombinedHash(IReadOnlyList<RunInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var sb = new StringBuilder();
        foreach (RunInput i in inputs)
        {
            sb.Append(i.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Stores a run in one transaction and returns its id.</summary>
    /// <param name="run">The run.</param>
    /// <param name="midWrite">Called inside the transaction after the run's rows are written and before the commit (crash tests).</param>
    public long Save(NewRun run, Action? midWrite = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        string result = Compact(run.Result);
        List<RunValue> values = ResultValues.Flatten(result);
        using DbTransaction tx = connection.BeginTransaction();
        long id;
        using (DbCommand cmd = Command(tx, """
            INSERT INTO runs (created_utc, command, args, scenario_name, scenario_hash, variant, seed, draws, tool_version, elapsed_ms, result, request, checksum)
            VALUES (@created, @command, @args, @name, @hash, @variant, @seed, @draws, @version, @elapsed, @result, @request, @checksum)
            RETURNING id;
            """))
        {
            Param(cmd, "@created", DbType.String, run.CreatedUtc ?? DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            Param(cmd, "@checksum", DbType.String);   // set below from the columns as stored
            Param(cmd, "@command", DbType.String, run.Command);
            Param(cmd, "@args", DbType.String, JsonSerializer.Serialize(run.Args));
            Param(cmd, "@name", DbType.String, run.ScenarioName);
            Param(cmd, "@hash", DbType.String, run.ScenarioHash);
            Param(cmd, "@variant", DbType.String, run.Variant);
            Param(cmd, "@seed", DbType.String, run.Seed?.ToString(CultureInfo.InvariantCulture));
            Param(cmd, "@draws", DbType.Int64, run.Draws);
            Param(cmd, "@version", DbType.String, run.ToolVersion);
            Param(cmd, "@elapsed", DbType.Double, run.ElapsedMs);
            Param(cmd, "@result", DbType.String, result);
            Param(cmd, "@request", DbType.String, run.Request);
            id = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        SetChecksum(tx, id);

        using (DbCommand cmd = Command(tx, "INSERT INTO run_inputs (run_id, ord, path, sha256, content) VALUES (@id, @ord, @path, @sha, @content);"))
        {
            DbParameter ord = Param(cmd, "@ord", DbType.Int64), path = Param(cmd, "@path", DbType.String),
                sha = Param(cmd, "@sha", DbType.String), content = Param(cmd, "@content", DbType.Binary);
            Param(cmd, "@id", DbType.Int64, id);
            for (int k = 0; k < run.Inputs.Count; k++)
            {
                (ord.Value, path.Value, sha.Value, content.Value) = ((long)k, run.Inputs[k].Path, run.Inputs[k].Sha256, run.Inputs[k].Content);
                cmd.ExecuteNonQuery();
            }
        }

        using (DbCommand cmd = Command(tx, "INSERT INTO run_timings (run_id, phase, ms) VALUES (@id, @phase, @ms);"))
        {
            Param(cmd, "@id", DbType.Int64, id);
            DbParameter phase = Param(cmd, "@phase", DbType.String), ms = Param(cmd, "@ms", DbType.Double);
            foreach (KeyValuePair<string, double> t in run.Timings)
            {
                (phase.Value, ms.Value) = (t.Key, t.Value);
                cmd.ExecuteNonQuery();
            }
        }

        using (DbCommand cmd = Command(tx, "INSERT INTO run_values (run_id, path, number, text) VALUES (@id, @path, @number, @text);"))
        {
            Param(cmd, "@id", DbType.Int64, id);
            DbParameter path = Param(cmd, "@path", DbType.String), number = Param(cmd, "@number", DbType.Double), text = Param(cmd, "@text", DbType.String);
            foreach (RunValue v in values)
            {
                (path.Value, number.Value, text.Value) = (v.Path, (object?)v.Number ?? DBNull.Value, (object?)v.Text ?? DBNull.Value);
                cmd.ExecuteNonQuery();
            }
        }

        InsertForecasts(tx, id, run.Typed);
        midWrite?.Invoke();
        tx.Commit();
        return id;
    }

    /// <summary>The most recent runs, newest first, optionally of one command and of scenarios whose name contains a text.</summary>
    /// <param name="limit">At most this many.</param>
    /// <param name="command">Only runs of this command.</param>
    /// <param name="scenario">Only runs whose scenario name contains this (case-insensitive).</param>
    public IReadOnlyList<StoredRun> List(int limit = 50, string? command = null, string? scenario = null)
    {
        using DbCommand cmd = Command(null, $"""
            SELECT id FROM runs
            WHERE (@command IS NULL OR command = @command) AND (@scenario IS NULL OR {dialect.Contains("lower(scenario_name)", "lower(@scenario)")})
            ORDER BY id DESC LIMIT @n;
            """);
        Param(cmd, "@n", DbType.Int64, (long)limit);
        Param(cmd, "@command", DbType.String, command);
        Param(cmd, "@scenario", DbType.String, scenario);
        var ids = new List<long>();
        using (DbDataReader r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
            }
        }

        return [.. ids.Select(i => Get(i, withInputs: false)!)];
    }

    /// <summary>Number of stored runs.</summary>
    public long Count() => Convert.ToInt64(Scalar("SELECT COUNT(*) FROM runs;"), CultureInfo.InvariantCulture);

    /// <summary>One run, or null when there is none with that id.</summary>
    /// <param name="id">Run id.</param>
    /// <param name="withInputs">Also read the input files.</param>
    public StoredRun? Get(long id, bool withInputs = true)
    {
        StoredRun? run;
        using (DbCommand cmd = Command(null, $"SELECT id, {DescriptionColumns}, request, result, checksum FROM runs WHERE id = @id;"))
        {
            Param(cmd, "@id", DbType.Int64, id);
            using DbDataReader r = cmd.ExecuteReader();
            if (!r.Read())
            {
                return null;
            }

            run = new StoredRun
            {
                Id = r.GetInt64(0),
                CreatedUtc = r.GetString(1),
                Command = r.GetString(2),
                Args = JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [],
                ScenarioName = r.IsDBNull(4) ? null : r.GetString(4),
                ScenarioHash = r.GetString(5),
                Variant = r.IsDBNull(6) ? null : r.GetString(6),
                Seed = r.IsDBNull(7) ? null : ulong.Parse(r.GetString(7), CultureInfo.InvariantCulture),
                Draws = r.IsDBNull(8) ? null : r.GetInt64(8),
                ToolVersion = r.GetString(9),
                ElapsedMs = r.GetDouble(10),
                Request = r.IsDBNull(11) ? null : r.GetString(11),
                Result = r.GetString(12),
            };
            if (!r.IsDBNull(13) && r.GetString(13) != ChecksumOf(r, 1))
            {
                throw Damaged(id, "its description, request or result does not match its checksum");
            }
        }

        var timings = new List<KeyValuePair<string, double>>();
        using (DbCommand cmd = Command(null, $"SELECT phase, ms FROM run_timings WHERE run_id = @id ORDER BY {dialect.InsertionOrder};"))
        {
            Param(cmd, "@id", DbType.Int64, id);
            using DbDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                timings.Add(new(r.GetString(0), r.GetDouble(1)));
            }
        }

        var inputs = new List<RunInput>();
        if (withInputs)
        {
            using DbCommand cmd = Command(null, "SELECT path, content, sha256 FROM run_inputs WHERE run_id = @id ORDER BY ord;");
            Param(cmd, "@id", DbType.Int64, id);
            using DbDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                var input = new RunInput(r.GetString(0), (byte[])r.GetValue(1));
                if (input.Sha256 != r.GetString(2))
                {
                    throw Damaged(id, $"its stored copy of {input.Path} does not match its SHA-256");
                }

                inputs.Add(input);
            }
        }

        return run with { Timings = timings, Inputs = inputs };
    }

    /// <summary>The SHA-256 that guards a run: its description (command, arguments, scenario, seed, draws, …), request and result.</summary>
    /// <param name="description">The run's descriptive columns as stored, in a fixed order.</param>
    /// <param name="request">The request document, or null.</param>
    /// <param name="result">The (compact) result document.</param>
    private static string Checksum(IEnumerable<object?> description, string? request, string result)
    {
        var sb = new StringBuilder();
        foreach (object? v in description)
        {
            sb.Append(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "\u0000").Append('\u001f');
        }

        sb.Append(request ?? string.Empty).Append('\n').Append(result);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>The descriptive columns a checksum covers, in order, as they are stored.</summary>
    private const string DescriptionColumns = "created_utc, command, args, scenario_name, scenario_hash, variant, seed, draws, tool_version, elapsed_ms";

    /// <summary>The checksum a run's stored columns give now.</summary>
    private string ComputedChecksum(DbTransaction? tx, long id)
    {
        using DbCommand cmd = Command(tx, $"SELECT {DescriptionColumns}, request, result FROM runs WHERE id = @id;");
        Param(cmd, "@id", DbType.Int64, id);
        using DbDataReader r = cmd.ExecuteReader();
        r.Read();
        return ChecksumOf(r, 0);
    }

    /// <summary>The checksum of a row read as <see cref="DescriptionColumns"/>, request, result, starting at column <paramref name="first"/>.</summary>
    private static string ChecksumOf(DbDataReader r, int first)
    {
        var description = new object?[10];
        for (int k = 0; k < 10; k++)
        {
            int c = first + k;
            description[k] = r.IsDBNull(c) ? null : r.GetValue(c) is double d ? d.ToString("R", CultureInfo.InvariantCulture) : r.GetValue(c);
        }

        return Checksum(description, r.IsDBNull(first + 10) ? null : r.GetString(first + 10), r.GetString(first + 11));
    }

    private void SetChecksum(DbTransaction? tx, long id)
    {
        string checksum = ComputedChecksum(tx, id);
        using DbCommand cmd = Command(tx, "UPDATE runs SET checksum = @c WHERE id = @id;");
        Param(cmd, "@c", DbType.String, checksum);
        Param(cmd, "@id", DbType.Int64, id);
        cmd.ExecuteNonQuery();
    }

    private RunStoreException Damaged(long id, string what) =>
        new($"{Path}: run {id} is damaged: {what}; 'parley runs check' lists every damaged run and 'parley runs salvage --out NEW.db' copies the sound ones");

    /// <summary>
    /// Checks the whole store: SQLite's quick_check (on PostgreSQL, which guards its own storage, only that the tables are
    /// there), then every run's checksum and its inputs' SHA-256s. Empty when sound; else one line per problem.
    /// </summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>(dialect.StorageProblems(connection));
        foreach (long id in Ids())
        {
            try
            {
                // the indexed values (what export, diff and queries read) must be the result's own
                if (Get(id, withInputs: true) is { } run && !ResultValues.Flatten(run.Result).Select(v => (v.Path, v.Number, v.Text)).SequenceEqual(Values(id).Select(v => (v.Path, v.Number, v.Text))))
                {
                    problems.Add($"run {id}: its indexed values (run_values) differ from its result; 'parley runs salvage' rebuilds them from the result");
                }
            }
            catch (Exception e) when (e is RunStoreException or DbException or FormatException or System.Text.Json.JsonException or InvalidCastException)
            {
                problems.Add($"run {id}: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>Copies every sound run (checksums hold) into another store, oldest first; the ids copied and those left behind.</summary>
    /// <param name="target">The store to copy into.</param>
    public (IReadOnlyList<long> Copied, IReadOnlyList<long> LeftBehind) SalvageInto(RunStore target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var copied = new List<long>();
        var left = new List<long>();
        foreach (long id in Ids())
        {
            StoredRun? run;
            try
            {
                run = Get(id);
            }
            catch (Exception e) when (e is RunStoreException or DbException or FormatException or System.Text.Json.JsonException or InvalidCastException)
            {
                left.Add(id);
                continue;
            }

            if (run is null)
            {
                continue;
            }

            target.Save(new NewRun
            {
                Command = run.Command, Args = run.Args, ScenarioName = run.ScenarioName, Variant = run.Variant, Seed = run.Seed, Draws = run.Draws,
                ToolVersion = run.ToolVersion, ElapsedMs = run.ElapsedMs, Timings = run.Timings, Inputs = run.Inputs, Result = run.Result,
                Request = run.Request, CreatedUtc = run.CreatedUtc,
            });
            copied.Add(id);
        }

        return (copied, left);
    }

    private List<long> Ids()
    {
        var ids = new List<long>();
        using DbCommand cmd = Command(null, "SELECT id FROM runs ORDER BY id;");
        using DbDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The flattened result values of a run, in document order.</summary>
    /// <param name="id">Run id.</param>
    public IReadOnlyList<RunValue> Values(long id)
    {
        using DbCommand cmd = Command(null, $"SELECT path, number, text FROM run_values WHERE run_id = @id ORDER BY {dialect.InsertionOrder};");
        Param(cmd, "@id", DbType.Int64, id);
        using DbDataReader r = cmd.ExecuteReader();
        var values = new List<RunValue>();
        while (r.Read())
        {
            values.Add(new RunValue(r.GetString(0), r.IsDBNull(1) ? null : r.GetDouble(1), r.IsDBNull(2) ? null : r.GetString(2)));
        }

        return values;
    }

    /// <summary>
    /// Runs SQLite's integrity check; "ok" when the file is sound. On PostgreSQL, which guards its own storage, it checks
    /// only that every table of the store is there ("ok", or the missing ones).
    /// </summary>
    public string IntegrityCheck() => dialect.IntegrityCheck(connection);

    /// <inheritdoc/>
    public void Dispose() => connection.Dispose();

    private static void Exec(SqliteConnection c, string sql)
    {
        using DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Migrate()
    {
        int version = FileVersion;
        dialect.Migrate(connection);
        if (version < 3)
        {
            // runs stored before checksums get theirs from what they hold now (damage from here on is detected)
            using DbTransaction tx = connection.BeginTransaction();
            var ids = new List<long>();
            using (DbCommand read = Command(tx, "SELECT id FROM runs WHERE checksum IS NULL;"))
            using (DbDataReader r = read.ExecuteReader())
            {
                while (r.Read())
                {
                    ids.Add(r.GetInt64(0));
                }
            }

            foreach (long id in ids)
            {
                SetChecksum(tx, id);
            }

            tx.Commit();
        }
    }

    /// <summary>The document without insignificant whitespace (numbers and strings exactly as written).</summary>
    /// <param name="json">A JSON document.</param>
    public static string Compact(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using JsonDocument doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            doc.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void InsertForecasts(DbTransaction tx, long id, Parley.Core.Analyses.AnalysisResult? result)
    {
        IReadOnlyList<ForecastRow> rows = ForecastRow.Of(result);
        if (rows.Count == 0)
        {
            return;
        }

        using DbCommand cmd = Command(tx, "INSERT INTO forecasts (run_id, model, issue, central, median, p10, p90, mean) VALUES (@id, @model, @issue, @central, @median, @p10, @p90, @mean);");
        Param(cmd, "@id", DbType.Int64, id);
        DbParameter model = Param(cmd, "@model", DbType.String), issue = Param(cmd, "@issue", DbType.String);
        DbParameter[] numbers = [.. ForecastColumns.Select(x => Param(cmd, "@" + x, DbType.Double))];
        foreach (ForecastRow row in rows)
        {
            (model.Value, issue.Value) = (row.Model, row.Issue);
            double?[] values = [row.Central, row.Median, row.P10, row.P90, row.Mean];
            for (int k = 0; k < values.Length; k++)
            {
                numbers[k].Value = (object?)values[k] ?? DBNull.Value;
            }

            cmd.ExecuteNonQuery();
        }
    }

    private DbCommand Command(DbTransaction? tx, string sql)
    {
        DbCommand cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    /// <summary>Adds a parameter of a declared type (PostgreSQL needs the type of a null).</summary>
    private static DbParameter Param(DbCommand cmd, string name, DbType type, object? value = null)
    {
        DbParameter p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    private object? Scalar(string sql)
    {
        using DbCommand cmd = Command(null, sql);
        return cmd.ExecuteScalar();
    }
}
