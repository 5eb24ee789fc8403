using Parley.Core.Domain;
using Parley.Core.Scenarios.Import;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios;

/// <summary>The outcome of loading a scenario: the scenario when it is usable, and every diagnostic.</summary>
/// <param name="Scenario">The scenario, or null when any error was found.</param>
/// <param name="Diagnostics">All errors and warnings, in file order.</param>
/// <param name="Format">The format the input was read as.</param>
public sealed record LoadResult(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics, ScenarioFormat Format)
{
    /// <summary>True when there is a scenario and no error.</summary>
    public bool Succeeded => Scenario is not null && !HasErrors;

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors
    {
        get
        {
            foreach (Diagnostic d in Diagnostics)
            {
                if (d.Severity == Severity.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>
/// Loads scenarios from Parley YAML or from the formats of other tools (KTAB CSV, Genius XML, Decide CSV),
/// recognised by content. Bad input yields diagnostics, never an exception.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads a file or a folder (a Genius domain with its profiles), optionally applying a variant.</summary>
    /// <param name="path">A scenario file, a foreign-format file, or a folder of Genius XML files.</param>
    /// <param name="variant">The id of a variant to apply, or null for the base scenario.</param>
    public static LoadResult LoadPath(string path, string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return WithVariantCheck(GeniusImporter.ImportFolder(path), variant, path);
        }

        return LoadPaths([path], variant);
    }

    /// <summary>Loads one scenario from one or more files (several only for a Genius domain and its profiles).</summary>
    /// <param name="paths">The files.</param>
    /// <param name="variant">The id of a variant to apply, or null.</param>
    public static LoadResult LoadPaths(IReadOnlyList<string> paths, string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 1 && Directory.Exists(paths[0]))
        {
            return LoadPath(paths[0], variant);
        }

        var inputs = new List<(string Path, byte[] Bytes)>();
        var diagnostics = new List<Diagnostic>();
        foreach (string p in paths)
        {
            byte[]? bytes = ReadCapped(p, diagnostics);
            if (bytes is not null)
            {
                inputs.Add((p, bytes));
            }
        }

        if (diagnostics.Count > 0)
        {
            return new LoadResult(null, diagnostics, ScenarioFormat.Unknown);
        }

        if (inputs.Count == 1)
        {
            return LoadBytes(inputs[0].Bytes, inputs[0].Path, variant);
        }

        // Several files: only a Genius domain with its profiles makes one scenario.
        return WithVariantCheck(GeniusImporter.ImportFiles(inputs), variant, paths[0]);
    }

    /// <summary>Loads a scenario from bytes, recognising the format by content.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="file">The name used in diagnostics.</param>
    /// <param name="variant">The id of a variant to apply, or null.</param>
    public static LoadResult LoadBytes(ReadOnlySpan<byte> bytes, string file, string? variant = null)
    {
        var diagnostics = new List<Diagnostic>();
        string? text = SafeYamlReader.DecodeText(bytes, file, diagnostics);
        if (text is null)
        {
            return new LoadResult(null, diagnostics, ScenarioFormat.Unknown);
        }

        ScenarioFormat format = FormatDetector.Detect(text);
        return format switch
        {
            ScenarioFormat.Ktab => WithVariantCheck(KtabImporter.Import(text, file), variant, file),
            ScenarioFormat.Decide => WithVariantCheck(DecideImporter.Import(text, file), variant, file),
            ScenarioFormat.Genius => WithVariantCheck(GeniusImporter.ImportSingle(text, file), variant, file),
            _ => LoadYaml(text, file, variant),
        };
    }

    /// <summary>Loads Parley YAML text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="file">The name used in diagnostics.</param>
    /// <param name="variant">The id of a variant to apply, or null (then every variant is checked too).</param>
    public static LoadResult LoadYaml(string text, string file, string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<Diagnostic>();
        YNode? root = SafeYamlReader.Parse(text, file, diagnostics);
        if (root is null)
        {
            return new LoadResult(null, diagnostics, ScenarioFormat.Yaml);
        }

        Scenario? scenario = ScenarioBinder.Bind(root, file, diagnostics);
        if (variant is not null)
        {
            return ApplyVariant(root, scenario, diagnostics, file, variant);
        }

        // variants are checked in the same pass, even when the base has problems: then only what the variant itself
        // gets wrong (paths that do not exist, values out of range) is reported, not the base's problems again
        foreach (string id in VariantApplier.VariantIds(root))
        {
            CheckVariant(root, id, file, diagnostics, bindAlso: scenario is not null);
        }

        // each claim's setting and counter-setting are applied as the experiment will apply them, so that a path that does
        // not exist is an error at its line on every load; binding each case whole (the numbers it sets checked against
        // their fields) is left to the experiment, which reports the same way: at every load it would cost a full bind per
        // case, a third of a command's start-up on the flagship
        if (scenario is not null && scenario.Claims.Count > 0)
        {
            var known = new HashSet<Diagnostic>(diagnostics);
            var afterVariant = new Dictionary<string, YNode>(StringComparer.Ordinal);
            foreach (Claim claim in scenario.Claims)
            {
                foreach (bool counter in (bool[])[false, true])
                {
                    var caseDiagnostics = new List<Diagnostic>();
                    ClaimCase(root, file, claim.Id, counter, null, caseDiagnostics, bind: false, afterVariant);
                    diagnostics.AddRange(caseDiagnostics.Where(d => d.Severity == Severity.Error && known.Add(d)));
                }
            }
        }

        Sort(diagnostics);
        bool failed = diagnostics.Exists(d => d.Severity == Severity.Error);
        return new LoadResult(failed ? null : scenario, diagnostics, ScenarioFormat.Yaml);
    }

    /// <summary>
    /// The scenario of one case of a claim: its variant (if it names one), then its setting or counter-setting applied like a
    /// variant, each number at its value or, for a parameter, at the value given in <paramref name="values"/> (keyed by
    /// <see cref="ClaimParameter.Name"/>).
    /// </summary>
    /// <param name="text">The scenario's YAML.</param>
    /// <param name="file">The name used in diagnostics.</param>
    /// <param name="claimId">The claim.</param>
    /// <param name="counter">True for the counter-setting, false for the setting.</param>
    /// <param name="values">Parameters moved off their values, or null.</param>
    internal static LoadResult LoadClaimCase(string text, string file, string claimId, bool counter, IReadOnlyDictionary<string, double>? values)
    {
        var diagnostics = new List<Diagnostic>();
        YNode? root = SafeYamlReader.Parse(text, file, diagnostics);
        Scenario? result = root is null ? null : ClaimCase(root, file, claimId, counter, values, diagnostics);
        Sort(diagnostics);
        return new LoadResult(diagnostics.Exists(d => d.Severity == Severity.Error) ? null : result, diagnostics, ScenarioFormat.Yaml);
    }

    private static Scenario? ClaimCase(YNode root, string file, string claimId, bool counter, IReadOnlyDictionary<string, double>? values, List<Diagnostic> diagnostics,
        bool bind = true, Dictionary<string, YNode>? afterVariant = null)
    {
        string which = counter ? "counter" : "setting";
        YMapping? claim = root is YMapping top && top.Get("claims") is YSequence claims
            ? claims.Items.OfType<YMapping>().FirstOrDefault(c => c.Get("id") is YScalar id && id.Value == claimId)
            : null;
        if (claim is null)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.UndefinedReference, file, 0, 0, $"the scenario has no claim '{claimId}'", "see 'parley show FILE' for its claims"));
            return null;
        }

