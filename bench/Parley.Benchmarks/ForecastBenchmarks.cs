using BenchmarkDotNet.Attributes;
using Parley.Core.Experiments;
using Parley.Core.Forecasting;
using Parley.Core.Scenarios;

namespace Parley.Benchmarks;

/// <summary>
/// The spatial model on KTAB's examples (targets: 6Dim ≤ 32 ms, SOE-Competitive ≤ 76 ms, a080 &lt; 0.2 s,
/// a160 &lt; 1 s) — one run each, as the CLI does it (parallel turns from 40 actors) and single-threaded.
/// </summary>
[MemoryDiagnoser]
public class SpatialModelBenchmarks
{
    private readonly Dictionary<string, ForecastInput> inputs = [];

    /// <summary>KTAB input file.</summary>
    [Params("dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim", "SOE-Competitive", "dummyData-a040", "dummyData-a080", "dummyData-a160")]
    public string File { get; set; } = string.Empty;

    /// <summary>Whether each turn's challenge search uses every core.</summary>
    [Params(false, true)]
    public bool ParallelTurns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(BenchPaths.Root, "tests", "fixtures", "ktab", "inputs", File + ".csv");
        inputs[File] = ForecastInput.FromScenario(ScenarioLoader.LoadPath(path).Scenario!);
    }

    /// <summary>Run the spatial model to its stopping rule (no trajectory kept).</summary>
    [Benchmark]
    public double[] Smp() => new SpatialModel { ParallelTurns = ParallelTurns }.Run(inputs[File], ForecastOptions.Default, record: false).Forecast;
}

/// <summary>
/// Monte Carlo on the flagship (target for eum: ≥ 3,000 draws per second on 2 cores at 10 rounds per
/// issue). Each invocation runs 1,000 draws on all cores; draws per second = 1,000 / mean time.
/// </summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private ForecastInput flagship = null!;

    /// <summary>Model run on every draw.</summary>
    [Params("compromise", "median", "eum", "smp")]
    public string Model { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup() =>
        flagship = ForecastInput.FromScenario(ScenarioLoader.LoadPath(Path.Combine(BenchPaths.Root, "scenarios", "ukraine-2025.yaml")).Scenario!);

    /// <summary>Draws per invocation: allocation must not grow with it (memory flat in the number of draws).</summary>
    [Params(1000, 4000)]
    public int Draws { get; set; } = 1000;

    /// <summary>Draws of the flagship with one model (EUM capped at 10 rounds, its default).</summary>
    [Benchmark]
    public IReadOnlyList<ModelDistribution> MonteCarlo() =>
        MonteCarloForecast.Run(flagship, [ForecastModels.Default.Find(Model)!], ForecastOptions.Default, new MonteCarloSettings { Draws = Draws, Seed = 1 });
}

internal static class BenchPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        string root = AppContext.BaseDirectory;
        while (!System.IO.File.Exists(Path.Combine(root, "Parley.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
        }

        return root;
    }
}

/// <summary>
/// How one turn of the spatial model grows with actors and dimensions: random scenarios (fixed seed),
/// exactly 5 turns each (the stopping rule is switched off), one thread.
/// </summary>
public class SpatialScalingBenchmarks
{
    private double[] cap = [];
    private double[] sal = [];
    private double[] pos = [];
    private double[] work = [];
    private readonly SpatialEngine engine = new(new SmpOptions { MaxTurns = 5, StopRatio = 0 });

    /// <summary>Number of actors.</summary>
    [Params(20, 40, 80, 160)]
    public int Actors { get; set; }

    /// <summary>Number of dimensions.</summary>
    [Params(1, 3, 9)]
    public int Dims { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Parley.Core.Randomness.RandomSource(2025);
        cap = new double[Actors];
        sal = new double[Actors * Dims];
        pos = new double[Actors * Dims];
        work = new double[Actors * Dims];
        for (int a = 0; a < Actors; a++)
        {
            cap[a] = 10 + (190 * rng.NextDouble());
            double total = 0.5 + (0.5 * rng.NextDouble());
            for (int d = 0; d < Dims; d++)
            {
                sal[(a * Dims) + d] = total / Dims;
                pos[(a * Dims) + d] = rng.NextDouble();
            }
        }
    }

    /// <summary>Five turns.</summary>
    [Benchmark]
    public int FiveTurns()
    {
        pos.CopyTo(work, 0);
        return engine.Run(Actors, Dims, cap, sal, work);
    }
}
