// Parley as a library: load a scenario once, run typed requests through the engine, read typed results, and write
// them with the one serialiser. The tests compile and run this file (tests/Parley.Core.Tests/Analyses/LibraryExampleTests.cs).
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Examples;

/// <summary>The main job and one what-if on the flagship, from a .NET program.</summary>
public static class LibraryExample
{
    /// <summary>Runs the example; returns what it printed.</summary>
    /// <param name="scenarioFile">Path to scenarios/ukraine-2025.yaml.</param>
    public static string Run(string scenarioFile)
    {
        var log = new System.Text.StringBuilder();

        // 1. Load: every problem comes back as a diagnostic with file, line, column and a hint.
        ScenarioSetLoad load = Engine.Load([scenarioFile]);
        if (load.Set is not { } scenario)
        {
            foreach (var d in load.Result.Diagnostics)
            {
                log.AppendLine(d.ToString());
            }

            return log.ToString();
        }

        // 2. Any analysis is a request; a bad request comes back as problems, never as an exception.
        //    The flagship as written has no zone (two territorial red lines clash): the result says what blocks one.
        AnalysisOutcome<DealOutcome> deal = DealSpaceAnalysis.Run(new DealRequest(), scenario);
        log.AppendLine($"zone of agreement: {deal.Result!.ZoneSize} packages; blocked by: "
            + string.Join(", ", deal.Result.Blockers.Select(b => $"{b.Actor}'s {b.Constraint}")));
        AnalysisOutcome<DealOutcome> freeze = DealSpaceAnalysis.Run(new DealRequest { Variant = "freeze-on-the-line" }, scenario);
        log.AppendLine($"variant freeze-on-the-line: {freeze.Result!.ZoneSize} packages; Nash: "
            + string.Join(", ", freeze.Result.Nash!.Package.Select(kv => $"{kv.Key} {kv.Value.Value}")));

        // 3. The main job: every section through the same analyses, on the scenario read once.
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = 100, Seed = 7 }, scenario).Result!;
        IssueForecast territory = job.Forecast!.Models.Single(m => m.Name == "smp").Issues.Single(i => i.Id == "territory");
        log.AppendLine($"smp territory: {territory.Median:0} [{territory.P10:0}-{territory.P90:0}] ({territory.Reading})");
        log.AppendLine("expected deal: " + job.ExpectedDeal!.How);
        log.AppendLine("holds 5 years: " + string.Join(", ", job.Durability!.Runs.Select(r => $"{r.Run} {r.Holding["5y"]:0%}")));

        // 4. Requests are data: serialise one with its kind, read it back, run it again through the façade.
        string stored = ParleyJson.SerializeRequest(new ForecastRequest { Model = "eum", Draws = 50, Variant = "aid-cut" });
        AnalysisOutcome<AnalysisResult> again = Engine.Run(ParleyJson.DeserializeRequest(stored)!, scenario);
        log.AppendLine($"request {stored} -> {again.Result!.GetType().Name}");
        return log.ToString();
    }
}
