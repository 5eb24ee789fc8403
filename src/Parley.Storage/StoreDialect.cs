using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Parley.Storage;

/// <summary>
/// What differs between the store's two databases: the DDL of each migration (the same version numbers on both), where the
/// schema version is kept, how a new store is recognised and migrated, and the integrity check. Everything else (inserts
/// with <c>RETURNING</c>, <c>ON CONFLICT DO NOTHING</c>, the queries) is one SQL text for both.
/// </summary>
internal abstract class StoreDialect
{
    /// <summary>Migration 2: requests.</summary>
    protected const string AddRequest = "ALTER TABLE runs ADD COLUMN request TEXT;";

    /// <summary>Migration 3: checksums.</summary>
    protected const string AddChecksum = "ALTER TABLE runs ADD COLUMN checksum TEXT;";

    /// <summary>Migration 5: sweeps and their items, the dashboards' data-protection keys, the instance that made an exercise (one text for both).</summary>
    protected const string SweepsAndKeys = """
        CREATE TABLE sweeps (
            id TEXT PRIMARY KEY,
            command TEXT NOT NULL,
            request TEXT NOT NULL,
            items INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE sweep_items (
            sweep TEXT NOT NULL REFERENCES sweeps(id),
            item TEXT NOT NULL,
            worker TEXT NOT NULL,
            payload TEXT NOT NULL,
            finished TEXT NOT NULL,
            PRIMARY KEY (sweep, item)
        );
        CREATE TABLE data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL,
            created_utc TEXT NOT NULL
        );
        ALTER TABLE exercises ADD COLUMN instance TEXT;
        """;

    /// <summary>The store's tables (what the PostgreSQL integrity check looks for).</summary>
    protected static readonly string[] Tables =
        ["runs", "run_inputs", "run_timings", "run_values", "forecasts", "exercises", "exercise_actions", "exercise_credentials", "sweeps", "sweep_items", "data_protection_keys"];

    /// <summary>SQLite's dialect.</summary>
    public static StoreDialect Sqlite { get; } = new SqliteDialect();

    /// <summary>PostgreSQL's dialect.</summary>
    public static StoreDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>Each entry migrates from version k to k + 1. Never edit a shipped entry: append a new one, to both dialects.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>The column that orders rows of <c>run_timings</c> and <c>run_values</c> as they were inserted.</summary>
    public abstract string InsertionOrder { get; }

    /// <summary>SQL that is true when <paramref name="needle"/> occurs in <paramref name="haystack"/>.</summary>
    public abstract string Contains(string haystack, string needle);

    /// <summary>The schema version of the store on this connection (0: none yet).</summary>
    public abstract int Version(DbConnection c, DbTransaction? tx);

    /// <summary>Refuses a database that is not a Parley run store, or one newer than this version, without writing to it.</summary>
    public abstract void CheckIdentity(DbConnection c, string display, int schemaVersion);

    /// <summary>Migrates forwards to the latest version, safely when several processes open a new store at once.</summary>
    public abstract void Migrate(DbConnection c);

    /// <summary>The database's own check of its storage: problems, one a line (empty when sound).</summary>
    public abstract IReadOnlyList<string> StorageProblems(DbConnection c);

    /// <summary>"ok" when the database is sound, else what is wrong.</summary>
    public abstract string IntegrityCheck(DbConnection c);

