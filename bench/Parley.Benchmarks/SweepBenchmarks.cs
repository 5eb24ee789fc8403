using BenchmarkDotNet.Attributes;
using Parley.Core.Analyses;

namespace Parley.Benchmarks;

/// <summary>
/// The cost of cutting an analysis into work items, in-process (items run one after another by the local executor, each
/// through JSON as it would travel to a silo): the same forecast in one piece, as 1 item and as 16 and 64 items. The
/// difference per extra item is a sweep's overhead per item before any network (serialising the item and its tally,
/// replaying the analysis up to its call, merging); the cluster's own overhead is measured whole-process in issue 20's note.
/// </summary>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    private ScenarioSet set = null!;
    private ForecastRequest request = null!;

    /// <summary>Work items per Monte Carlo call.</summary>
    [Params(1, 16, 64)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set = ScenarioSet.Load([Path.Combine(Repository.Root, "scenarios", "ukraine-2025.yaml")]).Set!;
        request = new ForecastRequest { Model = "smp", Draws = 2000, Seed = 1 };
    }

    [Benchmark(Baseline = true, Description = "forecast in one piece (2,000 draws, smp)")]
    public AnalysisResult Whole() => Engine.Run(request, set).Result!;

    [Benchmark(Description = "the same forecast as a sweep of N items")]
    public AnalysisResult Swept() => Sweep.Run(request, set, new SweepSettings { Slices = Items, Executor = new LocalSweepExecutor() }, out _).Result!;
}
