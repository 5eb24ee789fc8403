using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Scenarios;

namespace Parley.Cli.Commands;

/// <summary><c>parley validate FILE…</c>: every problem of every file, with location and hint.</summary>
internal static class ValidateCommand
{
    public static Command Create(Output output)
    {
        var files = new Argument<string[]>("files") { Description = "Scenario files (YAML, KTAB CSV, Genius XML folder or file, Decide CSV)", Arity = ArgumentArity.OneOrMore };
        Option<string> format = Common.Format();
        var command = new Command("validate",
            "Check scenario files and list every problem with file, line, column and a hint.\n" +
            "Exit code: 0 all valid (warnings allowed), 2 some file invalid, 1 usage error.\n\n" +
            "Example:\n  parley validate scenarios/*.yaml");
        command.Arguments.Add(files);
        command.WithFormatCheck(format);
        command.SetAction(parse => Run(output, parse.GetValue(files)!, parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string[] files, string format)
    {
        if (!Common.AllExist(output, "validate", files))
        {
            return CliApp.UsageError;
        }

        bool allValid = true;
        var json = new JsonArray();
        foreach (string f in files)
        {
            LoadResult r = ScenarioLoader.LoadPath(f);
            int errors = r.Diagnostics.Count(d => d.Severity == Severity.Error);
            int warnings = r.Diagnostics.Count - errors;
            allValid &= r.Succeeded;
            if (format == "json")
            {
                var diags = new JsonArray();
                foreach (Diagnostic d in r.Diagnostics)
                {
                    diags.Add(new JsonObject
                    {
                        ["severity"] = d.Severity == Severity.Error ? "error" : "warning",
                        ["code"] = d.Code,
                        ["file"] = d.File,
                        ["line"] = d.Line,
                        ["column"] = d.Column,
                        ["message"] = d.Message,
                        ["hint"] = d.Hint,
                    });
                }

                json.Add(new JsonObject { ["file"] = f, ["format"] = r.Format.ToString().ToLowerInvariant(), ["valid"] = r.Succeeded, ["errors"] = errors, ["warnings"] = warnings, ["diagnostics"] = diags });
            }
            else
            {
                foreach (Diagnostic d in r.Diagnostics)
                {
                    output.Out.WriteLine(d.ToString());
                }

                output.Out.WriteLine(r.Succeeded
                    ? $"{f}: valid ({r.Format.ToString().ToLowerInvariant()}, {warnings} warning(s))"
                    : $"{f}: invalid, {errors} error(s), {warnings} warning(s)");
            }
        }

        if (format == "json")
        {
            output.Out.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        return allValid ? CliApp.Ok : CliApp.InvalidInput;
    }
}
