using System.CommandLine;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;

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
        var checks = new List<FileCheck>();
        foreach (string f in files)
        {
            LoadResult r = ScenarioLoader.LoadPath(f);
            FileCheck check = FileCheck.Of(f, r);
            allValid &= r.Succeeded;
            if (format == "json")
            {
                checks.Add(check);
            }
            else
            {
                foreach (Diagnostic d in r.Diagnostics)
                {
                    output.Out.WriteLine(d.ToString());
                }

                output.Out.WriteLine(r.Succeeded
                    ? $"{f}: valid ({check.Format}, {check.Warnings} warning(s))"
                    : $"{f}: invalid, {check.Errors} error(s), {check.Warnings} warning(s)");
            }
        }

        if (format == "json")
        {
            output.Out.WriteLine(ParleyJson.Serialize<IReadOnlyList<FileCheck>>(checks));
        }

        return allValid ? CliApp.Ok : CliApp.InvalidInput;
    }
}