        var caseDiagnostics = new List<Diagnostic>();
        var ctx = new BindContext(file, caseDiagnostics);
        YNode patched = root;
        if (claim.Get("variant") is YScalar v && VariantApplier.FindVariant(root, v.Value) is YMapping vm)
        {
            // claims that start from the same variant share its tree (its own problems are the variant check's to report)
            if (afterVariant?.TryGetValue(v.Value, out YNode? applied) == true)
            {
                patched = applied!;
            }
            else
            {
                patched = VariantApplier.Apply(patched, vm, ctx);
                if (afterVariant is not null && caseDiagnostics.Count == 0)
                {
                    afterVariant[v.Value] = patched;
                }
            }
        }

        if (claim.Get(which) is YMapping changes)
        {
            patched = VariantApplier.Apply(patched, ClaimChanges(changes, claim, which, values), ctx);
        }

        Scenario? result = bind && caseDiagnostics.Count == 0 ? ScenarioBinder.Bind(patched, file, caseDiagnostics, warnUnsourced: false) : null;
        diagnostics.AddRange(caseDiagnostics.Select(d => d with { Message = $"in the {which} of claim '{claimId}': {d.Message}" }));
        return result is null ? null : result with { AppliedVariant = (claim.Get("variant") as YScalar)?.Value };
    }

    /// <summary>
    /// A claim's changes as a variant: a number written with a range is applied at its value (or at the value moved to), the
    /// range being what the verdict is tested over, not an uncertainty drawn per run; the claim's provenance goes with it.
    /// </summary>
    private static YMapping ClaimChanges(YMapping changes, YMapping claim, string which, IReadOnlyDictionary<string, double>? values)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        foreach (KeyValuePair<YScalar, YNode> e in changes.Entries)
        {
            if (e.Key.Value is not ("set" or "shift") || e.Value is not YMapping numbers)
            {
                entries.Add(e);
                continue;
            }

            var plain = new List<KeyValuePair<YScalar, YNode>>();
            foreach (KeyValuePair<YScalar, YNode> n in numbers.Entries)
            {
                string name = new ClaimParameter(which, e.Key.Value, n.Key.Value, 0, 0, 0).Name;
                YNode value = n.Value is YMapping q && q.Get("value") is YScalar central ? central : n.Value;
                if (values is not null && values.TryGetValue(name, out double moved))
                {
                    value = new YScalar(moved.ToString("R", System.Globalization.CultureInfo.InvariantCulture), true, value.Line, value.Column);
                }

                plain.Add(new(n.Key, value));
            }

            entries.Add(new(e.Key, new YMapping(plain, numbers.Line, numbers.Column)));
        }

        foreach (string key in (string[])["source", "estimate", "note"])
        {
            if (claim.Get(key) is YNode p)
            {
                entries.Add(new(new YScalar(key, true, p.Line, p.Column), p));
            }
        }

        return new YMapping(entries, changes.Line, changes.Column);
    }

    /// <summary>Joins the ids of variants applied one after another (<c>--variant freeze-on-the-line+aid-cut</c>).</summary>
    public const char VariantStack = '+';

    private static LoadResult ApplyVariant(YNode root, Scenario? baseScenario, List<Diagnostic> diagnostics, string file, string variant)
    {
        if (baseScenario is null)
        {
            Sort(diagnostics);
            return new LoadResult(null, diagnostics, ScenarioFormat.Yaml);
        }

        // variants stack: 'a+b' applies a, then b to the result (ids cannot contain '+'), so a later one's numbers win
        var stack = new List<YMapping>();
        foreach (string id in variant.Split(VariantStack))
        {
            if (VariantApplier.FindVariant(root, id) is not YMapping vm)
            {
                diagnostics.Add(UnknownVariant(file, id, VariantApplier.VariantIds(root)));
                return new LoadResult(null, diagnostics, ScenarioFormat.Yaml);
            }

            stack.Add(vm);
        }

        var variantDiagnostics = new List<Diagnostic>();
        var ctx = new BindContext(file, variantDiagnostics);
        YNode patched = root;
        foreach (YMapping vm in stack)
        {
            patched = VariantApplier.Apply(patched, vm, ctx);
        }

        Scenario? result = variantDiagnostics.Count == 0 ? ScenarioBinder.Bind(patched, file, variantDiagnostics) : null;
        var known = new HashSet<Diagnostic>(diagnostics);
        foreach (Diagnostic d in variantDiagnostics)
        {
            if (!known.Contains(d))
            {
                diagnostics.Add(d with { Message = $"in variant '{variant}': {d.Message}" });
            }
        }

        Sort(diagnostics);
        bool failed = result is null || diagnostics.Exists(d => d.Severity == Severity.Error);
        return new LoadResult(failed ? null : result! with { AppliedVariant = variant }, diagnostics, ScenarioFormat.Yaml);
    }

    private static void CheckVariant(YNode root, string id, string file, List<Diagnostic> diagnostics, bool bindAlso)
    {
        YMapping? vm = VariantApplier.FindVariant(root, id);
        if (vm is null)
        {
            return;
        }

        var variantDiagnostics = new List<Diagnostic>();
        var ctx = new BindContext(file, variantDiagnostics);
        YNode patched = VariantApplier.Apply(root, vm, ctx);
        if (variantDiagnostics.Count == 0 && bindAlso)
        {
            ScenarioBinder.Bind(patched, file, variantDiagnostics, warnUnsourced: false);
        }

        var known = new HashSet<Diagnostic>(diagnostics);
        foreach (Diagnostic d in variantDiagnostics)
        {
            if (!known.Contains(d) && d.Severity == Severity.Error)
            {
                diagnostics.Add(d with { Message = $"in variant '{id}': {d.Message}" });
            }
        }
    }

    internal static LoadResult WithVariantCheck(LoadResult imported, string? variant, string file)
    {
        imported = Checked(imported, file);
        if (variant is null || imported.Scenario is null)
        {
            return imported;
        }

        var diagnostics = new List<Diagnostic>(imported.Diagnostics) { UnknownVariant(file, variant, []) };
        return imported with { Scenario = null, Diagnostics = diagnostics };
    }

    /// <summary>
    /// An imported scenario goes through the validator it would meet as a Parley file (written, then bound): an import
    /// never yields what the validator rejects (a reservation value of 5, a number beyond 1e9). Its errors name the
    /// source file; warnings of the written form (unsourced numbers) are not the source's and are left out.
    /// </summary>
    private static LoadResult Checked(LoadResult imported, string file)
    {
        if (imported.Scenario is not { } scenario)
        {
            return imported;
        }

        LoadResult check = LoadYaml(ScenarioWriter.Write(scenario), file);
        Diagnostic[] errors = [.. check.Diagnostics.Where(d => d.Severity == Severity.Error)
            .Select(d => d with { Line = 0, Column = 0, Message = "as imported, " + d.Message })];
        return errors.Length == 0
            ? imported
            : imported with { Scenario = null, Diagnostics = [.. imported.Diagnostics, .. errors] };
    }

    private static Diagnostic UnknownVariant(string file, string variant, IReadOnlyList<string> ids)
    {
        string? s = BindContext.Suggest(variant, ids);
        return new Diagnostic(Severity.Error, DiagnosticCodes.UnknownVariant, file, 0, 0, $"the scenario has no variant '{variant}'",
            s is not null ? $"did you mean '{s}'?" : ids.Count > 0 ? $"variants: {string.Join(", ", ids)}" : "this scenario defines no variants");
    }

    internal static byte[]? ReadCapped(string path, List<Diagnostic> diagnostics) =>
        InputFile.Read(path, SafeYamlReader.MaxBytes, "a scenario file", diagnostics);

    private static void Sort(List<Diagnostic> diagnostics)
    {
        // Stable: diagnostics at the same place keep the order they were found in.
        var sorted = diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
        diagnostics.Clear();
        diagnostics.AddRange(sorted);
    }
}
