namespace Parley.Core.Scenarios.Import;

/// <summary>The input formats Parley reads.</summary>
public enum ScenarioFormat
{
    /// <summary>Not recognised (or unreadable).</summary>
    Unknown,

    /// <summary>Parley's own YAML scenario format.</summary>
    Yaml,

    /// <summary>KTAB's SMP CSV input.</summary>
    Ktab,

    /// <summary>Genius XML domain and utility profiles.</summary>
    Genius,

    /// <summary>The Decide (Stokman exchange model) record format.</summary>
    Decide,
}

/// <summary>Recognises an input format by its content, not its extension.</summary>
public static class FormatDetector
{
    /// <summary>Guesses the format of decoded text.</summary>
    /// <param name="text">The file's text.</param>
    public static ScenarioFormat Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ReadOnlySpan<char> t = text.AsSpan().TrimStart();
        if (t.StartsWith("<", StringComparison.Ordinal))
        {
            return ScenarioFormat.Genius;
        }

        if (t.StartsWith("'#A'", StringComparison.Ordinal) || t.StartsWith("'#P'", StringComparison.Ordinal)
            || t.StartsWith("'#M'", StringComparison.Ordinal) || t.StartsWith("'#D'", StringComparison.Ordinal))
        {
            return ScenarioFormat.Decide;
        }

        return LooksLikeKtab(text) ? ScenarioFormat.Ktab : ScenarioFormat.Yaml;
    }

    private static bool LooksLikeKtab(string text)
    {
        using var reader = new StringReader(text);
        string? first = reader.ReadLine();
        string? second = reader.ReadLine();
        if (first is null || second is null)
        {
            return false;
        }

        List<string> head = Csv.Split(first);
        List<string> header = Csv.Split(second);
        return head.Count >= 4 && int.TryParse(head[2].Trim(), out _) && int.TryParse(head[3].Trim(), out _)
            && header.Count >= 5 && header[0].Trim().Equals("Actor", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A minimal CSV field splitter (commas, double-quoted fields with doubled quotes).</summary>
internal static class Csv
{
    public static List<string> Split(string line) => Split(line, out _);

    /// <summary>Splits a line and reports each field's 1-based starting column.</summary>
    public static List<string> Split(string line, out List<int> columns)
    {
        var fields = new List<string>();
        columns = [];
        var sb = new System.Text.StringBuilder();
        int i = 0;
        while (true)
        {
            columns.Add(i + 1);
            sb.Clear();
            int start = i;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                while (i < line.Length && line[i] != ',')
                {
                    i++;
                }
            }
            else
            {
                i = start;
                while (i < line.Length && line[i] != ',')
                {
                    sb.Append(line[i++]);
                }
            }

            fields.Add(sb.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // skip the comma
        }
    }
}
