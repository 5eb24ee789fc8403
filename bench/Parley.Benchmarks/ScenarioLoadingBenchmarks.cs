using BenchmarkDotNet.Attributes;
using Parley.Core.Scenarios;

namespace Parley.Benchmarks;

/// <summary>Loading and validating the flagship scenario (target: well under 100 ms after start-up).</summary>
[MemoryDiagnoser]
public class ScenarioLoadingBenchmarks
{
    private byte[] flagship = [];
    private byte[] ktab160 = [];

    [GlobalSetup]
    public void Setup()
    {
        string root = Repository.Root;
        flagship = File.ReadAllBytes(Path.Combine(root, "scenarios", "ukraine-2025.yaml"));
        ktab160 = File.ReadAllBytes(Path.Combine(root, "tests", "fixtures", "ktab", "inputs", "dummyData-a160.csv"));
    }

    /// <summary>Decode, parse, bind and validate the flagship, including all four variants.</summary>
    [Benchmark]
    public LoadResult LoadAndValidateFlagship() => ScenarioLoader.LoadBytes(flagship, "ukraine-2025.yaml");

    /// <summary>Import KTAB's 160-actor example.</summary>
    [Benchmark]
    public LoadResult ImportKtab160() => ScenarioLoader.LoadBytes(ktab160, "dummyData-a160.csv");
}
