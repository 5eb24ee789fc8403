using Parley.Core.Domain;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios;

/// <summary>
/// Reads a case's outcome file, <c>NAME.outcome.yaml</c>: which scenario it scores (a path relative to the outcome
/// file), when the outcome was decided, who reported it, whether the scenario was coded knowing it, and per issue the
/// level it was settled at (a number on the issue's scale, an anchor label, or an option of a discrete issue). Issues the
/// file leaves out have no known outcome; the backtest skips and counts them.
/// </summary>
public static class OutcomeFile
{
    /// <summary>The format version this Parley reads (<c>parley_outcome: 1</c>).</summary>
    public const int FormatVersion = 1;

    /// <summary>The file name every outcome file ends with.</summary>
    public const string Suffix = ".outcome.yaml";

    private static readonly string[] Keys = ["parley_outcome", "scenario", "decided", "source", "in_sample", "note", "issues"];
    private static readonly string[] SourceKeys = ["title", "outlet", "date"];
    private static readonly string[] IssueKeys = ["value", "note"];

    /// <summary>The scenario path an outcome file names (relative to the outcome file), or null after diagnostics.</summary>
    /// <param name="bytes">The outcome file's content.</param>
    /// <param name="file">Name used in diagnostics.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    public static string? ScenarioOf(byte[] bytes, string file, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (Root(bytes, file, diagnostics) is not { } map)
        {
            return null;
        }

        var ctx = new BindContext(file, diagnostics);
        return ctx.Text(ctx.Require(map, "scenario", "the outcome file", "name the scenario it scores: 'scenario: NAME.yaml' (beside this file)"), "'scenario'");
    }

    /// <summary>Reads the outcome against its scenario; null with diagnostics (file, line, column, hint) on errors.</summary>
    /// <param name="bytes">The outcome file's content.</param>
    /// <param name="file">Name used in diagnostics.</param>
    /// <param name="scenario">The scenario it scores (its issues give the scales).</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    public static KnownOutcome? Read(byte[] bytes, string file, Scenario scenario, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(diagnostics);
        int before = diagnostics.Count;
        if (Root(bytes, file, diagnostics) is not { } map)
        {
            return null;
        }

        var ctx = new BindContext(file, diagnostics);
        ctx.CheckKeys(map, Keys, "the outcome file");
        YNode? version = map.Get("parley_outcome");
        if (version is null)
        {
            ctx.Error(DiagnosticCodes.FormatVersion, map, "the outcome file has no format version ('parley_outcome: 1')", "add 'parley_outcome: 1' as the first line");
        }
        else if (ctx.Number(version, "format version 'parley_outcome'") is double v && v != FormatVersion)
        {
            ctx.Error(DiagnosticCodes.FormatVersion, version, $"outcome format version {BindContext.Fmt(v)} is not supported; this Parley reads version {FormatVersion}", $"write 'parley_outcome: {FormatVersion}'");
        }

        string? scenarioFile = ctx.Text(ctx.Require(map, "scenario", "the outcome file", "name the scenario it scores: 'scenario: NAME.yaml'"), "'scenario'");
        string? decided = ctx.Date(ctx.Require(map, "decided", "the outcome file", "say when the outcome was fixed: 'decided: 2015-07-14'"), "'decided'");
        OutcomeSource? source = Source(ctx, ctx.Require(map, "source", "the outcome file", "say who reported the outcome: 'source: {title: …, outlet: …, date: …}'"));
        bool inSample = map.Get("in_sample") is { } flag && ctx.Bool(flag, "'in_sample'") == true;
        string? note = map.Get("note") is { } n ? ctx.Text(n, "'note'") : null;
        List<IssueOutcome> issues = Issues(ctx, ctx.Require(map, "issues", "the outcome file", "give at least one issue's outcome: 'issues: {territory: {value: 50, note: …}}'"), scenario);
        if (diagnostics.Skip(before).Any(d => d.Severity == Severity.Error) || scenarioFile is null || decided is null || source is null)
        {
            return null;
        }

        return new KnownOutcome { Scenario = scenarioFile, Decided = decided, Source = source, DeclaredInSample = inSample, Note = note, Issues = issues };
    }

    private static YMapping? Root(byte[] bytes, string file, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string? text = SafeYamlReader.DecodeText(bytes, file, diagnostics, "outcome");
        YNode? root = text is null ? null : SafeYamlReader.Parse(text, file, diagnostics);
        return root is null ? null : new BindContext(file, diagnostics).Mapping(root, "an outcome file");
    }

    private static OutcomeSource? Source(BindContext ctx, YNode? node)
    {
        if (ctx.Mapping(node, "'source'") is not { } m)
        {
            return null;
        }

        ctx.CheckKeys(m, SourceKeys, "the outcome's source");
        string? title = ctx.Text(ctx.Require(m, "title", "the outcome's source", "give the title of the report of the outcome"), "the source's title");
        string? outlet = m.Get("outlet") is { } o ? ctx.Text(o, "the source's outlet") : null;
        string? date = m.Get("date") is { } d ? ctx.Date(d, "the source's date") : null;
        return title is null ? null : new OutcomeSource(title, outlet, date);
    }

    private static List<IssueOutcome> Issues(BindContext ctx, YNode? node, Scenario scenario)
    {
        var result = new List<IssueOutcome>();
        if (ctx.Mapping(node, "'issues'") is not { } m)
        {
            return result;
        }

        ctx.CheckKeys(m, [.. scenario.Issues.Select(i => i.Id)], "the outcome's issues");
        if (m.Entries.Count == 0)
        {
            ctx.Error(DiagnosticCodes.MissingField, m, "the outcome gives no issue's level", "give at least one: 'territory: {value: 50}'");
        }

        foreach (Issue issue in scenario.Issues)
        {
            if (m.Get(issue.Id) is not { } entry)
            {
                continue;
            }

            YNode? valueNode = entry;
            string? note = null;
            if (entry is YMapping em)
            {
                ctx.CheckKeys(em, IssueKeys, $"the outcome of '{issue.Id}'");
                valueNode = ctx.Require(em, "value", $"the outcome of '{issue.Id}'", "give the level: 'value: 50', an anchor label or an option");
                note = em.Get("note") is { } n ? ctx.Text(n, "'note'") : null;
            }

            if (valueNode is YScalar s && !s.IsNull && PackageFile.ValueOf(issue, s) is double v)
            {
                result.Add(new IssueOutcome(issue.Id, v, s.Value, note));
            }
            else if (valueNode is not null)
            {
                ctx.Error(issue.Kind == IssueKind.Discrete ? DiagnosticCodes.UnknownOption : DiagnosticCodes.OutOfRange, valueNode, $"the outcome of '{issue.Id}' is not a level of the issue", "give " + PackageFile.Levels(issue));
            }
        }

        return result;
    }
}
