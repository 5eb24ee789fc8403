using System.Diagnostics;
using System.Text.Json.Serialization;
using Parley.Core.Scenarios;

namespace Parley.Core.Analyses;

/// <summary>The main job on a scenario: the request.</summary>
public sealed record MainJobRequest : AnalysisRequest
{
    /// <summary>The variant to apply to the forecast, deal space and negotiation, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>Monte Carlo draws of the forecast and durability (the negotiation uses at most <see cref="MainJob.MaxNegotiationDraws"/>).</summary>
    public long Draws { get; init; } = MainJob.DefaultDraws;

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// The main job's result: every section computed by the same analysis as its own command, with the same defaults, on the
/// scenario read once; a section that could not be computed is listed in <see cref="Skipped"/> with the reason.
/// </summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Variant">Variant applied, or null.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Draws">Draws.</param>
/// <param name="Summary">The scenario at a glance (issues, actors, sources).</param>
/// <param name="Forecast">Every model with intervals (as <c>parley forecast --model all --draws N</c>).</param>
/// <param name="Deal">The deal space (as <c>parley analyze</c>).</param>
/// <param name="Simulation">One simulated negotiation (as <c>parley simulate</c>).</param>
/// <param name="Negotiation">The negotiation over draws (as <c>parley simulate --draws N</c>, N at most 1,000).</param>
/// <param name="Durability">The Nash deal's durability for the base and every variant (as <c>parley durability --compare --draws N</c>).</param>
/// <param name="Whatif">The what-if table of the variants (as <c>parley compare</c>), without a variant only.</param>
/// <param name="Skipped">Sections not computed, with the reason.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
/// <param name="ExpectedDeal">The one deal the run names, and how the other answers relate to it.</param>
/// <param name="DealDurability">Durability of the expected deal and of the single simulated run's agreement (the Nash deal's is in <paramref name="Durability"/>).</param>
public sealed record MainJobOutcome(
    string Scenario,
    string? Variant,
    ulong Seed,
    long Draws,
    Scenarios.ScenarioDocument Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ForecastOutcome? Forecast,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DealOutcome? Deal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SessionOutcome? Simulation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NegotiationDistributionOutcome? Negotiation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DurabilityComparisonOutcome? Durability,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ComparisonOutcome? Whatif,
    IReadOnlyDictionary<string, string> Skipped,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ExpectedDeal? ExpectedDeal = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DurabilityOutcome>? DealDurability = null) : AnalysisResult
{
    /// <summary>Milliseconds per section (not part of the document: timings differ from run to run).</summary>
    [JsonIgnore]
    public IReadOnlyList<KeyValuePair<string, double>> Timings { get; init; } = [];
}

/// <summary>The main job: forecast, deal space, negotiation, durability and what-if, each through its own analysis.</summary>
public static class MainJob
{
    /// <summary>Draws when the request gives none.</summary>
    public const long DefaultDraws = 1000;

    /// <summary>The negotiation's draws at most.</summary>
    public const long MaxNegotiationDraws = 1000;

    /// <summary>The sections in order, with the titles progress reports use.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sections { get; } =
    [
        new("forecast", "forecast (every model)"),
        new("deal", "deal space"),
        new("simulation", "simulated negotiation"),
        new("negotiation", "simulation over the uncertain inputs"),
        new("durability", "durability (base and variants)"),
        new("whatif", "what-if table of the variants"),
    ];

    /// <summary>A section's title for people (the key itself for one not in <see cref="Sections"/>, e.g. <c>expected-deal</c>).</summary>
    /// <param name="key">The section's key.</param>
    public static string SectionTitle(string key) =>
        Sections.FirstOrDefault(kv => kv.Key == key).Value ?? key.Replace('-', ' ');

