using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Parley.Storage;

/// <summary>
/// The SQLite run store: every computing command's run with its inputs, options, timings and results.
/// WAL journal; each run is written in one transaction, so a process killed mid-write leaves the file
/// consistent and every earlier run intact. The schema is versioned (<c>PRAGMA user_version</c>) and
/// migrated forwards on open; a file made by a newer tool is refused with a clear message.
/// </summary>
public sealed partial class RunStore : IDisposable
{
    /// <summary>Environment variable that overrides the default location.</summary>
    public const string EnvironmentVariable = "PARLEY_DB";

    /// <summary>Default file name, in the working directory.</summary>
    public const string DefaultFileName = "parley.db";

    // Each entry migrates from version k to k + 1. Never edit a shipped entry: append a new one.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_utc TEXT NOT NULL,
            command TEXT NOT NULL,
            args TEXT NOT NULL,
            scenario_name TEXT,
            scenario_hash TEXT NOT NULL,
            variant TEXT,
            seed TEXT,
            draws INTEGER,
            tool_version TEXT NOT NULL,
            elapsed_ms REAL NOT NULL,
            result TEXT NOT NULL
        );
        CREATE TABLE run_inputs (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            PRIMARY KEY (run_id, ord)
        );
        CREATE TABLE run_timings (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            ms REAL NOT NULL
        );
        CREATE TABLE run_values (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            number REAL,
            text TEXT
        );
        CREATE INDEX run_values_by_run ON run_values (run_id, path);
        CREATE INDEX run_values_by_path ON run_values (path, run_id);
        CREATE TABLE forecasts (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            issue TEXT NOT NULL,
            central REAL,
            median REAL,
            p10 REAL,
            p90 REAL,
            mean REAL
        );
        CREATE INDEX forecasts_by_run ON forecasts (run_id);
        """,
        """
        ALTER TABLE runs ADD COLUMN request TEXT;
        """,
        """
        ALTER TABLE runs ADD COLUMN checksum TEXT;
        """,
        """
        CREATE TABLE exercises (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_utc TEXT NOT NULL,
            scenario_name TEXT NOT NULL,
            catalog_name TEXT NOT NULL,
            scenario_path TEXT NOT NULL,
            scenario BLOB NOT NULL,
            settings TEXT NOT NULL,
            status TEXT NOT NULL
        );
        CREATE TABLE exercise_actions (
            exercise_id INTEGER NOT NULL REFERENCES exercises(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            created_utc TEXT NOT NULL,
            action TEXT NOT NULL,
            PRIMARY KEY (exercise_id, ord)
        );
        CREATE TABLE exercise_credentials (
            hash TEXT PRIMARY KEY,
            exercise_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            seat TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX exercise_credentials_by_seat ON exercise_credentials (exercise_id, seat, kind);
        """,
    ];

    private static readonly string[] ForecastColumns = ["central", "median", "p10", "p90", "mean"];

    private readonly SqliteConnection connection;

    private RunStore(SqliteConnection connection, string path)
    {
        this.connection = connection;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version this tool writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <summary>The store to use: an explicit path, else <see cref="EnvironmentVariable"/>, else <c>./parley.db</c>.</summary>
    /// <param name="explicitPath">The <c>--db</c> value, if given.</param>
    public static string ResolvePath(string? explicitPath) =>
        !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : System.IO.Path.Combine(Directory.GetCurrentDirectory(), DefaultFileName);

    /// <summary>Opens (creating and migrating when needed) the store at a path.</summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="RunStoreException">The file is not a Parley store, or a newer tool made it.</exception>
    public static RunStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        return Connect(path, path, SqliteOpenMode.ReadWriteCreate, "not a usable Parley run store ({0}); move it away or pass another --db", c =>
        {
            Exec(c, "PRAGMA busy_timeout = 30000;");

            // whose file is it? answered before anything is written (switching to WAL rewrites the file's header)
            CheckIdentity(c, path);
            Exec(c, "PRAGMA journal_mode = WAL;");
            Exec(c, "PRAGMA synchronous = FULL;");
            Exec(c, "PRAGMA foreign_keys = ON;");
        }, store => store.Migrate());
    }

    /// <summary>
    /// Opens a store for reading only (a file on read-only media, or one the user may not write): nothing is written,
    /// no journal is switched, no schema migrated; listing, showing, exporting and checking work, recording does not.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="RunStoreException">The file is missing, not a Parley store, or of another schema version.</exception>
    public static RunStore OpenReadOnly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new RunStoreException($"{path}: no run store there");
        }

        // read as immutable: no lock, journal or shared-memory file is made (a store in WAL mode would need one, which a
        // read-only folder cannot hold); the checksums still catch a file changed under the reader
        string uri = new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1";
        return Connect(path, uri, SqliteOpenMode.ReadOnly, "not a readable Parley run store ({0}); pass another --db", c =>
        {
            CheckIdentity(c, path);
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

    /// <summary>Opens a connection, prepares it and the store on it; any failure closes it and says what the file is not.</summary>
    private static RunStore Connect(string path, string dataSource, SqliteOpenMode mode, string unusable, Action<SqliteConnection> prepare, Action<RunStore> ready)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        try
        {
            c.Open();
            prepare(c);
            var store = new RunStore(c, path);
            ready(store);
            return store;
        }
        catch (SqliteException e)
        {
            c.Dispose();
            throw new RunStoreException($"{path}: " + string.Format(CultureInfo.InvariantCulture, unusable, e.Message.TrimEnd('.')), e);
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>True when the file can be opened for writing by this process (false on read-only media or without permission).</summary>
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

    /// <summary>The schema version of the open file.</summary>
    public int FileVersion => Convert.ToInt32(Scalar("PRAGMA user_version;"), CultureInfo.InvariantCulture);

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
        using SqliteTransaction tx = connection.BeginTransaction();
        long id;
        using (SqliteCommand cmd = Command(tx, """
            INSERT INTO runs (created_utc, command, args, scenario_name, scenario_hash, variant, seed, draws, tool_version, elapsed_ms, result, request, checksum)
            VALUES ($created, $command, $args, $name, $hash, $variant, $seed, $draws, $version, $elapsed, $result, $request, $checksum);
            SELECT last_insert_rowid();
            """))
        {
            cmd.Parameters.AddWithValue("$created", run.CreatedUtc ?? DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$checksum", DBNull.Value);   // set below from the columns as stored
            cmd.Parameters.AddWithValue("$command", run.Command);
            cmd.Parameters.AddWithValue("$args", JsonSerializer.Serialize(run.Args));
            cmd.Parameters.AddWithValue("$name", (object?)run.ScenarioName ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$hash", run.ScenarioHash);
            cmd.Parameters.AddWithValue("$variant", (object?)run.Variant ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$seed", run.Seed is ulong s ? s.ToString(CultureInfo.InvariantCulture) : DBNull.Value);
            cmd.Parameters.AddWithValue("$draws", (object?)run.Draws ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$version", run.ToolVersion);
            cmd.Parameters.AddWithValue("$elapsed", run.ElapsedMs);
            cmd.Parameters.AddWithValue("$result", result);
            cmd.Parameters.AddWithValue("$request", (object?)run.Request ?? DBNull.Value);
            id = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        SetChecksum(tx, id);

        using (SqliteCommand cmd = Command(tx, "INSERT INTO run_inputs (run_id, ord, path, sha256, content) VALUES ($id, $ord, $path, $sha, $content);"))
        {
            SqliteParameter ord = cmd.Parameters.Add("$ord", SqliteType.Integer), path = cmd.Parameters.Add("$path", SqliteType.Text),
                sha = cmd.Parameters.Add("$sha", SqliteType.Text), content = cmd.Parameters.Add("$content", SqliteType.Blob);
            cmd.Parameters.AddWithValue("$id", id);
            for (int k = 0; k < run.Inputs.Count; k++)
            {
                (ord.Value, path.Value, sha.Value, content.Value) = (k, run.Inputs[k].Path, run.Inputs[k].Sha256, run.Inputs[k].Content);
                cmd.ExecuteNonQuery();
            }
        }

        using (SqliteCommand cmd = Command(tx, "INSERT INTO run_timings (run_id, phase, ms) VALUES ($id, $phase, $ms);"))
        {
            cmd.Parameters.AddWithValue("$id", id);
            SqliteParameter phase = cmd.Parameters.Add("$phase", SqliteType.Text), ms = cmd.Parameters.Add("$ms", SqliteType.Real);
            foreach (KeyValuePair<string, double> t in run.Timings)
            {
                (phase.Value, ms.Value) = (t.Key, t.Value);
                cmd.ExecuteNonQuery();
            }
        }

        using (SqliteCommand cmd = Command(tx, "INSERT INTO run_values (run_id, path, number, text) VALUES ($id, $path, $number, $text);"))
        {
            cmd.Parameters.AddWithValue("$id", id);
            SqliteParameter path = cmd.Parameters.Add("$path", SqliteType.Text), number = cmd.Parameters.Add("$number", SqliteType.Real), text = cmd.Parameters.Add("$text", SqliteType.Text);
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
        using SqliteCommand cmd = Command(null, """
            SELECT id FROM runs
            WHERE ($command IS NULL OR command = $command) AND ($scenario IS NULL OR instr(lower(scenario_name), lower($scenario)) > 0)
            ORDER BY id DESC LIMIT $n;
            """);
        cmd.Parameters.AddWithValue("$n", limit);
        cmd.Parameters.AddWithValue("$command", (object?)command ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$scenario", (object?)scenario ?? DBNull.Value);
        var ids = new List<long>();
        using (SqliteDataReader r = cmd.ExecuteReader())
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
        using (SqliteCommand cmd = Command(null, $"SELECT id, {DescriptionColumns}, request, result, checksum FROM runs WHERE id = $id;"))
        {
            cmd.Parameters.AddWithValue("$id", id);
            using SqliteDataReader r = cmd.ExecuteReader();
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
        using (SqliteCommand cmd = Command(null, "SELECT phase, ms FROM run_timings WHERE run_id = $id ORDER BY rowid;"))
        {
            cmd.Parameters.AddWithValue("$id", id);
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                timings.Add(new(r.GetString(0), r.GetDouble(1)));
            }
        }

        var inputs = new List<RunInput>();
        if (withInputs)
        {
            using SqliteCommand cmd = Command(null, "SELECT path, content, sha256 FROM run_inputs WHERE run_id = $id ORDER BY ord;");
            cmd.Parameters.AddWithValue("$id", id);
            using SqliteDataReader r = cmd.ExecuteReader();
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
    private string ComputedChecksum(SqliteTransaction? tx, long id)
    {
        using SqliteCommand cmd = Command(tx, $"SELECT {DescriptionColumns}, request, result FROM runs WHERE id = $id;");
        cmd.Parameters.AddWithValue("$id", id);
        using SqliteDataReader r = cmd.ExecuteReader();
        r.Read();
        return ChecksumOf(r, 0);
    }

    /// <summary>The checksum of a row read as <see cref="DescriptionColumns"/>, request, result, starting at column <paramref name="first"/>.</summary>
    private static string ChecksumOf(SqliteDataReader r, int first)
    {
        var description = new object?[10];
        for (int k = 0; k < 10; k++)
        {
            int c = first + k;
            description[k] = r.IsDBNull(c) ? null : r.GetValue(c) is double d ? d.ToString("R", CultureInfo.InvariantCulture) : r.GetValue(c);
        }

        return Checksum(description, r.IsDBNull(first + 10) ? null : r.GetString(first + 10), r.GetString(first + 11));
    }

    private void SetChecksum(SqliteTransaction? tx, long id)
    {
        string checksum = ComputedChecksum(tx, id);
        using SqliteCommand cmd = Command(tx, "UPDATE runs SET checksum = $c WHERE id = $id;");
        cmd.Parameters.AddWithValue("$c", checksum);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    private RunStoreException Damaged(long id, string what) =>
        new($"{Path}: run {id} is damaged: {what}; 'parley runs check' lists every damaged run and 'parley runs salvage --out NEW.db' copies the sound ones");

    /// <summary>
    /// Checks the whole file: SQLite's quick_check, then every run's checksum and its inputs' SHA-256s. Empty when sound;
    /// else one line per problem.
    /// </summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        using (SqliteCommand cmd = Command(null, "PRAGMA quick_check;"))
        using (SqliteDataReader r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if (r.GetString(0) != "ok")
                {
                    problems.Add("SQLite: " + r.GetString(0));
                }
            }
        }

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
            catch (Exception e) when (e is RunStoreException or SqliteException or FormatException or System.Text.Json.JsonException or InvalidCastException)
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
            catch (Exception e) when (e is RunStoreException or SqliteException or FormatException or System.Text.Json.JsonException or InvalidCastException)
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
        using SqliteCommand cmd = Command(null, "SELECT id FROM runs ORDER BY id;");
        using SqliteDataReader r = cmd.ExecuteReader();
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
        using SqliteCommand cmd = Command(null, "SELECT path, number, text FROM run_values WHERE run_id = $id ORDER BY rowid;");
        cmd.Parameters.AddWithValue("$id", id);
        using SqliteDataReader r = cmd.ExecuteReader();
        var values = new List<RunValue>();
        while (r.Read())
        {
            values.Add(new RunValue(r.GetString(0), r.IsDBNull(1) ? null : r.GetDouble(1), r.IsDBNull(2) ? null : r.GetString(2)));
        }

        return values;
    }

    /// <summary>Runs SQLite's integrity check; "ok" when the file is sound.</summary>
    public string IntegrityCheck() => Convert.ToString(Scalar("PRAGMA integrity_check;"), CultureInfo.InvariantCulture) ?? string.Empty;

    /// <inheritdoc/>
    public void Dispose() => connection.Dispose();

    private static void Exec(SqliteConnection c, string sql)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Refuses a file that is not a Parley run store, or one newer than this version, without writing to it.</summary>
    private static void CheckIdentity(SqliteConnection c, string path)
    {
        // the version and the tables are read in one snapshot: another process creating the store at the same moment
        // writes both in one transaction, so a reader sees a new empty file or a store, never tables without a version
        int version;
        long tableCount;
        using (SqliteTransaction snapshot = c.BeginTransaction(deferred: true))
        {
            using SqliteCommand versionCommand = c.CreateCommand();
            versionCommand.Transaction = snapshot;
            versionCommand.CommandText = "PRAGMA user_version;";
            version = Convert.ToInt32(versionCommand.ExecuteScalar(), CultureInfo.InvariantCulture);
            using SqliteCommand tables = c.CreateCommand();
            tables.Transaction = snapshot;
            tables.CommandText = "SELECT COUNT(*) FROM sqlite_master;";
            tableCount = Convert.ToInt64(tables.ExecuteScalar(), CultureInfo.InvariantCulture);
            snapshot.Commit();
        }

        if (version > SchemaVersion)
        {
            throw new RunStoreException($"{path}: this run store has schema version {version}, newer than the {SchemaVersion} this parley ({typeof(RunStore).Assembly.GetName().Version}) understands; upgrade parley, or pass another --db");
        }

        if (version == 0 && tableCount > 0)
        {
            throw new RunStoreException($"{path}: this SQLite file is not a Parley run store (left as it is); pass another --db");
        }
    }

    private void Migrate()
    {
        int version = FileVersion;

        for (int v = version; v < SchemaVersion; v++)
        {
            // the transaction takes the write lock at once (BEGIN IMMEDIATE); another process or connection that opened a
            // new store at the same moment may have migrated it since the version was read, so each step reads it again
            using SqliteTransaction tx = connection.BeginTransaction(deferred: false);
            using (SqliteCommand now = Command(tx, "PRAGMA user_version;"))
            {
                if (Convert.ToInt32(now.ExecuteScalar(), CultureInfo.InvariantCulture) > v)
                {
                    tx.Commit();
                    continue;
                }
            }

            using (SqliteCommand cmd = Command(tx, Migrations[v]))
            {
                cmd.ExecuteNonQuery();
            }

            using (SqliteCommand cmd = Command(tx, $"PRAGMA user_version = {v + 1};"))
            {
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }

        if (version < 3)
        {
            // runs stored before checksums get theirs from what they hold now (damage from here on is detected)
            using SqliteTransaction tx = connection.BeginTransaction();
            var ids = new List<long>();
            using (SqliteCommand read = Command(tx, "SELECT id FROM runs WHERE checksum IS NULL;"))
            using (SqliteDataReader r = read.ExecuteReader())
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

    private void InsertForecasts(SqliteTransaction tx, long id, Parley.Core.Analyses.AnalysisResult? result)
    {
        IReadOnlyList<ForecastRow> rows = ForecastRow.Of(result);
        if (rows.Count == 0)
        {
            return;
        }

        using SqliteCommand cmd = Command(tx, "INSERT INTO forecasts (run_id, model, issue, central, median, p10, p90, mean) VALUES ($id, $model, $issue, $central, $median, $p10, $p90, $mean);");
        cmd.Parameters.AddWithValue("$id", id);
        SqliteParameter model = cmd.Parameters.Add("$model", SqliteType.Text), issue = cmd.Parameters.Add("$issue", SqliteType.Text);
        SqliteParameter[] numbers = [.. ForecastColumns.Select(x => cmd.Parameters.Add("$" + x, SqliteType.Real))];
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

    private SqliteCommand Command(SqliteTransaction? tx, string sql)
    {
        SqliteCommand cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private object? Scalar(string sql)
    {
        using SqliteCommand cmd = Command(null, sql);
        return cmd.ExecuteScalar();
    }
}
