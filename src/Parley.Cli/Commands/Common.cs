using System.CommandLine;

namespace Parley.Cli.Commands;

/// <summary>Options that mean the same thing in every command.</summary>
internal static class Common
{
    public static Option<string> Format() => new("--format")
    {
        Description = "Output format: table (for people) or json (for programs)",
        DefaultValueFactory = _ => "table",
    };

    public static Option<string?> Variant() => new("--variant")
    {
        Description = "Apply the named variant of the scenario (see 'parley show FILE' for the list)",
    };

    public static Option<long> Draws() => new("--draws")
    {
        Description = "Monte Carlo repetitions over the scenario's uncertain inputs (0: one run on the central values)",
        DefaultValueFactory = _ => 0,
    };

    public static Option<ulong> Seed() => new("--seed")
    {
        Description = "Seed of the run's random source; the same inputs and seed give identical output",
        DefaultValueFactory = _ => 1UL,
    };

    public static Option<int?> Threads() => new("--threads")
    {
        Description = "Worker threads for Monte Carlo (default: all cores; the result does not depend on it)",
    };

    /// <summary>True when every path exists; otherwise says which does not (a usage error).</summary>
    public static bool AllExist(Output output, string command, IEnumerable<string> paths)
    {
        foreach (string f in paths)
        {
            if (!File.Exists(f) && !Directory.Exists(f))
            {
                // an option the command does not have reaches the file list: say so, not "no such file"
                output.Err.WriteLine(f.StartsWith('-') && f.Length > 1
                    ? $"parley {command}: unknown option '{f.Split('=')[0]}' (see 'parley {command} --help' for its options)"
                    : $"parley {command}: no such file or folder: {f}");
                return false;
            }
        }

        return true;
    }

    /// <summary><c>--db PATH|URL</c>: the run store, in every command that reads or writes it.</summary>
    public static Option<string?> Db() => new(StoreDb)
    {
        Description = $"Run store: a SQLite file, or postgres://user@host:port/dbname (password in PGPASSWORD or ~/.pgpass, never in the URL); default: ${Parley.Storage.RunStore.EnvironmentVariable}, else ./parley.db",
    };

    /// <summary>Adds <c>--db PATH</c> and <c>--no-store</c> to a command whose runs are stored.</summary>
    public static Command WithStore(this Command command)
    {
        command.Options.Add(Db());
        command.Options.Add(new Option<bool>(NoStore) { Description = "Do not record this run" });
        return command;
    }

    public const string StoreDb = "--db";

    public const string NoStore = "--no-store";

    public static Command WithFormatCheck(this Command command, Option<string> format)
    {
        format.AcceptOnlyFromAmong("table", "json");
        command.Options.Add(format);
        return command;
    }
}
