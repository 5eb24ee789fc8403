using System.Globalization;
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

/// <summary>
/// One rule, one place: for every shipped scenario and variant, the Nash package, the durability horizon, the default
/// table and the provenance note agree across deal space, comparison, durability, the main job and the what-if; and the
/// main job's sections equal the analyses run alone with the same defaults.
/// </summary>
public sealed class ConsistencyTests
{
    private const long Draws = 40;

    public static TheoryData<string, string?> ScenariosAndVariants()
    {
        var data = new TheoryData<string, string?>();
        foreach (string f in Directory.GetFiles(TestPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f), null);
            foreach (Parley.Core.Domain.Variant v in Load(Path.GetFileName(f)).Base.Variants)
            {
                data.Add(Path.GetFileName(f), v.Id);
            }
        }

        return data;
    }

    public static TheoryData<string> Scenarios() => [.. Directory.GetFiles(TestPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f))];

    private static ScenarioSet Load(string name) => ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, name)]).Set!;

    [Theory]
    [MemberData(nameof(ScenariosAndVariants))]
    public void The_nash_package_horizon_table_and_note_agree_everywhere(string file, string? variant)
    {
        ScenarioSet set = Load(file);
        Parley.Core.Domain.Scenario scenario = set.Get(variant);
        DealOutcome deal = DealSpaceAnalysis.Run(new DealRequest { Variant = variant }, set).Result!;
        IReadOnlyDictionary<string, double>? nash = deal.Nash?.Levels;

        // the what-if's case with this variant and no changes
        WhatIfOutcome whatif = WhatIfAnalysis.Run(new WhatIfRequest { Scenario = file, Variant = variant }, set).Result!;
        Assert.Equal(Text(nash), Text(whatif.Whatif.Nash));

        // the comparison's column for this variant
        ComparisonOutcome comparison = ComparisonAnalysis.Run(new ComparisonRequest { Variants = variant is null ? [] : [variant] }, set).Result!;
        IReadOnlyDictionary<string, string> column = comparison.Runs[variant ?? "base"];
        foreach (string issue in deal.Grid.Keys)
        {
            Assert.Equal(nash is null ? "-" : nash[issue].ToString("0.#", CultureInfo.InvariantCulture), column[$"Nash {issue}"]);
        }

        // durability tests the same package over the same horizon
        AnalysisOutcome<DurabilityOutcome> durability = DurabilityAnalysis.Run(new DurabilityRequest { Variant = variant }, set);
        if (scenario.Dynamics is not null && nash is not null)
        {
            Assert.Equal(Text(nash), Text(durability.Result!.Package));
            Assert.Equal(["1y", "2y", "5y"], durability.Result.Holding.Keys);
            Assert.Equal(DurabilityAnalysis.ShareWithRange(durability.Result, "5y"), column["holds 5y"]);
        }
        else
        {
            Assert.False(durability.Succeeded);
            Assert.False(column.ContainsKey("holds 5y"));
        }

        // the default table is the one simulate seats, and the comparison runs the same session
        SessionOutcome session = NegotiationAnalysis.RunOnce(new NegotiationRequest { Variant = variant }, set).Result!;
        Assert.Equal(NegotiationAnalysis.DefaultTable(scenario), session.Parties.Keys);
        Assert.Equal(session.Agreement is null ? "no" : $"yes, t={session.Time}", column["deal (simulated)"]);

        // one provenance note
        string? note = scenario.HasSources ? Parley.Core.Domain.ProvenanceNote.For(set.MainFile) : null;
        Assert.Equal(note, deal.ProvenanceNote);
        Assert.Equal(note, whatif.ProvenanceNote);
        Assert.Equal(note, session.ProvenanceNote);
        Assert.Equal(note, comparison.ProvenanceNote);
        Assert.Equal(note, durability.Result?.ProvenanceNote ?? note);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_main_job_sections_equal_the_analyses_run_alone(string file)
    {
        ScenarioSet set = Load(file);
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = Draws, Seed = 3 }, set).Result!;
        Assert.Equal(Json(ForecastAnalysis.Run(new ForecastRequest { Draws = Draws, Seed = 3 }, set).Result), Json(job.Forecast));
        Assert.Equal(Json(DealSpaceAnalysis.Run(new DealRequest { Seed = 3 }, set).Result), Json(job.Deal));
        Assert.Equal(Json(NegotiationAnalysis.RunOnce(new NegotiationRequest { Seed = 3 }, set).Result), Json(job.Simulation));
        Assert.Equal(Json(NegotiationAnalysis.RunOverDraws(new NegotiationRequest { Seed = 3, Draws = Draws }, set).Result), Json(job.Negotiation));
        Assert.Equal(Json(set.Base.Dynamics is null ? null : DurabilityAnalysis.Compare(new DurabilityRequest { Seed = 3, Draws = Draws }, set).Result), Json(job.Durability));
        Assert.Equal(Json(set.Base.Variants.Count == 0 ? null : ComparisonAnalysis.Run(new ComparisonRequest { Seed = 3 }, set).Result), Json(job.Whatif));
        Assert.Equal(job.Durability is null, job.Skipped.ContainsKey("durability"));
    }

    private static string Text(IReadOnlyDictionary<string, double>? package) =>
        package is null ? "none" : string.Join(";", package.Select(kv => $"{kv.Key}={kv.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static string Json(AnalysisResult? result) => result is null ? "null" : ParleyJson.SerializeResult(result);
}
