using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Negotiation;

namespace Parley.Core.Analyses;

/// <summary>A simulated negotiation: the request (one run, over draws, or the process choices side by side).</summary>
public sealed record NegotiationRequest : AnalysisRequest
{
    /// <summary>The variant to apply, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The protocol (null: hub-and-spoke when the mediator is at the table, else alternating offers).</summary>
    public string? Protocol { get; init; }

    /// <summary>The parties at the table (null: the default table, <see cref="NegotiationAnalysis.DefaultTable"/>).</summary>
    public IReadOnlyList<string>? Actors { get; init; }

    /// <summary>Strategies chosen for this run, by actor (others keep the scenario's).</summary>
    public IReadOnlyDictionary<string, string> Strategies { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Last time step at which a deal can be made.</summary>
    public int Deadline { get; init; } = 24;

    /// <summary>Grid step on continuous issues (null: anchors, midpoints and red-line limits).</summary>
    public double? Step { get; init; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Runs over the uncertain inputs (0: one run on the central values).</summary>
    public long Draws { get; init; }

    /// <summary>Worker threads (null: all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Run the process choices and variants side by side instead (one run each).</summary>
    public bool Compare { get; init; }
}

/// <summary>One party's result of a session.</summary>
/// <param name="Utility">Undiscounted utility of the outcome.</param>
/// <param name="Discounted">Discounted to time 0 by its patience.</param>
/// <param name="Reservation">Its reservation value at the end.</param>
/// <param name="Role">party or mediator (null in runs stored before roles existed).</param>
/// <param name="Horizon">Its own horizon in time steps (ConcessionHorizon): until waiting would have cost it its whole surplus.</param>
public sealed record PartyOutcome(double Utility, double Discounted, double Reservation, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Horizon = null);

/// <summary>One message of a session.</summary>
/// <param name="Time">Time step.</param>
/// <param name="From">Sender.</param>
/// <param name="To">Recipient.</param>
/// <param name="Kind">offer, accept, reject, walkaway, sidedeal, hold.</param>
/// <param name="Issue">The blocking issue of a rejection, if any.</param>
/// <param name="Amount">A side deal's value.</param>
/// <param name="Package">An offer's package (issue id → level).</param>
public sealed record TranscriptMessage(int Time, string From, string To, string Kind, string? Issue, double Amount, IReadOnlyDictionary<string, double>? Package)
{
    /// <summary>For a rejection: the issue is named because the text is beyond the sender's red line there.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool RedLine { get; init; }
}

/// <summary>One simulated negotiation, step by step.</summary>
/// <param name="EndedBy">agreement, deadline or walk-away.</param>
/// <param name="Time">When it ended.</param>
/// <param name="Agreement">The agreed package, or null.</param>
/// <param name="Parties">Each party's result.</param>
/// <param name="Protocol">The protocol.</param>
/// <param name="Ripeness">Per party: first step at which the table's Nash package beats fighting on (null: never); absent without dynamics or a Nash package.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Deadline">Deadline.</param>
/// <param name="Transcript">Every message.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
/// <param name="Seating">Who sits at the table and why, in one line.</param>
/// <param name="CandidateEpsilon">Null when the candidate packages were the exact public Pareto frontier; else the ε of the ε-Pareto set used.</param>
public sealed record SessionOutcome(
    string EndedBy,
    int Time,
    IReadOnlyDictionary<string, double>? Agreement,
    IReadOnlyDictionary<string, PartyOutcome> Parties,
    string Protocol,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int?>? Ripeness,
    ulong Seed,
    int Deadline,
    IReadOnlyList<TranscriptMessage> Transcript,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Seating = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CandidateEpsilon = null) : AnalysisResult
{
    /// <summary>Without agreement under a mediator's single text: the time step from which the text stopped changing (null if it still moved).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TextSettledAt { get; init; }

    /// <summary>Under a mediator's single text: the issues it held after the parties pulled them back and forth (empty: none, or no mediator).</summary>
    public IReadOnlyList<string> HeldIssues { get; init; } = [];

    /// <summary>The scenario's events that fired in this run, in order (null: the scenario has none, or none fired).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FiredEvent>? Events { get; init; }
}

/// <summary>A quantity's 10th percentile, median and 90th percentile (null where no run had one).</summary>
/// <param name="P10">10th percentile.</param>
/// <param name="Median">Median.</param>
/// <param name="P90">90th percentile.</param>
public sealed record Spread(double? P10, double? Median, double? P90);

/// <summary>A negotiation over draws of the uncertain inputs.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Protocol">Protocol.</param>
/// <param name="Draws">Runs.</param>
/// <param name="Seed">Seed.</param>
/// <param name="AgreementProbability">Share of runs with an agreement.</param>
/// <param name="Time">Time to agreement over the runs with one.</param>
/// <param name="Terms">Agreed terms per issue over the runs with one.</param>
/// <param name="MeanUtility">Mean utility of the outcome per party.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
/// <param name="Seating">Who sits at the table and why, in one line.</param>
/// <param name="MostAgreed">The whole package agreed most often, with how often (null without agreements).</param>
public sealed record NegotiationDistributionOutcome(
    string Scenario,
    string Protocol,
    long Draws,
    ulong Seed,
    double AgreementProbability,
    Spread Time,
    IReadOnlyDictionary<string, Spread> Terms,
    IReadOnlyDictionary<string, double> MeanUtility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Seating = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AgreedPackage? MostAgreed = null) : AnalysisResult
{
    /// <summary>Runs that ended in agreement.</summary>
    [JsonIgnore]
    public long Agreements => (long)Math.Round(AgreementProbability * Draws);

    /// <summary>Per event of the scenario, the runs in which it fired (null: the scenario has no events).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? EventRuns { get; init; }
}

/// <summary>A whole package and how many runs agreed on it.</summary>
/// <param name="Package">The level of each issue.</param>
/// <param name="Count">Runs that agreed on exactly this package.</param>
public sealed record AgreedPackage(IReadOnlyDictionary<string, double> Package, long Count);

/// <summary>One run of a process comparison.</summary>
/// <param name="Run">Label (protocol, variant).</param>
/// <param name="EndedBy">agreement, deadline or walk-away.</param>
/// <param name="Time">When it ended.</param>
/// <param name="Agreement">The agreed package, or null.</param>
/// <param name="Parties">Each party's result.</param>
/// <param name="OverDraws">With --draws N: the same process over N draws of the uncertain inputs.</param>
public sealed record ProcessRun(
    string Run,
    string EndedBy,
    int Time,
    IReadOnlyDictionary<string, double>? Agreement,
    IReadOnlyDictionary<string, PartyOutcome> Parties,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProcessOverDraws? OverDraws = null)
{
    /// <summary>
    /// Per party: the first step of this run at which the table's Nash package beats fighting on and fighting on is
    /// expected to get worse (the hurting stalemate; null: never); absent without dynamics or a Nash package.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int?>? Ripeness { get; init; }
}

/// <summary>One process over draws of the uncertain inputs.</summary>
/// <param name="Draws">Runs.</param>
/// <param name="Agreements">Runs that ended in agreement.</param>
/// <param name="AgreementShare">Agreements / draws.</param>
/// <param name="AgreementLow">Low end of its 90% interval (Wilson).</param>
/// <param name="AgreementHigh">High end of its 90% interval.</param>
/// <param name="Time">Time to agreement over the runs with one.</param>
/// <param name="MeanUtility">Each party's mean utility of the outcome (no deal: its value then).</param>
public sealed record ProcessOverDraws(long Draws, long Agreements, double AgreementShare, double AgreementLow, double AgreementHigh, Spread Time, IReadOnlyDictionary<string, double> MeanUtility);

/// <summary>Process choices and variants side by side, one simulated run each (and each over draws when asked).</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Runs">The runs.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
/// <param name="Seating">Who sits at the table and why, in one line.</param>
public sealed record ProcessComparisonOutcome(
    string Scenario,
    ulong Seed,
    IReadOnlyList<ProcessRun> Runs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Seating = null) : AnalysisResult
{
    /// <summary>The variant the process choices ran on (then no variant rows follow), or null for the scenario as written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }
}

/// <summary>Simulated negotiations: the one place that seats the table, picks the protocol and the strategies.</summary>
public static class NegotiationAnalysis
{
    /// <summary>The protocols by name.</summary>
    public static IReadOnlyList<string> ProtocolNames => Session.Protocols;

    /// <summary>The registered strategies' names.</summary>
    public static IReadOnlyList<string> StrategyNames => StrategyRegistry.Names;

    /// <summary>The default table, from the roles: the mediator, the war's belligerents, then the other parties (<see cref="Seating.Table"/>).</summary>
    /// <param name="s">The scenario.</param>
    public static IReadOnlyList<string> DefaultTable(Scenario s) => s.Table();

    /// <summary>The default protocol for a table: hub-and-spoke when the mediator sits at it, else alternating offers.</summary>
    /// <param name="s">The scenario.</param>
    /// <param name="table">The parties.</param>
    public static string DefaultProtocol(Scenario s, IReadOnlyList<string> table)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Channels.Mediator is string hub && table.Contains(hub) ? "hub-and-spoke" : "alternating-offers";
    }

    /// <summary>The strategy an actor plays: the request's choice, else the scenario's, else linear.</summary>
    /// <param name="s">The scenario.</param>
    /// <param name="chosen">The request's choices.</param>
    /// <param name="id">The actor.</param>
    public static string StrategyOf(Scenario s, IReadOnlyDictionary<string, string> chosen, string id)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(chosen);
        return chosen.TryGetValue(id, out string? name) ? name : s.FindActor(id)?.Strategy ?? "linear";
    }

