using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Spectre.Console;

namespace Parley.Cli;

/// <summary>Where commands write: plain writers for data, a Spectre console for tables.</summary>
internal sealed class Output
{
    public Output(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Err = stderr;
        bool terminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        Console.Profile.Width = terminal ? Math.Max(40, System.Console.WindowWidth) : 80;
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public IAnsiConsole Console { get; }

    /// <summary>The run a computing command produced (for the run store); null for other commands.</summary>
    public RunCapture? Capture { get; set; }

    /// <summary>Called once the run is recorded, with its id (null when not stored): the main job writes its report here; returns the exit code.</summary>
    public Func<long?, int>? Finish { get; set; }

    /// <summary>The id of the stored run, once stored.</summary>
    public long? StoredId { get; set; }

    /// <summary>The store the run went to, once stored.</summary>
    public string? StoredIn { get; set; }

    /// <summary>With <c>parley sweep</c>: how the command's Monte Carlo draws are sent out as work items; null runs them here.</summary>
    public SweepSettings? Sweep { get; set; }

    /// <summary>What the sweep did, once the command's analysis ran under <see cref="Sweep"/>.</summary>
    public SweepSummary? Swept { get; private set; }

    /// <summary>
    /// Runs a command's analysis: as it is, or, under <c>parley sweep</c>, with its Monte Carlo calls cut into work items for
    /// the sweep's executor (the same result either way). The request and scenario are those the analysis runs on.
    /// </summary>
    public T Compute<T>(AnalysisRequest request, ScenarioSet? set, Func<T> run) => Compute(request, set?.Inputs ?? [], run);

    /// <summary>As <see cref="Compute{T}(AnalysisRequest, ScenarioSet?, Func{T})"/>, over the files the analysis reads (a backtest's cases).</summary>
    public T Compute<T>(AnalysisRequest request, IReadOnlyList<ScenarioInput> inputs, Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Sweep is null)
        {
            return run();
        }

        using Parley.Core.Analyses.Sweep.Coordinator sweep = Parley.Core.Analyses.Sweep.Coordinate(request, inputs, Sweep);
        try
        {
            return run();
        }
        finally
        {
            Swept = sweep.Summary;
        }
    }

    /// <summary>Phase timings of a composite run (<c>parley run</c>); null for single commands.</summary>
    public List<KeyValuePair<string, double>>? Timings { get; set; }

    /// <summary>
    /// Records a computing command's typed result with its request, and prints it when JSON was asked for. The document is
    /// serialised only when printed or stored (a table with --no-store never loads the JSON serialiser: start-up time).
    /// </summary>
    public void Result<T>(T result, AnalysisRequest request, ScenarioSet? set, Scenario? scenario, ulong? seed, long? draws, bool print)
        where T : AnalysisResult
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        Capture = new RunCapture(scenario?.Name, scenario?.AppliedVariant, seed, draws, new Lazy<string>(() => ParleyJson.Serialize(result)))
        {
            Inputs = set?.Inputs ?? [],
            Typed = result,
            Request = new Lazy<string>(() => ParleyJson.SerializeRequest(request)),
        };
        if (print)
        {
            Out.WriteLine(Capture.Json);
        }
    }

    /// <summary>Says why an analysis gave no result; returns the exit code (1 for a bad option, 2 for input it cannot use).</summary>
    public int Problems(string command, IReadOnlyList<Diagnostic> problems)
    {
        bool usage = false;
        foreach (Diagnostic d in problems)
        {
            if (d.Severity != Severity.Error)
            {
                continue;
            }

            usage |= d.Code == DiagnosticCodes.Request;
            Err.WriteLine(ProblemText.Of(d, command));
        }

        return usage ? CliApp.UsageError : CliApp.InvalidInput;
    }

    /// <summary>Loads a scenario set (its files read once), printing diagnostics; null on errors.</summary>
    public ScenarioSet? LoadSet(IReadOnlyList<string> files, bool showWarnings = false)
    {
        ScenarioSetLoad load = ScenarioSet.Load(files);
        if (load.Set is null)
        {
            Diagnostics(load.Result.Diagnostics.Where(d => d.Severity == Severity.Error || showWarnings));
            int errors = load.Result.Diagnostics.Count(d => d.Severity == Severity.Error);
            Err.WriteLine($"{string.Join(' ', files)}: {errors} error(s); nothing done.");
        }

        return load.Set;
    }

    public void Diagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic d in diagnostics)
        {
            Err.WriteLine(d.ToString());
        }
    }

    /// <summary>Loads the scenario of one or more files, printing diagnostics; null on errors.</summary>
    public Scenario? Load(IReadOnlyList<string> files, string? variant, bool showWarnings = false)
    {
        LoadResult result = ScenarioLoader.LoadPaths(files, variant);
        if (!result.Succeeded)
        {
            Diagnostics(result.Diagnostics.Where(d => d.Severity == Severity.Error || showWarnings));
            int errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
            Err.WriteLine($"{string.Join(' ', files)}: {errors} error(s); nothing done.");
            return null;
        }

        return result.Scenario;
    }
}

/// <summary>What a computing command ran on and produced, for the run store.</summary>
/// <param name="ScenarioName">Scenario name.</param>
/// <param name="Variant">Variant applied.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Draws">Draws.</param>
/// <param name="Document">The result document, serialised when first asked for.</param>
internal sealed record RunCapture(string? ScenarioName, string? Variant, ulong? Seed, long? Draws, Lazy<string> Document)
{
    /// <summary>The result document.</summary>
    public string Json => Document.Value;

    /// <summary>The input files as read for the run.</summary>
    public IReadOnlyList<ScenarioInput> Inputs { get; init; } = [];

    /// <summary>The typed result (fills the store's query tables).</summary>
    public AnalysisResult? Typed { get; init; }

    /// <summary>The request, serialised with its kind when first asked for (reruns run it again).</summary>
    public Lazy<string>? Request { get; init; }
}