    protected static object? Scalar(DbConnection c, DbTransaction? tx, string sql)
    {
        using DbCommand cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    protected static void Exec(DbConnection c, DbTransaction? tx, string sql)
    {
        using DbCommand cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private sealed class SqliteDialect : StoreDialect
    {
        public override IReadOnlyList<string> Migrations { get; } =
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
            AddRequest,
            AddChecksum,
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
            SweepsAndKeys,
        ];

        public override string InsertionOrder => "rowid";

        public override string Contains(string haystack, string needle) => $"instr({haystack}, {needle}) > 0";

        public override int Version(DbConnection c, DbTransaction? tx) => Convert.ToInt32(Scalar(c, tx, "PRAGMA user_version;"), CultureInfo.InvariantCulture);

        public override void CheckIdentity(DbConnection c, string display, int schemaVersion)
        {
            // the version and the tables are read in one snapshot: another process creating the store at the same moment
            // writes both in one transaction, so a reader sees a new empty file or a store, never tables without a version
            int version;
            long tableCount;
            using (SqliteTransaction snapshot = ((SqliteConnection)c).BeginTransaction(deferred: true))
            {
                version = Version(c, snapshot);
                tableCount = Convert.ToInt64(Scalar(c, snapshot, "SELECT COUNT(*) FROM sqlite_master;"), CultureInfo.InvariantCulture);
                snapshot.Commit();
            }

            if (version > schemaVersion)
            {
                throw Newer(display, version, schemaVersion);
            }

            if (version == 0 && tableCount > 0)
            {
                throw new RunStoreException($"{display}: this SQLite file is not a Parley run store (left as it is); pass another --db");
            }
        }

        public override void Migrate(DbConnection c)
        {
            for (int v = Version(c, null); v < Migrations.Count; v++)
            {
                // the transaction takes the write lock at once (BEGIN IMMEDIATE); another process or connection that opened a
                // new store at the same moment may have migrated it since the version was read, so each step reads it again
                using SqliteTransaction tx = ((SqliteConnection)c).BeginTransaction(deferred: false);
                if (Version(c, tx) > v)
                {
                    tx.Commit();
                    continue;
                }

                Exec(c, tx, Migrations[v]);
                Exec(c, tx, $"PRAGMA user_version = {v + 1};");
                tx.Commit();
            }
        }

        public override IReadOnlyList<string> StorageProblems(DbConnection c)
        {
            var problems = new List<string>();
            using DbCommand cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA quick_check;";
            using DbDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (r.GetString(0) != "ok")
                {
                    problems.Add("SQLite: " + r.GetString(0));
                }
            }

            return problems;
        }

