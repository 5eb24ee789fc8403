using System.CommandLine;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Cli.Commands;

/// <summary><c>parley import FILE… --out scenario.yaml</c>: convert KTAB, Genius or Decide input to Parley YAML.</summary>
internal static class ImportCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("files") { Description = "A KTAB CSV, a Decide CSV, or a Genius domain with its profiles (files or folder)", Arity = ArgumentArity.OneOrMore };
        var outPath = new Option<string?>("--out") { Description = "Where to write the YAML scenario (default: standard output)" };
        var command = new Command("import",
            "Convert another tool's scenario (KTAB CSV, Genius XML, Decide CSV; recognised by content) to Parley YAML, keeping every number exactly.\n\n" +
            "Examples:\n  parley import dummyData_3Dim.csv --out dummy.yaml\n  parley import genius/laptop/ --out laptop.yaml");
        command.Arguments.Add(files);
        command.Options.Add(outPath);
        command.SetAction(parse => Run(output, parse.GetValue(files)!, parse.GetValue(outPath)));
        return command;
    }

    private static int Run(Output output, string[] files, string? outPath)
    {
        if (!Common.AllExist(output, "import", files))
        {
            return CliApp.UsageError;
        }

        LoadResult r = ScenarioLoader.LoadPaths(files);
        if (!r.Succeeded)
        {
            output.Diagnostics(r.Diagnostics);
            output.Err.WriteLine($"{string.Join(' ', files)}: cannot import ({r.Diagnostics.Count(d => d.Severity == Severity.Error)} error(s)).");
            return CliApp.InvalidInput;
        }

        Scenario s = r.Scenario!;
        string yaml = ScenarioWriter.Write(s, [$"Imported by 'parley import' from {string.Join(", ", files.Select(Path.GetFileName))} ({r.Format} format).", "Numbers are kept exactly as in the source file."]);
        if (outPath is null)
        {
            output.Out.Write(yaml);
        }
        else
        {
            try
            {
                File.WriteAllText(outPath, yaml);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                output.Err.WriteLine($"parley import: cannot write {outPath}: {ex.Message}");
                return CliApp.UsageError;
            }

            output.Err.WriteLine($"Imported {r.Format} input: {s.Actors.Count} actors, {s.Issues.Count} issues -> {outPath}");
        }

        return CliApp.Ok;
    }
}
