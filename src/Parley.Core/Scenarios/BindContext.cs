using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Core.Domain;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios;

/// <summary>The valid range of a numeric field, used for range checks and truncated normals.</summary>
internal sealed record FieldSpec(string Name, double Min, double Max, bool MinExclusive = false, Visibility DefaultVisibility = Visibility.Public)
{
    public bool Accepts(double v) => (MinExclusive ? v > Min : v >= Min) && v <= Max;

    public string Describe()
    {
        string lo = double.IsNegativeInfinity(Min) ? "−∞" : Min.ToString(CultureInfo.InvariantCulture);
        string hi = double.IsPositiveInfinity(Max) ? "∞" : Max.ToString(CultureInfo.InvariantCulture);
        return double.IsPositiveInfinity(Max) ? (MinExclusive ? $"greater than {lo}" : $"at least {lo}") : $"{(MinExclusive ? "(" : "[")}{lo}, {hi}]";
    }
}

/// <summary>Collects diagnostics while turning YAML nodes into domain values.</summary>
internal sealed partial class BindContext
{
    /// <summary>The keys that say where a number comes from: every block that carries numbers takes them.</summary>
    public static readonly string[] ProvenanceKeys = ["source", "estimate", "note", "cite"];
    public static readonly string[] QuantityKeys = ["value", "range", "sd", .. ProvenanceKeys, "visibility"];

    public BindContext(string file, List<Diagnostic> diagnostics)
    {
        File = file;
        Diagnostics = diagnostics;
    }

    public string File { get; }

    public List<Diagnostic> Diagnostics { get; }

    /// <summary>Source ids defined by the scenario (filled before numbers are read).</summary>
    public HashSet<string> SourceIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Source ids cited anywhere (for the unused-source warning).</summary>
    public HashSet<string> CitedSources { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether to warn about undocumented numbers.</summary>
    public bool WarnUnsourced { get; set; } = true;

    public void Error(string code, YNode at, string message, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(Severity.Error, code, File, at.Line, at.Column, message, hint));

    public void Warn(string code, YNode at, string message, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(Severity.Warning, code, File, at.Line, at.Column, message, hint));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string id) => id.Length <= 64 && IdPattern().IsMatch(id);

    public YMapping? Mapping(YNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YMapping m)
        {
            return m;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a mapping (key: value lines), not {Describe(node)}", "write it as indented \"key: value\" lines or {key: value, …}");
        return null;
    }

    public YSequence? Sequence(YNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YSequence s)
        {
            return s;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a list (lines starting with '- '), not {Describe(node)}", "write one item per line, each starting with \"- \", or [a, b, …]");
        return null;
    }

    public string? Text(YNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YScalar s && !s.IsNull)
        {
            return s.Value;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be text, not {Describe(node)}", "write plain text; put quotes around text that starts with a special character");
        return null;
    }

