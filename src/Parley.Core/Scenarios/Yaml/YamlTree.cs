using System.Globalization;

namespace Parley.Core.Scenarios.Yaml;

/// <summary>A node of a parsed YAML document with the position it started at (1-based).</summary>
internal abstract class YNode
{
    protected YNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Number of nodes this node stands for once aliases are expanded (itself included).</summary>
    public long ExpandedSize { get; protected set; } = 1;

    public abstract string KindName { get; }
}

internal sealed class YScalar : YNode
{
    public YScalar(string value, bool plain, int line, int column)
        : base(line, column)
    {
        Value = value;
        IsPlain = plain;
    }

    public string Value { get; }

    /// <summary>True for unquoted scalars, which may be numbers, booleans or null.</summary>
    public bool IsPlain { get; }

    public override string KindName => "text";

    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public bool TryGetNumber(out double number)
    {
        number = 0;
        if (!IsPlain)
        {
            return false;
        }

        string s = Value.Trim();
        if (s.Length == 0 || s.Contains('_', StringComparison.Ordinal))
        {
            return false;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        return double.IsFinite(number);
    }

    public bool TryGetBool(out bool value)
    {
        value = false;
        if (!IsPlain)
        {
            return false;
        }

        switch (Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }
}

internal sealed class YSequence : YNode
{
    public YSequence(IReadOnlyList<YNode> items, int line, int column)
        : base(line, column)
    {
        Items = items;
        long size = 1;
        foreach (YNode n in items)
        {
            size += n.ExpandedSize;
        }

        ExpandedSize = size;
    }

    public IReadOnlyList<YNode> Items { get; }

    public override string KindName => "list";
}

internal sealed class YMapping : YNode
{
    public YMapping(IReadOnlyList<KeyValuePair<YScalar, YNode>> entries, int line, int column)
        : base(line, column)
    {
        Entries = entries;
        long size = 1;
        foreach (KeyValuePair<YScalar, YNode> e in entries)
        {
            size += 1 + e.Value.ExpandedSize;
        }

        ExpandedSize = size;
    }

    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; }

    public override string KindName => "mapping";

    public YNode? Get(string key)
    {
        foreach (KeyValuePair<YScalar, YNode> e in Entries)
        {
            if (e.Key.Value == key)
            {
                return e.Value;
            }
        }

        return null;
    }

    public YScalar? KeyNode(string key)
    {
        foreach (KeyValuePair<YScalar, YNode> e in Entries)
        {
            if (e.Key.Value == key)
            {
                return e.Key;
            }
        }

        return null;
    }
}