        public override string IntegrityCheck(DbConnection c) => Convert.ToString(Scalar(c, null, "PRAGMA integrity_check;"), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>
    /// PostgreSQL: the version lives in a one-row table <c>parley_schema</c>; a migration runs in one transaction (DDL is
    /// transactional) under an advisory lock, so stores opened by many at once are created once.
    /// </summary>
    private sealed class PostgreSqlDialect : StoreDialect
    {
        /// <summary>The advisory lock taken while migrating ("parley" in ASCII).</summary>
        private const long MigrationLock = 0x7061726c6579;

        public override IReadOnlyList<string> Migrations { get; } =
        [
            """
            CREATE TABLE runs (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                created_utc TEXT NOT NULL,
                command TEXT NOT NULL,
                args TEXT NOT NULL,
                scenario_name TEXT,
                scenario_hash TEXT NOT NULL,
                variant TEXT,
                seed TEXT,
                draws BIGINT,
                tool_version TEXT NOT NULL,
                elapsed_ms DOUBLE PRECISION NOT NULL,
                result TEXT NOT NULL
            );
            CREATE TABLE run_inputs (
                run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                ord BIGINT NOT NULL,
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                content BYTEA NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE run_timings (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                phase TEXT NOT NULL,
                ms DOUBLE PRECISION NOT NULL
            );
            CREATE INDEX run_timings_by_run ON run_timings (run_id);
            CREATE TABLE run_values (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                number DOUBLE PRECISION,
                text TEXT
            );
            CREATE INDEX run_values_by_run ON run_values (run_id, path);
            CREATE INDEX run_values_by_path ON run_values (path, run_id);
            CREATE TABLE forecasts (
                run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                model TEXT NOT NULL,
                issue TEXT NOT NULL,
                central DOUBLE PRECISION,
                median DOUBLE PRECISION,
                p10 DOUBLE PRECISION,
                p90 DOUBLE PRECISION,
                mean DOUBLE PRECISION
            );
            CREATE INDEX forecasts_by_run ON forecasts (run_id);
            """,
            AddRequest,
            AddChecksum,
            """
            CREATE TABLE exercises (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                created_utc TEXT NOT NULL,
                scenario_name TEXT NOT NULL,
                catalog_name TEXT NOT NULL,
                scenario_path TEXT NOT NULL,
                scenario BYTEA NOT NULL,
                settings TEXT NOT NULL,
                status TEXT NOT NULL
            );
            CREATE TABLE exercise_actions (
                exercise_id BIGINT NOT NULL REFERENCES exercises(id) ON DELETE CASCADE,
                ord BIGINT NOT NULL,
                created_utc TEXT NOT NULL,
                action TEXT NOT NULL,
                PRIMARY KEY (exercise_id, ord)
            );
            CREATE TABLE exercise_credentials (
                hash TEXT PRIMARY KEY,
                exercise_id BIGINT NOT NULL,
                kind TEXT NOT NULL,
                seat TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                revoked BIGINT NOT NULL DEFAULT 0
            );
            CREATE INDEX exercise_credentials_by_seat ON exercise_credentials (exercise_id, seat, kind);
            """,
            SweepsAndKeys,
        ];

        public override string InsertionOrder => "seq";

        public override string Contains(string haystack, string needle) => $"strpos({haystack}, {needle}) > 0";

        public override int Version(DbConnection c, DbTransaction? tx) =>
            Scalar(c, tx, "SELECT to_regclass('parley_schema') IS NOT NULL;") is true
                ? Convert.ToInt32(Scalar(c, tx, "SELECT COALESCE(MAX(version), 0) FROM parley_schema;"), CultureInfo.InvariantCulture)
                : 0;

        public override void CheckIdentity(DbConnection c, string display, int schemaVersion)
        {
            int version;
            long tableCount;
            using (DbTransaction snapshot = c.BeginTransaction(IsolationLevel.RepeatableRead))
            {
                version = Version(c, snapshot);
                tableCount = Convert.ToInt64(Scalar(c, snapshot, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema();"), CultureInfo.InvariantCulture);
                snapshot.Commit();
            }

            if (version > schemaVersion)
            {
                throw Newer(display, version, schemaVersion);
            }

            if (version == 0 && tableCount > 0)
            {
                throw new RunStoreException($"{display}: this PostgreSQL database holds tables but is not a Parley run store (left as it is); name an empty database, or another --db");
            }
        }

        public override void Migrate(DbConnection c)
        {
            if (Version(c, null) >= Migrations.Count)
            {
                return;
            }

            // one transaction for every step, under a lock that every opener of this database takes: a second opener waits,
            // then finds the store made
            using DbTransaction tx = c.BeginTransaction();
            Exec(c, tx, $"SELECT pg_advisory_xact_lock({MigrationLock});");
            Exec(c, tx, "CREATE TABLE IF NOT EXISTS parley_schema (version INTEGER NOT NULL);");
            int version = Convert.ToInt32(Scalar(c, tx, "SELECT COALESCE(MAX(version), 0) FROM parley_schema;"), CultureInfo.InvariantCulture);
            for (int v = version; v < Migrations.Count; v++)
            {
                Exec(c, tx, Migrations[v]);
            }

            if (version < Migrations.Count)
            {
                Exec(c, tx, "DELETE FROM parley_schema;");
                Exec(c, tx, $"INSERT INTO parley_schema (version) VALUES ({Migrations.Count});");
            }

            tx.Commit();
        }

        /// <summary>None: the server guards its own storage (its checksums, WAL and replication are its administrator's); only the tables are checked.</summary>
        public override IReadOnlyList<string> StorageProblems(DbConnection c)
        {
            string check = IntegrityCheck(c);
            return check == "ok" ? [] : ["PostgreSQL: " + check];
        }

        /// <summary>Not a check of the server's storage (PostgreSQL keeps its own): "ok" when every table of the store is there.</summary>
        public override string IntegrityCheck(DbConnection c)
        {
            var missing = new List<string>();
            foreach (string table in Tables)
            {
                if (Scalar(c, null, $"SELECT to_regclass('{table}') IS NOT NULL;") is not true)
                {
                    missing.Add(table);
                }
            }

            return missing.Count == 0 ? "ok" : "missing tables: " + string.Join(", ", missing);
        }
    }

    private static RunStoreException Newer(string display, int version, int schemaVersion) =>
        new($"{display}: this run store has schema version {version}, newer than the {schemaVersion} this parley ({typeof(RunStore).Assembly.GetName().Version}) understands; upgrade parley, or pass another --db");
}
