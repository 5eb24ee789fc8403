using System.CommandLine;
using Parley.Cli.Commands;

namespace Parley.Cli;

/// <summary>The `parley` command line: parse, call the engine, render.</summary>
internal static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code for a usage error (bad flags, missing arguments).</summary>
    public const int UsageError = 1;

    /// <summary>Exit code for invalid input data (a scenario with errors).</summary>
    public const int InvalidInput = 2;

    /// <summary>Exit code when a result was computed but could not be stored.</summary>
    public const int StoreError = 3;

    /// <summary>Exit code for a bug (an unexpected exception).</summary>
    public const int InternalError = 70;

    /// <summary>Exit code for a run cancelled with Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="guard">The run's time budget and cancellation, seen by every long loop of the computation (none: no limit).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Parley.Core.Domain.WorkGuard? guard = null)
    {
        using IDisposable scope = Parley.Core.Domain.WorkGuard.Enter(guard ?? Parley.Core.Domain.WorkGuard.Unlimited);
        return SweepCommand.Handles(args)
            ? await SweepCommand.RunAsync(args, stdout, stderr, guard).ConfigureAwait(false)
            : await RunWith(new Output(stdout, stderr), args, guard).ConfigureAwait(false);
    }

    /// <summary>Runs one command line with a given output (a sweep's, which carries how the draws are sent out).</summary>
    internal static async Task<int> RunWith(Output output, string[] args, Parley.Core.Domain.WorkGuard? guard)
    {
        TextWriter stdout = output.Out, stderr = output.Err;
        RootCommand root = Build(output, args);
        ParseResult parsed = root.Parse(args);
        // Ctrl-C is the guard's cancellation (Program wires it), so the command's own handling is off
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using IDisposable scope = Parley.Core.Domain.WorkGuard.Enter(guard ?? Parley.Core.Domain.WorkGuard.Unlimited);
        try
        {
            if (parsed.Errors.Count == 0 && StoreProblem(parsed) is string problem)
            {
                // said before any work: a store that cannot be named (a password in its URL) is the user's to fix
                stderr.WriteLine($"parley {CommandPath(parsed)}: {problem}");
                return InvalidInput;
            }

            int code = await parsed.InvokeAsync(config).ConfigureAwait(false);
            code = RunRecorder.Record(output, parsed, args, clock.Elapsed.TotalMilliseconds, code, output.Timings);
            if (output.Finish is { } finish && code is Ok or StoreError)
            {
                int finished = finish(output.StoredId);
                return code == Ok ? finished : code;
            }

            return code;
        }
        catch (Parley.Core.Domain.WorkRefusedException e)
        {
            // work beyond the run's time budget: refused up front, or stopped when the budget ran out
            stderr.WriteLine($"parley {CommandName(parsed)}: {e.Message}");
            return InvalidInput;
        }
        catch (OperationCanceledException) when (guard?.Cancellation.IsCancellationRequested == true)
        {
            stderr.WriteLine($"parley {CommandName(parsed)}: cancelled; nothing was recorded" + (output.Sweep is not null ? " but the sweep's finished work items, kept in the store: run the same command line again to resume" : string.Empty));
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Parley.Storage.RunStoreException or System.Data.Common.DbException)
        {
            // files and stores the user pointed at: say what went wrong, no stack trace
            stderr.WriteLine($"parley: {e.Message}");
            return InvalidInput;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PARLEY_DEBUG") is not "1")
        {
            stderr.WriteLine($"parley: internal error ({e.GetType().Name}): {e.Message}");
            stderr.WriteLine("This is a bug in Parley, not in your input; please report it with the command line. PARLEY_DEBUG=1 shows the stack trace.");
            return InternalError;
        }
    }

    private static string CommandName(ParseResult parsed) => parsed.CommandResult.Command.Name;

    /// <summary>The command as typed, subcommands included ("runs list").</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = parsed.CommandResult; r is System.CommandLine.Parsing.CommandResult c && c.Parent is not null; r = r.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count > 0 ? string.Join(' ', names) : CommandName(parsed);
    }

    /// <summary>Where the command's name is in a command line: after any budget options given before it; null when there is none.</summary>
    /// <param name="args">The command line.</param>
    internal static int? CommandAt(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] is RunBudget.SecondsOption or RunBudget.MemoryOption)
            {
                i++;
            }
            else if (!args[i].StartsWith(RunBudget.SecondsOption + "=", StringComparison.Ordinal) && !args[i].StartsWith(RunBudget.MemoryOption + "=", StringComparison.Ordinal))
            {
                return args[i].StartsWith('-') ? null : i;
            }
        }

        return null;
    }

    /// <summary>Why the run store the command would use (<c>--db</c>, else <c>PARLEY_DB</c>) cannot be named, or null (also when the command has no store, or <c>--no-store</c>).</summary>
    private static string? StoreProblem(ParseResult parsed)
    {
        Command command = parsed.CommandResult.Command;
        Option<string?>? db = command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == Common.StoreDb);
        Option<bool>? noStore = command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == Common.NoStore);
        if (db is null || (noStore is not null && parsed.GetValue(noStore)))
        {
            return null;
        }

        try
        {
            Parley.Storage.StoreLocation.Resolve(parsed.GetValue(db));
            return null;
        }
        catch (Parley.Storage.RunStoreException e)
        {
            return e.Message;
        }
    }

    /// <summary>Every command, by name, in the order help lists them; each built only when needed.</summary>
    private static readonly (string Name, Func<Output, Command> Create)[] Commands =
    [
        ("validate", ValidateCommand.Create),
        ("show", ShowCommand.Create),
        ("sources", SourcesCommand.Create),
        ("import", ImportCommand.Create),
        ("diff", DiffCommand.Create),
        ("forecast", ForecastCommand.Create),
        ("analyze", AnalyzeCommand.Create),
        ("simulate", SimulateCommand.Create),
        ("durability", DurabilityCommand.Create),
        ("compare", CompareCommand.Create),
        ("sensitivity", SensitivityCommand.Create),
        ("backtest", BacktestCommand.Create),
        ("experiment", ExperimentCommand.Create),
        ("brief", BriefCommand.Create),
        ("tournament", TournamentCommand.Create),
        ("run", RunCommand.Create),
        ("runs", RunsCommand.Create),
        ("report", ReportCommand.Create),
        ("serve", ServeCommand.Create),
        ("sweep", SweepCommand.Create),
        ("worker", WorkerCommand.Create),
    ];

    /// <summary>
    /// The command line's commands: all of them, or, when the arguments start with a command's name, only that one (a
    /// run builds the options of the command it runs, not of all nineteen; help and mistakes see them all).
    /// </summary>
    /// <param name="output">Where commands write.</param>
    /// <param name="args">The command line, or null for every command.</param>
    internal static RootCommand Build(Output output, IReadOnlyList<string>? args = null)
    {
        var root = new RootCommand(
            "Parley: model, forecast and simulate multi-party, multi-issue negotiations.\n\n" +
            "Example:\n  parley show scenarios/ukraine-2025.yaml");
        string? first = args is { Count: > 0 } ? args[0] : null;
        bool one = first is not null && Array.Exists(Commands, c => c.Name == first);
        foreach ((string name, Func<Output, Command> create) in Commands)
        {
            if (!one || name == first)
            {
                root.Subcommands.Add(create(output));
            }
        }

        // read by the process's watchdog (RunBudget, started in Program) before the command runs; listed here so that
        // every command accepts them and shows them in its help
        root.Options.Add(new Option<string?>(RunBudget.SecondsOption) { Recursive = true, Description = "Time budget of this run in seconds (default 60; or PARLEY_MAX_SECONDS); beyond it the run stops with exit code 2 (not for serve, which limits each run itself)" });
        root.Options.Add(new Option<string?>(RunBudget.MemoryOption) { Recursive = true, Description = "Memory budget of this run, e.g. 2G (default 1G; or PARLEY_MAX_MEMORY); beyond it the run stops with exit code 2 (not for serve, which limits each run itself)" });
        return root;
    }
}
