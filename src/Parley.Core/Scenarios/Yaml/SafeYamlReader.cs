using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Parley.Core.Scenarios.Yaml;

/// <summary>
/// Turns untrusted bytes into a <see cref="YNode"/> tree, or into diagnostics. Guards against
/// oversized, binary and non-UTF-8 input, deep nesting and alias bombs, so that hostile files
/// give a diagnostic instead of a hang, a crash or exhausted memory.
/// </summary>
internal sealed class SafeYamlReader
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxDepth = 64;
    public const long MaxExpandedNodes = 1_000_000;

    private readonly string file;
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    // the tags of plain data: '!' (a quoted scalar) and YAML's own core types
    private static readonly HashSet<string> PlainTags = new(StringComparer.Ordinal)
    {
        "!", CoreTagPrefix + "str", CoreTagPrefix + "int", CoreTagPrefix + "float", CoreTagPrefix + "bool", CoreTagPrefix + "null", CoreTagPrefix + "map", CoreTagPrefix + "seq",
    };

    private readonly List<Diagnostic> diagnostics;
    private readonly Dictionary<string, YNode> anchors = new(StringComparer.Ordinal);
    private long totalNodes;
    private int lastLine = 1;
    private int lastColumn = 1;

    private SafeYamlReader(string file, List<Diagnostic> diagnostics)
    {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /// <summary>Checks size, binary content and encoding; returns the text or null with diagnostics.</summary>
    public static string? DecodeText(ReadOnlySpan<byte> bytes, string file, List<Diagnostic> diagnostics, string what = "scenario")
    {
        if (bytes.Length > MaxBytes)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.FileTooLarge, file, 0, 0,
                $"the file is {bytes.Length:N0} bytes; a {what} file may be at most {MaxBytes:N0} bytes",
                "split the file, or check that this is the file you meant"));
            return null;
        }

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            (int line, int col) = LineColumnOfByte(bytes, nul);
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.BinaryFile, file, line, col,
                $"the file contains a NUL byte at offset {nul}: it looks binary, not a {what} file",
                "pass a YAML scenario, or a KTAB CSV, Genius XML or Decide CSV file"));
            return null;
        }

        ReadOnlySpan<byte> body = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        int bad = FirstInvalidUtf8(body);
        if (bad >= 0)
        {
            int offset = bad + (bytes.Length - body.Length);
            (int line, int col) = LineColumnOfByte(bytes, offset);
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.NotUtf8, file, line, col,
                $"the file is not valid UTF-8 (byte 0x{bytes[offset]:X2} at offset {offset})",
                "save the file as UTF-8"));
            return null;
        }

        string text = Encoding.UTF8.GetString(body);
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.EmptyFile, file, 0, 0,
                what == "scenario" ? "the file is empty: a scenario needs at least a format version, a name, issues and actors" : $"the file is empty: there is no {what} to read",
                what == "scenario" ? "start from scenarios/ukraine-2025.yaml or see docs/scenario-format.md" : $"see docs/ for the {what} file's format"));
            return null;
        }

        return text;
    }

    /// <summary>Parses the first YAML document of <paramref name="text"/>; null when it cannot be used.</summary>
    public static YNode? Parse(string text, string file, List<Diagnostic> diagnostics)
    {
        var reader = new SafeYamlReader(file, diagnostics);
        return reader.ParseDocument(text);
    }

    private YNode? ParseDocument(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.EmptyFile, file, 0, 0,
                    "the file holds no YAML document (only comments or blank lines)",
                    "see docs/scenario-format.md for a minimal scenario"));
                return null;
            }

            parser.Consume<DocumentStart>();
            YNode? root = ReadNode(parser, 1);
            if (root is null)
            {
                return null;
            }

            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out DocumentStart? next))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.YamlSyntax, file, (int)next.Start.Line, (int)next.Start.Column,
                    "the file holds more than one YAML document; a scenario is one document",
                    "remove the '---' separator and everything after it, or split into files"));
                return null;
            }

            return root;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner occasionally fails with a non-YAML exception on malformed input
            // (e.g. an unterminated flow sequence): report it where parsing stopped.
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.YamlSyntax, file, lastLine, lastColumn,
                "YAML syntax error after this point (the parser could not continue; look for an unclosed '[', '{' or quote)",
                "check indentation, colons after keys, and matching quotes and brackets"));
            return null;
        }
        catch (YamlException ex)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.YamlSyntax, file, (int)ex.Start.Line, (int)ex.Start.Column,
                "YAML syntax error: " + CleanMessage(ex.Message),
                "check indentation, colons after keys, and matching quotes and brackets"));
            return null;
        }
    }

    private YNode? ReadNode(IParser parser, int depth)
    {
        ParsingEvent ev = parser.Current ?? throw new YamlException("the YAML parser stopped unexpectedly");
        int line = (int)ev.Start.Line;
        int col = (int)ev.Start.Column;
        lastLine = line;
        lastColumn = col;
        if (depth > MaxDepth)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.TooDeep, file, line, col,
                $"the document nests deeper than {MaxDepth} levels",
                "a scenario needs only a few levels of nesting; check for runaway brackets"));
            return null;
        }

        if (ev is NodeEvent { Tag.IsEmpty: false } tagged && !PlainTags.Contains(tagged.Tag.Value))
        {
            // a language-specific or private tag (!!python/object…, !Ref): never resolved, and said as such rather than
            // as the shape it would leave behind
            string shown = tagged.Tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + tagged.Tag.Value[CoreTagPrefix.Length..] : tagged.Tag.Value;
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.YamlSyntax, file, line, col,
                $"YAML tag '{shown}' is not read: a scenario is plain data (text, numbers, lists and maps), and tags that make objects or run code are refused",
                "remove the tag and write the value itself"));
            return null;
        }

        switch (ev)
        {
            case AnchorAlias alias:
            {
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out YNode? target))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.YamlSyntax, file, line, col,
                        $"alias '*{alias.Value.Value}' refers to no anchor defined before it", "define '&name' before using '*name'"));
                    return null;
                }

                return Count(target.ExpandedSize, line, col) ? target : null;
            }

            case Scalar scalar:
            {
                parser.MoveNext();
                bool plain = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;
                var node = new YScalar(scalar.Value, plain, line, col);
                Remember(scalar.Anchor, node);
                return Count(1, line, col) ? node : null;
            }

            case SequenceStart seq:
            {
                parser.MoveNext();
                var items = new List<YNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    YNode? item = ReadNode(parser, depth + 1);
                    if (item is null)
                    {
                        return null;
                    }

                    items.Add(item);
                }

                var node = new YSequence(items, line, col);
                Remember(seq.Anchor, node);
                return Count(1, line, col) ? node : null;
            }

            case MappingStart map:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<YScalar, YNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    YNode? key = ReadNode(parser, depth + 1);
                    if (key is null)
                    {
                        return null;
                    }

                    YNode? value = ReadNode(parser, depth + 1);
                    if (value is null)
                    {
                        return null;
                    }

                    if (key is not YScalar keyScalar)
                    {
                        diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.WrongType, file, key.Line, key.Column,
                            $"a key must be plain text, not a {key.KindName}", "write keys as simple words followed by a colon"));
                        continue;
                    }

                    if (!seen.Add(keyScalar.Value))
                    {
                        diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.DuplicateId, file, key.Line, key.Column,
                            $"key '{keyScalar.Value}' appears twice in the same mapping", "remove or rename one of them"));
                        continue;
                    }

                    entries.Add(new KeyValuePair<YScalar, YNode>(keyScalar, value));
                }

                var node = new YMapping(entries, line, col);
                Remember(map.Anchor, node);
                return Count(1, line, col) ? node : null;
            }

            default:
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.YamlSyntax, file, line, col,
                    $"unexpected YAML event {ev.GetType().Name}", null));
                return null;
        }
    }

    private void Remember(AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private bool Count(long nodes, int line, int col)
    {
        totalNodes += nodes;
        if (totalNodes <= MaxExpandedNodes)
        {
            return true;
        }

        diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.AliasExpansion, file, line, col,
            $"the document expands to more than {MaxExpandedNodes:N0} nodes (aliases that multiply, or an enormous file)",
            "avoid chains of aliases ('*name') that refer to other aliases; a scenario that is simply this large needs fewer actors or issues (a million values is about 25,000 actors on 5 issues)"));
        return false;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; we report the position ourselves.
        int cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    internal static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }

        int i = 0;
        while (i < bytes.Length)
        {
            if (System.Buffers.OperationStatus.Done != Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed))
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    internal static (int Line, int Column) LineColumnOfByte(ReadOnlySpan<byte> bytes, int offset)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
