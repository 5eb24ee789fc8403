using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Parley.Core.Analyses;
using Parley.Reporting.Exporters;

namespace Parley.Reporting.Tests;

/// <summary>
/// Every exporter on one result of every type equals its approved output (tests/Parley.Reporting.Tests/approved; charts'
/// SVG is replaced by a placeholder, the chart titles stay). <c>PARLEY_APPROVE=1</c> writes the approved files.
/// </summary>
public sealed partial class ExporterApprovalTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, AnalysisResult>> Results = new(Compute);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string result in ResultNames)
        {
            foreach (IResultExporter e in Exporters.Exporters.All)
            {
                data.Add(result, e.Name);
            }
        }

        return data;
    }

    private static readonly string[] ResultNames = ["forecast", "deal", "session", "negotiation", "processes", "durability", "durability-comparison", "validation", "comparison", "sensitivity", "sources", "backtest", "whatif", "main-job", "experiment", "brief", "tournament"];

    private static string Root { get; } = FindRoot();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_exporter_on_every_result_type_equals_the_approved_output(string result, string exporter)
    {
        var input = new ReportInput { Command = result, Args = [result], RunId = 1, CreatedUtc = "2026-01-01 00:00 UTC", ToolVersion = "test", Result = Results.Value[result] };
        IReadOnlyList<ExportFile> files = Exporters.Exporters.Find(exporter)!.Export(input);
        Assert.NotEmpty(files);
        var text = new StringBuilder();
        foreach (ExportFile f in files)
        {
            text.Append("== ").Append(f.Name).Append(" ==\n").Append(SvgRegex().Replace(f.Content, "<svg/>")).Append('\n');
        }

        string path = Path.Combine(Root, "tests", "Parley.Reporting.Tests", "approved", $"{result}.{exporter}.txt.gz");
        if (Environment.GetEnvironmentVariable("PARLEY_APPROVE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using FileStream file = File.Create(path);
            using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
            gz.Write(Encoding.UTF8.GetBytes(text.ToString()));
            return;
        }

        Assert.True(File.Exists(path), $"no approved file {path} (PARLEY_APPROVE=1 writes it)");
        using FileStream read = File.OpenRead(path);
        using var unzip = new GZipStream(read, CompressionMode.Decompress);
        using var reader = new StreamReader(unzip, Encoding.UTF8);
        string approved = reader.ReadToEnd();
        if (approved != text.ToString())
        {
            string received = Path.Combine(AppContext.BaseDirectory, "received", $"{result}.{exporter}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(received)!);
            File.WriteAllText(received, text.ToString());
            int at = approved.Zip(text.ToString()).TakeWhile(p => p.First == p.Second).Count();
            Assert.Fail($"{result} / {exporter} differs from the approved output at character {at}: …{Around(text.ToString(), at)}… (approved …{Around(approved, at)}…); received: {received}");
        }
    }

    [Fact]
    public void Every_result_type_has_an_approved_case()
    {
        Type[] types = [.. typeof(AnalysisResult).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AnalysisResult)) && !t.IsAbstract)];
        Assert.Equal(types.Select(t => t.Name).Order(StringComparer.Ordinal), Results.Value.Values.Select(r => r.GetType().Name).Distinct().Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, AnalysisResult> Compute()
    {
        ScenarioSet Set(string file) => ScenarioSet.FromInputs([new ScenarioInput("scenarios/" + file, File.ReadAllBytes(Path.Combine(Root, "scenarios", file)))]).Set!;
        ScenarioSet flagship = Set("ukraine-2025.yaml");
        return new Dictionary<string, AnalysisResult>(StringComparer.Ordinal)
        {
            ["forecast"] = ForecastAnalysis.Run(new ForecastRequest { Draws = 20 }, flagship).Result!,
            ["deal"] = DealSpaceAnalysis.Run(new DealRequest { Draws = 10 }, flagship).Result!,
            ["session"] = NegotiationAnalysis.RunOnce(new NegotiationRequest(), flagship).Result!,
            ["negotiation"] = NegotiationAnalysis.RunOverDraws(new NegotiationRequest { Draws = 20 }, flagship).Result!,
            ["processes"] = NegotiationAnalysis.CompareProcesses(new NegotiationRequest(), flagship).Result!,
            // the flagship as written has no zone, so no deal to test: the variant that lifts Russia's territorial red line has one
            ["durability"] = DurabilityAnalysis.Run(new DurabilityRequest { Draws = 100, Variant = "freeze-on-the-line" }, flagship).Result!,
            ["durability-comparison"] = DurabilityAnalysis.Compare(new DurabilityRequest { Draws = 100 }, flagship).Result!,
            ["validation"] = DurabilityAnalysis.Validate(),
            ["comparison"] = ComparisonAnalysis.Run(new ComparisonRequest(), flagship).Result!,
            ["sensitivity"] = SensitivityAnalysis.Run(new SensitivityRequest(), Set("minsk-2015.yaml")).Result!,
            ["whatif"] = WhatIfAnalysis.Run(new WhatIfRequest { Scenario = "ukraine-2025", Draws = 20, Changes = [new WhatIfChange { Actor = "russia", Issue = "territory", Position = 50 }] }, flagship).Result!,
            ["main-job"] = MainJob.Run(new MainJobRequest { Draws = 20 }, flagship).Result!,
            ["sources"] = SourcesAnalysis.Run(new SourcesRequest(), flagship).Result!,
            ["backtest"] = BacktestAnalysis.Run(new BacktestRequest { Draws = 100 }, Backtests()).Result!,
            ["experiment"] = ExperimentAnalysis.Run(new ExperimentRequest { Claim = "no-guarantees", Draws = 60 }, flagship).Result!,
            ["tournament"] = TournamentAnalysis.Run(new TournamentRequest { Variant = "freeze-on-the-line", Strategies = ["boulware", "conceder", "hard-liner"], Seeds = 3 }, flagship).Result!,
            ["brief"] = BriefAnalysis.Run(new BriefRequest { Actor = "ukraine", Variant = "freeze-on-the-line", Draws = 20 }, flagship).Result!,
        };
    }

    /// <summary>The shipped backtest cases, named relative to the repository (so the exported files do not depend on the clone's path).</summary>
    private static IReadOnlyList<BacktestCase> Backtests()
    {
        var inputs = new List<ScenarioInput>();
        foreach (string f in Directory.GetFiles(Path.Combine(Root, "backtests")).Order(StringComparer.Ordinal))
        {
            inputs.Add(new ScenarioInput("backtests/" + Path.GetFileName(f), File.ReadAllBytes(f)));
        }

        foreach (string f in Directory.GetFiles(Path.Combine(Root, "scenarios"), "*.yaml").Order(StringComparer.Ordinal))
        {
            inputs.Add(new ScenarioInput("scenarios/" + Path.GetFileName(f), File.ReadAllBytes(f)));
        }

        return BacktestCases.FromInputs(inputs).Cases;
    }

    private static string Around(string s, int at) => s.Substring(Math.Max(0, at - 40), Math.Min(80, s.Length - Math.Max(0, at - 40)));

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Parley.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir!;
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgRegex();
}
