using System.Globalization;
using System.Data;
using System.Data.Common;

namespace Parley.Storage;

/// <summary>An exercise as the store keeps it: its scenario's bytes, its settings and its actions, in order.</summary>
/// <param name="Id">Exercise id.</param>
/// <param name="CreatedUtc">When it was created.</param>
/// <param name="ScenarioName">The scenario's name.</param>
/// <param name="CatalogName">The scenario's name in the dashboard's catalog.</param>
/// <param name="ScenarioPath">The scenario file's name.</param>
/// <param name="Scenario">The scenario file's bytes as played.</param>
/// <param name="Settings">The settings (JSON).</param>
/// <param name="Status">running, paused or ended.</param>
/// <param name="Actions">The actions (JSON each), in order.</param>
/// <param name="Instance">The dashboard instance that created it (null: made before instances were recorded).</param>
public sealed record StoredExercise(long Id, string CreatedUtc, string ScenarioName, string CatalogName, string ScenarioPath, byte[] Scenario, string Settings, string Status, IReadOnlyList<string> Actions, string? Instance = null);

/// <summary>A credential of an exercise (only its hash is kept): a seat's join code or session, or the facilitator's.</summary>
/// <param name="ExerciseId">The exercise (0: the whole dashboard, for the facilitator).</param>
/// <param name="Kind">code, session or facilitator.</param>
/// <param name="Seat">The seat's actor, or <c>facilitator</c>.</param>
/// <param name="Revoked">True once used (a code) or revoked.</param>
public sealed record StoredCredential(long ExerciseId, string Kind, string Seat, bool Revoked);

public sealed partial class RunStore
{
    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Stores a new exercise; returns its id.</summary>
    /// <param name="scenarioName">The scenario's name.</param>
    /// <param name="catalogName">Its name in the dashboard's catalog.</param>
    /// <param name="scenarioPath">Its file's name.</param>
    /// <param name="scenario">Its file's bytes.</param>
    /// <param name="settings">The settings (JSON).</param>
    /// <param name="instance">The dashboard instance that creates it (on a store several dashboards share, only it serves the exercise).</param>
    public long CreateExercise(string scenarioName, string catalogName, string scenarioPath, byte[] scenario, string settings, string? instance = null)
    {
        using DbCommand cmd = Command(null, """
            INSERT INTO exercises (created_utc, scenario_name, catalog_name, scenario_path, scenario, settings, status, instance)
            VALUES (@created, @name, @catalog, @path, @scenario, @settings, 'running', @instance)
            RETURNING id;
            """);
        Param(cmd, "@created", DbType.String, Now());
        Param(cmd, "@name", DbType.String, scenarioName);
        Param(cmd, "@catalog", DbType.String, catalogName);
        Param(cmd, "@path", DbType.String, scenarioPath);
        Param(cmd, "@scenario", DbType.Binary, scenario);
        Param(cmd, "@settings", DbType.String, settings);
        Param(cmd, "@instance", DbType.String, instance);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Appends an exercise's next action (its place in the order is the key, so an action is never stored twice).</summary>
    /// <param name="exercise">The exercise.</param>
    /// <param name="ord">Its place (0-based).</param>
    /// <param name="action">The action (JSON).</param>
    public void AppendAction(long exercise, int ord, string action)
    {
        using DbCommand cmd = Command(null, "INSERT INTO exercise_actions (exercise_id, ord, created_utc, action) VALUES (@id, @ord, @created, @action);");
        Param(cmd, "@id", DbType.Int64, exercise);
        Param(cmd, "@ord", DbType.Int64, (long)ord);
        Param(cmd, "@created", DbType.String, Now());
        Param(cmd, "@action", DbType.String, action);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Sets an exercise's status.</summary>
    /// <param name="exercise">The exercise.</param>
    /// <param name="status">running, paused or ended.</param>
    public void SetExerciseStatus(long exercise, string status)
    {
        using DbCommand cmd = Command(null, "UPDATE exercises SET status = @status WHERE id = @id;");
        Param(cmd, "@id", DbType.Int64, exercise);
        Param(cmd, "@status", DbType.String, status);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Every exercise, oldest first, with its actions.</summary>
    public IReadOnlyList<StoredExercise> Exercises()
    {
        var result = new List<StoredExercise>();
        using (DbCommand cmd = Command(null, "SELECT id, created_utc, scenario_name, catalog_name, scenario_path, scenario, settings, status, instance FROM exercises ORDER BY id;"))
        using (DbDataReader r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                result.Add(new StoredExercise(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), (byte[])r.GetValue(5), r.GetString(6), r.GetString(7), [], r.IsDBNull(8) ? null : r.GetString(8)));
            }
        }

        for (int k = 0; k < result.Count; k++)
        {
            var actions = new List<string>();
            using DbCommand cmd = Command(null, "SELECT action FROM exercise_actions WHERE exercise_id = @id ORDER BY ord;");
            Param(cmd, "@id", DbType.Int64, result[k].Id);
            using DbDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                actions.Add(r.GetString(0));
            }

            result[k] = result[k] with { Actions = actions };
        }

        return result;
    }

