using System.Globalization;

namespace Parley.Cli;

/// <summary>
/// The time and memory budget of one `parley` process (everything but `serve`, which has its own limits): 60 s and
/// 1 GiB by default, raised with --max-seconds / --max-memory or PARLEY_MAX_SECONDS / PARLEY_MAX_MEMORY. A watchdog
/// checks the wall time and the resident memory five times a second and ends a run that goes beyond them with exit
/// code 2 and a message that says which budget ran out and how to raise it.
/// </summary>
internal sealed record RunBudget(double Seconds, long Bytes)
{
    /// <summary>The time budget's option.</summary>
    public const string SecondsOption = "--max-seconds";

    /// <summary>The memory budget's option.</summary>
    public const string MemoryOption = "--max-memory";

    /// <summary>Default budget.</summary>
    public static RunBudget Default { get; } = new(60, 1L << 30);

    /// <summary>The budget from the command line (first) and the environment, or the problem with them.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="problem">What is wrong with a value given.</param>
    public static RunBudget? From(IReadOnlyList<string> args, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        string? seconds = Value(args, SecondsOption) ?? environment("PARLEY_MAX_SECONDS");
        string? memory = Value(args, MemoryOption) ?? environment("PARLEY_MAX_MEMORY");
        double s = Default.Seconds;
        long b = Default.Bytes;
        if (seconds is not null && (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out s) || !double.IsFinite(s) || s <= 0))
        {
            problem = $"{SecondsOption} (or PARLEY_MAX_SECONDS) must be a positive number of seconds, not '{seconds}'";
            return null;
        }

        if (memory is not null)
        {
            if (ParseBytes(memory) is not long parsed)
            {
                problem = $"{MemoryOption} (or PARLEY_MAX_MEMORY) must be a size such as 2G, 1536M or 2147483648, not '{memory}'";
                return null;
            }

            b = parsed;
        }

        return new RunBudget(s, b);
    }

    /// <summary>A size with an optional K, M or G suffix (binary units), or null.</summary>
    /// <param name="text">The size.</param>
    public static long? ParseBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().TrimEnd('B', 'b').TrimEnd('i');
        long unit = 1;
        if (t.Length > 0 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G')
        {
            unit = char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            t = t[..^1];
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v > 0 && v * unit < long.MaxValue
            ? (long)(v * unit)
            : null;
    }

    /// <summary>Starts watching this process; dispose to stop. Ends the process with exit code 2 when a budget runs out.</summary>
    /// <param name="stderr">Where to say why.</param>
    /// <param name="command">The command, named in the message as its own messages name it.</param>
    public IDisposable Watch(TextWriter stderr, string? command = null)
    {
        string prefix = command is null ? "parley: " : $"parley {command}: ";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        return new Timer(_ =>
        {
            // the computation stops itself at the time budget (WorkGuard, with a message of its own); this is the
            // backstop for what has no check in its loop, a second later
            string? why = clock.Elapsed.TotalSeconds > Seconds + 1
                ? $"stopped after {Parley.Core.Domain.WorkGuard.Duration(Seconds)}, the time budget of one run; raise it with {SecondsOption} N (or PARLEY_MAX_SECONDS), or ask for less work (fewer --draws, a coarser --step, fewer actors)"
                : Environment.WorkingSet > Bytes
                    ? $"stopped at {Environment.WorkingSet / (double)(1 << 20):N1} MiB, beyond the memory budget of one run ({Size(Bytes)}); raise it with {MemoryOption} SIZE (or PARLEY_MAX_MEMORY)" +
                      (Bytes < StartUpBytes ? $" — parley itself needs about {Size(StartUpBytes)} to start" : ", or ask for less work (fewer --draws; for analyze and simulate a coarser --step)")
                    : null;
            if (why is not null)
            {
                stderr.WriteLine(prefix + why);
                stderr.Flush();
                Environment.Exit(CliApp.InvalidInput);
            }
        }, null, 200, 200);
    }

    /// <summary>About what a parley process holds once started, before any work (the runtime, the CLI, a scenario).</summary>
    internal const long StartUpBytes = 80L << 20;

    /// <summary>A size in the unit a reader takes in at once ("512 KiB", "1,052 MiB").</summary>
    /// <param name="bytes">Bytes.</param>
    internal static string Size(long bytes) => bytes < 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):N0} MiB");

    private static string? Value(IReadOnlyList<string> args, string option)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == option && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(option + "=", StringComparison.Ordinal))
            {
                return args[i][(option.Length + 1)..];
            }
        }

        return null;
    }
}
