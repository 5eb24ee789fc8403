using System.CommandLine;
using System.Diagnostics;
using Parley.Storage;

namespace Parley.Cli;

/// <summary>Records the run of a computing command in the run store (unless <c>--no-store</c>).</summary>
internal static class RunRecorder
{
    /// <summary>Test hook: milliseconds to wait inside the store's write transaction (the crash-safety test kills the process there).</summary>
    public const string PauseVariable = "PARLEY_STORE_PAUSE_MS";

    public static string ToolVersion => Parley.Core.Analyses.Engine.Version;

    /// <summary>The command line with the store options taken out.</summary>
    public static string[] StoredArgs(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        for (int k = 0; k < args.Count; k++)
        {
            string a = args[k];
            if (a == Commands.Common.NoStore)
            {
                continue;
            }

            if (a == Commands.Common.StoreDb)
            {
                k++;
                continue;
            }

            if (a.StartsWith(Commands.Common.StoreDb + "=", StringComparison.Ordinal))
            {
                continue;
            }

            kept.Add(a);
        }

        return [.. kept];
    }

    /// <summary>Stores the run a command captured; returns the exit code to use.</summary>
    public static int Record(Output output, ParseResult parsed, IReadOnlyList<string> args, double elapsedMs, int code, IReadOnlyList<KeyValuePair<string, double>>? timings = null)
    {
        if (code != CliApp.Ok || output.Capture is not RunCapture capture)
        {
            return code;
        }

        Command command = parsed.CommandResult.Command;
        Option<bool>? noStore = command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == Commands.Common.NoStore);
        Option<string?>? db = command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == Commands.Common.StoreDb);
        if (noStore is null || db is null || parsed.GetValue(noStore))
        {
            return code;
        }

        try
        {
            StoreLocation location = StoreLocation.Resolve(parsed.GetValue(db));
            string path = location.Display;
            var inputs = new List<RunInput>();
            // the input files as the analysis read them (no second read from disk)
            foreach (Parley.Core.Analyses.ScenarioInput i in capture.Inputs)
            {
                inputs.Add(new RunInput(i.Path, i.Content));
            }

            if (!location.IsPostgreSql && File.Exists(path) && !RunStore.Writable(path))
            {
                // said before SQLite is asked: opening for writing would leave journal files beside a store it cannot change
                output.Err.WriteLine($"parley: the run was computed but not stored: {path} is read-only (use --no-store, or --db another store)");
                return CliApp.StoreError;
            }

            using RunStore store = RunStore.Open(location);
            var run = new NewRun
            {
                Command = command.Name,
                Args = StoredArgs(args),
                ScenarioName = capture.ScenarioName,
                Variant = capture.Variant,
                Seed = capture.Seed,
                Draws = capture.Draws,
                ToolVersion = ToolVersion,
                ElapsedMs = elapsedMs,
                Timings = timings ?? [new(command.Name, elapsedMs)],
                Inputs = inputs,
                Result = capture.Json,
                Request = capture.Request?.Value,
                Typed = capture.Typed,
            };
            Action? pause = int.TryParse(Environment.GetEnvironmentVariable(PauseVariable), out int ms) && ms > 0
                ? () => { output.Err.WriteLine("parley: writing the run (paused for a test)"); output.Err.Flush(); Thread.Sleep(ms); }
                : null;
            long id = store.Save(run, pause);
            output.Err.WriteLine($"stored run {id} in {path} (see 'parley runs show {id}')");
            output.StoredId = id;
            output.StoredIn = path;
            return code;
        }
        catch (Exception e) when (e is RunStoreException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            output.Err.WriteLine($"parley: the run was computed but not stored: {e.Message} (use --no-store to skip the store)");
            return CliApp.StoreError;
        }
    }

    public static Stopwatch Start() => Stopwatch.StartNew();
}
