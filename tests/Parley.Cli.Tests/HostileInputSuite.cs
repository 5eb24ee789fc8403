using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Parley.Cli.Tests;

/// <summary>
/// A generated corpus of hostile, extreme and malformed inputs (fixed seed), run through the command line in-process:
/// every case must end with exit code 0, 1 or 2, never an internal error or a stack trace, and within its time. Per
/// class it reports cases, cases handled, the slowest case and the process's peak memory (VmHWM).
/// </summary>
public sealed partial class HostileInputSuite(ITestOutputHelper log)
{
    private static readonly string[] Extremes =
        ["1e308", "-1e308", "1000000001", "-5", "0", "1e-12", "NaN", ".inf", "-.inf", "", "[]", "{}", "~", "\"\"", "0x10", "1_000",
         new string('9', 400), "\"\\e[2J\\e]0;x\\a\"", "{value: 5, range: [9, 1]}", "{value: 1, sd: -1}", "&a 1", "*a"];

    private static readonly string[] Commands = ["validate", "forecast", "analyze", "simulate", "durability", "compare"];

    private sealed class Tally(string name)
    {
        public string Name { get; } = name;

        public int Cases { get; set; }

        public int Handled { get; set; }

        public TimeSpan Slowest { get; set; }

        /// <summary>The slowest cases (up to three), rerun alone as processes to measure their peak memory.</summary>
        public List<(TimeSpan Took, string[] Args)> Heaviest { get; } = [];

        public long LargestKb { get; set; }

        public List<string> Failures { get; } = [];
    }

