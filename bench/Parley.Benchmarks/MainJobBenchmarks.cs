using BenchmarkDotNet.Attributes;
using Parley.Core.Analyses;
using Parley.Core.Serialization;
using Parley.Reporting;

namespace Parley.Benchmarks;

/// <summary>
/// The main job in-process on the flagship, by section and whole, with the serialisation and report rendering that
/// `parley run` adds (the whole-process comparison with the previous build is in the issue note and docs/runs.md).
/// </summary>
[MemoryDiagnoser]
public class MainJobBenchmarks
{
    private ScenarioSet set = null!;
    private MainJobOutcome job = null!;
    private string file = string.Empty;

    /// <summary>Draws of the forecast and durability (the negotiation uses at most 1,000).</summary>
    [Params(200, 1000)]
    public long Draws { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string root = Repository.Root;
        file = Path.Combine(root, "scenarios", "ukraine-2025.yaml");
        set = ScenarioSet.Load([file]).Set!;
        job = MainJob.Run(new MainJobRequest { Draws = Draws }, set).Result!;
    }

    [Benchmark(Description = "load the scenario set (file read once)")]
    public ScenarioSet Load() => ScenarioSet.Load([file]).Set!;

    [Benchmark(Description = "main job (all sections)")]
    public MainJobOutcome MainJobAll() => MainJob.Run(new MainJobRequest { Draws = Draws }, set).Result!;

    [Benchmark(Description = "negotiation over draws (the largest section)")]
    public NegotiationDistributionOutcome Negotiation() => NegotiationAnalysis.RunOverDraws(new NegotiationRequest { Draws = Math.Min(Draws, MainJob.MaxNegotiationDraws) }, set).Result!;

    [Benchmark(Description = "serialise the main job's result")]
    public int Serialize() => ParleyJson.Serialize(job).Length;

    [Benchmark(Description = "render the HTML report")]
    public int Report() => HtmlReport.Render(new ReportInput { Command = "run", Result = job }).Length;
}
