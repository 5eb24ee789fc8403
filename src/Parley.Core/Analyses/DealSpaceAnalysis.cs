using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;

namespace Parley.Core.Analyses;

/// <summary>Which deals exist: the request.</summary>
public sealed record DealRequest : AnalysisRequest
{
    /// <summary>The variant to apply, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The parties analysed (null: every actor).</summary>
    public IReadOnlyList<string>? Actors { get; init; }

    /// <summary>Grid step on continuous issues (null: anchors, midpoints and red-line limits).</summary>
    public double? Step { get; init; }

    /// <summary>Monte Carlo draws over the uncertain inputs (0: none).</summary>
    public long Draws { get; init; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads (null: all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Deal parameters for this run (<c>deal.shape=quadratic</c>), applied after the scenario's <c>models:</c> block.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];
}

/// <summary>The deal space of a scenario: zone of agreement, bargaining solutions, blockers, trades, frontier, hub and spoke.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Variant">Variant applied, or null.</param>
/// <param name="Parties">The group analysed (by their roles: the actors who sign), each with its role and its utility of the Nash package.</param>
/// <param name="Packages">Packages in the grid.</param>
/// <param name="Exact">True when every package was enumerated.</param>
/// <param name="SampleSize">Packages sampled in the approximate mode.</param>
/// <param name="Grid">The levels of each issue.</param>
/// <param name="WithinRedLines">Packages within every party's red lines.</param>
/// <param name="ZoneSize">Packages also at or above every reservation value.</param>
/// <param name="Reservation">Each party's reservation value and its basis.</param>
/// <param name="Solutions">The bargaining solutions (Nash first).</param>
/// <param name="ZoneRanges">Each issue's range inside the zone.</param>
/// <param name="Blockers">Single changes that would open a zone.</param>
/// <param name="Trades">Best two-party trades.</param>
/// <param name="Frontier">The full Pareto frontier (up to four parties).</param>
/// <param name="FrontierPairs">Each pair's own Pareto frontier (groups of three or more).</param>
/// <param name="HubAndSpoke">With a mediator: its Nash deal with each spoke versus all.</param>
/// <param name="Uncertainty">Over draws of the uncertain inputs.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
/// <param name="Seating">Who is in the group and why, in one line.</param>
/// <param name="Objections">What the actors outside the group (no veto) would object to in the Nash package.</param>
/// <param name="FrontierEpsilon">0 when the frontier is exact; else the ε of the ε-Pareto set listed instead (the exact one was too large to list).</param>
public sealed record DealOutcome(
    string Scenario,
    string? Variant,
    IReadOnlyList<SeatedParty> Parties,
    double Packages,
    bool Exact,
    int SampleSize,
    IReadOnlyDictionary<string, double[]> Grid,
    long WithinRedLines,
    long ZoneSize,
    IReadOnlyDictionary<string, ReservationValue> Reservation,
    IReadOnlyList<DealSolution> Solutions,
    IReadOnlyList<ZoneRange> ZoneRanges,
    IReadOnlyList<DealBlocker> Blockers,
    IReadOnlyList<DealTrade> Trades,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DealFrontierPoint>? Frontier,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DealFrontierPair>? FrontierPairs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HubDeal>? HubAndSpoke,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DealUncertainty? Uncertainty,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote,
    string? Seating = null,
    IReadOnlyList<Objection>? Objections = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double FrontierEpsilon = 0) : AnalysisResult
{
    /// <summary>True when some package is acceptable to every party.</summary>
    [JsonIgnore]
    public bool ZoneExists => ZoneSize > 0;

    /// <summary>The Nash package of the parties (null without a zone).</summary>
    [JsonIgnore]
    public DealSolution? Nash => Solutions.FirstOrDefault(s => s.Name == "nash");
}

/// <summary>A party's utility of no deal.</summary>
/// <param name="Value">The reservation value.</param>
/// <param name="Basis">Where it comes from.</param>
public sealed record ReservationValue(double Value, string Basis);

/// <summary>A package's level on one issue.</summary>
/// <param name="Value">The level.</param>
/// <param name="Reading">In the issue's words.</param>
public sealed record PackageLevel(double Value, string Reading);

/// <summary>A bargaining solution.</summary>
/// <param name="Name">nash, asymmetric-nash, kalai-smorodinsky, egalitarian, utilitarian.</param>
/// <param name="Package">Its level per issue.</param>
/// <param name="Utility">Every actor's utility of it.</param>
/// <param name="Gain">Every actor's gain over its reservation value.</param>
public sealed record DealSolution(string Name, IReadOnlyDictionary<string, PackageLevel> Package, IReadOnlyDictionary<string, double> Utility, IReadOnlyDictionary<string, double> Gain)
{
    /// <summary>The package as issue id → level.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, double> Levels => Package.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
}

/// <summary>An issue's range inside the zone.</summary>
/// <param name="Issue">Issue id.</param>
/// <param name="Min">Lowest level.</param>
/// <param name="Max">Highest level.</param>
public sealed record ZoneRange(string Issue, double Min, double Max);

/// <summary>A single change that would open a zone.</summary>
/// <param name="Actor">Whose constraint.</param>
/// <param name="Kind">reservation or red-line.</param>
/// <param name="Issue">The red line's issue.</param>
/// <param name="Relaxation">How far it must move.</param>
public sealed record DealBlocker(string Actor, string Kind, string? Issue, double Relaxation)
{
    /// <summary>The constraint in words: "reservation value" or "red line on ISSUE".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Constraint => Kind == "reservation" ? "reservation value" : "red line on " + Issue;

    /// <summary>A blocker found in a scenario, with its change in words.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="actor">Whose constraint.</param>
    /// <param name="kind">reservation or red-line.</param>
    /// <param name="issue">The red line's issue.</param>
    /// <param name="relaxation">How far it must move.</param>
    public static DealBlocker In(Domain.Scenario scenario, string actor, string kind, string? issue, double relaxation)
    {
        var b = new DealBlocker(actor, kind, issue, relaxation);
        return b with { Change = b.Describe(scenario) };
    }

    /// <summary>The smallest change that opens a zone, in words ("move it from 75 to 50 (at least)"), as <see cref="Describe"/> wrote it.</summary>
    public string? Change { get; init; }

    /// <summary>The smallest change that opens a zone, in words ("move it from 75 to 50 (at least)").</summary>
    /// <param name="scenario">The scenario the blocker was found in.</param>
    public string Describe(Domain.Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (Kind == "reservation")
        {
            return string.Create(inv, $"accept {Relaxation:0.00} less than its alternative");
        }

        Domain.Issue issue = scenario.FindIssue(Issue!)!;
        Domain.RedLine? line = scenario.FindActor(Actor)?.StanceOn(issue.Id)?.RedLine;
        if (line?.Limit is Domain.Quantity q && issue.Kind == Domain.IssueKind.Continuous)
        {
            double moved = line.Bound == Domain.RedLineBound.AtLeast ? q.Value - Relaxation : q.Value + Relaxation;
            return $"move it from {Domain.IssueWords.Number(issue, q.Value)} to {Domain.IssueWords.Number(issue, moved)} ({(line.Bound == Domain.RedLineBound.AtLeast ? "at least" : "at most")})";
        }

        return "allow one more option";
    }
}

/// <summary>A two-party trade.</summary>
/// <param name="A">First party.</param>
/// <param name="B">Second party.</param>
/// <param name="IssueForA">The issue the first gets its way on.</param>
/// <param name="LevelForA">Its level.</param>
/// <param name="IssueForB">The issue the second gets its way on.</param>
/// <param name="LevelForB">Its level.</param>
/// <param name="GainA">The first's gain.</param>
/// <param name="GainB">The second's gain.</param>
public sealed record DealTrade(string A, string B, string IssueForA, double LevelForA, string IssueForB, double LevelForB, double GainA, double GainB);

/// <summary>A point of the Pareto frontier.</summary>
/// <param name="Utility">Each party's utility.</param>
/// <param name="Package">Its level per issue.</param>
/// <param name="Ties">Packages with the same utilities.</param>
public sealed record DealFrontierPoint(IReadOnlyDictionary<string, double> Utility, IReadOnlyDictionary<string, double> Package, long Ties);

/// <summary>The frontier projected on two parties.</summary>
/// <param name="A">First party.</param>
/// <param name="B">Second party.</param>
/// <param name="Points">(u_A, u_B) pairs.</param>
public sealed record DealFrontierPair(string A, string B, IReadOnlyList<double[]> Points);

/// <summary>The mediator's Nash deal with one group.</summary>
/// <param name="Deal">Label (mediator + spoke, or all).</param>
/// <param name="Nash">The deal, or null when none exists.</param>
/// <param name="Acceptable">Per actor: within its red lines and reservation value.</param>
public sealed record HubDeal(string Deal, DealSolution? Nash, IReadOnlyDictionary<string, bool> Acceptable);

/// <summary>The deal space over draws of the uncertain inputs.</summary>
/// <param name="Draws">Draws.</param>
/// <param name="Seed">Seed.</param>
/// <param name="GridStep">Grid step used.</param>
/// <param name="ZoneProbability">Share of draws with a zone.</param>
/// <param name="BlockerShare">Per blocker: share of draws in which it would open a zone.</param>
/// <param name="Nash">The Nash package's quantiles per issue over draws with a zone.</param>
public sealed record DealUncertainty(long Draws, ulong Seed, double? GridStep, double ZoneProbability, IReadOnlyDictionary<string, double> BlockerShare, IReadOnlyDictionary<string, LevelQuantiles> Nash)
{
    /// <summary>The 90% interval (Wilson) of <see cref="ZoneProbability"/>: low and high.</summary>
    public IReadOnlyList<double>? ZoneInterval { get; init; }

    /// <summary>
    /// The Nash package as a distribution: the whole packages the Nash solution took most often over the draws with a zone,
    /// most frequent first (at most five), each with its count, its share of the draws with a zone and that share's 90% interval.
    /// </summary>
    public IReadOnlyList<NashShare> NashPackages { get; init; } = [];

    /// <summary>Distinct Nash packages over the draws with a zone.</summary>
    public long DistinctNashPackages { get; init; }
}

/// <summary>One Nash package over draws: how often the Nash solution was exactly this package.</summary>
/// <param name="Package">Issue id → level.</param>
/// <param name="Count">Draws in which it was the Nash package.</param>
/// <param name="Of">Draws with a zone.</param>
/// <param name="Share">Count / Of.</param>
/// <param name="Low">Low end of the share's 90% interval (Wilson).</param>
/// <param name="High">High end.</param>
public sealed record NashShare(IReadOnlyDictionary<string, double> Package, long Count, long Of, double Share, double Low, double High);

/// <summary>10th percentile, median and 90th percentile (null where no draw had a value).</summary>
/// <param name="P10">10th percentile.</param>
/// <param name="Median">Median.</param>
/// <param name="P90">90th percentile.</param>
public sealed record LevelQuantiles(double? P10, double? Median, double? P90);

/// <summary>Runs deal-space analyses: the one way to the zone, the bargaining solutions and the Nash deal of the table.</summary>
public static class DealSpaceAnalysis
{
    /// <summary>The bargaining solutions' names, Nash first.</summary>
    public static IReadOnlyList<string> SolutionNames => DealAnalysis.SolutionNames;

    /// <summary>The deal settings in force: the scenario's <c>models:</c> block, then the request's (deal.* keys only).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="parameters">The request's parameters.</param>
    /// <param name="step">The request's grid step, if any.</param>
    /// <param name="errors">Receives one message per bad setting.</param>
    public static DealSettings Settings(Scenario scenario, IEnumerable<KeyValuePair<string, string>> parameters, double? step, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(errors);
        var cli = new List<KeyValuePair<string, string>>(parameters);
        if (step is double st)
        {
            cli.Add(new("deal.step", st.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach ((string k, _) in cli)
        {
            if (!k.StartsWith("deal.", StringComparison.Ordinal))
            {
                errors.Add($"'{k}' is not a deal parameter (deal.step, deal.shape, deal.weights, deal.horizon)");
            }
        }

        // the scenario's models block was bound once when it loaded; only a request's own parameters need binding here
        return cli.Count == 0 ? ScenarioOptions.Deal(scenario) : DealSettings.From(scenario.ModelParameters.Concat(cli), errors);
    }

    /// <summary>Analyses the deal space of the set's scenario.</summary>
    /// <param name="request">What to analyse.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<DealOutcome> Run(DealRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        return set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is { } scenario
            ? Run(request, scenario, set.MainFile, context)
            : AnalysisOutcome<DealOutcome>.Fail([.. problems]);
    }

    /// <summary>Analyses the deal space of a scenario already chosen.</summary>
    /// <param name="request">What to analyse (its variant is taken as applied).</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="file">The scenario's file, for the provenance note.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<DealOutcome> Run(DealRequest request, Scenario scenario, string file, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scenario);
        context ??= AnalysisContext.None;
        string? badOption = request.Draws < 0 ? "--draws must be 0 or more"
            : request.Step is <= 0 ? "--step must be positive (leave it out for the default grid: anchors, midpoints and red lines)"
            : request.Threads is < 1 ? "--threads must be 1 or more"
            : null;
        if (badOption is not null)
        {
            return AnalysisOutcome<DealOutcome>.Refuse(badOption);
        }

        if ((Limits.Draws(request.Draws) ?? (request.Step is double st ? Limits.Grid(scenario.Issues, st, "--step") : null)) is string refused)
        {
            return AnalysisOutcome<DealOutcome>.Refuse(refused);
        }

        var errors = new List<string>();
        DealSettings settings = Settings(scenario, request.Parameters, request.Step, errors);
        if (errors.Count > 0)
        {
            return AnalysisOutcome<DealOutcome>.Fail([.. errors.Select(e => new Scenarios.Diagnostic(Scenarios.Severity.Error, Scenarios.DiagnosticCodes.Request, string.Empty, 0, 0, "--param " + e, null))]);
        }

        DealSpace space = DealSpace.Build(scenario, settings);
        int[] group;
        if (request.Actors is null)
        {
            group = [.. scenario.Signatories().Select(space.IndexOf)];
            if (group.Length < 2)
            {
                return AnalysisOutcome<DealOutcome>.NotApplicable($"only {group.Length} actor(s) sign an agreement ({Seats.Explain(scenario, scenario.Signatories(), false)})",
                    file, "give 'role: party' to the actors who must accept the deal, or choose them with --actors");
            }
        }
        else
        {
            IReadOnlyList<string> wrong = request.Actors.Count == 0 ? ["--actors names nobody"] : Seats.Check(scenario, request.Actors, "--actors");
            if (wrong.Count > 0)
            {
                return AnalysisOutcome<DealOutcome>.Refuse(string.Join("; ", wrong));
            }

            group = [.. request.Actors.Distinct(StringComparer.Ordinal).Select(space.IndexOf)];
        }

        context.Cancellation.ThrowIfCancellationRequested();
        DealReport report = DealAnalysis.Run(space, group);
        IReadOnlyList<CoalitionDeal> hub = [];
        string? mediator = scenario.Channels.Mediator;
        if (mediator is not null && group.Contains(space.IndexOf(mediator)) && group.Length > 2)
        {
            int m = space.IndexOf(mediator);
            int[] spokes = [.. group.Where(g => g != m && scenario.Channels.Connects(mediator, space.Actors[g].Id))];
            hub = HubAndSpoke.Compare(space, m, spokes, group);
        }

        DealUncertainty? uncertainty = null;
        if (request.Draws > 0)
        {
            // the same grid as the central analysis (a coarser --step for very large spaces)
            DealDistribution dist = MonteCarloDeal.Run(scenario, settings, [.. group.Select(g => space.Actors[g].Id)], request.Draws, request.Seed, request.Threads,
                request.Draws >= 20 ? context.Reporter("analyze", request.Draws) : null);
            uncertainty = new DealUncertainty(
                dist.Draws,
                request.Seed,
                settings.Step,
                dist.ZoneProbability,
                dist.BlockerDraws.ToDictionary(kv => kv.Key, kv => (double)kv.Value / dist.Draws, StringComparer.Ordinal),
                space.Issues.Select((issue, d) => (issue.Id, Q: new LevelQuantiles(Num(dist.NashQuantile(space, d, 0.1)), Num(dist.NashQuantile(space, d, 0.5)), Num(dist.NashQuantile(space, d, 0.9)))))
                    .ToDictionary(x => x.Id, x => x.Q, StringComparer.Ordinal))
            {
                ZoneInterval = Interval(new Proportion(dist.ZoneDraws, dist.Draws)),
                NashPackages = [.. dist.NashPackages.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(5).Select(kv =>
                {
                    int[] levels = [.. kv.Key.Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture))];
                    var p = new Proportion(kv.Value, dist.ZoneDraws);
                    (double lo, double hi) = p.Interval90;
                    return new NashShare(space.Issues.Select((issue, d) => (issue.Id, V: space.Levels[d][levels[d]])).ToDictionary(x => x.Id, x => x.V, StringComparer.Ordinal), kv.Value, dist.ZoneDraws, p.Share, lo, hi);
                })],
                DistinctNashPackages = dist.NashPackages.Count + (dist.OtherNashPackages > 0 ? 1 : 0),
            };
        }

        return AnalysisOutcome<DealOutcome>.Ok(Outcome(scenario, file, report, hub, uncertainty));
    }

    private static double[] Interval(Proportion p)
    {
        (double lo, double hi) = p.Interval90;
        return [lo, hi];
    }

    /// <summary>The typed outcome of a deal report (also for a deal space built elsewhere, e.g. a what-if).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="file">Its file, for the provenance note.</param>
    /// <param name="r">The report.</param>
    /// <param name="hub">Hub-and-spoke rows.</param>
    /// <param name="uncertainty">Over draws, or null.</param>
    internal static DealOutcome Outcome(Scenario scenario, string file, DealReport r, IReadOnlyList<CoalitionDeal> hub, DealUncertainty? uncertainty)
    {
        DealSpace s = r.Space;
        Solution? nash = r.Find("nash");
        string[] ids = [.. r.Group.Select(g => s.Actors[g].Id)];
        return new DealOutcome(
            scenario.Name,
            scenario.AppliedVariant,
            Seats.Of(scenario, s, r.Group, nash?.Levels),
            r.PackageCount,
            r.Exact,
            r.SampleSize,
            s.Issues.Select((i, d) => (i.Id, Levels: (double[])s.Levels[d].Clone())).ToDictionary(x => x.Id, x => x.Levels, StringComparer.Ordinal),
            r.FeasibleCount,
            r.ZopaCount,
            r.Group.ToDictionary(g => s.Actors[g].Id, g => new ReservationValue(s.Reservation[g], s.ReservationBasis[g]), StringComparer.Ordinal),
            [.. r.Solutions.Select(sol => Solution(s, sol))],
            [.. r.ZopaRanges.Select(z => new ZoneRange(z.IssueId, z.Min, z.Max))],
            [.. r.Blockers.Select(b => DealBlocker.In(scenario, b.ActorId, b.Kind, b.IssueId, b.Relaxation))],
            [.. r.Trades.Select(t => new DealTrade(t.A, t.B, t.IssueForA, s.Levels[IssueIndex(s, t.IssueForA)][t.LevelForA], t.IssueForB, s.Levels[IssueIndex(s, t.IssueForB)][t.LevelForB], t.GainA, t.GainB))],
            r.Frontier is { } f ? [.. f.Select(p => new DealFrontierPoint(
                r.Group.Select((g, k) => (s.Actors[g].Id, p.Utilities[k])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
                s.Issues.Select((i, d) => (i.Id, s.Levels[d][p.Levels[d]])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
                p.Ties))] : null,
            r.Projections.Count > 0 ? [.. r.Projections.Select(p => new DealFrontierPair(p.A, p.B, [.. p.Points.Select(x => new[] { x.Utilities[0], x.Utilities[1] })]))] : null,
            hub.Count > 0 ? [.. hub.Select(h => new HubDeal(h.Label, h.Deal is null ? null : Solution(s, h.Deal),
                s.Actors.Select((a, k) => (a.Id, h.Deal is not null && h.Acceptable[k])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal)))] : null,
            uncertainty,
            scenario.HasSources ? ProvenanceNote.For(file) : null,
            Seats.Explain(scenario, ids, chosen: !ids.Order(StringComparer.Ordinal).SequenceEqual(scenario.Signatories().Order(StringComparer.Ordinal))),
            nash is null ? [] : Seats.Objections(scenario, s, r.Group, nash.Levels),
            r.FrontierEpsilon);
    }

    private static DealSolution Solution(DealSpace s, Solution sol) => new(
        sol.Name,
        s.Issues.Select((i, d) => (i.Id, new PackageLevel(s.Levels[d][sol.Levels[d]], s.Describe(d, sol.Levels[d])))).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
        s.Actors.Select((a, k) => (a.Id, sol.Utilities[k])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
        s.Actors.Select((a, k) => (a.Id, sol.Gains[k])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal));

    private static int IssueIndex(DealSpace s, string id)
    {
        for (int d = 0; d < s.Issues.Count; d++)
        {
            if (s.Issues[d].Id == id)
            {
                return d;
            }
        }

        return -1;
    }

    private static double? Num(double x) => double.IsNaN(x) ? null : x;
}
