using System.Text;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Every malformed-input case gives the exact diagnostic: code, line and column.</summary>
public class DiagnosticsTests
{
    public static TheoryData<string, string, string, string, int, int> Cases => new()
    {
        // name, replace this, with this, expected code, line, column
        { "unknown key with suggestion", "    patience: 0.9", "    patiense: 0.9", DiagnosticCodes.UnknownKey, 21, 5 },
        { "unknown role", "    name: B\n", "    name: B\n    role: outsde\n", DiagnosticCodes.BadEnum, 27, 11 },
        { "mediator given another role", "    name: A\n", "    name: A\n    role: party\n", DiagnosticCodes.Inconsistent, 19, 11 },
        { "role mediator without channels.mediator", "    name: B\n", "    name: B\n    role: mediator\n", DiagnosticCodes.Inconsistent, 27, 11 },
        { "number beyond 1e9", "    capability: 30", "    capability: 1e308", DiagnosticCodes.OutOfRange, 28, 17 },
        { "deal grid too fine", "  smp: {voting: binary}", "  smp: {voting: binary}\n  deal: {step: 0.000000001}", DiagnosticCodes.OutOfRange, 55, 16 },
        { "merge key", "      land: {position: 20, salience: {value: 0.6, sd: 0.1}}", "      land: {<<: {position: 20}, salience: 0.6}", DiagnosticCodes.UnknownKey, 30, 14 },
        { "language-specific YAML tag", "    capability: 30", "    capability: !!python/object/apply:os.system [ls]", DiagnosticCodes.YamlSyntax, 28, 17 },
        { "signs on a party", "    name: B\n", "    name: B\n    signs: false\n", DiagnosticCodes.Inconsistent, 27, 12 },
        { "missing required field", "    capability: 30\n", string.Empty, DiagnosticCodes.MissingField, 25, 5 },
        { "salience above one", "salience: 0.8,", "salience: 1.8,", DiagnosticCodes.OutOfRange, 23, 64 },
        { "position outside scale", "{position: 20,", "{position: 120,", DiagnosticCodes.OutOfRange, 30, 24 },
        { "red line outside scale", "{at_least: 50}", "{at_least: 150}", DiagnosticCodes.OutOfRange, 23, 90 },
        { "negative capability", "    capability: 30", "    capability: -3", DiagnosticCodes.OutOfRange, 28, 17 },
        { "range not containing value", "{value: 50, range: [40, 60]}", "{value: 70, range: [40, 60]}", DiagnosticCodes.BadUncertainty, 20, 36 },
        { "reversed range", "range: [70, 90]", "range: [90, 70]", DiagnosticCodes.BadUncertainty, 23, 43 },
        { "undefined source", "    source: S", "    source: T", DiagnosticCodes.UndefinedReference, 19, 13 },
        { "undefined issue in stances", "      land: {position: 20", "      lnd: {position: 20", DiagnosticCodes.UndefinedReference, 30, 7 },
        { "undefined actor in channel", "    - [a, b]", "    - [a, c]", DiagnosticCodes.UndefinedReference, 35, 11 },
        { "undefined mediator", "  mediator: a", "  mediator: z", DiagnosticCodes.UndefinedReference, 33, 13 },
        { "duplicate actor id", "  - id: b\n", "  - id: a\n", DiagnosticCodes.DuplicateId, 25, 9 },
        { "duplicate key", "    patience: 0.9", "    patience: 0.9\n    patience: 0.8", DiagnosticCodes.DuplicateId, 22, 5 },
        { "unknown option label", "{position: full,", "{position: ful,", DiagnosticCodes.UnknownOption, 24, 24 },
        { "variant touching a missing field", "      actors.b.capability: 10", "      actors.b.capabilty: 10", DiagnosticCodes.VariantPath, 48, 7 },
        { "variant touching a missing actor", "      actors.b.capability: 10", "      actors.q.capability: 10", DiagnosticCodes.VariantPath, 48, 7 },
        { "variant pushing a value out of range", "      dynamics.trend: -0.01", "      dynamics.trend: -5", DiagnosticCodes.OutOfRange, 49, 23 },
        { "wrong type", "    capability: 30", "    capability: lots", DiagnosticCodes.WrongType, 28, 17 },
        { "bad id", "  - id: b\n", "  - id: b c\n", DiagnosticCodes.BadId, 25, 9 },
        { "bad actor kind", "    name: B\n", "    name: B\n    kind: stat\n", DiagnosticCodes.BadEnum, 27, 11 },
        { "unsupported version", "parley: 1", "parley: 2", DiagnosticCodes.FormatVersion, 1, 9 },
        { "yaml syntax", "  name: Test", "  name: [Test", DiagnosticCodes.YamlSyntax, 3, 9 },
        { "scale min above max", "scale: {min: 0, max: 100}", "scale: {min: 100, max: 0}", DiagnosticCodes.Inconsistent, 10, 12 },
        { "model parameter out of range", "eum: {q: 0.5,", "eum: {q: 2,", DiagnosticCodes.OutOfRange, 53, 12 },
        { "unknown model", "  smp: {voting", "  spm: {voting", DiagnosticCodes.UnknownKey, 54, 3 },
        { "unknown model parameter", "{voting: binary}", "{votng: binary}", DiagnosticCodes.UnknownKey, 54, 9 },
        { "unknown model parameter choice", "{voting: binary}", "{voting: binry}", DiagnosticCodes.OutOfRange, 54, 17 },
        { "ordered red line on unordered issue", "    ordered: true\n", string.Empty, DiagnosticCodes.Inconsistent, 30, 63 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_scenario_gives_exact_diagnostic(string name, string from, string to, string code, int line, int column)
    {
        LoadResult r = Yamls.Load(Yamls.ValidWith(from, to));
        Assert.False(r.Succeeded, name);
        Diagnostic? d = r.Diagnostics.FirstOrDefault(x => x.Code == code);
        Assert.True(d is not null, $"{name}: expected {code}, got:\n{string.Join("\n", r.Diagnostics)}");
        Assert.Equal((line, column), (d!.Line, d.Column));
        Assert.Equal(Severity.Error, d.Severity);
        Assert.False(string.IsNullOrWhiteSpace(d.Message));
        Assert.False(string.IsNullOrWhiteSpace(d.Hint), $"{name}: {d.Message} has no hint");
    }

    [Fact]
    public void An_actor_with_a_bad_number_gives_one_error_not_a_cascade_for_every_reference_to_it()
    {
        LoadResult r = Yamls.Load(Yamls.ValidWith("    capability: {value: 50, range: [40, 60]}", "    capability: 1e308"));
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.OutOfRange, d.Code);
        Assert.Contains("beyond ±1e9", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest_field()
    {
        Diagnostic d = Yamls.Load(Yamls.ValidWith("    patience: 0.9", "    patiense: 0.9")).Diagnostics.Single(x => x.Code == DiagnosticCodes.UnknownKey);
        Assert.Equal("did you mean 'patience'?", d.Hint);
    }

    [Fact]
    public void All_problems_are_listed_at_once()
    {
        string yaml = Yamls.ValidWith("salience: 0.8,", "salience: 1.8,").Replace("    capability: 30", "    capability: -3", StringComparison.Ordinal).Replace("[a, b]", "[a, z]", StringComparison.Ordinal);
        LoadResult r = Yamls.Load(yaml);
        Assert.Equal([(23, 64), (28, 17), (35, 11), (37, 21)], r.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => (d.Line, d.Column)).ToArray());
    }

    [Fact]
    public void Undocumented_number_and_actor_without_positions_warn()
    {
        string yaml = Yamls.ValidWith("    capability: 30\n", "    capability: 30\n  - id: c\n    capability: 1\n").Replace("    estimate: true\n    capability: 30", "    capability: 30", StringComparison.Ordinal);
        LoadResult r = Yamls.Load(yaml);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.Unsourced && d.Severity == Severity.Warning);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.NoStances && d.Severity == Severity.Warning);
    }

