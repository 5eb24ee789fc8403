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

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var output = new Output(stdout, stderr);
        RootCommand root = Build(output);
        ParseResult parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parsed.InvokeAsync(config).ConfigureAwait(false);
    }

    internal static RootCommand Build(Output output)
    {
        var root = new RootCommand(
            "Parley: model, forecast and simulate multi-party, multi-issue negotiations.\n\n" +
            "Example:\n  parley show scenarios/ukraine-2025.yaml");
        root.Subcommands.Add(ValidateCommand.Create(output));
        root.Subcommands.Add(ShowCommand.Create(output));
        root.Subcommands.Add(ImportCommand.Create(output));
        root.Subcommands.Add(DiffCommand.Create(output));
        root.Subcommands.Add(ForecastCommand.Create(output));
        root.Subcommands.Add(AnalyzeCommand.Create(output));
        root.Subcommands.Add(SimulateCommand.Create(output));
        root.Subcommands.Add(DurabilityCommand.Create(output));
        root.Subcommands.Add(CompareCommand.Create(output));
        root.Subcommands.Add(SensitivityCommand.Create(output));
        return root;
    }
}
