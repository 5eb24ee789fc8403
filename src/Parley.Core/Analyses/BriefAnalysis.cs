using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Conflict;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Randomness;
using Parley.Core.Scenarios;

namespace Parley.Core.Analyses;

/// <summary>One party's brief: the request.</summary>
public sealed record BriefRequest : AnalysisRequest
{
    /// <summary>The party the brief is for (an actor id).</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>The variant to apply first, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>Draws of the uncertain inputs, as the party sees them, behind every interval (0: central values only).</summary>
    public long Draws { get; init; } = BriefAnalysis.DefaultDraws;

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads (null: all cores; the result does not depend on it).</summary>
    public int? Threads { get; init; }
}

/// <summary>A number as the brief's reader sees it.</summary>
/// <param name="Value">The value, or null when the reader cannot see it (another party's private number).</param>
/// <param name="Low">The low end of its range (the public prior of a hidden number), or null.</param>
/// <param name="High">The high end of its range, or null.</param>
/// <param name="Text">In words: "85 [75, 100]", "private: 75 to 100", "unknown".</param>
public sealed record BriefNumber(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Low,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? High,
    string Text);

/// <summary>Where an actor stands on one issue, as the reader sees it.</summary>
/// <param name="Issue">Issue id.</param>
/// <param name="Name">Issue name.</param>
/// <param name="Position">Its position.</param>
/// <param name="Salience">How much it cares (0 to 1).</param>
/// <param name="RedLine">Its red line in words ("at least 75", "at most: private, 40 to 60", "a red line: limit unknown"), or null when it has none.</param>
public sealed record BriefStance(string Issue, string Name, BriefNumber Position, BriefNumber Salience, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RedLine);

/// <summary>The party's alternative to agreement at one step from now.</summary>
/// <param name="Step">Time steps from now.</param>
/// <param name="Median">Median over the draws.</param>
/// <param name="Low">10th percentile.</param>
/// <param name="High">90th percentile.</param>
public sealed record BriefAlternativePoint(int Step, double Median, double Low, double High);

/// <summary>The party's alternative to agreement (its reservation value) and how it moves.</summary>
/// <param name="Value">Now, on the central values.</param>
/// <param name="Basis">Where it comes from.</param>
/// <param name="OverTime">Over the coming steps (empty when it does not move in this model).</param>
/// <param name="Reading">One line on what it means.</param>
public sealed record BriefAlternative(double Value, string Basis, IReadOnlyList<BriefAlternativePoint> OverTime, string Reading);

/// <summary>How close another actor stands to the reader on what the reader cares about.</summary>
/// <param name="Actor">The other actor.</param>
/// <param name="Median">Affinity, 0 (opposite ends on everything the reader cares about) to 1 (the same positions): median over draws.</param>
/// <param name="Low">10th percentile.</param>
/// <param name="High">90th percentile.</param>
/// <param name="Shared">Issues on which the two stand within a fifth of the scale (central values).</param>
public sealed record BriefAffinity(string Actor, double Median, double Low, double High, IReadOnlyList<string> Shared);

/// <summary>Something that moves a counterpart.</summary>
/// <param name="Kind">variant, pressure, escalation, event, red-line or reservation (the last two: a constraint of its that alone blocks a zone).</param>
/// <param name="Name">The variant's or event's id, or the lever's or constraint's name ("red line on territory").</param>
/// <param name="Effect">What it does, in words, computed on the reader's view.</param>
public sealed record BriefLever(string Kind, string Name, string Effect);

/// <summary>Another actor as the reader sees it.</summary>
/// <param name="Actor">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Role">Its role.</param>
/// <param name="Stances">Where it stands.</param>
/// <param name="CaresMost">Its issues by salience, most first (as the reader can estimate it).</param>
/// <param name="Affinity">How close it stands to the reader.</param>
/// <param name="Levers">What moves it.</param>
/// <param name="Unknown">Its numbers the reader cannot see (paths), with what the reader takes for them.</param>
public sealed record BriefCounterpart(string Actor, string Name, string Role, IReadOnlyList<BriefStance> Stances, IReadOnlyList<string> CaresMost, BriefAffinity Affinity, IReadOnlyList<BriefLever> Levers, IReadOnlyList<string> Unknown);

/// <summary>A package with the reader's utility of it.</summary>
/// <param name="Name">best, worst or nash.</param>
/// <param name="Package">Its level per issue.</param>
/// <param name="Utility">The reader's utility.</param>
/// <param name="Gain">Over the reader's alternative.</param>
public sealed record BriefPackage(string Name, IReadOnlyDictionary<string, PackageLevel> Package, double Utility, double Gain);