    [Fact]
    public void Position_beyond_own_red_line_warns()
    {
        LoadResult r = Yamls.Load(Yamls.ValidWith("{at_least: 50}", "{at_most: 50}"));
        Diagnostic d = r.Diagnostics.Single(x => x.Code == DiagnosticCodes.PositionBeyondRedLine);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal((23, 79), (d.Line, d.Column));
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        LoadResult r = ScenarioLoader.LoadBytes([], "e.yaml");
        Assert.Equal(DiagnosticCodes.EmptyFile, Assert.Single(r.Diagnostics).Code);
        Assert.Equal(DiagnosticCodes.EmptyFile, Assert.Single(ScenarioLoader.LoadBytes("# only a comment\n"u8, "c.yaml").Diagnostics).Code);
    }

    [Fact]
    public void Binary_junk_is_reported_with_position()
    {
        byte[] junk = [0x7f, 0x45, 0x4c, 0x46, 0x0a, 0x02, 0x00, 0x01];
        Diagnostic d = Assert.Single(ScenarioLoader.LoadBytes(junk, "b.bin").Diagnostics);
        Assert.Equal((DiagnosticCodes.BinaryFile, 2, 2), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Non_utf8_is_reported_with_position()
    {
        byte[] latin1 = Encoding.Latin1.GetBytes("parley: 1\nscenario:\n  name: Caf\u00e9\n");
        Diagnostic d = Assert.Single(ScenarioLoader.LoadBytes(latin1, "l.yaml").Diagnostics);
        Assert.Equal((DiagnosticCodes.NotUtf8, 3, 12), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Enormous_file_is_refused_with_a_clear_message()
    {
        byte[] big = new byte[5 * 1024 * 1024];
        big.AsSpan().Fill((byte)'#');
        Diagnostic d = Assert.Single(ScenarioLoader.LoadBytes(big, "big.yaml").Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, d.Code);
        Assert.Contains("at most", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Billion_laughs_is_stopped()
    {
        var sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 12; i++)
        {
            sb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        LoadResult r = Yamls.Load(sb.ToString());
        Diagnostic d = Assert.Single(r.Diagnostics);
        Assert.Equal(DiagnosticCodes.AliasExpansion, d.Code);
        Assert.True(d.Line is > 1 and <= 12);
    }

    [Fact]
    public void Deep_nesting_is_stopped()
    {
        string deep = "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Diagnostic d = Assert.Single(Yamls.Load(deep).Diagnostics);
        Assert.Equal((DiagnosticCodes.TooDeep, 1), (d.Code, d.Line));
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_reported()
    {
        Diagnostic d = Assert.Single(Yamls.Load("- just\n- a list\n").Diagnostics);
        Assert.Equal((DiagnosticCodes.WrongType, 1, 1), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Diagnostic_formats_as_file_line_column()
    {
        var d = new Diagnostic(Severity.Error, "PRL013", "f.yaml", 3, 7, "salience of x is 2", "use [0, 1]");
        Assert.Equal("f.yaml:3:7: error PRL013: salience of x is 2 (hint: use [0, 1])", d.ToString());
    }
}