    /// <summary>A date written YYYY-MM-DD, YYYY-MM or YYYY (as written), or null after an error.</summary>
    public string? Date(YNode? node, string what)
    {
        string? text = Text(node, what);
        if (text is null)
        {
            return null;
        }

        bool ok = text.Length is 4 or 7 or 10
            && DateTime.TryParseExact(text, text.Length switch { 4 => "yyyy", 7 => "yyyy-MM", _ => "yyyy-MM-dd" },
                CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        if (!ok)
        {
            Error(DiagnosticCodes.WrongType, node!, $"{what} '{text}' is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY");
            return null;
        }

        return text;
    }

    public double? Number(YNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YScalar s && s.TryGetNumber(out double v))
        {
            if (Math.Abs(v) > Limits.MaxMagnitude)
            {
                Error(DiagnosticCodes.OutOfRange, node, $"{what} is {s.Value}, beyond ±1e9, the largest magnitude Parley accepts", "use smaller units: capabilities, scales and costs only matter relative to each other");
                return null;
            }

            return v;
        }

        if (node is YScalar big && big.IsPlain && double.TryParse(big.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double huge) && double.IsInfinity(huge))
        {
            Error(DiagnosticCodes.OutOfRange, node, $"{what} is {big.Value}, beyond ±1e9, the largest magnitude Parley accepts", "use smaller units: capabilities, scales and costs only matter relative to each other");
            return null;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a number, not {Describe(node)}", "write a plain number such as 0.5 or 40, without quotes");
        return null;
    }

    public bool? Bool(YNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YScalar s && s.TryGetBool(out bool b))
        {
            return b;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be true or false, not {Describe(node)}", "write true or false, without quotes");
        return null;
    }

    public string? Id(YNode? node, string what)
    {
        string? id = Text(node, what);
        if (id is null)
        {
            return null;
        }

        if (!IsValidId(id))
        {
            Error(DiagnosticCodes.BadId, node!, $"{what} '{id}' is not a valid id",
                "use letters, digits, '-' and '_' only (no spaces or dots), starting with a letter or digit, at most 64 characters");
            return null;
        }

        return id;
    }

    public static string Describe(YNode node) => node switch
    {
        YScalar s when s.IsNull => "an empty value",
        YScalar s when s.TryGetNumber(out _) => $"the number {s.Value}",
        YScalar s => $"the text '{Shorten(s.Value)}'",
        YSequence => "a list",
        _ => "a mapping",
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    /// <summary>Reads source/estimate/note at one level, falling back to the inherited provenance.</summary>
    public Provenance ReadProvenance(YMapping map, Provenance inherited)
    {
        IReadOnlyList<string> sources = inherited.Sources;
        bool estimate = inherited.IsEstimate;
        string? note = inherited.Note;
        YNode? src = map.Get("source");
        if (src is not null)
        {
            sources = ReadSourceList(src);
        }

        YNode? est = map.Get("estimate");
        if (est is not null)
        {
            estimate = Bool(est, "'estimate'") ?? estimate;
        }

        YNode? n = map.Get("note");
        if (n is YScalar { Value.Length: 0, IsPlain: false })
        {
            note = null; // note: "" clears an inherited note
        }
        else if (n is not null)
        {
            note = Text(n, "'note'");
        }

        // a level that names its own sources without quoting them does not inherit quotes from sources it no longer cites
        IReadOnlyList<Citation> cites = src is not null && map.Get("cite") is null ? [] : inherited.Cites;
        if (map.Get("cite") is YNode c)
        {
            cites = ReadCites(c);

            // a block that quotes its sources without naming them by id cites the quoted ones, not those of its parent
            if (src is null && cites.Count > 0)
            {
                sources = [.. cites.Select(q => q.Source).Distinct(StringComparer.Ordinal)];
            }
        }

        return new Provenance { Sources = sources, IsEstimate = estimate, Note = note, Cites = cites };
    }

    /// <summary>
    /// A <c>cite:</c> list: each item <c>{source, quote, locator, supports}</c>, the source an id from 'sources', the quote at
    /// most <see cref="Citation.MaxWords"/> words. Every problem is reported at its item.
    /// </summary>
    private List<Citation> ReadCites(YNode node)
    {
        var list = new List<Citation>();
        IEnumerable<YNode> items = node is YSequence seq ? seq.Items : [node];
        foreach (YNode item in items)
        {
            if (Mapping(item, "a citation") is not YMapping m)
            {
                continue;
            }

            CheckKeys(m, ["source", "quote", "locator", "supports"], "a citation");
            string? id = Text(Require(m, "source", "a citation"), "the citation's source");
            string? quote = Text(Require(m, "quote", "a citation"), "the citation's quote");
            if (id is null || quote is null)
            {
                continue;
            }

            if (!SourceIds.Contains(id))
            {
                Error(DiagnosticCodes.UndefinedReference, m.Get("source")!, $"source '{id}' is not defined in 'sources'",
                    Suggest(id, SourceIds) is { } s ? $"did you mean '{s}'?" : "add it to the 'sources' list");
                continue;
            }

            var cite = new Citation(id, quote.Trim(), Text(m.Get("locator"), "the citation's locator"), Text(m.Get("supports"), "what the citation supports"));
            if (cite.Words == 0)
            {
                Error(DiagnosticCodes.BadQuote, m.Get("quote")!, "the quote is empty", "quote the source's own words that support the number");
                continue;
            }

            if (cite.Words > Citation.MaxWords)
            {
                Error(DiagnosticCodes.BadQuote, m.Get("quote")!, $"the quote has {cite.Words} words; a citation quotes at most {Citation.MaxWords}",
                    "quote only the words that support the number, and mark what you leave out with […]");
                continue;
            }

            CitedSources.Add(id);
            list.Add(cite);
        }

        return list;
    }

    private List<string> ReadSourceList(YNode node)
    {
        var list = new List<string>();
        IEnumerable<YNode> items = node is YSequence seq ? seq.Items : [node];
        foreach (YNode item in items)
        {
            string? id = Text(item, "a source reference");
            if (id is null)
            {
                continue;
            }

            if (!SourceIds.Contains(id))
            {
                Error(DiagnosticCodes.UndefinedReference, item, $"source '{id}' is not defined in 'sources'",
                    Suggest(id, SourceIds) is { } s ? $"did you mean '{s}'?" : "add it to the 'sources' list");
                continue;
            }

            CitedSources.Add(id);
            list.Add(id);
        }

        return list;
    }

    /// <summary>Reads a number with optional uncertainty and provenance, checking it against <paramref name="spec"/>.</summary>
    public Quantity? ReadQuantity(YNode? node, FieldSpec spec, Provenance inherited, string owner)
    {
        if (node is null)
        {
            return null;
        }

        string what = $"{spec.Name} of {owner}";
        if (node is YScalar)
        {
            double? v = Number(node, what);
            if (v is null)
            {
                return null;
            }

            CheckRange(node, v.Value, spec, what);
            if (!inherited.IsDocumented)
            {
                WarnUndocumented(node, what);
            }

            return new Quantity { Value = v.Value, Provenance = inherited, Visibility = spec.DefaultVisibility };
        }

        YMapping? map = Mapping(node, what);
        if (map is null)
        {
            return null;
        }

        CheckKeys(map, QuantityKeys, what);
        YNode? valueNode = map.Get("value");
        if (valueNode is null)
        {
            Error(DiagnosticCodes.MissingField, map, $"{what} has no 'value'", "write e.g. {value: 40, range: [30, 50], source: L}");
            return null;
        }

        double? value = Number(valueNode, what);
        if (value is null)
        {
            return null;
        }

        bool ok = CheckRange(valueNode, value.Value, spec, what);
        Interval? range = null;
        YNode? rangeNode = map.Get("range");
        if (rangeNode is not null)
        {
            range = ReadRange(rangeNode, value.Value, spec, what, ok);
        }

        double? sd = null;
        YNode? sdNode = map.Get("sd");
        if (sdNode is not null)
        {
            sd = Number(sdNode, $"standard deviation of {what}");
            if (sd is < 0)
            {
                Error(DiagnosticCodes.OutOfRange, sdNode, $"standard deviation of {what} is {Fmt(sd.Value)}; it must be at least 0", "use a smaller sd, or give a range: {value: v, range: [low, high]}");
                sd = null;
            }

            if (rangeNode is not null)
            {
                Error(DiagnosticCodes.BadUncertainty, sdNode, $"{what} has both 'range' and 'sd'", "give one kind of uncertainty: a range (triangular) or a standard deviation (truncated normal)");
            }
        }

        Provenance prov = ReadProvenance(map, inherited);
        if (!prov.IsDocumented)
        {
            WarnUndocumented(map, what);
        }

        Visibility vis = spec.DefaultVisibility;
        YNode? visNode = map.Get("visibility");
        if (visNode is not null)
        {
            string? v = Text(visNode, $"visibility of {what}");
            if (v == "public")
            {
                vis = Visibility.Public;
            }
            else if (v == "private")
            {
                vis = Visibility.Private;
            }
            else if (v is not null)
            {
                Error(DiagnosticCodes.BadEnum, visNode, $"visibility of {what} is '{v}'; expected 'public' or 'private'", "write 'visibility: public' or 'visibility: private'");
            }
        }

        return new Quantity { Value = value.Value, Range = range, StandardDeviation = sd, Provenance = prov, Visibility = vis };
    }

    private Interval? ReadRange(YNode rangeNode, double value, FieldSpec spec, string what, bool valueOk)
    {
        if (rangeNode is not YSequence seq || seq.Items.Count != 2)
        {
            Error(DiagnosticCodes.WrongType, rangeNode, $"range of {what} must be a list of two numbers [low, high], not {Describe(rangeNode)}", "write range: [low, high] with low ≤ value ≤ high");
            return null;
        }

        double? lo = Number(seq.Items[0], $"low end of the range of {what}");
        double? hi = Number(seq.Items[1], $"high end of the range of {what}");
        if (lo is null || hi is null)
        {
            return null;
        }

        bool ok = CheckRange(seq.Items[0], lo.Value, spec, $"low end of the range of {what}");
        ok &= CheckRange(seq.Items[1], hi.Value, spec, $"high end of the range of {what}");
        if (lo > hi)
        {
            Error(DiagnosticCodes.BadUncertainty, rangeNode, $"range of {what} is reversed: [{Fmt(lo.Value)}, {Fmt(hi.Value)}]", "write the low end first");
            return null;
        }

        if (valueOk && (value < lo || value > hi))
        {
            Error(DiagnosticCodes.BadUncertainty, rangeNode, $"range [{Fmt(lo.Value)}, {Fmt(hi.Value)}] of {what} does not contain its value {Fmt(value)}",
                "widen the range, or correct the value: the range is sampled as a triangle with its peak at the value");
            return null;
        }

        return ok ? new Interval(lo.Value, hi.Value) : null;
    }

    public bool CheckRange(YNode at, double v, FieldSpec spec, string what)
    {
        if (spec.Accepts(v))
        {
            return true;
        }

        Error(DiagnosticCodes.OutOfRange, at, $"{what} is {Fmt(v)}; it must be {spec.Describe()}", RangeHint(spec));
        return false;
    }

    private static string RangeHint(FieldSpec spec) => spec.Name switch
    {
        "salience" => "salience is an intensity per issue in [0, 1] (1 = the actor's most important concern); divide 0–100 values by 100",
        "position" or "red line" => "positions and red lines lie on the issue's scale (see its 'scale: {min, max}')",
        "capability" => "capability is a non-negative amount of resources",
        _ => $"docs/scenario-format.md says what {spec.Name} means and why its range is {spec.Describe()}",
    };

    private void WarnUndocumented(YNode at, string what)
    {
        if (WarnUnsourced)
        {
            Warn(DiagnosticCodes.Unsourced, at, $"{what} has neither a source nor an estimate marker",
                "add 'source: ID' (an entry of 'sources') or 'estimate: true', here or on the enclosing block");
        }
    }

    /// <summary>Reports keys of <paramref name="map"/> that are not in <paramref name="allowed"/>, suggesting the closest.</summary>
    public void CheckKeys(YMapping map, IReadOnlyCollection<string> allowed, string what)
    {
        foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
        {
            if (e.Key.Value == "<<")
            {
                Error(DiagnosticCodes.UnknownKey, e.Key, $"YAML merge keys ('<<') are not read in {what}: every field is written out",
                    "copy the fields of the anchor here instead of '<<: *name' (an anchor may still be reused whole: 'field: *name')");
            }
            else if (!allowed.Contains(e.Key.Value))
            {
                string? s = Suggest(e.Key.Value, allowed);
                Error(DiagnosticCodes.UnknownKey, e.Key, $"unknown key '{e.Key.Value}' in {what}",
                    s is not null ? $"did you mean '{s}'?" : $"allowed keys: {string.Join(", ", allowed)}");
            }
        }
    }

    public YNode? Require(YMapping map, string key, string what, string? hint = null)
    {
        YNode? n = map.Get(key);
        if (n is null || (n is YScalar s && s.IsNull))
        {
            Error(DiagnosticCodes.MissingField, n ?? map, $"{what} has no '{key}'",
                hint ?? (map.Get("<<") is not null ? "YAML merge keys ('<<') are not read: write the fields out" : $"add '{key}:' (docs/scenario-format.md shows every field)"));
            return null;
        }

        return n;
    }

    public static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The candidate closest to <paramref name="word"/> by edit distance, if close enough to be a likely typo.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = EditDistance(word.ToUpperInvariant(), c.ToUpperInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    internal static int EditDistance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            cur.CopyTo(prev);
        }

        return prev[b.Length];
    }
}
