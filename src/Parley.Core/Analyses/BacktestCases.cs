using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Analyses;

/// <summary>One backtest case: a scenario as it was known before the outcome, and the outcome.</summary>
/// <param name="Name">The case's name (its outcome file's name without <c>.outcome.yaml</c>).</param>
/// <param name="OutcomeFile">The outcome file as read.</param>
/// <param name="ScenarioFile">The scenario file, resolved beside the outcome file.</param>
/// <param name="Scenario">The scenario.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="InSample">True when the scenario was (or may have been) coded knowing the outcome.</param>
/// <param name="SampleReason">Why the case is in- or out-of-sample, in words.</param>
public sealed record BacktestCase(string Name, string OutcomeFile, string ScenarioFile, Scenario Scenario, KnownOutcome Outcome, bool InSample, string SampleReason);

/// <summary>Backtest cases as loaded, with every file read (for the run store) and every problem found.</summary>
/// <param name="Cases">The cases, in path order.</param>
/// <param name="Inputs">Every file read, each once: an outcome file, then its scenario.</param>
/// <param name="Diagnostics">Problems (file, line, column, hint).</param>
public sealed record BacktestLoad(IReadOnlyList<BacktestCase> Cases, IReadOnlyList<ScenarioInput> Inputs, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when every case loaded.</summary>
    public bool Succeeded => Cases.Count > 0 && !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Finds and loads backtest cases: outcome files (<c>NAME.outcome.yaml</c>) and the scenarios they name.</summary>
public static class BacktestCases
{
    /// <summary>The most cases one backtest takes.</summary>
    public const int MaxCases = 200;

    /// <summary>Loads the cases of outcome files and folders (a folder: every <c>*.outcome.yaml</c> in it and below, in name order).</summary>
    /// <param name="paths">Outcome files or folders.</param>
    public static BacktestLoad Load(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var diagnostics = new List<Diagnostic>();
        var files = new List<string>();
        foreach (string p in paths)
        {
            if (Directory.Exists(p))
            {
                int before = files.Count;
                files.AddRange(Directory.EnumerateFiles(p, "*" + OutcomeFile.Suffix, SearchOption.AllDirectories).Select(f => f.Replace('\\', '/')).Order(StringComparer.Ordinal));
                if (files.Count == before)
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Request, p, 0, 0, $"the folder holds no outcome file (NAME{OutcomeFile.Suffix})", "a backtest case is a scenario with an outcome file beside it (docs/backtests.md)"));
                }
            }
            else if (p.EndsWith(OutcomeFile.Suffix, StringComparison.Ordinal))
            {
                files.Add(p);
            }
            else
            {
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Request, p, 0, 0, "not an outcome file or a folder of them",
                    $"a backtest case is a scenario with an outcome file beside it, NAME{OutcomeFile.Suffix}; give that file or its folder (docs/backtests.md)"));
            }
        }

        files = [.. files.Distinct(StringComparer.Ordinal)];
        if (files.Count > MaxCases)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Request, string.Empty, 0, 0,
                $"{files.Count} cases is more than {MaxCases}, the most one backtest takes", "split the cases into several folders and run each"));
            return new BacktestLoad([], [], diagnostics);
        }

        var inputs = new List<ScenarioInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string f in files)
        {
            if (InputFile.Read(f, Scenarios.Yaml.SafeYamlReader.MaxBytes, "an outcome file", diagnostics) is not { } bytes)
            {
                continue;
            }

            inputs.Add(new ScenarioInput(f, bytes));
            seen.Add(f);
            if (OutcomeFile.ScenarioOf(bytes, f, diagnostics) is not { } rel)
            {
                continue;
            }

            string scenario = Beside(f, rel);
            if (seen.Add(scenario) && ScenarioLoader.ReadCapped(scenario, diagnostics) is { } sb)
            {
                inputs.Add(new ScenarioInput(scenario, sb));
            }
        }

        return diagnostics.Any(d => d.Severity == Severity.Error) ? new BacktestLoad([], inputs, diagnostics) : FromInputs(inputs);
    }

    /// <summary>The cases of files already read (a run store's copy): each outcome file with the scenario it names.</summary>
    /// <param name="inputs">Outcome files and scenarios, named as they were read.</param>
    public static BacktestLoad FromInputs(IReadOnlyList<ScenarioInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var diagnostics = new List<Diagnostic>();
        var byPath = new Dictionary<string, ScenarioInput>(StringComparer.Ordinal);
        foreach (ScenarioInput i in inputs)
        {
            byPath.TryAdd(i.Path, i);
        }

        var scenarios = new Dictionary<string, Scenario?>(StringComparer.Ordinal);
        var cases = new List<BacktestCase>();
        foreach (ScenarioInput o in inputs.Where(i => i.Path.EndsWith(OutcomeFile.Suffix, StringComparison.Ordinal)))
        {
            if (OutcomeFile.ScenarioOf(o.Content, o.Path, diagnostics) is not { } rel)
            {
                continue;
            }

            string path = Beside(o.Path, rel);
            if (!byPath.TryGetValue(path, out ScenarioInput? si))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, o.Path, 0, 0, $"its scenario {path} was not read", "put the scenario beside the outcome file, or correct 'scenario:'"));
                continue;
            }

            if (!scenarios.TryGetValue(path, out Scenario? scenario))
            {
                ScenarioSetLoad load = ScenarioSet.FromInputs([si]);
                diagnostics.AddRange(load.Result.Diagnostics.Where(d => d.Severity == Severity.Error));
                scenario = load.Set?.Base;
                scenarios[path] = scenario;
            }

            if (scenario is null || OutcomeFile.Read(o.Content, o.Path, scenario, diagnostics) is not { } outcome)
            {
                continue;
            }

            (bool inSample, string reason) = Sample(scenario, outcome);
            string name = Path.GetFileName(o.Path)[..^OutcomeFile.Suffix.Length];
            cases.Add(new BacktestCase(name, o.Path, path, scenario, outcome, inSample, reason));
        }

        if (cases.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Request, string.Empty, 0, 0, "no backtest case found", $"give outcome files (NAME{OutcomeFile.Suffix}) or a folder holding them, such as backtests/"));
        }

        return new BacktestLoad(cases, inputs, diagnostics);
    }

    /// <summary>
    /// In-sample when the outcome file says so, when the scenario's <c>as_of</c> may be on or after the decision, or when
    /// it lists a source that may be dated after it; a date given only to the month or year counts as its whole period
    /// (so "2025" is treated as possibly after 2025-03-18).
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="outcome">The outcome.</param>
    public static (bool InSample, string Reason) Sample(Scenario scenario, KnownOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(outcome);
        DateOnly decided = PartialDate.First(outcome.Decided);
        if (scenario.AsOf is string asOf && PartialDate.Last(asOf) >= decided)
        {
            return (true, $"its scenario is as of {asOf}, {(PartialDate.First(asOf) >= PartialDate.Last(outcome.Decided) ? "on or after" : "which may be on or after")} the decision ({outcome.Decided})");
        }

        foreach (Source s in scenario.Sources)
        {
            if (s.Date is string d && PartialDate.Last(d) > decided)
            {
                return (true, $"its scenario cites {s.Id}, dated {d}, {(PartialDate.First(d) > PartialDate.Last(outcome.Decided) ? "after" : "which may be after")} the decision ({outcome.Decided})");
            }
        }

        if (outcome.DeclaredInSample)
        {
            return (true, "the outcome file says its scenario was coded knowing the outcome");
        }

        return (false, scenario.AsOf is string a
            ? $"its scenario is as of {a} and cites only sources dated before the decision ({outcome.Decided})"
            : $"its scenario cites only sources dated before the decision ({outcome.Decided})");
    }

    /// <summary>A path relative to the outcome file's folder, with <c>.</c> and <c>..</c> folded (no disk access).</summary>
    private static string Beside(string outcomeFile, string relative)
    {
        string dir = Path.GetDirectoryName(outcomeFile.Replace('\\', '/'))?.Replace('\\', '/') ?? string.Empty;
        string combined = relative.StartsWith('/') ? relative : (dir.Length == 0 ? relative : dir + "/" + relative);
        var parts = new List<string>();
        foreach (string part in combined.Replace('\\', '/').Split('/'))
        {
            if (part == "." || (part.Length == 0 && parts.Count > 0))
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != ".." && parts[^1].Length > 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
