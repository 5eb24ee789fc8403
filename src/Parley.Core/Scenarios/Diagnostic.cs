namespace Parley.Core.Scenarios;

/// <summary>How serious a diagnostic is.</summary>
public enum Severity
{
    /// <summary>The scenario can be used, but something deserves attention.</summary>
    Warning,

    /// <summary>The scenario cannot be used until this is fixed.</summary>
    Error,
}

/// <summary>One problem found in user input, with its location and a hint for fixing it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">Stable code such as <c>PRL013</c> (listed in docs/scenario-format.md).</param>
/// <param name="File">The file the problem is in.</param>
/// <param name="Line">1-based line, or 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column, or 0 when the problem concerns the whole file.</param>
/// <param name="Message">What is wrong, naming the field and what was expected.</param>
/// <param name="Hint">How to fix it.</param>
public sealed record Diagnostic(Severity Severity, string Code, string File, int Line, int Column, string Message, string? Hint)
{
    /// <summary>Formats the diagnostic as <c>file:line:col: error PRL013: message (hint: …)</c>.</summary>
    public override string ToString()
    {
        string where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        string sev = Severity == Severity.Error ? "error" : "warning";
        return Hint is null ? $"{where}: {sev} {Code}: {Message}" : $"{where}: {sev} {Code}: {Message} (hint: {Hint})";
    }
}

/// <summary>The stable diagnostic codes. Each is documented in docs/scenario-format.md.</summary>
public static class DiagnosticCodes
{
    /// <summary>The file is larger than the loader accepts.</summary>
    public const string FileTooLarge = "PRL001";

    /// <summary>The file is empty or holds no document.</summary>
    public const string EmptyFile = "PRL002";

    /// <summary>The file looks binary (NUL bytes or control characters).</summary>
    public const string BinaryFile = "PRL003";

    /// <summary>The file is not valid UTF-8.</summary>
    public const string NotUtf8 = "PRL004";

    /// <summary>YAML syntax error.</summary>
    public const string YamlSyntax = "PRL005";

    /// <summary>Nesting deeper than the loader accepts.</summary>
    public const string TooDeep = "PRL006";

    /// <summary>Aliases expand to more nodes than the loader accepts ("billion laughs").</summary>
    public const string AliasExpansion = "PRL007";

    /// <summary>The file cannot be read.</summary>
    public const string Unreadable = "PRL008";

    /// <summary>A key that the format does not define.</summary>
    public const string UnknownKey = "PRL010";

    /// <summary>A required field is missing.</summary>
    public const string MissingField = "PRL011";

    /// <summary>A field has the wrong type (e.g. text where a number is expected).</summary>
    public const string WrongType = "PRL012";

    /// <summary>A number lies outside the field's valid range.</summary>
    public const string OutOfRange = "PRL013";

    /// <summary>An uncertainty range does not contain its value, or is reversed.</summary>
    public const string BadUncertainty = "PRL014";

    /// <summary>A reference to an actor, issue or source that is not defined.</summary>
    public const string UndefinedReference = "PRL015";

    /// <summary>Two entries share an id, or a mapping repeats a key.</summary>
    public const string DuplicateId = "PRL016";

    /// <summary>An option label that is not among the options.</summary>
    public const string UnknownOption = "PRL017";

    /// <summary>A variant touches a field that does not exist.</summary>
    public const string VariantPath = "PRL018";

    /// <summary>An id with characters the format does not allow.</summary>
    public const string BadId = "PRL019";

    /// <summary>A value not among the allowed words (e.g. actor kind).</summary>
    public const string BadEnum = "PRL020";

    /// <summary>Missing or unsupported format version.</summary>
    public const string FormatVersion = "PRL021";

    /// <summary>Structurally inconsistent content (e.g. min not below max, a red line on the wrong kind of issue).</summary>
    public const string Inconsistent = "PRL022";

    /// <summary>A citation's quote that is empty or longer than the 40 words a quote may have.</summary>
    public const string BadQuote = "PRL023";

    /// <summary>Warning: a number with neither a source nor an estimate marker.</summary>
    public const string Unsourced = "PRL100";

    /// <summary>Warning: an actor with no positions.</summary>
    public const string NoStances = "PRL101";

    /// <summary>Warning: an actor's own position lies beyond its red line.</summary>
    public const string PositionBeyondRedLine = "PRL102";

    /// <summary>Warning: a source that no number cites.</summary>
    public const string UnusedSource = "PRL103";

    /// <summary>Warning: fewer than two actors sign an agreement (roles).</summary>
    public const string FewSignatories = "PRL104";

    /// <summary>A file in a foreign format (KTAB, Genius, Decide) could not be imported.</summary>
    public const string ImportFormat = "PRL200";

    /// <summary>The variant named on the command line does not exist.</summary>
    public const string UnknownVariant = "PRL300";

    /// <summary>An option of the request is invalid (a usage error: a negative draw count, an unknown model parameter).</summary>
    public const string Request = "PRL400";

    /// <summary>The scenario cannot support the analysis asked for (no dynamics for durability, no zone of agreement, no issue to forecast).</summary>
    public const string NotApplicable = "PRL401";
}
