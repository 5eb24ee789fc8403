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

    public static Command WithFormatCheck(this Command command, Option<string> format)
    {
        format.AcceptOnlyFromAmong("table", "json");
        command.Options.Add(format);
        return command;
    }
}
