using System.CommandLine;
using System.Globalization;
using Parley.Cluster;
using Parley.Core.Analyses;
using Parley.Storage;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley sweep [--cluster URL] [--items N] COMMAND ARGS…</c>: runs a computing command with its Monte Carlo draws cut
/// into work items, here or on a cluster, and prints what the command alone prints. Finished items are kept in the command's
/// run store, so a sweep stopped part way and started again with the same command line does not redo them.
/// </summary>
internal static class SweepCommand
{
    private const string ClusterOption = "--cluster";
    private const string ItemsOption = "--items";

    /// <summary>The command as help shows it (a sweep itself is run by <see cref="RunAsync"/>, before the parser).</summary>
    public static Command Create(Output output)
    {
        var command = new Command("sweep",
            "Runs a computing command's Monte Carlo draws as work items, here or on a cluster of 'parley worker' silos, and prints the command's own result "
            + "(the same bytes as the command alone). Finished items are kept in the run store: the same sweep started again redoes none.\n\n"
            + "Examples:\n  parley sweep forecast scenarios/ukraine-2025.yaml --draws 20000\n"
            + "  parley sweep --cluster postgres://parley@db.example:5432/parley analyze scenarios/ukraine-2025.yaml --draws 5000 --variant freeze-on-the-line")
        {
            new Option<string?>(ClusterOption) { Description = "The cluster's membership database, postgres://user@host:port/dbname (password from PGPASSWORD or ~/.pgpass); without it the items run in this process" },
            new Option<int>(ItemsOption) { Description = "Work items per Monte Carlo call (default 16)" },
            new Argument<string[]>("command") { Description = "The computing command and its arguments", Arity = ArgumentArity.ZeroOrMore },
        };
        command.SetAction(_ =>
        {
            output.Err.WriteLine("parley sweep: name the command to run, e.g. parley sweep forecast scenarios/ukraine-2025.yaml --draws 20000");
            return CliApp.UsageError;
        });
        return command;
    }

    /// <summary>True when the command line is a sweep to run (not a request for its help).</summary>
    public static bool Handles(string[] args) =>
        CliApp.CommandAt(args) is int at && args[at] == "sweep" && at + 1 < args.Length && !args.Skip(at + 1).TakeWhile(a => a.StartsWith('-')).Any(a => a is "-h" or "--help" or "-?");