/// <summary>The zone of agreement as the reader sees it.</summary>
/// <param name="Group">Whose zone: the signatories (the reader's best and worst packages must also be acceptable to the reader).</param>
/// <param name="WithinRedLines">Packages within every known red line of the group.</param>
/// <param name="Size">Packages also at or above every alternative.</param>
/// <param name="Probability">Share of draws (of the numbers as the reader sees them) with a zone, or null without draws.</param>
/// <param name="ProbabilityInterval">Its 90% interval, or null.</param>
/// <param name="Ranges">Each issue's range inside the zone.</param>
/// <param name="Best">The zone's package best for the reader among those it accepts (within its red lines, worth its alternative), or null.</param>
/// <param name="Worst">The zone's package worst for the reader among those it accepts (the most it could concede and still gain), or null.</param>
/// <param name="Nash">The group's Nash package, or null.</param>
/// <param name="Blockers">Without a zone: the single changes that would open one.</param>
public sealed record BriefZone(
    IReadOnlyList<string> Group,
    long WithinRedLines,
    long Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Probability,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? ProbabilityInterval,
    IReadOnlyList<ZoneRange> Ranges,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BriefPackage? Best,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BriefPackage? Worst,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BriefPackage? Nash,
    IReadOnlyList<string> Blockers)
{
    /// <summary>True when some package is acceptable to the whole group.</summary>
    [JsonIgnore]
    public bool Exists => Size > 0;
}

/// <summary>A trade the reader could offer.</summary>
/// <param name="With">The other party.</param>
/// <param name="Gets">What the reader gets, in words.</param>
/// <param name="Gives">What it gives, in words.</param>
/// <param name="Gain">The reader's gain.</param>
/// <param name="TheirGain">The other's gain.</param>
public sealed record BriefTrade(string With, string Gets, string Gives, double Gain, double TheirGain);

/// <summary>What could break the deal.</summary>
/// <param name="Deal">The deal tested (the group's Nash package).</param>
/// <param name="Holding">Share of power paths on which it holds at 1, 2 and 5 years.</param>
/// <param name="HoldingRange">10th-90th percentile of the holding share over draws of the inputs, per mark.</param>
/// <param name="BrokenBy">Paths on which each side broke it.</param>
/// <param name="Paths">Power paths.</param>
/// <param name="Empirical5y">Share of real agreements like it holding after five years (UCDP), or null.</param>
/// <param name="Risks">The risks in words, largest first.</param>
public sealed record BriefDurability(
    string Deal,
    IReadOnlyDictionary<string, double> Holding,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double[]>? HoldingRange,
    IReadOnlyDictionary<string, long> BrokenBy,
    int Paths,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Empirical5y,
    IReadOnlyList<string> Risks)
{
    /// <summary>Draws of the uncertain inputs behind <see cref="HoldingRange"/> (the durability model's own number, not the brief's).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? InputDraws { get; init; }
}

/// <summary>A number whose range spans where the analyses behind it disagree.</summary>
/// <param name="Path">Its path.</param>
/// <param name="Range">Its range.</param>
/// <param name="Sources">The sources whose quotes pull it apart.</param>
/// <param name="Quotes">The quotes, with what each supports.</param>
public sealed record BriefDisagreement(string Path, IReadOnlyList<double> Range, IReadOnlyList<string> Sources, IReadOnlyList<Citation> Quotes);

/// <summary>
/// One party's brief (<c>parley brief FILE --for ACTOR</c>), computed on the party's view of the scenario
/// (<see cref="PartyView"/>): nothing in it depends on another party's private values.
/// </summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Variant">The variant applied, or null.</param>
/// <param name="Actor">The party's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Role">Its role.</param>
/// <param name="Draws">Draws behind the intervals.</param>
/// <param name="Seed">Seed.</param>
/// <param name="View">What the brief may know, in one line.</param>
/// <param name="Own">The party's own stances.</param>
/// <param name="Alternative">Its alternative to agreement and how it moves.</param>
/// <param name="Others">Every other actor.</param>
/// <param name="Zone">The zone of agreement from its side.</param>
/// <param name="Trades">Trades it could offer, best first.</param>
/// <param name="Partners">Its natural coalition partners: the others by affinity, closest first.</param>
/// <param name="Durability">What could break the deal, or null without a deal or dynamics.</param>
/// <param name="Disagreements">Numbers it can see whose range spans a disagreement between the analyses.</param>
/// <param name="Hidden">Every number it cannot see, with its public prior.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record BriefOutcome(
    string Scenario,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Variant,
    string Actor,
    string Name,
    string Role,
    long Draws,
    ulong Seed,
    string View,
    IReadOnlyList<BriefStance> Own,
    BriefAlternative Alternative,
    IReadOnlyList<BriefCounterpart> Others,
    BriefZone Zone,
    IReadOnlyList<BriefTrade> Trades,
    IReadOnlyList<BriefAffinity> Partners,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BriefDurability? Durability,
    IReadOnlyList<BriefDisagreement> Disagreements,
    IReadOnlyList<HiddenNumber> Hidden,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>
