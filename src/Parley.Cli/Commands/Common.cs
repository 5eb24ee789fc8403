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

    /// <summary>True when every path exists; otherwise says which does not (a usage error).</summary>
    public static bool AllExist(Output output, string command, IEnumerable<string> paths)
    {
        foreach (string f in paths)
        {
            if (!File.Exists(f) && !Directory.Exists(f))
            {
                output.Err.WriteLine($"parley {command}: no such file or folder: {f}");
                return false;
            }
        }

        return true;
    }

    public static Command WithFormatCheck(this Command command, Option<string> format)
    {
        format.AcceptOnlyFromAmong("table", "json");
        command.Options.Add(format);
        return command;
    }
}
