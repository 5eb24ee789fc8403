using Parley.Core.Analyses;
using Parley.Core.Scenarios;

namespace Parley.Reporting;

/// <summary>A typed result cut into the report's sections, whichever analysis made it.</summary>
internal sealed record ReportSections
{
    public string Name { get; init; } = "Parley run";

    public string? Note { get; init; }

    public ulong? Seed { get; init; }

    public long? Draws { get; init; }

    public ForecastOutcome? Forecast { get; init; }

    public DealOutcome? Deal { get; init; }

    public SessionOutcome? Simulation { get; init; }

    public NegotiationDistributionOutcome? Negotiation { get; init; }

    public ProcessComparisonOutcome? Processes { get; init; }

    public IReadOnlyList<DurabilityOutcome>? Durability { get; init; }

    public ComparisonOutcome? WhatIf { get; init; }

    /// <summary>Variants with no durability row, with the reason.</summary>
    public IReadOnlyDictionary<string, string>? DurabilitySkipped { get; init; }

    /// <summary>The one deal a main job names, and how the other answers relate to it.</summary>
    public ExpectedDeal? Expected { get; init; }

    /// <summary>Durability of the expected deal and of the simulated agreement.</summary>
    public IReadOnlyList<DurabilityOutcome>? DealDurability { get; init; }

    public WhatIfOutcome? Dashboard { get; init; }

    public ValidationOutcome? Validation { get; init; }

    public SensitivityOutcome? Sensitivity { get; init; }

    /// <summary>The assumptions register: every input with its evidence.</summary>
    public SourcesOutcome? Register { get; init; }

    /// <summary>The forecast models against known outcomes.</summary>
    public BacktestOutcome? Backtest { get; init; }

    /// <summary>The analyses' claims as experiments.</summary>
    public ExperimentOutcome? Experiment { get; init; }

    /// <summary>A strategy tournament.</summary>
    public TournamentOutcome? Tournament { get; init; }

    /// <summary>One party's brief.</summary>
    public BriefOutcome? Brief { get; init; }

    /// <summary>The scenario at a glance (the main job's), with issue scales and anchors for the charts.</summary>
    public ScenarioDocument? Summary { get; init; }

    public IReadOnlyDictionary<string, string> Skipped { get; init; } = new Dictionary<string, string>();

    /// <summary>The belligerents (their pairs come first among the frontier charts).</summary>
    public IReadOnlyList<string> Belligerents { get; init; } = [];

    public static ReportSections Of(AnalysisResult result) => result switch
    {
        MainJobOutcome j => new ReportSections
        {
            Name = j.Scenario,
            Note = j.ProvenanceNote,
            Seed = j.Seed,
            Draws = j.Draws,
            Forecast = j.Forecast,
            Deal = j.Deal,
            Simulation = j.Simulation,
            Negotiation = j.Negotiation,
            Durability = j.Durability?.Runs,
            DurabilitySkipped = j.Durability?.Skipped,
            WhatIf = j.Whatif,
            Expected = j.ExpectedDeal,
            DealDurability = j.DealDurability,
            Summary = j.Summary,
            Skipped = j.Skipped,
            Belligerents = j.Summary.Dynamics?.Belligerents ?? [],
        },
        ForecastOutcome f => new ReportSections { Name = f.Scenario, Note = f.ProvenanceNote, Seed = f.Seed, Draws = f.Draws, Forecast = f },
        DealOutcome d => new ReportSections { Name = d.Scenario, Note = d.ProvenanceNote, Seed = d.Uncertainty?.Seed, Draws = d.Uncertainty?.Draws, Deal = d },
        SessionOutcome s => new ReportSections { Name = "Simulated negotiation", Note = s.ProvenanceNote, Seed = s.Seed, Simulation = s },
        NegotiationDistributionOutcome n => new ReportSections { Name = n.Scenario, Note = n.ProvenanceNote, Seed = n.Seed, Draws = n.Draws, Negotiation = n },
        ProcessComparisonOutcome p => new ReportSections { Name = p.Scenario, Note = p.ProvenanceNote, Seed = p.Seed, Processes = p },
        DurabilityOutcome d => new ReportSections { Name = d.Scenario, Note = d.ProvenanceNote, Seed = d.Seed, Draws = d.Paths, Durability = [d with { Run = d.Run ?? d.Solution }] },
        DurabilityComparisonOutcome c => new ReportSections { Name = c.Scenario, Note = c.Runs.Count > 0 ? c.Runs[0].ProvenanceNote : null, Seed = c.Runs.Count > 0 ? c.Runs[0].Seed : null, Durability = c.Runs, DurabilitySkipped = c.Skipped },
        ValidationOutcome v => new ReportSections { Name = "Empirical durability model", Note = v.Data, Validation = v },
        ComparisonOutcome w => new ReportSections { Name = w.Scenario, Note = w.ProvenanceNote, Seed = w.Seed, Draws = w.Draws, WhatIf = w },
        WhatIfOutcome w => new ReportSections { Name = w.Scenario, Note = w.ProvenanceNote, Seed = w.Seed, Draws = w.Draws, Dashboard = w },
        SensitivityOutcome s => new ReportSections { Name = s.Scenario, Note = s.ProvenanceNote, Sensitivity = s },
        SourcesOutcome r => new ReportSections { Name = r.Scenario, Note = r.ProvenanceNote, Register = r },
        BacktestOutcome b => new ReportSections { Name = "Backtest: the forecast models against known outcomes", Note = b.Method, Seed = b.Seed, Draws = b.Draws, Backtest = b },
        ExperimentOutcome x => new ReportSections { Name = $"Claims as experiments: {x.Scenario}", Note = x.ProvenanceNote, Seed = x.Seed, Draws = x.Draws, Experiment = x },
        TournamentOutcome t => new ReportSections { Name = $"Strategy tournament: {t.Scenario}", Note = t.ProvenanceNote, Seed = t.Seed, Tournament = t },
        BriefOutcome b => new ReportSections { Name = BriefDocument.Title(b), Note = b.ProvenanceNote, Seed = b.Seed, Draws = b.Draws, Brief = b },
        _ => new ReportSections(),
    };
}