/// Builds a party's brief from the engines the other analyses use (the deal space, the strategic durability model, the
/// war's dynamics), run on the party's view of the scenario, never on the scenario itself.
/// </summary>
public static class BriefAnalysis
{
    /// <summary>Draws behind the intervals unless the request says otherwise.</summary>
    public const long DefaultDraws = 200;

    /// <summary>The steps at which the brief reads the alternative.</summary>
    public static IReadOnlyList<int> AlternativeSteps { get; } = [0, 3, 6, 12, 24];

    /// <summary>Builds the brief.</summary>
    /// <param name="request">Whose brief, and the run's settings.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<BriefOutcome> Run(BriefRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        if (request.Draws < 0 || request.Threads is < 1)
        {
            return AnalysisOutcome<BriefOutcome>.Refuse(request.Draws < 0 ? "--draws must be 0 or more" : "--threads must be 1 or more");
        }

        if (Limits.Draws(request.Draws) is string tooMany)
        {
            return AnalysisOutcome<BriefOutcome>.Refuse(tooMany);
        }

        if (set.Resolve(request.Variant, out IReadOnlyList<Diagnostic> problems) is not { } scenario)
        {
            return AnalysisOutcome<BriefOutcome>.Fail([.. problems]);
        }

        if ((scenario.FindActor(request.Actor) ?? scenario.Actors.FirstOrDefault(a => string.Equals(a.Id, request.Actor, StringComparison.OrdinalIgnoreCase))) is not { } reader)
        {
            return AnalysisOutcome<BriefOutcome>.Refuse(
                $"whose brief? '{request.Actor}' is not an actor of {scenario.Name} (the actors: {string.Join(", ", scenario.Actors.Select(a => a.Id))})");
        }

        if (scenario.Signatories().Count < 2)
        {
            return AnalysisOutcome<BriefOutcome>.NotApplicable($"only {scenario.Signatories().Count} actor(s) sign an agreement, so there is no zone of agreement to brief on",
                set.MainFile, "give 'role: party' to the actors who must accept the deal");
        }

        ScenarioView view = PartyView.Of(scenario, reader.Id);
        Scenario s = view.Scenario;
        DealSettings settings = ScenarioOptions.Deal(s);
        DealSpace space = DealSpace.Build(s, settings);
        int me = space.IndexOf(reader.Id);

