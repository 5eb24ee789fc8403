using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Scenarios.Import;

namespace Parley.Core.Analyses;

/// <summary>One input file of a scenario, with the bytes read once.</summary>
/// <param name="Path">The path as given.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record ScenarioInput(string Path, byte[] Content);

/// <summary>
/// A scenario as the engine loaded it: its files, read once, the base scenario and, bound on first use from the same
/// bytes, each of its variants. Every analysis of one run takes its scenarios from here.
/// </summary>
public sealed class ScenarioSet
{
    private readonly Dictionary<string, Scenario> variants = new(StringComparer.Ordinal);
    private readonly object gate = new();

    private ScenarioSet(IReadOnlyList<string> files, IReadOnlyList<ScenarioInput> inputs, Scenario scenario, LoadResult loaded)
    {
        Files = files;
        Inputs = inputs;
        Base = scenario;
        Loaded = loaded;
    }

    /// <summary>The paths as given (the first names the scenario in notes).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Every input file with its bytes (a folder's files in name order).</summary>
    public IReadOnlyList<ScenarioInput> Inputs { get; }

    /// <summary>The scenario as written.</summary>
    public Scenario Base { get; }

    /// <summary>The base scenario's load result (its warnings).</summary>
    public LoadResult Loaded { get; }

    /// <summary>The first file, which the provenance note names.</summary>
    public string MainFile => Files[0];

    /// <summary>Loads a scenario from files or a folder; the set, or the diagnostics that stopped it.</summary>
    /// <param name="files">One scenario file, a folder, or a Genius domain with its profiles.</param>
    public static ScenarioSetLoad Load(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var diagnostics = new List<Diagnostic>();
        var inputs = new List<ScenarioInput>();
        foreach (string f in files)
        {
            if (Directory.Exists(f))
            {
                // a Genius domain folder: its XML files, as the importer reads them
                foreach (string file in Directory.EnumerateFiles(f, "*.xml").Order(StringComparer.Ordinal))
                {
                    byte[]? b = ScenarioLoader.ReadCapped(file, diagnostics);
                    if (b is not null)
                    {
                        inputs.Add(new ScenarioInput(Path.Combine(f, Path.GetFileName(file)), b));
                    }
                }
            }
            else if (ScenarioLoader.ReadCapped(f, diagnostics) is byte[] bytes)
            {
                inputs.Add(new ScenarioInput(f, bytes));
                if (files.Count == 1 && IsGeniusDomain(bytes) && Path.GetDirectoryName(Path.GetFullPath(f)) is string dir)
                {
                    // a Genius domain file brings the profiles beside it: read them now, once
                    foreach (string sibling in Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal).Where(x => Path.GetFullPath(x) != Path.GetFullPath(f)))
                    {
                        if (ScenarioLoader.ReadCapped(sibling, diagnostics) is byte[] b)
                        {
                            inputs.Add(new ScenarioInput(Path.Combine(Path.GetDirectoryName(f) ?? string.Empty, Path.GetFileName(sibling)), b));
                        }
                    }
                }
            }
        }

