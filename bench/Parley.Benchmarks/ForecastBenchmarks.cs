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

    /// <summary>How many threads share each turn's challenge search (1: none; 2: both of this machine's cores).</summary>
    [Params(1, 2)]
    public int TurnWorkers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(BenchPaths.Root, "tests", "fixtures", "ktab", "inputs", File + ".csv");
        inputs[File] = ForecastInput.FromScenario(ScenarioLoader.LoadPath(path).Scenario!);
    }

    /// <summary>Run the spatial model to its stopping rule (no trajectory kept).</summary>
    [Benchmark]
    public double[] Smp() => new SpatialModel { TurnWorkers = TurnWorkers }.Run(inputs[File], ForecastOptions.Default, record: false).Forecast;
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

    private static string Find() => Repository.Root;
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
    [Params(20, 40, 80, 160, 320)]
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

/// <summary>
/// The deal-space analysis (targets: 3 parties over 10⁶ packages with the full frontier in under 0.2 s;
/// the flagship's 7 parties on its default grid in under 2 s; the Genius party domain, 3,072 packages ×
/// 3 parties, in under 5 ms; 10⁸ packages in under 30 s — the last one is <see cref="DealSpace100M"/>).
/// </summary>
[MemoryDiagnoser]
public class DealSpaceBenchmarks
{
    private Parley.Core.Bargaining.DealSpace million = null!;
    private Parley.Core.Bargaining.DealSpace flagship = null!;
    private Parley.Core.Bargaining.DealSpace party = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 10 issues x 4 levels = 1,048,576 packages
        million = Parley.Core.Bargaining.DealSpace.Build(SyntheticDeals.Create(3, 10), new Parley.Core.Bargaining.DealSettings { Step = 100.0 / 3 });
        flagship = Parley.Core.Bargaining.DealSpace.Build(ScenarioLoader.LoadPath(Path.Combine(BenchPaths.Root, "scenarios", "ukraine-2025.yaml")).Scenario!, new Parley.Core.Bargaining.DealSettings());
        string? reference = Environment.GetEnvironmentVariable("PARLEY_REFERENCE_DIR");
        string partyDir = reference is null ? string.Empty : Path.Combine(reference, "genius", "party");
        if (Directory.Exists(partyDir))
        {
            var s = ScenarioLoader.LoadPath(partyDir).Scenario!;
            party = Parley.Core.Bargaining.DealSpace.Build(s, Parley.Core.Bargaining.DealSettings.From(s.ModelParameters, []));
        }
        else
        {
            // same shape as Genius's party domain: 4·4·4·4·3·4 = 3,072 packages, 3 parties
            party = Parley.Core.Bargaining.DealSpace.Build(SyntheticDeals.Create(3, 6), new Parley.Core.Bargaining.DealSettings { Step = 100.0 / 3 });
        }
    }

    /// <summary>Three parties, about 10⁶ packages: zone, all solutions, full frontier, trades.</summary>
    [Benchmark]
    public Parley.Core.Bargaining.DealReport ThreePartiesMillion() => Parley.Core.Bargaining.DealAnalysis.Run(million, [0, 1, 2]);

    /// <summary>The flagship, 7 parties, default grid: zone, solutions, pairwise frontiers, trades.</summary>
    [Benchmark]
    public Parley.Core.Bargaining.DealReport Flagship() => Parley.Core.Bargaining.DealAnalysis.Run(flagship, [0, 1, 2, 3, 4, 5, 6]);

    /// <summary>Genius's party domain (or a synthetic twin without the reference folder).</summary>
    [Benchmark]
    public Parley.Core.Bargaining.DealReport PartyDomain() => Parley.Core.Bargaining.DealAnalysis.Run(party, [0, 1, 2]);
}

/// <summary>10⁸ packages (8 issues × 10 levels), 3 parties, both cores: target under 30 s and 500 MB.</summary>
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class DealSpace100M
{
    private Parley.Core.Bargaining.DealSpace space = null!;

    [GlobalSetup]
    public void Setup() => space = Parley.Core.Bargaining.DealSpace.Build(SyntheticDeals.Create(3, 8), new Parley.Core.Bargaining.DealSettings { Step = 100.0 / 9 });

    /// <summary>Zone, all solutions and the full frontier over 10⁸ packages.</summary>
    [Benchmark]
    public Parley.Core.Bargaining.DealReport HundredMillion() => Parley.Core.Bargaining.DealAnalysis.Run(space, [0, 1, 2]);
}

/// <summary>
/// Offer evaluations (one party's utility of one package) on a 3-party, 6-issue linear domain (target:
/// ≥ 10⁷ per second per core), and one simulated run of the flagship under hub and spoke.
/// </summary>
[MemoryDiagnoser]
public class NegotiationBenchmarks
{
    private const int Offers = 1_000_000;
    private Parley.Core.Bargaining.DealSpace domain = null!;
    private int[][] packages = [];
    private Parley.Core.Domain.Scenario flagship = null!;

    [GlobalSetup]
    public void Setup()
    {
        domain = Parley.Core.Bargaining.DealSpace.Build(SyntheticDeals.Create(3, 6), new Parley.Core.Bargaining.DealSettings { Step = 10 });
        var rng = new Parley.Core.Randomness.RandomSource(3);
        packages = [.. Enumerable.Range(0, 4096).Select(_ => Enumerable.Range(0, 6).Select(d => rng.NextInt(domain.Levels[d].Length)).ToArray())];
        flagship = ScenarioLoader.LoadPath(Path.Combine(BenchPaths.Root, "scenarios", "ukraine-2025.yaml")).Scenario!;
    }

    /// <summary>10⁶ offer evaluations (each: one party's utility of one package), single thread.</summary>
    [Benchmark(OperationsPerInvoke = Offers)]
    public double OfferEvaluation()
    {
        double sum = 0;
        for (int k = 0; k < Offers; k++)
        {
            sum += domain.Utility(k % 3, packages[k & 4095]);
        }

        return sum;
    }

    /// <summary>One flagship run (us, russia, ukraine; hub and spoke; deadline 24), building its space and candidates.</summary>
    [Benchmark]
    public Parley.Core.Negotiation.SessionResult FlagshipHubAndSpoke()
    {
        var space = Parley.Core.Bargaining.DealSpace.Build(flagship, new Parley.Core.Bargaining.DealSettings());
        int[] parties = [space.IndexOf("us"), space.IndexOf("russia"), space.IndexOf("ukraine")];
        var strategies = parties.Select(_ => Parley.Core.Negotiation.StrategyRegistry.Create("linear")).ToArray();
        return new Parley.Core.Negotiation.Session(space, parties, strategies, new Parley.Core.Negotiation.SessionSettings()).Run("hub-and-spoke");
    }
}
