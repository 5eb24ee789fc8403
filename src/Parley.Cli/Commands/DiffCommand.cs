using System.CommandLine;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley diff A [B] [--variant NAME]</c>: what changed, number by number.</summary>
internal static class DiffCommand
{
    public static Command Create(Output output)
    {
        var a = new Argument<string>("a") { Description = "The first scenario" };
        var b = new Argument<string?>("b") { Description = "The second scenario (default: the first with --variant applied)", Arity = ArgumentArity.ZeroOrOne };
        Option<string?> variant = Common.Variant();
        Option<string> format = Common.Format();
        var command = new Command("diff",
            "Show what changed between two scenarios, or what a variant changes, number by number.\n" +
            "With B and --variant, the variant is applied to B.\n\n" +
            "Examples:\n  parley diff scenarios/ukraine-2025.yaml --variant aid-cut\n  parley diff old.yaml new.yaml --format json");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.Options.Add(variant);
        command.WithFormatCheck(format);
        command.SetAction(parse => Run(output, parse.GetValue(a)!, parse.GetValue(b), parse.GetValue(variant), parse.GetValue(format)!));
        return command;
    }

    private static int Run(Output output, string a, string? b, string? variant, string format)
    {
        if (b is null && variant is null)
        {
            output.Err.WriteLine("parley diff: give a second scenario or --variant NAME");
            return CliApp.UsageError;
        }

        if (!Common.AllExist(output, "diff", b is null ? [a] : [a, b]))
        {
            return CliApp.UsageError;
        }

        Scenario? first = output.Load([a], null);
        Scenario? second = output.Load([b ?? a], variant);
        if (first is null || second is null)
        {
            return CliApp.InvalidInput;
        }

        IReadOnlyList<FactChange> changes = ScenarioFacts.Compare(first, second);
        string left = a;
        string right = variant is null ? b! : $"{b ?? a} --variant {variant}";
        if (format == "json")
        {
            output.Out.WriteLine(ParleyJson.Serialize(new ScenarioDiff(left, right, changes)));
            return CliApp.Ok;
        }

        if (first.HasSources || second.HasSources)
        {
            output.Out.WriteLine(ProvenanceNote.For(a));
        }

        if (changes.Count == 0)
        {
            output.Out.WriteLine($"No differences between {left} and {right}.");
            return CliApp.Ok;
        }

        output.Out.WriteLine($"{changes.Count} difference(s): {left} -> {right}");
        var table = new Table().Border(TableBorder.Simple).AddColumn("path").AddColumn("before").AddColumn("after");
        foreach (FactChange c in changes)
        {
            table.AddRow(Markup.Escape(c.Path), Markup.Escape(c.Before ?? "(absent)"), Markup.Escape(c.After ?? "(absent)"));
        }

        output.Console.Write(table);
        return CliApp.Ok;
    }
}
