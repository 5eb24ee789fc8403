using System.Text.RegularExpressions;

namespace Parley.Cli.Tests;

/// <summary>
/// The README's figures are the engine's: every code block marked <c>&lt;!-- claims: ARGS --&gt;</c> is checked against
/// what <c>parley ARGS</c> prints now (each line of the block, spaces collapsed, must appear in the output; lines with
/// an ellipsis are elisions). When a change moves a figure, this test names the block and the line; refresh the README
/// with <c>docs/readme-claims.sh</c>.
/// </summary>
public sealed partial class ReadmeClaimsTests
{
    public static TheoryData<string> Claims()
    {
        var data = new TheoryData<string>();
        foreach (Match m in ClaimPattern().Matches(File.ReadAllText(Path.Combine(Cli.Root, "README.md"))))
        {
            data.Add(m.Groups[1].Value);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Claims))]
    public void Every_figure_quoted_in_the_readme_is_what_the_engine_prints(string args)
    {
        string readme = File.ReadAllText(Path.Combine(Cli.Root, "README.md"));
        string block = ClaimPattern().Matches(readme).Single(m => m.Groups[1].Value == args).Groups[2].Value;
        string report = Path.Combine(Path.GetTempPath(), $"parley-claims-{Environment.ProcessId}.html");
        string[] command = [.. args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Contains('/', StringComparison.Ordinal) && Path.Exists(Path.Combine(Cli.Root, a)) ? Path.Combine(Cli.Root, a) : a), "--no-store", .. args.StartsWith("run ", StringComparison.Ordinal) ? new[] { "--out", report } : []];
        (int code, string output, string err) = Cli.Run(command);
        Assert.True(code == 0, err);
        string said = Collapse(output);
        string[] lines = [.. block.Split('\n').Select(Collapse).Where(l => l.Length > 0 && !l.Contains('…', StringComparison.Ordinal) && !l.StartsWith('$') && !l.StartsWith('─'))];
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(said.Contains(line, StringComparison.Ordinal), $"README block for 'parley {args}': \"{line}\" is not in what it prints now"));
        File.Delete(report);
    }

    private static string Collapse(string text) => WhitespacePattern().Replace(text, " ").Trim();

    [GeneratedRegex(@"<!-- claims: (.+?) -->\s*```[a-z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ClaimPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