    /// <summary>One simulated run.</summary>
    /// <param name="request">What to simulate.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<SessionOutcome> RunOnce(NegotiationRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        return Variant(request, set) is { } bad ? AnalysisOutcome<SessionOutcome>.Fail([.. bad]) : RunOnce(request, set.Get(request.Variant), set.MainFile);
    }

    /// <summary>One simulated run on a scenario already chosen.</summary>
    /// <param name="request">What to simulate (its variant is taken as applied).</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="file">Its file, for the provenance note.</param>
    public static AnalysisOutcome<SessionOutcome> RunOnce(NegotiationRequest request, Scenario scenario, string file)
    {
        if (Prepare(request, scenario, out List<Scenarios.Diagnostic> problems) is not { } t)
        {
            return AnalysisOutcome<SessionOutcome>.Fail([.. problems]);
        }

        (SessionResult result, int[]? ripeness, DealSpace shown) = Simulate(t, t.Scenario, t.Protocol);
        return AnalysisOutcome<SessionOutcome>.Ok(new SessionOutcome(
            result.EndedBy,
            result.Time,
            result.Agreement is null ? null : Package(shown, result.Agreement),
            Parties(t.Scenario, result),
            t.Protocol,
            Ripe(t.Ids, ripeness),
            request.Seed,
            request.Deadline,
            [.. result.Transcript.Select(m => new TranscriptMessage(m.Time, m.From, m.To, m.Kind.ToString().ToLowerInvariant(), m.Issue, m.Amount, m.Package is null ? null : Package(shown, m.Package)) { RedLine = m.RedLine })],
            t.Scenario.HasSources ? ProvenanceNote.For(file) : null,
            t.Seating,
            result.CandidateEpsilon > 0 ? result.CandidateEpsilon : null)
        {
            TextSettledAt = result.TextSettledAt,
            HeldIssues = result.HeldIssues,
            Events = result.Events.Count == 0 ? null : result.Events,
        });
    }

    /// <summary>The negotiation over draws of the uncertain inputs.</summary>
    /// <param name="request">What to simulate (Draws &gt; 0).</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<NegotiationDistributionOutcome> RunOverDraws(NegotiationRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        return Variant(request, set) is { } bad ? AnalysisOutcome<NegotiationDistributionOutcome>.Fail([.. bad]) : RunOverDraws(request, set.Get(request.Variant), set.MainFile, context);
    }

    /// <summary>The negotiation over draws, on a scenario already chosen.</summary>
    /// <param name="request">What to simulate (its variant is taken as applied).</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="file">Its file, for the provenance note.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<NegotiationDistributionOutcome> RunOverDraws(NegotiationRequest request, Scenario scenario, string file, AnalysisContext? context = null)
    {
        context ??= AnalysisContext.None;
        if (Prepare(request, scenario, out List<Scenarios.Diagnostic> problems) is not { } t)
        {
            return AnalysisOutcome<NegotiationDistributionOutcome>.Fail([.. problems]);
        }

        string[] names = [.. t.Ids.Select(id => StrategyOf(t.Scenario, request.Strategies, id))];
        NegotiationDistribution d = MonteCarloNegotiation.Run(t.Scenario, t.Settings, t.Ids, names, t.Protocol, request.Deadline, request.Draws, request.Seed, request.Threads,
            request.Draws >= 50 ? context.Reporter("simulate", request.Draws) : null);
        DealSpace space = DealSpace.Build(t.Scenario, t.Settings);
        return AnalysisOutcome<NegotiationDistributionOutcome>.Ok(new NegotiationDistributionOutcome(
            t.Scenario.Name,
            t.Protocol,
            d.Draws,
            request.Seed,
            d.AgreementProbability,
            new Spread(Num(d.TimeQuantile(0.1)), Num(d.TimeQuantile(0.5)), Num(d.TimeQuantile(0.9))),
            space.Issues.Select((i, k) => (i.Id, new Spread(Num(d.TermQuantile(space, k, 0.1)), Num(d.TermQuantile(space, k, 0.5)), Num(d.TermQuantile(space, k, 0.9)))))
                .ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
            t.Ids.Select((id, k) => (id, d.MeanUtility[k])).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal),
            t.Scenario.HasSources ? ProvenanceNote.For(file) : null,
            t.Seating,
            d.MostAgreed() is ({ } levels, long count) ? new AgreedPackage(Package(space, levels), count) : null)
        {
            EventRuns = d.EventIds.Count == 0 ? null : d.EventIds.Select((id, i) => (id, d.EventRuns[i])).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal),
        });
    }

    /// <summary>The process choices (with a mediator: hub-and-spoke, single text, tracks first, summit first, direct talks) and every variant under the first, one run each on the central inputs and, with draws, each over the draws as well.</summary>
    /// <param name="request">The table and strategies.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<ProcessComparisonOutcome> CompareProcesses(NegotiationRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        // with a variant, the process choices run on that variant (and the other variants are left out); without one, on the
        // scenario as written, and then every variant under the first process
        if (Variant(request, set) is { } bad)
        {
            return AnalysisOutcome<ProcessComparisonOutcome>.Fail([.. bad]);
        }

        if (Prepare(request, set.Get(request.Variant), out List<Scenarios.Diagnostic> problems) is not { } t)
        {
            return AnalysisOutcome<ProcessComparisonOutcome>.Fail([.. problems]);
        }

        var runs = new List<ProcessRun>();
        string[] protocols = t.Scenario.Channels.Mediator is string mm && t.Ids.Contains(mm) ? ["hub-and-spoke", "single-text", "sequenced", "sequenced-summit-first", "alternating-offers"] : ["alternating-offers"];
        string[] names = [.. t.Ids.Select(id => StrategyOf(t.Scenario, request.Strategies, id))];
        ProcessOverDraws? Over(Scenario s, string protocol)
        {
            if (request.Draws <= 0)
            {
                return null;
            }

            NegotiationDistribution d = MonteCarloNegotiation.Run(s, t.Settings, t.Ids, names, protocol, request.Deadline, request.Draws, request.Seed, request.Threads);
            (double low, double high) = new Proportion(d.Agreements, d.Draws).Interval90;
            return new ProcessOverDraws(d.Draws, d.Agreements, d.AgreementProbability, low, high,
                new Spread(Num(d.TimeQuantile(0.1)), Num(d.TimeQuantile(0.5)), Num(d.TimeQuantile(0.9))),
                t.Ids.Select((id, k) => (id, d.MeanUtility[k])).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal));
        }

        foreach (string p in protocols)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            (SessionResult result, int[]? ripe, DealSpace space) = Simulate(t, t.Scenario, p);
            runs.Add(Run(p + (p == "alternating-offers" ? " (direct talks)" : string.Empty), result, space) with { OverDraws = Over(t.Scenario, p), Ripeness = Ripe(t.Ids, ripe) });
        }

        foreach (Variant v in request.Variant is null ? t.Scenario.Variants : [])
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (set.TryGet(v.Id) is { Succeeded: true } vs)
            {
                (SessionResult result, int[]? ripe, DealSpace space) = Simulate(t, vs.Scenario!, protocols[0]);
                runs.Add(Run($"{protocols[0]}, variant {v.Id}", result, space) with { OverDraws = Over(vs.Scenario!, protocols[0]), Ripeness = Ripe(t.Ids, ripe) });
            }
        }

        return AnalysisOutcome<ProcessComparisonOutcome>.Ok(new ProcessComparisonOutcome(t.Scenario.Name, request.Seed, runs, t.Scenario.HasSources ? ProvenanceNote.For(set.MainFile) : null, t.Seating)
        {
            Variant = request.Variant,
        });

        static ProcessRun Run(string label, SessionResult r, DealSpace space) =>
            new(label, r.EndedBy, r.Time, r.Agreement is null ? null : Package(space, r.Agreement), Parties(space.Scenario, r));
    }

    /// <summary>
    /// How often each of the scenario's events fired over the runs, in one sentence as every output writes it, or null without
    /// events ("Events over those runs (…): us-presses-ukraine 412 of 1,000 (41% (38-44)); …").
    /// </summary>
    /// <param name="d">The runs over draws.</param>
    public static string? EventRunsText(NegotiationDistributionOutcome d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d.EventRuns is { Count: > 0 } fired
            ? "Events over those runs (each fired in this many; whether and when is drawn per run): "
                + string.Join("; ", fired.Select(kv => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:N0} of {d.Draws:N0} ({new Proportion(kv.Value, d.Draws).ShareBrief})"))) + "."
            : null;
    }

    /// <summary>Ripeness per party id (null: never), or null when there is none to say.</summary>
    private static Dictionary<string, int?>? Ripe(string[] ids, int[]? ripeness) =>
        ripeness is null ? null : ids.Select((id, k) => (id, ripeness[k] < 0 ? (int?)null : ripeness[k])).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal);

    private sealed record Table(Scenario Scenario, DealSettings Settings, string[] Ids, string Protocol, NegotiationRequest Request, string Seating);

    /// <summary>The problems of the request's variant, or null when it applies.</summary>
    private static IReadOnlyList<Scenarios.Diagnostic>? Variant(NegotiationRequest request, ScenarioSet set) =>
        set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is null ? problems : null;

    /// <summary>Checks the request and seats the table; null (with the problems) when something is wrong.</summary>
    private static Table? Prepare(NegotiationRequest request, Scenario scenario, out List<Scenarios.Diagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scenario);
        Table? table = null;
        problems = [];
        foreach (string? message in new[]
        {
            Limits.Deadline(request.Deadline), Limits.Draws(request.Draws),
            request.Step is <= 0 ? "--step must be positive" : null, request.Threads is < 1 ? "--threads must be 1 or more" : null,
        })
        {
            if (message is not null)
            {
                problems.Add(Refusal(message));
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var errors = new List<string>();
        DealSettings settings = ScenarioOptions.Deal(scenario);
        if (request.Step is double st)
        {
            settings = settings with { Step = st };
            if (Limits.Grid(scenario.Issues, st, "--step") is string tooFine)
            {
                errors.Add(tooFine);
            }
        }

        string[] ids = [.. request.Actors ?? DefaultTable(scenario)];
        foreach ((string actor, string name) in request.Strategies)
        {
            if (!StrategyRegistry.Names.Contains(name))
            {
                errors.Add($"--strategy '{actor}={name}' is not actor=NAME with NAME one of {string.Join(", ", StrategyRegistry.Names)}");
            }
        }

        if (request.Actors is not null)
        {
            errors.AddRange(Seats.Check(scenario, ids, "--actors"));
            if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
            {
                errors.Add($"--actors names {string.Join(", ", ids.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))} more than once; each actor has one seat");
            }
        }

        foreach (string id in request.Strategies.Keys.Where(id => !ids.Contains(id)))
        {
            errors.Add(scenario.FindActor(id) is null
                ? $"--strategy names unknown actor {id}; the scenario has {string.Join(", ", scenario.Actors.Select(a => a.Id))}"
                : $"--strategy names {id}, who is not at the table ({string.Join(", ", ids)}); {(scenario.HasSeat(scenario.FindActor(id)!) ? "add it with --actors" : Seats.NoSeat(scenario, id))}");
        }

        if (ids.Length < 2 && request.Actors is null)
        {
            problems.Add(new Scenarios.Diagnostic(Scenarios.Severity.Error, Scenarios.DiagnosticCodes.NotApplicable, string.Empty, 0, 0,
                $"the roles seat {ids.Length} actor(s) ({Seats.Explain(scenario, ids, false, table: true)}); a session needs two",
                "give 'role: party' to the actors who negotiate, or choose them with --actors"));
        }
        else if (ids.Length < 2)
        {
            errors.Add($"a session needs two or more parties (got {ids.Length}); choose them with --actors");
        }

        if (request.Protocol is not null && !Session.Protocols.Contains(request.Protocol))
        {
            errors.Add($"unknown protocol '{request.Protocol}'; known: {string.Join(", ", Session.Protocols)}");
        }

        string chosen = request.Protocol ?? DefaultProtocol(scenario, ids);
        if (chosen != "alternating-offers" && (scenario.Channels.Mediator is not string med || !ids.Contains(med)))
        {
            errors.Add($"{chosen} needs the scenario's mediator at the table ({scenario.Channels.Mediator ?? "the scenario names none"})");
        }

        problems.AddRange(errors.Select(Refusal));
        if (problems.Count == 0)
        {
            // the parties on one side who coordinate before the talks face the other side with their moved positions
            table = new Table(Coordination.Before(scenario), settings, ids, chosen, request, Seats.Explain(scenario, ids, request.Actors is not null, table: true));
        }

        return table;
    }

    private static Scenarios.Diagnostic Refusal(string message) => new(Scenarios.Severity.Error, Scenarios.DiagnosticCodes.Request, string.Empty, 0, 0, message, null);

    /// <summary>One session on a scenario: its result, each party's ripeness, and the deal space it ran on.</summary>
    private static (SessionResult Result, int[]? Ripeness, DealSpace Space) Simulate(Table t, Scenario s, string protocol)
    {
        DealSpace space = DealSpace.Build(s, t.Settings);
        int[] parties = [.. t.Ids.Select(space.IndexOf)];
        IStrategy[] strats = [.. t.Ids.Select(id =>
        {
            string name = StrategyOf(s, t.Request.Strategies, id);
            return StrategyRegistry.Create(name, StrategyRegistry.ScenarioParameter(s.FindActor(id)!, name)?.Value);
        })];
        var session = new Session(space, parties, strats, new SessionSettings { Deadline = t.Request.Deadline, Seed = t.Request.Seed });
        int[]? ripeness = null;
        if (TableDeal.Find(space, parties) is Solution nash)
        {
            ripeness = session.Ripeness(nash.Levels);
        }

        return (session.Run(protocol), ripeness, space);
    }

    private static Dictionary<string, PartyOutcome> Parties(Scenario s, SessionResult r) =>
        r.Parties.Select((p, k) => (p, new PartyOutcome(r.Utility[k], r.Discounted[k], r.Reservation[k], Seating.Name(s.RoleOf(p)), k < r.Horizons.Count ? r.Horizons[k] : null)))
            .ToDictionary(x => x.p, x => x.Item2, StringComparer.Ordinal);

    private static Dictionary<string, double> Package(DealSpace space, int[] p) =>
        space.Issues.Select((i, d) => (i.Id, space.Levels[d][p[d]])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal);

    private static double? Num(double x) => double.IsNaN(x) ? null : x;
}
