using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Thousands of randomly mutated scenario files: no crash, no hang, no unhandled exception.</summary>
public class MutationFuzzTests
{
    private static readonly byte[] Flagship = File.ReadAllBytes(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml"));
    private static readonly byte[] Small = Encoding.UTF8.GetBytes(Yamls.Valid);

    private static readonly string[] Tokens = ["[", "]", "{", "}", ":", "- ", "&a ", "*a", "'", "\"", "\n", "  ", "#", "|", ">", "!!str ", "-1e309", "NaN", "~", "\t", "\u00e9", "\uFFFD", ",", "? ", "---\n", "%YAML 1.1\n"];

    private static byte[] Mutate(byte[] source, int seed, int count)
    {
        // The mutation plan comes from FsCheck's generated seed: a small deterministic mixer, not a global random source.
        ulong state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 1;
        ulong Next()
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        }

        var bytes = new List<byte>(source);
        for (int m = 0; m < count && bytes.Count > 0; m++)
        {
            int pos = (int)(Next() % (ulong)bytes.Count);
            switch (Next() % 6)
            {
                case 0:
                    bytes[pos] = (byte)Next();
                    break;
                case 1:
                    bytes.RemoveRange(pos, Math.Min(bytes.Count - pos, 1 + (int)(Next() % 40)));
                    break;
                case 2:
                    bytes.InsertRange(pos, Encoding.UTF8.GetBytes(Tokens[Next() % (ulong)Tokens.Length]));
                    break;
                case 3:
                    int len = Math.Min(bytes.Count - pos, 1 + (int)(Next() % 200));
                    bytes.InsertRange((int)(Next() % (ulong)bytes.Count), bytes.GetRange(pos, len));
                    break;
                case 4:
                    // Swap two lines' worth of bytes: moves keys across levels.
                    int other = (int)(Next() % (ulong)bytes.Count);
                    (bytes[pos], bytes[other]) = (bytes[other], bytes[pos]);
                    break;
                default:
                    bytes.Insert(pos, (byte)"0123456789.-e"[(int)(Next() % 13)]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static bool LoadsWithoutCrash(byte[] input)
    {
        var sw = Stopwatch.StartNew();
        LoadResult r = ScenarioLoader.LoadBytes(input, "fuzz.yaml");
        sw.Stop();
        // Either a scenario or at least one error; never both missing. The time bound catches hangs, not speed.
        bool consistent = r.Succeeded || r.Diagnostics.Any(d => d.Severity == Severity.Error);
        return consistent && sw.Elapsed < TimeSpan.FromSeconds(5);
    }

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public bool Mutated_small_scenario_never_crashes(int seed, PositiveInt mutations) =>
        LoadsWithoutCrash(Mutate(Small, seed, 1 + (mutations.Get % 12)));

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public bool Mutated_flagship_never_crashes(int seed, PositiveInt mutations) =>
        LoadsWithoutCrash(Mutate(Flagship, seed, 1 + (mutations.Get % 20)));

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Arbitrary_bytes_never_crash(byte[] junk) => LoadsWithoutCrash(junk);
}