        context.Cancellation.ThrowIfCancellationRequested();
        BriefZone zone = Zone(request, s, set.MainFile, space, me, context, out DealOutcome deal);
        BriefAffinity[] affinity = [.. s.Actors.Where(a => a.Id != reader.Id).Select(a => Affinity(s, reader, a, request))];
        var others = new List<BriefCounterpart>();
        var variants = new Dictionary<string, (DealSpace Space, Solution? Nash)>(StringComparer.Ordinal);
        foreach (Actor other in s.Actors.Where(a => a.Id != reader.Id))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            others.Add(new BriefCounterpart(
                other.Id,
                other.Name,
                s.Describe(other),
                Stances(s, other, view),
                [.. other.Stances.Where(st => st.Salience.Value > 0).OrderByDescending(st => st.Salience.Value).ThenBy(st => st.IssueId, StringComparer.Ordinal).Select(st => st.IssueId)],
                affinity.First(x => x.Actor == other.Id),
                Levers(request with { Actor = reader.Id }, set, s, space, deal, other, view, variants),
                [.. view.Hidden.Where(h => h.Owner == other.Id).Select(h => $"{h.Path}: {Prior(h)}")]));
        }

        BriefTrade[] trades = [.. deal.Trades.Where(t => t.A == reader.Id || t.B == reader.Id).Select(t => Trade(s, reader.Id, t))];
        return AnalysisOutcome<BriefOutcome>.Ok(new BriefOutcome(
            scenario.Name,
            scenario.AppliedVariant,
            reader.Id,
            reader.Name,
            s.Describe(reader),
            request.Draws,
            request.Seed,
            ViewLine(reader, view),
            Stances(s, reader, view),
            Alternative(request, s, space, me),
            others,
            zone,
            trades,
            [.. affinity.OrderByDescending(a => a.Median).ThenBy(a => a.Actor, StringComparer.Ordinal)],
            Durability(request, s, set.MainFile, zone, reader.Id),
            Disagreements(s),
            view.Hidden,
            scenario.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }

    private static string ViewLine(Actor reader, ScenarioView view)
    {
        int unknown = view.Hidden.Count(h => h.Prior is null);
        return string.Create(CultureInfo.InvariantCulture,
            $"Computed on the view of {reader.Name}: its own numbers, everyone's public numbers, and the others' private numbers only as the ranges the scenario states for them ({view.Hidden.Count - unknown} such numbers, taken at the middle of the range) or as unknown ({unknown}: a whole scale, or left out).");
    }

    private static string Prior(HiddenNumber h) => h.Prior is Interval r
        ? string.Create(CultureInfo.InvariantCulture, $"private, {Num(r.Low)} to {Num(r.High)}")
        : "unknown (" + h.UsedAs.Replace("unknown: ", string.Empty, StringComparison.Ordinal) + ")";

    private static List<BriefStance> Stances(Scenario s, Actor a, ScenarioView view)
    {
        var result = new List<BriefStance>();
        foreach (Stance st in a.Stances)
        {
            Issue issue = s.FindIssue(st.IssueId)!;
            string p = $"actors.{a.Id}.stances.{st.IssueId}";
            HiddenNumber? lineHidden = view.Hidden.FirstOrDefault(h => h.Path.StartsWith(p + ".red_line.", StringComparison.Ordinal));
            string? line = st.RedLine switch
            {
                null when lineHidden is not null => $"{Bound(lineHidden.Path)}: limit unknown",
                null => null,
                { Bound: RedLineBound.Excludes } r => "excludes " + string.Join(", ", r.Excluded.Select(o => issue.Format(o))),
                { Limit: { } q } r => Bound(r.Bound == RedLineBound.AtLeast ? ".at_least" : ".at_most") + " " + Number(issue, q, lineHidden).Text,
                _ => null,
            };
            result.Add(new BriefStance(issue.Id, issue.Name, Number(issue, st.Position, Find(view, p + ".position")), Number(null, st.Salience, Find(view, p + ".salience")), line));
        }

        return result;

        static string Bound(string path) => path.EndsWith(".at_least", StringComparison.Ordinal) ? "at least" : "at most";
    }

    private static HiddenNumber? Find(ScenarioView view, string path) => view.Hidden.FirstOrDefault(h => h.Path == path);

    /// <summary>A number as the reader sees it: its value with its range, its prior's range, or unknown.</summary>
    private static BriefNumber Number(Issue? issue, Quantity q, HiddenNumber? hidden)
    {
        string N(double x) => issue is null ? x.ToString("0.##", CultureInfo.InvariantCulture) : IssueWords.Number(issue, x);
        if (hidden is null)
        {
            return q.Range is Interval r
                ? new BriefNumber(q.Value, r.Low, r.High, $"{N(q.Value)} [{N(r.Low)}, {N(r.High)}]")
                : new BriefNumber(q.Value, null, null, N(q.Value));
        }

        return hidden.Prior is Interval p
            ? new BriefNumber(null, p.Low, p.High, $"private: {N(p.Low)} to {N(p.High)}")
            : new BriefNumber(null, null, null, "unknown");
    }

    private static string Num(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static BriefZone Zone(BriefRequest request, Scenario s, string file, DealSpace space, int me, AnalysisContext context, out DealOutcome deal)
    {
        // the zone is the signatories' (a reader without a seat has no veto); its best and worst packages must also be
        // acceptable to the reader: within its red lines and worth its alternative
        string[] group = [.. s.Signatories()];
        AnalysisOutcome<DealOutcome> outcome = DealSpaceAnalysis.Run(new DealRequest { Actors = group, Draws = request.Draws, Seed = request.Seed, Threads = request.Threads }, s, file, context);
        deal = outcome.Result ?? throw new InvalidOperationException("the deal space of a bound scenario's signatories cannot fail: " + string.Join("; ", outcome.Problems.Select(p => p.Message)));
        int[] members = [.. group.Select(space.IndexOf)];
        if (!members.Contains(me))
        {
            members = [.. members, me];
        }

        BriefPackage? best = null, worst = null;
        if (deal.ZoneExists && space.PackageCount <= space.Settings.MaxExact)
        {
            int k = Array.IndexOf(members, me);
            double[] r = [.. members.Select(g => space.Reservation[g])];
            Extremes ends = Packages.Run(space, members, DealAnalysis.AllowedLevels(space, members), () => new Extremes(k, r, space.Issues.Count), space.PackageCount >= 200_000);
            best = ends.BestLevels is { } bl ? Package(space, "best", bl, me) : null;
            worst = ends.WorstLevels is { } wl ? Package(space, "worst", wl, me) : null;
        }

        BriefPackage? nash = deal.Nash is { } n
            ? new BriefPackage("nash", n.Package, n.Utility[s.Actors[me].Id], n.Gain[s.Actors[me].Id])
            : null;
        return new BriefZone(
            group,
            deal.WithinRedLines,
            deal.ZoneSize,
            deal.Uncertainty?.ZoneProbability,
            deal.Uncertainty?.ZoneInterval,
            deal.ZoneRanges,
            best,
            worst,
            nash,
            deal.ZoneExists ? [] : [.. deal.Blockers.Select(b => $"{(b.Actor == s.Actors[me].Id ? "your" : b.Actor + "'s")} {b.Constraint}: {b.Change}")]);
    }

    private static BriefPackage Package(DealSpace space, string name, int[] levels, int me)
    {
        var package = new Dictionary<string, PackageLevel>(StringComparer.Ordinal);
        for (int d = 0; d < levels.Length; d++)
        {
            package[space.Issues[d].Id] = new PackageLevel(space.Levels[d][levels[d]], space.Describe(d, levels[d]));
        }

        double u = space.Utility(me, levels);
        return new BriefPackage(name, package, u, u - space.Reservation[me]);
    }

    /// <summary>The zone's packages best and worst for one member (the first in the walk's order on ties, so threads do not change them).</summary>
    private struct Extremes(int member, double[] reservation, int issues) : IPackageVisitor<Extremes>
    {
        private double best = double.NegativeInfinity, worst = double.PositiveInfinity;

        public int[]? BestLevels { get; private set; }

        public int[]? WorstLevels { get; private set; }

        public void Visit(ReadOnlySpan<double> u, ReadOnlySpan<int> levels)
        {
            for (int g = 0; g < u.Length; g++)
            {
                // the zone's own test (DealAnalysis): at or above the alternative, to rounding
                if (u[g] < reservation[g] - 1e-12)
                {
                    return;
                }
            }

            if (u[member] > best)
            {
                best = u[member];
                BestLevels ??= new int[issues];
                levels.CopyTo(BestLevels);
            }

            if (u[member] < worst)
            {
                worst = u[member];
                WorstLevels ??= new int[issues];
                levels.CopyTo(WorstLevels);
            }
        }

        public void Merge(ref Extremes later)
        {
            if (later.best > best)
            {
                best = later.best;
                BestLevels = later.BestLevels;
            }

            if (later.worst < worst)
            {
                worst = later.worst;
                WorstLevels = later.WorstLevels;
            }
        }
    }

    /// <summary>
    /// The reader's affinity with another actor: one minus the reader's salience-weighted distance between their positions,
    /// as a share of each issue's scale (the spatial models' distance, weighted by what the reader cares about), over draws of
    /// both actors' positions and the reader's saliences as the reader sees them.
    /// </summary>
    private static BriefAffinity Affinity(Scenario s, Actor reader, Actor other, BriefRequest request)
    {
        var shared = new List<string>();
        foreach (Stance mine in reader.Stances)
        {
            Issue issue = s.FindIssue(mine.IssueId)!;
            if (other.StanceOn(issue.Id) is { } theirs && issue.Span > 0 && Math.Abs(mine.Position.Value - theirs.Position.Value) <= 0.2 * issue.Span)
            {
                shared.Add(issue.Id);
            }
        }

        double central = AffinityOf(s, reader, other, null);
        if (request.Draws == 0)
        {
            return new BriefAffinity(other.Id, central, central, central, shared);
        }

        var values = new double[request.Draws];
        for (long k = 0; k < request.Draws; k++)
        {
            values[k] = AffinityOf(s, reader, other, RandomSource.ForDraw(request.Seed, k));
        }

        Array.Sort(values);
        return new BriefAffinity(other.Id, Quantiles.Of(values, 0.5), Quantiles.Of(values, 0.1), Quantiles.Of(values, 0.9), shared);
    }

    private static double AffinityOf(Scenario s, Actor reader, Actor other, RandomSource? rng)
    {
        double distance = 0, weight = 0;
        foreach (Stance mine in reader.Stances)
        {
            Issue issue = s.FindIssue(mine.IssueId)!;
            double w = rng is null ? mine.Salience.Value : QuantitySampler.Draw(mine.Salience, rng, 0, 1);
            double x = rng is null ? mine.Position.Value : QuantitySampler.Draw(mine.Position, rng, issue.Min, issue.Max);
            if (other.StanceOn(issue.Id) is not { } theirs || issue.Span <= 0)
            {
                continue;
            }

            double y = rng is null ? theirs.Position.Value : QuantitySampler.Draw(theirs.Position, rng, issue.Min, issue.Max);
            distance += w * Math.Abs(x - y) / issue.Span;
            weight += w;
        }

        return weight > 0 ? 1 - (distance / weight) : 0;
    }

    /// <summary>
    /// The reader's alternative now and over the coming steps: with a stated alternative it does not move in this model;
    /// with the war's dynamics it is the value of fighting on at the chance of prevailing then (MODELS.md §4), less the cost
    /// of war over the horizon, over draws of the chance, its trend and volatility and the war's shocks.
    /// </summary>
    private static BriefAlternative Alternative(BriefRequest request, Scenario s, DealSpace space, int me)
    {
        double now = space.Reservation[me];
        string basis = space.ReservationBasis[me];
        if (s.Actors[me].Alternative is not null || s.Dynamics is not { } dyn || s.FindActor(dyn.Belligerents.A) is null || s.FindActor(dyn.Belligerents.B) is null)
        {
            return new BriefAlternative(now, basis, [], "It does not move over time in this model (a stated alternative, or no war dynamics).");
        }

        int last = AlternativeSteps[^1];
        long draws = Math.Max(1, request.Draws);
        var at = new double[AlternativeSteps.Count][];
        for (int i = 0; i < at.Length; i++)
        {
            at[i] = new double[draws];
        }

        for (long k = 0; k < draws; k++)
        {
            Dynamics drawn = dyn;
            RandomSource? rng = null;
            if (request.Draws > 0)
            {
                rng = RandomSource.ForDraw(request.Seed, k);
                drawn = dyn with
                {
                    PrevailProbability = Quantity.Of(QuantitySampler.Draw(dyn.PrevailProbability, rng, 0, 1)),
                    Trend = Quantity.Of(QuantitySampler.Draw(dyn.Trend, rng, -1, 1)),
                    Volatility = Quantity.Of(QuantitySampler.Draw(dyn.Volatility, rng, 0, 1)),
                };
            }

            double[] path = WarPath.Simulate(drawn, last, rng);
            for (int i = 0; i < at.Length; i++)
            {
                at[i][k] = space.ReservationAt(me, path[AlternativeSteps[i]]);
            }
        }

        var points = new List<BriefAlternativePoint>();
        for (int i = 0; i < at.Length; i++)
        {
            Array.Sort(at[i]);
            points.Add(new BriefAlternativePoint(AlternativeSteps[i], Quantiles.Of(at[i], 0.5), Quantiles.Of(at[i], 0.1), Quantiles.Of(at[i], 0.9)));
        }

        double change = points[^1].Median - points[0].Median;
        double spread = points[^1].High - points[^1].Low;
        string reading = Math.Abs(change) < Math.Max(0.02, spread / 10)
            ? string.Create(CultureInfo.InvariantCulture, $"Over {last} {s.TimeStep}s its median hardly moves") + (request.Draws > 0 && spread > points[0].High - points[0].Low + 0.01
                ? string.Create(CultureInfo.InvariantCulture, $"; the spread widens to {points[^1].Low:0.00}–{points[^1].High:0.00} with the war's uncertainty.") : ".")
            : string.Create(CultureInfo.InvariantCulture, $"Over {last} {s.TimeStep}s its median {(change > 0 ? "rises" : "falls")} by {Math.Abs(change):0.00}: if the war goes on as the scenario expects, time {(change > 0 ? "is on your side" : "works against you")}.");
        return new BriefAlternative(now, basis, points, reading);
    }

    /// <summary>What moves a counterpart, in this order: the scenario's levers aimed at it, the red lines of its that alone block a zone, the variants that change it (each computed on the reader's view), and the events that change it.</summary>
    private static List<BriefLever> Levers(BriefRequest request, ScenarioSet set, Scenario s, DealSpace space, DealOutcome deal, Actor other, ScenarioView view, Dictionary<string, (DealSpace Space, Solution? Nash)> variants)
    {
        var levers = new List<BriefLever>();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (s.Channels.Pressure is { } pressure && pressure.On.Contains(other.Id))
        {
            levers.Add(new BriefLever("pressure", "mediator's pressure", string.Create(inv,
                $"when it holds out late, the mediator raises its cost of war by {pressure.Amount.Value:0.###} a {s.TimeStep}")));
        }

        if (s.Channels.Escalation is { } esc && esc.On == other.Id)
        {
            levers.Add(new BriefLever("escalation", "escalation by " + esc.By, string.Create(inv,
                $"{esc.By} raises its cost of war by {esc.Amount.Value:0.###} a {s.TimeStep} from step {esc.At}, then asks a level of {esc.Issue} to stop")));
        }

        foreach (DealBlocker b in deal.Blockers.Where(b => b.Actor == other.Id))
        {
            levers.Add(new BriefLever(b.Kind, b.Constraint, $"{b.Change} and a zone opens"));
        }

        int them = space.IndexOf(other.Id);
        double baseAlt = space.Reservation[them];
        double? baseNash = deal.Nash?.Utility[other.Id];
        foreach (Variant v in s.Variants.Where(v => v.Id != s.AppliedVariant && v.Changes.Any(c => Touches(c.Path, other.Id))))
        {
            string stacked = s.AppliedVariant is null ? v.Id : s.AppliedVariant + "+" + v.Id;
            if (set.Resolve(stacked, out _) is not { } varied)
            {
                continue;
            }

            // a variant may take the counterpart (or the reader) out of the talks
            if (varied.FindActor(other.Id) is null || varied.FindActor(request.Actor) is null)
            {
                levers.Add(new BriefLever("variant", v.Id, $"{v.Name}: {(varied.FindActor(other.Id) is null ? "it leaves the talks" : "you leave the talks")}"));
                continue;
            }

            // a variant that touches several counterparts is solved once (on the reader's view) and read for each
            if (!variants.TryGetValue(v.Id, out (DealSpace Space, Solution? Nash) solved))
            {
                Scenario seen = PartyView.Of(varied, request.Actor).Scenario;
                DealSpace built = DealSpace.Build(seen, ScenarioOptions.Deal(seen));
                int[] group = [.. deal.Parties.Select(p => built.IndexOf(p.Id)).Where(i => i >= 0)];
                variants[v.Id] = solved = (built, group.Length >= 2 ? TableDeal.Find(built, group) : null);
            }

            (DealSpace vs, Solution? nash) = solved;
            int t = vs.IndexOf(other.Id);
            string alt = Math.Abs(vs.Reservation[t] - baseAlt) < 0.005
                ? string.Create(inv, $"its alternative stays at {baseAlt:0.00}")
                : string.Create(inv, $"its alternative {baseAlt:0.00} → {vs.Reservation[t]:0.00}");
            string zone = (baseNash, nash) switch
            {
                (null, null) => "still no zone",
                (null, { } n) => string.Create(inv, $"a zone opens (it gets {n.Utilities[t]:0.00} from the Nash package)"),
                ({ }, null) => "the zone closes",
                ({ } b, { } n) when Math.Abs(n.Utilities[t] - b) < 0.005 => string.Create(inv, $"its utility of the Nash package stays at {b:0.00}"),
                ({ } b, { } n) => string.Create(inv, $"its utility of the Nash package {b:0.00} → {n.Utilities[t]:0.00}"),
            };
            // a variant that moves numbers the reader cannot see moves them out of its view too: say so, or its effect reads as none
            string[] unseen = [.. v.Changes.Select(c => c.Path).Where(path => view.Hidden.Any(h => h.Path == path)).Distinct(StringComparer.Ordinal)];
            string blind = unseen.Length == 0 ? string.Empty
                : $" (it also moves {string.Join(", ", unseen)}, private to {other.Id} and unknown to you, so these figures leave that out)";
            levers.Add(new BriefLever("variant", v.Id, $"{v.Name}: {alt}; {zone}{blind}"));
        }

        foreach (TalkEvent e in s.Events)
        {
            bool seats = e.Seat.Contains(other.Id) || e.Unseat.Contains(other.Id);
            if (e.Changes.Any(c => Touches(c.Path, other.Id)) || seats)
            {
                levers.Add(new BriefLever("event", e.Id, $"{e.Name} ({e.Timing}{(e.Probability is { } p ? string.Create(inv, $", probability {p.Value:0.##}") : string.Empty)}): " +
                    string.Join("; ", e.Changes.Where(c => Touches(c.Path, other.Id)).Select(c => Change(c, Visible(s, c.Path, request.Actor))).Concat(e.Seat.Contains(other.Id) ? ["takes a seat"] : Array.Empty<string>()).Concat(e.Unseat.Contains(other.Id) ? ["leaves the table"] : Array.Empty<string>()))));
            }
        }

        return levers;
    }

    /// <summary>An event's change in words: "dynamics.costs.russia +0.005", "actors.russia.stances.alignment.position set to 67".</summary>
    /// <param name="c">The change.</param>
    /// <param name="visible">True when the reader may see the number it sets (a set to a private number says only that it is set).</param>
    private static string Change(VariantChange c, bool visible) => c.Amount is not { } q ? $"{c.Path} {c.Operation.ToString().ToLowerInvariant()}"
        : c.Operation == VariantOperation.Shift ? string.Create(CultureInfo.InvariantCulture, $"{c.Path} {q.Value:+0.###;-0.###}")
        : visible ? string.Create(CultureInfo.InvariantCulture, $"{c.Path} set to {q.Value:0.###}")
        : $"{c.Path} set (to a number private to its owner)";

    /// <summary>True when the number at a stance path is the reader's own or public in the reader's view (other paths: true).</summary>
    private static bool Visible(Scenario view, string path, string reader)
    {
        if (!EventPaths.TryStance(path, out string actor, out string issue, out StanceField field) || actor == reader)
        {
            return true;
        }

        Stance? st = view.FindActor(actor)?.StanceOn(issue);
        Quantity? q = field switch
        {
            StanceField.Position => st?.Position,
            StanceField.Salience => st?.Salience,
            _ => st?.RedLine?.Limit,
        };
        return q?.Visibility == Visibility.Public;
    }

    private static bool Touches(string path, string actor)
    {
        foreach (string seg in path.Split('.'))
        {
            if (seg == actor)
            {
                return true;
            }
        }

        return false;
    }

    private static BriefTrade Trade(Scenario s, string me, DealTrade t)
    {
        bool first = t.A == me;
        Issue gets = s.FindIssue(first ? t.IssueForA : t.IssueForB)!, gives = s.FindIssue(first ? t.IssueForB : t.IssueForA)!;
        double getsLevel = first ? t.LevelForA : t.LevelForB, givesLevel = first ? t.LevelForB : t.LevelForA;
        return new BriefTrade(
            first ? t.B : t.A,
            $"{gets.Name} at {IssueWords.Level(gets, getsLevel)}",
            $"{gives.Name} at {IssueWords.Level(gives, givesLevel)}",
            first ? t.GainA : t.GainB,
            first ? t.GainB : t.GainA);
    }

    private static BriefDurability? Durability(BriefRequest request, Scenario s, string file, BriefZone zone, string me)
    {
        if (zone.Nash is null || s.Dynamics is null)
        {
            return null;
        }

        AnalysisOutcome<DurabilityOutcome> outcome = DurabilityAnalysis.Run(new DurabilityRequest { Actors = zone.Group, Seed = request.Seed }, s, file);
        if (outcome.Result is not { } d)
        {
            return null;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        var risks = new List<string>();
        long broken = d.BrokenBy.Values.Sum();
        foreach ((string who, long n) in d.BrokenBy.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            risks.Add(string.Create(inv, $"{(who == me ? "you" : who)} would break it on {(double)n / d.Paths:0%} of the power paths (the balance of power moves until fighting pays it better than the deal)"));
        }

        if (d.CommitmentGap)
        {
            risks.Add("a commitment gap: a plausible shift of power makes a side prefer war within the horizon, so the deal needs guarantees or terms that slow the shift");
        }

        foreach ((string who, double surplus) in d.Surplus.Where(kv => kv.Value < 0.05).OrderBy(kv => kv.Value))
        {
            risks.Add(string.Create(inv, $"{(who == me ? "your" : who + "'s")} surplus at signing is thin ({surplus:0.00}): a small shift makes war its better option"));
        }

        if (d.Empirical?.TryGetValue("5y", out double e5) == true)
        {
            risks.Add(string.Create(inv, $"of real agreements with the same terms and conflict history (UCDP), {e5:0%} still hold after five years: a record of mostly civil wars, where guarantors go to the hardest cases; it does not see this war's balance of power, which the share above follows"));
        }

        if (broken == 0 && !d.CommitmentGap)
        {
            risks.Add("no side breaks it on any power path in the strategic model");
        }

        return new BriefDurability(d.Solution, d.Holding, d.HoldingRange, d.BrokenBy, d.Paths, d.Empirical?.TryGetValue("5y", out double v) == true ? v : null, risks) { InputDraws = d.InputDraws };
    }

    private static List<BriefDisagreement> Disagreements(Scenario s)
    {
        var result = new List<BriefDisagreement>();
        foreach (ScenarioFact f in ScenarioFacts.Flatten(s))
        {
            if (f.Number is { Range: Interval r } q && SourcesAnalysis.Disagreeing(q) is { Count: > 0 } sources)
            {
                result.Add(new BriefDisagreement(f.Path, [r.Low, r.High], sources, q.Provenance.Cites));
            }
        }

        return result;
    }
}
