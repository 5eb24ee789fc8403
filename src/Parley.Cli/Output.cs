using Parley.Core.Domain;
using Parley.Core.Scenarios;
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

    /// <summary>The one-line provenance note every output with a shipped scenario's numbers carries.</summary>
    public static string ProvenanceNote(string file) =>
        $"Note: these numbers are estimates from published analyses, not intelligence; the sources are listed in {file} ('sources') and by 'parley show'.";

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
