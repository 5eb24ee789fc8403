using BenchmarkDotNet.Attributes;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Reporting;
using Parley.Storage;
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Benchmarks;

/// <summary>The pieces of one dashboard what-if request and of a stored run: compute, store, report.</summary>
[MemoryDiagnoser]
public class RunStoreBenchmarks
{
    private Scenario flagship = null!;
    private string file = string.Empty;
    private string db = string.Empty;
    private WhatIfRequest request = new();
    private WhatIfOutcome? result;
    private RunStore store = null!;
    private NewRun run = null!;

    [GlobalSetup]
    public void Setup()
    {
        string root = Repository.Root;
        file = Path.Combine(root, "scenarios", "ukraine-2025.yaml");
        flagship = ScenarioLoader.LoadPath(file).Scenario!;
        request = new WhatIfRequest { Scenario = "ukraine-2025", Changes = [new WhatIfChange { Actor = "russia", Issue = "territory", Position = 40 }] };
        result = WhatIfAnalysis.Run(flagship, flagship, request, "ukraine-2025.yaml");
        db = Path.Combine(Path.GetTempPath(), $"parley-bench-{Guid.NewGuid():N}.db");
        store = RunStore.Open(db);
        run = new NewRun
        {
            Command = "whatif",
            Args = ["whatif"],
            ToolVersion = "bench",
            Inputs = [new RunInput("ukraine-2025.yaml", File.ReadAllBytes(file))],
            Result = ParleyJson.Serialize(result!),
            Typed = result,
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        foreach (string f in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(f);
        }
    }

    /// <summary>The computation of one what-if request: four models and the Nash deal, base and changed case.</summary>
    [Benchmark]
    public WhatIfOutcome WhatIfFlagship() => WhatIfAnalysis.Run(flagship, flagship, request, "ukraine-2025.yaml");

    /// <summary>Storing that run in one transaction (WAL, synchronous = FULL): run row, input, flattened values, forecasts.</summary>
    [Benchmark]
    public long SaveWhatIfRun() => store.Save(run);

    /// <summary>Opening the store (connection, pragmas, schema check), storing the run and closing it again.</summary>
    [Benchmark]
    public long OpenSaveClose()
    {
        using RunStore s = RunStore.Open(db);
        return s.Save(run);
    }

    /// <summary>Rendering the what-if run's HTML report (one ScottPlot chart as SVG).</summary>
    [Benchmark]
    public int RenderWhatIfReport() => HtmlReport.Render(new ReportInput { Command = "whatif", Result = result! }).Length;
}