    /// <summary>Runs the main job.</summary>
    /// <param name="request">Variant, draws and seed.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress (each section's start as stage "section:NAME") and cancellation.</param>
    public static AnalysisOutcome<MainJobOutcome> Run(MainJobRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        if (Domain.Limits.Draws(request.Draws) is string tooMany)
        {
            return AnalysisOutcome<MainJobOutcome>.Refuse(tooMany);
        }

        if (set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is not { } scenario)
        {
            return AnalysisOutcome<MainJobOutcome>.Fail([.. problems]);
        }

        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var timings = new List<KeyValuePair<string, double>>();

        T? Section<T>(string name, string command, Func<AnalysisOutcome<T>> run)
            where T : class
        {
            context.Cancellation.ThrowIfCancellationRequested();
            context.Progress?.Report(new AnalysisProgress("section:" + name, timings.Count, Sections.Count));
            var clock = Stopwatch.StartNew();
            AnalysisOutcome<T> outcome = run();
            timings.Add(new(name, clock.Elapsed.TotalMilliseconds));
            if (outcome.Result is null)
            {
                skipped[name] = Reason(outcome.Problems, command);
            }

            return outcome.Result;
        }

        ForecastOutcome? forecast = Section("forecast", "forecast", () => ForecastAnalysis.Run(new ForecastRequest { Variant = request.Variant, Draws = request.Draws, Seed = request.Seed }, set, context));
        DealOutcome? deal = Section("deal", "analyze", () => DealSpaceAnalysis.Run(new DealRequest { Variant = request.Variant, Seed = request.Seed }, set, context));
        SessionOutcome? simulation = Section("simulation", "simulate", () => NegotiationAnalysis.RunOnce(new NegotiationRequest { Variant = request.Variant, Seed = request.Seed }, set, context));
        NegotiationDistributionOutcome? negotiation = null;
        if (request.Draws > 0)
        {
            var q = new NegotiationRequest { Variant = request.Variant, Seed = request.Seed, Draws = Math.Min(request.Draws, MaxNegotiationDraws) };
            negotiation = Section("negotiation", "simulate", () => NegotiationAnalysis.RunOverDraws(q, set, context));
        }
        else
        {
            skipped["negotiation"] = "--draws 0: no runs over the uncertain inputs";
        }

        DurabilityComparisonOutcome? durability = null;
        if (scenario.Dynamics is not null)
        {
            // durability compares base and variants itself; the variant would only repeat one of them
            durability = Section("durability", "durability", () => DurabilityAnalysis.Compare(new DurabilityRequest { Seed = request.Seed, Draws = request.Draws }, set, context));
        }
        else
        {
            skipped["durability"] = "the scenario has no dynamics (belligerents, p_prevail, trend, volatility)";
        }

        ComparisonOutcome? whatif = null;
        if (scenario.Variants.Count > 0 && request.Variant is null)
        {
            whatif = Section("whatif", "compare", () => ComparisonAnalysis.Run(new ComparisonRequest { Seed = request.Seed }, set, context));
        }
        else if (request.Variant is not null)
        {
            skipped["whatif"] = $"the run applies variant '{request.Variant}'; the what-if table compares the scenario as written with every variant (run without --variant)";
        }

        // one expected deal, reconciled with the other answers, and how long it and the simulated agreement would hold
        ExpectedDeal? expected = ExpectedDeals.Of(scenario, deal, simulation, negotiation, forecast);
        if (expected is null)
        {
            skipped["expected-deal"] = "no simulated run agreed and the parties have no zone of agreement: no deal to name";
        }

        List<DurabilityOutcome>? dealDurability = null;
        if (scenario.Dynamics is not null)
        {
            dealDurability = [];
            // the expected deal when it is the runs' own (a Nash reference is the Nash deal, tested in 'durability')
            IReadOnlyDictionary<string, double>? mostAgreed = expected is { How: "most-agreed" } ? expected.Levels : null;
            foreach ((string label, IReadOnlyDictionary<string, double>? package) in new[] { ("expected deal", mostAgreed), ("simulated agreement", simulation?.Agreement) })
            {
                if (package is null)
                {
                    continue;
                }

                context.Cancellation.ThrowIfCancellationRequested();
                var q = new DurabilityRequest { Package = package, PackageName = label, Seed = request.Seed, Draws = request.Draws };
                if (DurabilityAnalysis.Run(q, scenario, set.MainFile).Result is { } d)
                {
                    dealDurability.Add(d);
                }
            }
        }

        return AnalysisOutcome<MainJobOutcome>.Ok(new MainJobOutcome(
            scenario.Name,
            scenario.AppliedVariant,
            request.Seed,
            request.Draws,
            ScenarioJson.Document(scenario),
            forecast,
            deal,
            simulation,
            negotiation,
            durability,
            whatif,
            skipped,
            scenario.HasSources ? Domain.ProvenanceNote.For(set.MainFile) : null,
            expected,
            dealDurability)
        {
            Timings = timings,
        });
    }

    /// <summary>Why a section has no result, in one line (as its command says it).</summary>
    /// <param name="problems">The section's problems.</param>
    /// <param name="command">The command that runs the section alone.</param>
    public static string Reason(IReadOnlyList<Diagnostic> problems, string command)
    {
        ArgumentNullException.ThrowIfNull(problems);
        foreach (Diagnostic d in problems)
        {
            if (d.Severity == Severity.Error)
            {
                return ProblemText.Of(d, command);
            }
        }

        return "no result";
    }
}