    /// <summary>Keeps a credential's hash.</summary>
    /// <param name="hash">The credential's hash.</param>
    /// <param name="exercise">Its exercise (0: the dashboard).</param>
    /// <param name="kind">code, session or facilitator.</param>
    /// <param name="seat">Its seat, or <c>facilitator</c>.</param>
    public void AddCredential(string hash, long exercise, string kind, string seat)
    {
        using DbCommand cmd = Command(null, "INSERT INTO exercise_credentials (hash, exercise_id, kind, seat, created_utc) VALUES (@hash, @id, @kind, @seat, @created);");
        Param(cmd, "@hash", DbType.String, hash);
        Param(cmd, "@id", DbType.Int64, exercise);
        Param(cmd, "@kind", DbType.String, kind);
        Param(cmd, "@seat", DbType.String, seat);
        Param(cmd, "@created", DbType.String, Now());
        cmd.ExecuteNonQuery();
    }

    /// <summary>The credential with this hash, or null.</summary>
    /// <param name="hash">The hash.</param>
    public StoredCredential? FindCredential(string hash)
    {
        using DbCommand cmd = Command(null, "SELECT exercise_id, kind, seat, revoked FROM exercise_credentials WHERE hash = @hash;");
        Param(cmd, "@hash", DbType.String, hash);
        using DbDataReader r = cmd.ExecuteReader();
        return r.Read() ? new StoredCredential(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0) : null;
    }

    /// <summary>Marks one credential used or revoked; true when it was live (so a code is used once, even by two requests at once).</summary>
    /// <param name="hash">The hash.</param>
    public bool RevokeCredential(string hash)
    {
        using DbCommand cmd = Command(null, "UPDATE exercise_credentials SET revoked = 1 WHERE hash = @hash AND revoked = 0;");
        Param(cmd, "@hash", DbType.String, hash);
        return cmd.ExecuteNonQuery() == 1;
    }

    /// <summary>Revokes every live credential of one seat of one exercise (of one kind, or all kinds when null).</summary>
    /// <param name="exercise">The exercise.</param>
    /// <param name="seat">The seat.</param>
    /// <param name="kind">code or session; null: both.</param>
    public int RevokeCredentials(long exercise, string seat, string? kind = null)
    {
        using DbCommand cmd = Command(null, "UPDATE exercise_credentials SET revoked = 1 WHERE exercise_id = @id AND seat = @seat AND (@kind IS NULL OR kind = @kind) AND revoked = 0;");
        Param(cmd, "@id", DbType.Int64, exercise);
        Param(cmd, "@seat", DbType.String, seat);
        Param(cmd, "@kind", DbType.String, kind);
        return cmd.ExecuteNonQuery();
    }
}