    /// <summary>Runs the sweep (<see cref="Handles"/> said it is one).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Parley.Core.Domain.WorkGuard? guard)
    {
        string? cluster = null;
        int items = 16;
        var passed = new List<string>();
        int at = CliApp.CommandAt(args)!.Value + 1;
        for (int k = 0; k < at - 1; k++)
        {
            // budget options given before 'sweep' hold for the command it runs
            passed.Add(args[k]);
        }

        while (at < args.Length && args[at].StartsWith('-'))
        {
            string name = args[at].Split('=', 2)[0];
            string? value = args[at].Contains('=', StringComparison.Ordinal) ? args[at].Split('=', 2)[1] : at + 1 < args.Length ? args[++at] : null;
            at++;
            if (value is null)
            {
                stderr.WriteLine($"parley sweep: {name} needs a value");
                return CliApp.UsageError;
            }

            switch (name)
            {
                case ClusterOption:
                    cluster = value;
                    break;
                case ItemsOption when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 100_000:
                    items = n;
                    break;
                case RunBudget.SecondsOption or RunBudget.MemoryOption:
                    passed.AddRange([name, value]);
                    break;
                default:
                    stderr.WriteLine(name is ItemsOption
                        ? $"parley sweep: {name} '{value}' is not a whole number from 1 to 100,000"
                        : $"parley sweep: unknown option '{name}' before the command (see 'parley sweep --help')");
                    return CliApp.UsageError;
            }
        }

        if (at >= args.Length)
        {
            stderr.WriteLine("parley sweep: name the command to run, e.g. parley sweep forecast scenarios/ukraine-2025.yaml --draws 20000");
            return CliApp.UsageError;
        }

        string command = args[at];
        if (!CommandRequests.Computing.Contains(command) && command != "backtest")
        {
            stderr.WriteLine($"parley sweep: '{command}' is not a command that computes over draws; sweep one of {string.Join(", ", CommandRequests.Computing.Append("backtest").Order(StringComparer.Ordinal))}");
            return CliApp.UsageError;
        }

        if (args.Skip(at + 1).FirstOrDefault(a => a.Split('=', 2)[0] is ClusterOption or ItemsOption) is string misplaced)
        {
            stderr.WriteLine($"parley sweep: {misplaced.Split('=', 2)[0]} is the sweep's own option: put it before the command (parley sweep {misplaced.Split('=', 2)[0]} … {command} …)");
            return CliApp.UsageError;
        }

        string[] inner = [.. args[at..], .. passed];
        CancellationToken cancellation = guard?.Cancellation ?? CancellationToken.None;
        // the store of the command's own options (as its run is stored), read by the command line's parser
        System.CommandLine.ParseResult parsed = CliApp.Build(new Output(TextWriter.Null, TextWriter.Null), inner).Parse(inner);
        Option<bool>? noStore = parsed.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == Common.NoStore);
        Option<string?>? db = parsed.CommandResult.Command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == Common.StoreDb);
        StoreLedger? ledger = null;
        if (noStore is not null && db is not null && !parsed.GetValue(noStore))
        {
            try
            {
                ledger = new StoreLedger(StoreLocation.Resolve(parsed.GetValue(db)), command, stderr);
            }
            catch (RunStoreException e)
            {
                stderr.WriteLine($"parley sweep: {e.Message}");
                return CliApp.InvalidInput;
            }
        }

        ClusterExecutor? remote = null;
        if (cluster is not null)
        {
            StoreLocation location;
            try
            {
                location = StoreLocation.Parse(cluster);
            }
            catch (RunStoreException e)
            {
                stderr.WriteLine($"parley sweep: {ClusterOption}: {e.Message}");
                return CliApp.InvalidInput;
            }

            if (!location.IsPostgreSql)
            {
                stderr.WriteLine($"parley sweep: {ClusterOption} takes the cluster's PostgreSQL database, postgres://user@host:port/dbname, not '{cluster}'");
                return CliApp.UsageError;
            }

            try
            {
                // an item's call waits as long as the sweep's budget: an item is sent again when its call fails or its silo is lost
                double budget = guard?.Seconds ?? double.PositiveInfinity;
                remote = await ClusterExecutor.ConnectAsync(WorkerCommand.Settings(location), double.IsFinite(budget) ? TimeSpan.FromSeconds(budget) : TimeSpan.FromDays(1), cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                stderr.WriteLine($"parley sweep: cannot join the cluster at {location.Display}: {e.Message}"
                    + (e.Message.Contains("parley worker", StringComparison.Ordinal) ? string.Empty : $" (are workers running? 'parley worker --cluster {location.Display}')"));
                return CliApp.InvalidInput;
            }
        }

        using (ledger)
        await using (remote)
        {
            ISweepExecutor executor = remote ?? (ISweepExecutor)new LocalSweepExecutor();
            var output = new Output(stdout, stderr)
            {
                Sweep = new SweepSettings { Slices = items, Executor = executor, Ledger = ledger, Cancellation = cancellation },
            };
            int code = await CliApp.RunWith(output, inner, guard).ConfigureAwait(false);
            if (output.Swept is { } s)
            {
                string by = string.Join(", ", s.Workers.Select(w => $"{w.Value} on {w.Key}"));
                stderr.WriteLine($"sweep {s.Id}: {s.Calls} Monte Carlo call{(s.Calls == 1 ? string.Empty : "s")} in {s.Items} items on {executor.Name}: "
                    + $"{s.Run} run now{(by.Length > 0 ? $" ({by})" : string.Empty)}, {s.Reused} found finished in the store"
                    + (remote is { Resent: > 0 } ? $"; {remote.Resent} sent again after a failure or a lost silo" : string.Empty));
            }

            return code;
        }
    }

    /// <summary>
    /// Finished items in the run store (SQLite or PostgreSQL): idempotent by (sweep, item), the first record wins. A store
    /// that cannot be written is said once and the sweep goes on without it (as a command whose run cannot be stored still
    /// prints its result).
    /// </summary>
    private sealed class StoreLedger(StoreLocation location, string command, TextWriter err) : ISweepLedger, IDisposable
    {
        private readonly object gate = new();
        private RunStore? store;
        private bool broken;

        public IReadOnlyDictionary<string, string> Finished(string sweep) => Use(s => s.SweepItems(sweep)) ?? new Dictionary<string, string>();

        public void Begin(string sweep, string request, int slices) => Use(s => s.SaveSweep(sweep, command, request, slices));

        public void Record(string sweep, SweepPiece piece) => Use(s => s.SaveSweepItem(sweep, piece.Key, piece.Worker, piece.Tally));

        public void Dispose() => store?.Dispose();

        private T? Use<T>(Func<RunStore, T> act)
        {
            lock (gate)
            {
                if (broken)
                {
                    return default;
                }

                try
                {
                    return act(store ??= RunStore.Open(location));
                }
                catch (Exception e) when (e is RunStoreException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
                {
                    broken = true;
                    err.WriteLine($"parley sweep: finished items cannot be kept in {location.Display} ({e.Message}); the sweep goes on, but cannot be resumed");
                    return default;
                }
            }
        }
    }
}
