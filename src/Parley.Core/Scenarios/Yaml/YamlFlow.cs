using System.Globalization;
using System.Text;

namespace Parley.Core.Scenarios.Yaml;

/// <summary>A YAML node as one line of flow text (<c>{at_most: 75}</c>, <c>[uk, russia]</c>), for a variant's added or removed items.</summary>
internal static class YamlFlow
{
    public static string Write(YNode node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    /// <summary>True when two nodes hold the same values (scalars compared as text, numbers as numbers).</summary>
    public static bool Same(YNode a, YNode b) => (a, b) switch
    {
        (YScalar x, YScalar y) => x.TryGetNumber(out double u) && y.TryGetNumber(out double v) ? u.Equals(v) : x.Value == y.Value,
        (YSequence x, YSequence y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => Same(p.First, p.Second)),
        (YMapping x, YMapping y) => x.Entries.Count == y.Entries.Count && x.Entries.All(e => y.Get(e.Key.Value) is YNode o && Same(e.Value, o)),
        _ => false,
    };

    private static void Write(YNode node, StringBuilder sb)
    {
        switch (node)
        {
            case YScalar s:
                sb.Append(s.IsPlain && (s.TryGetNumber(out _) || s.IsNull || Plain(s.Value)) ? s.Value : Quote(s.Value));
                break;
            case YSequence q:
                sb.Append('[');
                for (int i = 0; i < q.Items.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ", ");
                    Write(q.Items[i], sb);
                }

                sb.Append(']');
                break;
            case YMapping m:
                sb.Append('{');
                for (int i = 0; i < m.Entries.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ", ");
                    Write(m.Entries[i].Key, sb);
                    sb.Append(": ");
                    Write(m.Entries[i].Value, sb);
                }

                sb.Append('}');
                break;
        }
    }

    private static bool Plain(string v) => v.Length > 0 && v.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ') && v[0] != ' ' && v[^1] != ' ' && v[0] != '-';

    private static string Quote(string v)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in v)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                < ' ' => sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