        if (inputs.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, files.Count > 0 ? files[0] : string.Empty, 0, 0, "no scenario file was given, or the folder holds no .xml files",
                "give a scenario file, or a folder with a Genius domain and its profiles"));
        }

        if (diagnostics.Count > 0)
        {
            return new ScenarioSetLoad(null, new LoadResult(null, diagnostics, ScenarioFormat.Unknown));
        }

        LoadResult result = Bind(inputs, null);
        return result.Succeeded
            ? new ScenarioSetLoad(new ScenarioSet(files, inputs, result.Scenario!, result), result)
            : new ScenarioSetLoad(null, result);
    }

    /// <summary>
    /// A scenario from stored input files (a run store's copy), named as they were: the first file alone when it is a
    /// scenario by itself (extra files, such as a typed-in package, are kept as inputs), else a Genius domain with its profiles.
    /// </summary>
    /// <param name="inputs">The files with their stored names and bytes, the scenario first.</param>
    public static ScenarioSetLoad FromInputs(IReadOnlyList<ScenarioInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return new ScenarioSetLoad(null, new LoadResult(null, [new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, string.Empty, 0, 0, "no input files", null)], ScenarioFormat.Unknown));
        }

        LoadResult result = Bind(inputs, null);
        IReadOnlyList<string> files = IsGenius(inputs) ? [.. inputs.Select(i => i.Path)] : [inputs[0].Path];
        return result.Succeeded ? new ScenarioSetLoad(new ScenarioSet(files, inputs, result.Scenario!, result), result) : new ScenarioSetLoad(null, result);
    }

    /// <summary>The scenario a request names (its variant applied, or the base), or the diagnostics saying why there is none.</summary>
    /// <param name="variant">A variant id, or null for the scenario as written.</param>
    /// <param name="problems">Why the variant cannot be applied (empty when it can).</param>
    public Scenario? Resolve(string? variant, out IReadOnlyList<Diagnostic> problems)
    {
        if (variant is not null && TryGet(variant) is { Succeeded: false } bad)
        {
            problems = bad.Diagnostics;
            return null;
        }

        problems = [];
        return Get(variant);
    }

    /// <summary>The scenario with the named variant applied (null: the base); throws for a variant the scenario lacks.</summary>
    /// <param name="variant">A variant id, or null.</param>
    public Scenario Get(string? variant)
    {
        if (variant is null)
        {
            return Base;
        }

        lock (gate)
        {
            if (variants.TryGetValue(variant, out Scenario? cached))
            {
                return cached;
            }
        }

        LoadResult r = TryGet(variant);
        if (!r.Succeeded)
        {
            throw new ArgumentException($"the scenario has no usable variant '{variant}'", nameof(variant));
        }

        return r.Scenario!;
    }

    /// <summary>The scenario with the named variant applied, or the diagnostics saying why not.</summary>
    /// <param name="variant">A variant id.</param>
    public LoadResult TryGet(string variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        lock (gate)
        {
            if (variants.TryGetValue(variant, out Scenario? cached))
            {
                return new LoadResult(cached, [], Loaded.Format);
            }
        }

        LoadResult r = Bind(Inputs, variant);
        if (r.Succeeded)
        {
            lock (gate)
            {
                variants[variant] = r.Scenario!;
            }
        }

        return r;
    }

    /// <summary>
    /// The scenario of one case of a claim (<see cref="Claim"/>): its variant, then its setting or counter-setting, each number
    /// at its value or, for a parameter named in <paramref name="values"/> (<see cref="ClaimParameter.Name"/>), at the value
    /// given there; or the diagnostics saying why there is none.
    /// </summary>
    /// <param name="claimId">The claim.</param>
    /// <param name="counter">True for the counter-setting.</param>
    /// <param name="values">Parameters moved off their values, or null.</param>
    public LoadResult ClaimCase(string claimId, bool counter, IReadOnlyDictionary<string, double>? values = null)
    {
        ArgumentNullException.ThrowIfNull(claimId);
        if (IsGenius(Inputs) || FormatDetector.Detect(System.Text.Encoding.UTF8.GetString(Inputs[0].Content)) != ScenarioFormat.Yaml)
        {
            return new LoadResult(null, [new Diagnostic(Severity.Error, DiagnosticCodes.UndefinedReference, MainFile, 0, 0, "only a Parley scenario file has claims", "write the claims in the scenario's 'claims:' block")], Loaded.Format);
        }

        var diagnostics = new List<Diagnostic>();
        string? text = Scenarios.Yaml.SafeYamlReader.DecodeText(Inputs[0].Content, Inputs[0].Path, diagnostics);
        return text is null ? new LoadResult(null, diagnostics, Loaded.Format) : ScenarioLoader.LoadClaimCase(text, Inputs[0].Path, claimId, counter, values);
    }

    /// <summary>
    /// Binds the scenario from the bytes read: a Genius domain with its profiles when there are several Genius files (the
    /// first a Genius file), else the first file alone (any further file, such as a typed-in package, is only kept).
    /// </summary>
    private static LoadResult Bind(IReadOnlyList<ScenarioInput> inputs, string? variant) =>
        IsGenius(inputs)
            ? ScenarioLoader.WithVariantCheck(GeniusImporter.ImportFiles([.. inputs.Select(i => (i.Path, i.Content))]), variant, inputs[0].Path)
            : ScenarioLoader.LoadBytes(inputs[0].Content, inputs[0].Path, variant);

    private static bool IsGenius(IReadOnlyList<ScenarioInput> inputs) =>
        inputs.Count > 1 && FormatDetector.Detect(System.Text.Encoding.UTF8.GetString(inputs[0].Content)) == ScenarioFormat.Genius;

    private static bool IsGeniusDomain(byte[] bytes)
    {
        string head = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        return head.Contains("<negotiation_template", StringComparison.Ordinal) && FormatDetector.Detect(head) == ScenarioFormat.Genius;
    }
}

/// <summary>The outcome of loading a scenario set.</summary>
/// <param name="Set">The set, or null when an error was found.</param>
/// <param name="Result">The load result with every diagnostic.</param>
public sealed record ScenarioSetLoad(ScenarioSet? Set, LoadResult Result);
