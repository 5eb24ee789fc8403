using System.Data;
using System.Data.Common;

namespace Parley.Storage;

public sealed partial class RunStore
{
    /// <summary>
    /// Records a sweep (a request split into items that workers compute); idempotent: false, and nothing changed, when a
    /// sweep with that id is already recorded.
    /// </summary>
    /// <param name="id">The sweep's id.</param>
    /// <param name="command">The command that made it.</param>
    /// <param name="request">The request (serialised).</param>
    /// <param name="items">How many items it has.</param>
    public bool SaveSweep(string id, string command, string request, int items)
    {
        using DbCommand cmd = Command(null, """
            INSERT INTO sweeps (id, command, request, items, created) VALUES (@id, @command, @request, @items, @created)
            ON CONFLICT DO NOTHING;
            """);
        Param(cmd, "@id", DbType.String, id);
        Param(cmd, "@command", DbType.String, command);
        Param(cmd, "@request", DbType.String, request);
        Param(cmd, "@items", DbType.Int32, items);
        Param(cmd, "@created", DbType.String, Now());
        return cmd.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Records one item's result; idempotent by (sweep, item): the first result wins, and a later one (another worker that
    /// computed the same item, or a retry) returns false and changes nothing, also when two write at the same moment.
    /// </summary>
    /// <param name="sweep">The sweep's id (recorded with <see cref="SaveSweep"/>; an unknown sweep is refused by the foreign key).</param>
    /// <param name="item">The item's id within the sweep.</param>
    /// <param name="worker">Who computed it.</param>
    /// <param name="payload">Its result (serialised).</param>
    public bool SaveSweepItem(string sweep, string item, string worker, string payload)
    {
        using DbCommand cmd = Command(null, """
            INSERT INTO sweep_items (sweep, item, worker, payload, finished) VALUES (@sweep, @item, @worker, @payload, @finished)
            ON CONFLICT DO NOTHING;
            """);
        Param(cmd, "@sweep", DbType.String, sweep);
        Param(cmd, "@item", DbType.String, item);
        Param(cmd, "@worker", DbType.String, worker);
        Param(cmd, "@payload", DbType.String, payload);
        Param(cmd, "@finished", DbType.String, Now());
        return cmd.ExecuteNonQuery() == 1;
    }

    /// <summary>The recorded items of a sweep: item → payload (empty for an unknown sweep).</summary>
    /// <param name="sweep">The sweep's id.</param>
    public IReadOnlyDictionary<string, string> SweepItems(string sweep)
    {
        using DbCommand cmd = Command(null, "SELECT item, payload FROM sweep_items WHERE sweep = @sweep ORDER BY item;");
        Param(cmd, "@sweep", DbType.String, sweep);
        using DbDataReader r = cmd.ExecuteReader();
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read())
        {
            items[r.GetString(0)] = r.GetString(1);
        }

        return items;
    }

    /// <summary>The request a sweep was recorded with, or null when there is no such sweep.</summary>
    /// <param name="id">The sweep's id.</param>
    public string? SweepRequest(string id)
    {
        using DbCommand cmd = Command(null, "SELECT request FROM sweeps WHERE id = @id;");
        Param(cmd, "@id", DbType.String, id);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>
    /// The dashboards' data-protection keys (XML, one per key), for a store several dashboards share: each reads the
    /// others' keys, so a cookie or form token one protected another accepts.
    /// </summary>
    public IReadOnlyList<string> DataProtectionKeys()
    {
        using DbCommand cmd = Command(null, "SELECT xml FROM data_protection_keys ORDER BY created_utc, name;");
        using DbDataReader r = cmd.ExecuteReader();
        var keys = new List<string>();
        while (r.Read())
        {
            keys.Add(r.GetString(0));
        }

        return keys;
    }

    /// <summary>Keeps a data-protection key; false when one of that name is already kept (keys are never changed).</summary>
    /// <param name="name">The key's name (unique).</param>
    /// <param name="xml">The key's XML.</param>
    public bool SaveDataProtectionKey(string name, string xml)
    {
        using DbCommand cmd = Command(null, "INSERT INTO data_protection_keys (name, xml, created_utc) VALUES (@name, @xml, @created) ON CONFLICT DO NOTHING;");
        Param(cmd, "@name", DbType.String, name);
        Param(cmd, "@xml", DbType.String, xml);
        Param(cmd, "@created", DbType.String, Now());
        return cmd.ExecuteNonQuery() == 1;
    }
}