    [Fact]
    public void Every_hostile_input_ends_within_its_budget_with_a_message_and_never_an_internal_error()
    {
        var rng = new Random(20261206);
        var tallies = new List<Tally>();
        string dir = Directory.CreateTempSubdirectory("parley-hostile-").FullName;
        try
        {
            tallies.Add(ScenarioMutations(rng, dir, 1300));
            tallies.Add(ForeignMutations(rng, dir, 300));
            tallies.Add(RandomXml(rng, dir, 300));
            tallies.Add(CommandLines(rng, 300));

            // memory per case: each class's three slowest cases rerun alone, as the command a user would run, with
            // the process's own peak (VmHWM) reported at its exit
            foreach (Tally t in tallies)
            {
                foreach ((_, string[] args) in t.Heaviest)
                {
                    t.LargestKb = Math.Max(t.LargestKb, AloneKb(t, args, Path.Combine(dir, "alone.db")));
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        long peakKb = PeakMemoryKb();
        foreach (Tally t in tallies)
        {
            log.WriteLine($"{t.Name}: {t.Cases} cases, {t.Handled} handled, slowest {t.Slowest.TotalMilliseconds:0} ms; largest memory of a case run alone {t.LargestKb / 1024.0:N0} MiB (its {t.Heaviest.Count} slowest cases); test process peak {peakKb / 1024:N0} MiB");
        }

        Assert.All(tallies, t => Assert.True(t.LargestKb is > 0 and < 1L << 20, $"{t.Name}: a case alone peaked at {t.LargestKb} KiB"));

        Assert.True(tallies.Sum(t => t.Cases) >= 2000);
        Assert.All(tallies, t => Assert.True(t.Failures.Count == 0, $"{t.Name}:\n{string.Join("\n", t.Failures.Take(10))}"));
    }

    /// <summary>Number, line and text mutations of the shipped scenarios; each valid mutant is also computed on.</summary>
    private static Tally ScenarioMutations(Random rng, string dir, int count)
    {
        var t = new Tally("scenario mutations");
        string[] files = [.. Directory.GetFiles(Path.Combine(Cli.Root, "scenarios"), "*.yaml").Order(StringComparer.Ordinal)];
        string[] texts = [.. files.Select(File.ReadAllText)];
        for (int k = 0; k < count; k++)
        {
            string text = texts[rng.Next(texts.Length)];
            string[] lines = text.Split('\n');
            switch (rng.Next(4))
            {
                case 0:
                case 1:
                    // a number replaced by an extreme value
                    MatchCollection numbers = NumberPattern().Matches(text);
                    Match m = numbers[rng.Next(numbers.Count)];
                    text = text[..m.Index] + Extremes[rng.Next(Extremes.Length)] + text[(m.Index + m.Length)..];
                    break;
                case 2:
                    // a line removed or repeated
                    int at = rng.Next(lines.Length);
                    var list = lines.ToList();
                    if (rng.Next(2) == 0)
                    {
                        list.RemoveAt(at);
                    }
                    else
                    {
                        list.Insert(at, lines[at]);
                    }

                    text = string.Join('\n', list);
                    break;
                default:
                    // an id or a word swapped for another one of the file
                    MatchCollection words = WordPattern().Matches(text);
                    Match w = words[rng.Next(words.Count)];
                    text = text[..w.Index] + words[rng.Next(words.Count)].Value + text[(w.Index + w.Length)..];
                    break;
            }

            string path = Path.Combine(dir, $"m{k}.yaml");
            File.WriteAllText(path, text);
            Case(t, ["validate", path]);
            if (k % 25 == 0)
            {
                string command = Commands[1 + rng.Next(Commands.Length - 1)];
                Case(t, command == "forecast" ? [command, path, "--model", "compromise", "--no-store"] : [command, path, "--no-store"]);
            }
        }

        return t;
    }

    /// <summary>KTAB and Decide CSV files with fields replaced, removed or added.</summary>
    private static Tally ForeignMutations(Random rng, string dir, int count)
    {
        var t = new Tally("KTAB and Decide mutations");
        string[] sources =
        [
            File.ReadAllText(Path.Combine(Cli.Root, "tests", "fixtures", "ktab", "inputs", "dummyData_3Dim.csv")),
            File.ReadAllText(Directory.GetFiles(Path.Combine(Cli.Root, "tests", "fixtures", "decide-mini"))[0]),
        ];
        for (int k = 0; k < count; k++)
        {
            string[] lines = sources[k % sources.Length].Split('\n');
            int row = rng.Next(lines.Length);
            var cells = lines[row].Split(',').ToList();
            int cell = rng.Next(cells.Count);
            switch (rng.Next(3))
            {
                case 0:
                    cells[cell] = Extremes[rng.Next(Extremes.Length)];
                    break;
                case 1:
                    cells.RemoveAt(cell);
                    break;
                default:
                    cells.Insert(cell, Extremes[rng.Next(Extremes.Length)]);
                    break;
            }

            lines[row] = string.Join(',', cells);
            string path = Path.Combine(dir, $"f{k}.csv");
            File.WriteAllText(path, string.Join('\n', lines));
            Case(t, ["validate", path]);
            if (k % 10 == 0)
            {
                Case(t, ["analyze", path, "--no-store"]);
            }
        }

        return t;
    }

    /// <summary>Random XML trees with Genius's element names, attributes and extreme values, deep ones included.</summary>
    private static Tally RandomXml(Random rng, string dir, int count)
    {
        var t = new Tally("random XML");
        string[] names = ["negotiation_template", "utility_space", "objective", "issue", "item", "weight", "reservation", "discount_factor", "evaluator"];
        string[] attributes = ["name", "value", "index", "type", "etype", "evaluation", "vtype"];
        for (int k = 0; k < count; k++)
        {
            var sb = new StringBuilder("<?xml version=\"1.0\"?>\n");
            int depth = rng.Next(8) == 0 ? 70 + rng.Next(30) : 1 + rng.Next(6);
            void Element(int level)
            {
                string name = names[rng.Next(names.Length)];
                sb.Append('<').Append(name);
                for (int a = rng.Next(4); a > 0; a--)
                {
                    string value = rng.Next(3) == 0 ? Extremes[rng.Next(Extremes.Length)] : rng.Next(-3, 12).ToString(CultureInfo.InvariantCulture);
                    sb.Append(' ').Append(attributes[rng.Next(attributes.Length)]).Append("=\"").Append(System.Security.SecurityElement.Escape(value)).Append('"');
                }

                sb.Append('>');
                if (level < depth)
                {
                    for (int c = level > 6 ? 1 : rng.Next(1, 4); c > 0; c--)
                    {
                        Element(level + 1);
                    }
                }

                sb.Append("</").Append(name).Append('>');
            }

            Element(0);
            string path = Path.Combine(dir, $"x{k}.xml");
            File.WriteAllText(path, sb.ToString());
            Case(t, ["validate", path]);
        }

        return t;
    }

    /// <summary>The flagship with hostile option values on every computing command.</summary>
    private static Tally CommandLines(Random rng, int count)
    {
        var t = new Tally("command lines");
        string[][] options =
        [
            ["--draws", "-1"], ["--draws", "1e20"], ["--draws", "abc"], ["--draws", "99999999999"], ["--seed", "-1"], ["--seed", "18446744073709551616"],
            ["--step", "0"], ["--step", "-1"], ["--step", "1e-12"], ["--step", "NaN"], ["--deadline", "-3"], ["--deadline", "100000000"],
            ["--actors", ","], ["--actors", "china"], ["--actors", "us,us"], ["--strategy", "x=y"], ["--strategy", "="], ["--variant", "../../etc/passwd"],
            ["--horizon", "999y"], ["--horizon", "-1y"], ["--param", "eum.q=1e308"], ["--param", "nope"], ["--model", "\u001b[2J"], ["--format", "xml"],
            ["--threads", "0"], ["--protocol", "auction"], ["--top", "-1"], ["--package", "/dev/zero"],
        ];
        string[] commands = ["forecast", "analyze", "simulate", "durability", "compare", "sensitivity", "run"];
        for (int k = 0; k < count; k++)
        {
            string command = commands[rng.Next(commands.Length)];
            string[] option = options[rng.Next(options.Length)];
            Case(t, [command, Cli.Flagship, .. option, "--no-store", .. command == "run" ? new[] { "--out", Path.Combine(Path.GetTempPath(), "parley-hostile.html") } : []], expectWork: false);
        }

        return t;
    }

    private static void Case(Tally t, string[] args, bool expectWork = true)
    {
        t.Cases++;
        var clock = Stopwatch.StartNew();
        (int code, string output, string err) = Cli.Run(args);
        clock.Stop();
        t.Slowest = clock.Elapsed > t.Slowest ? clock.Elapsed : t.Slowest;
        t.Heaviest.Add((clock.Elapsed, args));
        t.Heaviest.Sort((a, b) => b.Took.CompareTo(a.Took));
        if (t.Heaviest.Count > 3)
        {
            t.Heaviest.RemoveAt(3);
        }
        bool handled = code is 0 or 1 or 2 && !err.Contains("internal error", StringComparison.Ordinal) && !err.Contains("   at ", StringComparison.Ordinal)
                       && (code == 0 || (err + output).Trim().Length > 0) && clock.Elapsed < TimeSpan.FromSeconds(expectWork ? 30 : 60);
        if (handled)
        {
            t.Handled++;
        }
        else
        {
            t.Failures.Add($"exit {code} after {clock.Elapsed.TotalSeconds:0.0} s: parley {string.Join(' ', args.Select(a => a.Length > 60 ? a[..60] + "…" : a))}\n  {err.Split('\n')[0]}");
        }
    }

    /// <summary>Runs one case as its own process (default budgets) and returns its peak memory in KiB.</summary>
    private static long AloneKb(Tally t, string[] args, string db)
    {
        var psi = new ProcessStartInfo("dotnet", [typeof(CliApp).Assembly.Location, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment["PARLEY_DB"] = db;
        psi.Environment["PARLEY_REPORT_PEAK"] = "1";
        using Process child = Process.Start(psi)!;
        _ = child.StandardOutput.ReadToEndAsync();
        string err = child.StandardError.ReadToEnd();
        if (!child.WaitForExit(90_000))
        {
            child.Kill(entireProcessTree: true);
        }

        Match m = Regex.Match(err, @"parley: peak memory (\d+) kB");
        if (child.ExitCode is not (0 or 1 or 2) || !m.Success)
        {
            t.Failures.Add($"alone: exit {child.ExitCode}: parley {string.Join(' ', args)}\n  {err.Split('\n')[0]}");
            return 0;
        }

        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static long PeakMemoryKb()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [GeneratedRegex(@"(?<![\w.-])-?\d+(\.\d+)?(?![\w.])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b[a-z][a-z_-]{2,}\b")]
    private static partial Regex WordPattern();
}
