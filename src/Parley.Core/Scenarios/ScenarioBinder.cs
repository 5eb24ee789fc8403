using Parley.Core.Domain;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios;

/// <summary>Turns a parsed YAML tree into a <see cref="Scenario"/>, reporting every problem it finds.</summary>
internal sealed class ScenarioBinder
{
    public const int FormatVersion = 1;

    internal static readonly string[] TopKeys = ["parley", "scenario", "sources", "issues", "actors", "channels", "dynamics", "events", "variants", "claims", "models", "agreement", "stipulations"];
    internal static readonly string[] AgreementKeys = ["type", "ceasefire", "peacekeepers", "third_party", "commission", "inclusive", "territory", "withdrawal", "mandate", "demilitarised_zone", "force_limits", "snapback", "guarantees", "deterrence", "limits", "links", "conflict", .. BindContext.ProvenanceKeys];
    internal static readonly string[] ConflictKeys = ["started", "previous_episodes", "previous_agreement_endings", "previous_ceasefire_endings", "internationalised", "interstate", "earlier_agreements", "region", .. BindContext.ProvenanceKeys];
    internal static readonly string[] AfterAgreementKeys = ["rearmament", "aid", "economy", "defection", .. BindContext.ProvenanceKeys];
    internal static readonly string[] Mandates = ["none", "monitoring", "reassurance", "enforcement"];
    internal static readonly string[] MetaKeys = ["name", "description", "as_of", "time_step"];
    internal static readonly string[] SourceKeys = ["id", "title", "outlet", "author", "date", "url", "note"];
    internal static readonly string[] IssueKeys = ["id", "name", "description", "scale", "anchors", "options", "ordered"];
    internal static readonly string[] ActorKeys = ["id", "name", "description", "kind", "role", "role_note", "signs", "capability", "patience", "risk_attitude", "credibility", "alternative", "strategy", "stances", "linkage", .. BindContext.ProvenanceKeys];
    internal static readonly string[] LinkageKeys = ["if", "then", .. BindContext.ProvenanceKeys];
    internal static readonly string[] StrategyKeys = ["name", "concession", "to"];
    internal static readonly string[] StanceKeys = ["position", "salience", "red_line", "values", .. BindContext.ProvenanceKeys];
    internal static readonly string[] RedLineKeys = ["at_least", "at_most", "excludes", .. BindContext.ProvenanceKeys];
    internal static readonly string[] ChannelKeys = ["mediator", "links", "pressure", "summit_failure", "coordination", "escalation", "tracks"];
    internal static readonly string[] TrackKeys = ["id", "parties", "issues", "opens_with", .. BindContext.ProvenanceKeys];
    internal static readonly string[] EscalationKeys = ["by", "on", "amount", "cost", "issue", "at", "steps", .. BindContext.ProvenanceKeys];
    internal static readonly string[] CoordinationKeys = ["parties", "rate", "rounds", .. BindContext.ProvenanceKeys];
    internal static readonly FieldSpec CoordinationRate = new("coordination rate", 0, 1);
    internal static readonly string[] PressureKeys = ["on", "amount", "cost", .. BindContext.ProvenanceKeys];
    internal static readonly FieldSpec PressureAmount = new("amount (cost of war per step)", 0, 1);
    internal static readonly FieldSpec PressureCost = new("cost (cost of war per step)", 0, 1);
    internal static readonly FieldSpec SummitFailureCost = new("summit_failure (cost of war per step)", 0, 1);
    internal static readonly FieldSpec EscalationAmount = new("amount (cost of war per step)", 0, 1);
    internal static readonly FieldSpec EscalationCost = new("cost (cost of war per step)", 0, 1);
    internal static readonly string[] DynamicsKeys = ["belligerents", "p_prevail", "trend", "volatility", "costs", "attrition", "after_agreement", .. BindContext.ProvenanceKeys];
    internal static readonly string[] AttritionKeys = ["fire", "gamma", "forces", .. BindContext.ProvenanceKeys];
    internal static readonly string[] ForceKeys = ["strength", "recruitment", "effectiveness", .. BindContext.ProvenanceKeys];
    internal static readonly string[] VariantKeys = ["id", "name", "description", "set", "shift", "remove", "add", "stipulates", .. BindContext.ProvenanceKeys];
    internal static readonly string[] ClaimKeys = ["id", "claim", "variant", "setting", "counter", "measure", "expect", "mechanism", .. BindContext.ProvenanceKeys];
    internal static readonly string[] ClaimCaseKeys = ["set", "shift", "remove", "add", "stipulates", "protocol"];
    internal static readonly string[] EventKeys = ["id", "name", "description", "at", "when", "probability", "set", "shift", "seat", "unseat", .. BindContext.ProvenanceKeys];
    internal static readonly string[] EventRangeKeys = ["range"];
    internal static readonly string[] EventWhenKeys = ["p_prevail", "agreed", "after", "walked_out"];
    internal static readonly string[] EventAfterKeys = ["event", "steps"];
    internal static readonly string[] EventPrevailKeys = ["below", "above"];

    internal static readonly string[] LimitKeys = ["at_least", "at_most"];
    internal static readonly string[] TimeSteps = ["day", "week", "month", "quarter", "year", "round", "session"];

    internal static readonly FieldSpec Capability = new("capability", 0, double.PositiveInfinity);
    internal static readonly FieldSpec Patience = new("patience", 0, 1, MinExclusive: true, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec Risk = new("risk attitude", -1, 1, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec Credibility = new("credibility", 0, 1, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec Alternative = new("alternative", 0, 1, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec Salience = new("salience", 0, 1);
    internal static readonly FieldSpec StrategyParameter = new("strategy parameter", 0, 100, MinExclusive: true, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec PrevailProbability = new("p_prevail", 0, 1);
    internal static readonly FieldSpec Trend = new("trend", -1, 1);
    internal static readonly FieldSpec Volatility = new("volatility", 0, 1);
    internal static readonly FieldSpec WarCost = new("cost of war", 0, double.PositiveInfinity, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec OptionValue = new("option value", 0, double.PositiveInfinity);
    internal static readonly FieldSpec Unbounded = new("amount", double.NegativeInfinity, double.PositiveInfinity);
    internal static readonly FieldSpec Strength = new("force strength", 0, double.PositiveInfinity, MinExclusive: true);
    internal static readonly FieldSpec Recruitment = new("recruitment", 0, double.PositiveInfinity);
    internal static readonly FieldSpec Effectiveness = new("effectiveness", 0, double.PositiveInfinity);
    internal static readonly FieldSpec Gamma = new("gamma", 0, 10, MinExclusive: true);
    internal static readonly FieldSpec PowerShift = new("shift of p per time step", -1, 1);
    internal static readonly FieldSpec Defection = new("chance of defecting per time step", 0, 1);
    internal static readonly FieldSpec CostChange = new("change of the cost of war per time step", double.NegativeInfinity, double.PositiveInfinity, DefaultVisibility: Visibility.Private);
    internal static readonly FieldSpec RearmamentShare = new("share of rearmament kept", 0, 1);
    internal static readonly FieldSpec EventProbability = new("event probability", 0, 1);

    private readonly BindContext ctx;
    private readonly Dictionary<string, YNode> roleNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, YNode> signsNodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> unboundActorIds = new(StringComparer.Ordinal);

    // where each actor's strategy names the party it concedes to ('to'), checked once every actor is known
    private readonly Dictionary<string, YNode> strategyToNodes = new(StringComparer.Ordinal);

    private ScenarioBinder(BindContext ctx) => this.ctx = ctx;

    public static Scenario? Bind(YNode root, string file, List<Diagnostic> diagnostics, bool warnUnsourced = true)
    {
        var ctx = new BindContext(file, diagnostics) { WarnUnsourced = warnUnsourced };
        int before = diagnostics.Count;
        Scenario? s = new ScenarioBinder(ctx).BindRoot(root);
        for (int i = before; i < diagnostics.Count; i++)
        {
            if (diagnostics[i].Severity == Severity.Error)
            {
                return null;
            }
        }

        return s;
    }

    private Scenario? BindRoot(YNode root)
    {
        YMapping? map = ctx.Mapping(root, "a scenario file");
        if (map is null)
        {
            return null;
        }

        ctx.CheckKeys(map, TopKeys, "the scenario file");
        YNode? version = map.Get("parley");
        if (version is null)
        {
            ctx.Error(DiagnosticCodes.FormatVersion, map, "the file has no format version ('parley: 1')", "add 'parley: 1' as the first line");
        }
        else if (ctx.Number(version, "format version 'parley'") is double v && v != FormatVersion)
        {
            ctx.Error(DiagnosticCodes.FormatVersion, version, $"format version {BindContext.Fmt(v)} is not supported; this Parley reads version {FormatVersion}",
                "upgrade Parley, or write 'parley: 1'");
        }

        YMapping? meta = ctx.Mapping(ctx.Require(map, "scenario", "the scenario file", "add 'scenario: {name: …, as_of: …, time_step: month}'"), "'scenario'");
        string name = "(unnamed)";
        string? description = null;
        string? asOf = null;
        string timeStep = "month";
        if (meta is not null)
        {
            ctx.CheckKeys(meta, MetaKeys, "'scenario'");
            name = ctx.Text(ctx.Require(meta, "name", "'scenario'"), "scenario name") ?? name;
            description = ctx.Text(meta.Get("description"), "scenario description");
            asOf = ctx.Date(meta.Get("as_of"), "'as_of'");
            YNode? ts = meta.Get("time_step");
            if (ts is not null && ctx.Text(ts, "'time_step'") is string t)
            {
                if (Array.IndexOf(TimeSteps, t) < 0)
                {
                    ctx.Error(DiagnosticCodes.BadEnum, ts, $"time step '{t}' is not one of {string.Join(", ", TimeSteps)}",
                        BindContext.Suggest(t, TimeSteps) is { } sug ? $"did you mean '{sug}'?" : null);
                }
                else
                {
                    timeStep = t;
                }
            }
        }

        List<Source> sources = BindSources(map.Get("sources"));
        List<Issue> issues = BindIssues(map.Get("issues"), map);
        List<Actor> actors = BindActors(map.Get("actors"), map, issues);
        var actorIds = new HashSet<string>(unboundActorIds, StringComparer.Ordinal);
        foreach (Actor a in actors)
        {
            actorIds.Add(a.Id);
        }

        foreach (Actor a in actors)
        {
            if (a.StrategyTo is string to && strategyToNodes.TryGetValue(a.Id, out YNode? toNode) && (to == a.Id || !actorIds.Contains(to)))
            {
                ctx.Error(DiagnosticCodes.UndefinedReference, toNode, to == a.Id ? $"actor '{a.Id}' concedes to itself" : $"actor '{a.Id}' concedes to '{to}', which is not an actor",
                    BindContext.Suggest(to, [.. actorIds.Where(x => x != a.Id)]) is { } sug ? $"did you mean '{sug}'?" : "name another actor of 'actors'");
            }
        }

        Channels channels = BindChannels(map.Get("channels"), actorIds, [.. issues.Select(i => i.Id)]);
        CheckRoles(actors, channels, map);
        Dynamics? dynamics = BindDynamics(map.Get("dynamics"), actorIds);
        List<TalkEvent> events = BindEvents(map.Get("events"), issues, actors, actorIds, dynamics, channels);
        CheckLevers(actors, channels, events, map);
        List<Variant> variants = BindVariants(map.Get("variants"), issues);
        List<Claim> claims = BindClaims(map.Get("claims"), issues, actorIds, variants, dynamics);
        Dictionary<string, IssueLimit> stipulations = BindLimits(map.Get("stipulations"), issues, "'stipulations'");
        AgreementTerms? agreement = map.Get("agreement") is YNode agNode ? BindAgreement(agNode, actorIds, issues, asOf) : null;
        Dictionary<string, string> modelParameters = BindModels(map.Get("models"));
        if (modelParameters.TryGetValue("deal.step", out string? stepText)
            && double.TryParse(stepText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double step)
            && Limits.Grid(issues, step, "models: deal: step") is string tooFine
            && map.Get("models") is YMapping models && models.Get("deal") is YMapping deal && deal.Get("step") is YNode stepNode)
        {
            ctx.Error(DiagnosticCodes.OutOfRange, stepNode, tooFine, "a finer grid than this would not fit in the memory budget of a run");
        }

        YNode? sourcesNode = map.Get("sources");
        if (sourcesNode is YSequence sourceSeq)
        {
            foreach (YNode item in sourceSeq.Items)
            {
                if (item is YMapping sm && sm.Get("id") is YScalar idNode && ctx.SourceIds.Contains(idNode.Value) && !ctx.CitedSources.Contains(idNode.Value))
                {
                    ctx.Warn(DiagnosticCodes.UnusedSource, idNode, $"source '{idNode.Value}' is listed but no number cites it", "cite it with 'source: " + idNode.Value + "' or remove it");
                }
            }
        }

        return new Scenario
        {
            Name = name,
            Description = description,
            AsOf = asOf,
            TimeStep = timeStep,
            Sources = sources,
            Issues = issues,
            Actors = actors,
            Channels = channels,
            Dynamics = dynamics,
            Events = events,
            Variants = variants,
            Claims = claims,
            ModelParameters = modelParameters,
            Agreement = agreement,
            Stipulations = stipulations,
        };
    }

    /// <summary>Issue limits (<c>stipulations:</c>, a variant's <c>stipulates:</c>): issue id → {at_least, at_most} on the issue's scale.</summary>
    private Dictionary<string, IssueLimit> BindLimits(YNode? node, List<Issue> issues, string what)
    {
        var result = new Dictionary<string, IssueLimit>(StringComparer.Ordinal);
        if (node is null || ctx.Mapping(node, what) is not YMapping m)
        {
            return result;
        }

        foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
        {
            Issue? issue = issues.FirstOrDefault(i => i.Id == e.Key.Value);
            if (issue is null)
            {
                ctx.Error(DiagnosticCodes.UndefinedReference, e.Key, $"{what} names issue '{e.Key.Value}', which is not defined in 'issues'", "use an issue id from 'issues'");
                continue;
            }

            if (issue.Kind != IssueKind.Continuous && !issue.Ordered)
            {
                ctx.Error(DiagnosticCodes.WrongType, e.Key, $"{what} limits issue '{issue.Id}', whose options have no order", "limit a continuous or an ordered issue");
                continue;
            }

            if (ctx.Mapping(e.Value, $"the limit on '{issue.Id}' in {what}") is not YMapping limit)
            {
                continue;
            }

            ctx.CheckKeys(limit, LimitKeys, $"the limit on '{issue.Id}' in {what}");
            double hiScale = issue.Kind == IssueKind.Continuous ? issue.Max : issue.Options.Count - 1, loScale = issue.Kind == IssueKind.Continuous ? issue.Min : 0;
            double? Bound(string key)
            {
                if (limit.Get(key) is not YNode n)
                {
                    return null;
                }

                double? v = ctx.Number(n, $"'{key}' of the limit on '{issue.Id}'");
                if (v is double x && (x < loScale || x > hiScale))
                {
                    ctx.Error(DiagnosticCodes.OutOfRange, n, $"'{key}' {x.ToString(System.Globalization.CultureInfo.InvariantCulture)} on '{issue.Id}' is outside its scale ({loScale.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {hiScale.ToString(System.Globalization.CultureInfo.InvariantCulture)})", "give a level on the issue's scale");
                    return null;
                }

                return v;
            }

            double? atLeast = Bound("at_least"), atMost = Bound("at_most");
            if (limit.Get("at_least") is null && limit.Get("at_most") is null && limit.Entries.Count == 0)
            {
                ctx.Error(DiagnosticCodes.MissingField, limit, $"the limit on '{issue.Id}' in {what} has neither 'at_least' nor 'at_most'", "write {at_least: N}, {at_most: N} or both");
                continue;
            }

            if (atLeast is null && atMost is null)
            {
                continue; // the bounds given were wrong, and said so
            }

            if (atLeast > atMost)
            {
                ctx.Error(DiagnosticCodes.OutOfRange, limit, $"the limit on '{issue.Id}' in {what} asks for at least {atLeast} and at most {atMost}: no level can meet it", "make at_least no more than at_most");
                continue;
            }

            result[issue.Id] = new IssueLimit(atLeast, atMost);
        }

        return result;
    }

    /// <summary>The optional <c>agreement:</c> block: the security terms both durability models read.</summary>
    private AgreementTerms? BindAgreement(YNode node, HashSet<string> actorIds, List<Issue> issues, string? asOf)
    {
        YMapping? m = ctx.Mapping(node, "'agreement'");
        if (m is null)
        {
            return null;
        }

        ctx.CheckKeys(m, AgreementKeys, "'agreement'");
        Provenance prov = ctx.ReadProvenance(m, Provenance.None);
        AgreementType type = AgreementType.Partial;
        if (m.Get("type") is YNode tn && ctx.Text(tn, "agreement type") is string t)
        {
            string[] types = ["full", "partial", "process"];
            int k = Array.IndexOf(types, t);
            if (k < 0)
            {
                ctx.Error(DiagnosticCodes.BadEnum, tn, $"agreement type is '{t}'; expected full, partial or process", "full: a comprehensive settlement; partial: some issues settled; process: talks about talks");
            }
            else
            {
                type = (AgreementType)k;
            }
        }

        bool Flag(string key) => ctx.Bool(m.Get(key), $"'agreement.{key}'") ?? false;
        Dictionary<string, Quantity> guarantees = ActorNumbers(m.Get("guarantees"), "guarantees", WarCost, prov, actorIds);
        Dictionary<string, Quantity> limits = ActorNumbers(m.Get("limits"), "limits", RearmamentShare, prov, actorIds);
        var deterrence = new Dictionary<string, IReadOnlyDictionary<string, Quantity>>(StringComparer.Ordinal);
        string[] terms = [.. AgreementTerms.TermNames];
        if (ctx.Mapping(m.Get("deterrence"), "'deterrence'") is YMapping dm)
        {
            ctx.CheckKeys(dm, terms, "'agreement.deterrence'");
            foreach (KeyValuePair<YScalar, YNode> e in dm.Entries)
            {
                if (terms.Contains(e.Key.Value))
                {
                    deterrence[e.Key.Value] = ActorNumbers(e.Value, $"deterrence.{e.Key.Value}", WarCost, prov, actorIds);
                }
            }
        }

        PeacekeepingMandate mandate = PeacekeepingMandate.None;
        if (m.Get("mandate") is YNode mn && ctx.Text(mn, "mandate") is string ms)
        {
            int k = Array.IndexOf(Mandates, ms);
            if (k < 0)
            {
                ctx.Error(DiagnosticCodes.BadEnum, mn, $"mandate is '{ms}'; expected {string.Join(", ", Mandates)}");
            }
            else
            {
                mandate = (PeacekeepingMandate)k;
            }
        }

        var links = new List<TermLink>();
        if (ctx.Mapping(m.Get("links"), "'links'") is YMapping lm)
        {
            ctx.CheckKeys(lm, terms, "'agreement.links'");
            foreach (KeyValuePair<YScalar, YNode> e in lm.Entries)
            {
                if (!terms.Contains(e.Key.Value) || ctx.Mapping(e.Value, $"the link of '{e.Key.Value}'") is not YMapping one)
                {
                    continue;
                }

                ctx.CheckKeys(one, ["issue", "at_most", "at_least"], $"the link of '{e.Key.Value}'");
                YNode? issueNode = ctx.Require(one, "issue", $"the link of '{e.Key.Value}'");
                string? issueId = ctx.Text(issueNode, "issue");
                if (issueId is not null && !issues.Exists(i => i.Id == issueId))
                {
                    ctx.Error(DiagnosticCodes.UndefinedReference, issueNode!, $"issue '{issueId}' is not an issue of the scenario",
                        BindContext.Suggest(issueId, issues.Select(i => i.Id)) is { } sug ? $"did you mean '{sug}'?" : "use an id from 'issues'");
                    issueId = null;
                }

                YNode? most = one.Get("at_most"), least = one.Get("at_least");
                double? limit = ctx.Number(most ?? least, "the link's limit");
                if (issueId is null || limit is null || (most is null) == (least is null))
                {
                    if (issueId is not null && (most is null) == (least is null))
                    {
                        ctx.Error(DiagnosticCodes.MissingField, one, $"the link of '{e.Key.Value}' needs exactly one of at_most and at_least", "write {issue: ID, at_most: N} or {issue: ID, at_least: N}");
                    }

                    continue;
                }

                links.Add(new TermLink(e.Key.Value, issueId, most is not null ? RedLineBound.AtMost : RedLineBound.AtLeast, limit.Value));
            }
        }

        return new AgreementTerms
        {
            Conflict = m.Get("conflict") is YNode cn ? BindConflict(cn, prov, asOf) : null,
            Links = links,
            Type = type,
            Ceasefire = Flag("ceasefire"),
            Peacekeepers = Flag("peacekeepers"),
            ThirdParty = Flag("third_party"),
            Commission = Flag("commission"),
            Inclusive = Flag("inclusive"),
            Territory = Flag("territory"),
            Withdrawal = Flag("withdrawal"),
            Mandate = mandate,
            DemilitarisedZone = Flag("demilitarised_zone"),
            ForceLimits = Flag("force_limits"),
            Snapback = Flag("snapback"),
            Guarantees = guarantees,
            Deterrence = deterrence,
            Limits = limits,
        };
    }

    /// <summary>The conflict's history at signing (<c>agreement: conflict:</c>).</summary>
    private ConflictFacts? BindConflict(YNode node, Provenance inherited, string? asOf)
    {
        if (ctx.Mapping(node, "'agreement.conflict'") is not YMapping m)
        {
            return null;
        }

        ctx.CheckKeys(m, ConflictKeys, "'agreement.conflict'");
        Provenance prov = ctx.ReadProvenance(m, inherited);
        int? Count(string key)
        {
            if (m.Get(key) is not YNode n || ctx.Number(n, $"'conflict.{key}'") is not double v)
            {
                return null;
            }

            if (v < 0 || v != Math.Floor(v) || v > 1000)
            {
                ctx.Error(DiagnosticCodes.OutOfRange, n, $"'conflict.{key}' is {BindContext.Fmt(v)}; it must be a whole number from 0 to 1000", "count the episodes or agreements before this one");
                return null;
            }

            return (int)v;
        }

        string? region = null;
        if (m.Get("region") is YNode rn && ctx.Text(rn, "'conflict.region'") is string r)
        {
            if (ConflictFacts.Regions.Contains(r))
            {
                region = r;
            }
            else
            {
                ctx.Error(DiagnosticCodes.BadEnum, rn, $"region is '{r}'; expected one of {string.Join(", ", ConflictFacts.Regions)}", "UCDP's regions: the agreement's location");
            }
        }

        string? started = m.Get("started") is YNode sn ? ctx.Date(sn, "'conflict.started'") : null;
        if (started is not null && asOf is not null && PartialDate.First(started) > PartialDate.Last(asOf))
        {
            ctx.Error(DiagnosticCodes.Inconsistent, m.Get("started")!, $"the conflict starts ({started}) after the scenario's date (as_of {asOf})", "'started' is when the fighting began, before the agreement");
        }
        else if (started is not null && PartialDate.First(started).Year < 1900)
        {
            ctx.Warn(DiagnosticCodes.Inconsistent, m.Get("started")!, $"the conflict starts in {PartialDate.First(started).Year}, before any conflict in the UCDP data (1946 on)", "the empirical model extrapolates far beyond its data here");
        }

        int? episodes = Count("previous_episodes"), byAgreement = Count("previous_agreement_endings"), byCeasefire = Count("previous_ceasefire_endings");
        if (episodes is int e && (byAgreement ?? 0) + (byCeasefire ?? 0) > e)
        {
            ctx.Error(DiagnosticCodes.Inconsistent, m.Get("previous_episodes")!, $"{(byAgreement ?? 0) + (byCeasefire ?? 0)} earlier episodes ended by an agreement or a ceasefire, but only {e} earlier episodes ended", "the endings by agreement and by ceasefire are among the earlier episodes: previous_episodes counts them all");
        }

        return new ConflictFacts
        {
            Started = started,
            PreviousEpisodes = episodes,
            PreviousAgreementEndings = byAgreement,
            PreviousCeasefireEndings = byCeasefire,
            Internationalised = m.Get("internationalised") is YNode i ? ctx.Bool(i, "'conflict.internationalised'") : null,
            Interstate = m.Get("interstate") is YNode st ? ctx.Bool(st, "'conflict.interstate'") : null,
            EarlierAgreements = Count("earlier_agreements"),
            Region = region,
            Provenance = prov,
        };
    }

    /// <summary>A mapping actor id → number (guarantees, limits, deterrence of one term, after-agreement paths).</summary>
    private Dictionary<string, Quantity> ActorNumbers(YNode? node, string what, FieldSpec spec, Provenance prov, HashSet<string> actorIds, string? actorPhrase = null, Func<string, string>? owner = null)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (ctx.Mapping(node, $"'{what}'") is YMapping map)
        {
            foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
            {
                string? actor = CheckActor(e.Key, actorPhrase ?? $"the actor of '{what}'", actorIds);
                Quantity? q = ctx.ReadQuantity(e.Value, spec, prov, owner?.Invoke(e.Key.Value) ?? $"'{what}' of '{e.Key.Value}'");
                if (actor is not null && q is not null)
                {
                    result[actor] = q;
                }
            }
        }

        return result;
    }

    /// <summary>The optional <c>after_agreement:</c> block of the dynamics: rearmament, aid and economy per actor.</summary>
    private AfterAgreement? BindAfterAgreement(YNode node, Provenance inherited, HashSet<string> actorIds)
    {
        YMapping? m = ctx.Mapping(node, "'after_agreement'");
        if (m is null)
        {
            return null;
        }

        ctx.CheckKeys(m, AfterAgreementKeys, "'after_agreement'");
        Provenance prov = ctx.ReadProvenance(m, inherited);
        return new AfterAgreement
        {
            Rearmament = ActorNumbers(m.Get("rearmament"), "rearmament", PowerShift, prov, actorIds),
            Aid = ActorNumbers(m.Get("aid"), "aid", PowerShift, prov, actorIds),
            Economy = ActorNumbers(m.Get("economy"), "economy", CostChange, prov, actorIds),
            Defection = ActorNumbers(m.Get("defection"), "defection", Defection, prov, actorIds),
        };
    }

    /// <summary>The optional <c>models:</c> block: per model, parameters from <see cref="ModelParameterCatalog"/>.</summary>
    private Dictionary<string, string> BindModels(YNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        YMapping? m = ctx.Mapping(node, "'models'");
        if (m is null)
        {
            return result;
        }

        ctx.CheckKeys(m, ModelParameterCatalog.Models, "'models'");
        foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
        {
            string model = e.Key.Value;
            if (!ModelParameterCatalog.Models.Contains(model))
            {
                continue;
            }

            YMapping? pm = ctx.Mapping(e.Value, $"'models.{model}'");
            if (pm is null)
            {
                continue;
            }

            string[] names = [.. ModelParameterCatalog.All.Where(p => p.Key.StartsWith(model + ".", StringComparison.Ordinal)).Select(p => p.Key[(model.Length + 1)..])];
            ctx.CheckKeys(pm, names, $"'models.{model}'");
            foreach (KeyValuePair<YScalar, YNode> pe in pm.Entries)
            {
                ModelParameter? spec = ModelParameterCatalog.Find(model + "." + pe.Key.Value);
                if (spec is null)
                {
                    continue;
                }

                string? text = ctx.Text(pe.Value, $"model parameter '{spec.Key}'");
                if (text is null)
                {
                    continue;
                }

                if (spec.Check(text) is string problem)
                {
                    ctx.Error(DiagnosticCodes.OutOfRange, pe.Value, $"model parameter '{spec.Key}': {problem}", $"{spec.Description}; default {spec.Default}");
                    continue;
                }

                result[spec.Key] = text;
            }
        }

        return result;
    }

    private List<Source> BindSources(YNode? node)
    {
        var result = new List<Source>();
        YSequence? seq = ctx.Sequence(node, "'sources'");
        if (seq is null)
        {
            return result;
        }

        foreach (YNode item in seq.Items)
        {
            YMapping? m = ctx.Mapping(item, "a source");
            if (m is null)
            {
                continue;
            }

            ctx.CheckKeys(m, SourceKeys, "a source");
            string? id = ctx.Id(ctx.Require(m, "id", "a source"), "source id");
            string? title = ctx.Text(ctx.Require(m, "title", id is null ? "a source" : $"source '{id}'"), "source title");
            if (id is null || title is null)
            {
                continue;
            }

            if (!NewId(ctx.SourceIds, id, m, "source"))
            {
                continue;
            }

            result.Add(new Source
            {
                Id = id,
                Title = title,
                Outlet = ctx.Text(m.Get("outlet"), "source outlet"),
                Author = ctx.Text(m.Get("author"), "source author"),
                Date = ctx.Date(m.Get("date"), "source date"),
                Url = ctx.Text(m.Get("url"), "source url"),
            });
        }

        return result;
    }

    private List<Issue> BindIssues(YNode? node, YMapping root)
    {
        var result = new List<Issue>();
        if (node is null)
        {
            ctx.Error(DiagnosticCodes.MissingField, root, "the scenario has no 'issues'", "list at least one issue: '- {id: territory, name: Territory, scale: {min: 0, max: 100}}'");
            return result;
        }

        YSequence? seq = ctx.Sequence(node, "'issues'");
        if (seq is null)
        {
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (YNode item in seq.Items)
        {
            YMapping? m = ctx.Mapping(item, "an issue");
            if (m is null)
            {
                continue;
            }

            ctx.CheckKeys(m, IssueKeys, "an issue");
            string? id = ctx.Id(ctx.Require(m, "id", "an issue"), "issue id");
            string what = id is null ? "an issue" : $"issue '{id}'";
            string? name = ctx.Text(m.Get("name"), "issue name");
            Issue? issue = BindIssueShape(m, id ?? "?", name ?? id ?? "?", what);
            if (id is null || issue is null)
            {
                continue;
            }

            if (!NewId(ids, id, m, "issue"))
            {
                continue;
            }

            result.Add(issue with { Description = ctx.Text(m.Get("description"), "issue description") });
        }

        return result;
    }

    private Issue? BindIssueShape(YMapping m, string id, string name, string what)
    {
        YNode? scaleNode = m.Get("scale");
        YNode? optionsNode = m.Get("options");
        if (scaleNode is not null && optionsNode is not null)
        {
            ctx.Error(DiagnosticCodes.Inconsistent, optionsNode, $"{what} has both 'scale' and 'options'", "a continuous issue has a scale; a discrete issue has options");
            return null;
        }

        if (optionsNode is not null)
        {
            if (m.Get("anchors") is YNode anchorsNode)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, anchorsNode, $"{what} is discrete: 'anchors' belong to continuous scales", "label options directly in 'options'");
            }

            YSequence? opts = ctx.Sequence(optionsNode, $"options of {what}");
            if (opts is null)
            {
                return null;
            }

            var labels = new List<string>();
            foreach (YNode o in opts.Items)
            {
                string? label = ctx.Text(o, $"an option of {what}");
                if (label is null)
                {
                    continue;
                }

                if (labels.Contains(label))
                {
                    ctx.Error(DiagnosticCodes.DuplicateId, o, $"option '{label}' appears twice in {what}", "give each option its own label");
                    continue;
                }

                labels.Add(label);
            }

            if (labels.Count < 2)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, opts, $"{what} has {labels.Count} option(s); a discrete issue needs at least two", "list at least two options, or make it continuous with a scale");
                return null;
            }

            bool ordered = ctx.Bool(m.Get("ordered"), "'ordered'") ?? false;
            return new Issue { Id = id, Name = name, Kind = IssueKind.Discrete, Min = 0, Max = labels.Count - 1, Options = labels, Ordered = ordered };
        }

        if (m.Get("ordered") is YNode orderedNode)
        {
            ctx.Error(DiagnosticCodes.Inconsistent, orderedNode, $"'ordered' applies to discrete issues; {what} is continuous", "drop 'ordered', or give the issue 'options' instead of a scale");
        }

        YMapping? scale = ctx.Mapping(ctx.Require(m, "scale", what, "continuous issues need 'scale: {min: 0, max: 100}'; discrete ones need 'options: [...]'"), $"scale of {what}");
        if (scale is null)
        {
            return null;
        }

        ctx.CheckKeys(scale, ["min", "max"], $"scale of {what}");
        double? min = ctx.Number(ctx.Require(scale, "min", $"scale of {what}"), $"minimum of {what}");
        double? max = ctx.Number(ctx.Require(scale, "max", $"scale of {what}"), $"maximum of {what}");
        if (min is null || max is null)
        {
            return null;
        }

        if (min >= max)
        {
            ctx.Error(DiagnosticCodes.Inconsistent, scale, $"scale of {what} has min {BindContext.Fmt(min.Value)} not below max {BindContext.Fmt(max.Value)}", "write scale: {min: LOW, max: HIGH} with LOW < HIGH");
            return null;
        }

        var anchors = new List<Anchor>();
        YNode? anchorNode = m.Get("anchors");
        if (ctx.Mapping(anchorNode, $"anchors of {what}") is YMapping am)
        {
            foreach (KeyValuePair<YScalar, YNode> e in am.Entries)
            {
                double? at = ctx.Number(e.Key, $"an anchor point of {what}");
                string? label = ctx.Text(e.Value, $"the label of an anchor of {what}");
                if (at is null || label is null)
                {
                    continue;
                }

                if (at < min || at > max)
                {
                    ctx.Error(DiagnosticCodes.OutOfRange, e.Key, $"anchor {BindContext.Fmt(at.Value)} of {what} lies outside its scale [{BindContext.Fmt(min.Value)}, {BindContext.Fmt(max.Value)}]", "move the anchor inside the scale, or widen the scale");
                    continue;
                }

                anchors.Add(new Anchor(at.Value, label));
            }

            anchors.Sort((a, b) => a.Value.CompareTo(b.Value));
        }

        return new Issue { Id = id, Name = name, Kind = IssueKind.Continuous, Min = min.Value, Max = max.Value, Anchors = anchors };
    }

    private List<Actor> BindActors(YNode? node, YMapping root, List<Issue> issues)
    {
        var result = new List<Actor>();
        if (node is null)
        {
            ctx.Error(DiagnosticCodes.MissingField, root, "the scenario has no 'actors'", "list the parties: '- {id: russia, name: Russia, capability: 80, stances: {...}}'");
            return result;
        }

        YSequence? seq = ctx.Sequence(node, "'actors'");
        if (seq is null)
        {
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (YNode item in seq.Items)
        {
            YMapping? m = ctx.Mapping(item, "an actor");
            if (m is null)
            {
                continue;
            }

            Actor? actor = BindActor(m, issues);
            if (actor is null)
            {
                continue;
            }

            if (!NewId(ids, actor.Id, m, "actor"))
            {
                continue;
            }

            result.Add(actor);
        }

        return result;
    }

    private Actor? BindActor(YMapping m, List<Issue> issues)
    {
        ctx.CheckKeys(m, ActorKeys, "an actor");
        string? id = ctx.Id(ctx.Require(m, "id", "an actor"), "actor id");
        string owner = id is null ? "an actor" : $"actor '{id}'";
        Provenance prov = ctx.ReadProvenance(m, Provenance.None);
        string? name = ctx.Text(m.Get("name"), "actor name");
        ActorKind kind = ActorKind.State;
        if (m.Get("kind") is YNode kindNode && ctx.Text(kindNode, "actor kind") is string k)
        {
            string[] kinds = ["state", "alliance", "organisation", "faction"];
            int idx = Array.IndexOf(kinds, k);
            if (idx < 0)
            {
                ctx.Error(DiagnosticCodes.BadEnum, kindNode, $"kind of {owner} is '{k}'; expected one of {string.Join(", ", kinds)}",
                    BindContext.Suggest(k, kinds) is { } s ? $"did you mean '{s}'?" : null);
            }
            else
            {
                kind = (ActorKind)idx;
            }
        }

        ActorRole? role = null;
        if (m.Get("role") is YNode roleNode && ctx.Text(roleNode, "actor role") is string r)
        {
            int idx = Seating.RoleNames.ToList().IndexOf(r);
            if (idx < 0)
            {
                ctx.Error(DiagnosticCodes.BadEnum, roleNode, $"role of {owner} is '{r}'; expected one of {string.Join(", ", Seating.RoleNames)}",
                    BindContext.Suggest(r, Seating.RoleNames) is { } s ? $"did you mean '{s}'?" : "party signs and must accept; mediator is named in channels.mediator; guarantor backs the terms; outside has no seat and no veto");
            }
            else
            {
                role = (ActorRole)idx;
                if (id is not null)
                {
                    roleNodes[id] = roleNode;
                }
            }
        }

        if (id is not null && m.Get("signs") is YNode signsNode)
        {
            signsNodes[id] = signsNode;
        }

        string? strategy = null;
        Quantity? strategyParameter = null;
        string? strategyTo = null;
        YNode? stratNode = m.Get("strategy");
        YNode? nameNode = stratNode;
        if (stratNode is YMapping stratMap)
        {
            ctx.CheckKeys(stratMap, StrategyKeys, $"the strategy of {owner}");
            nameNode = ctx.Require(stratMap, "name", $"the strategy of {owner}", "write 'strategy: {name: boulware, concession: 0.2}'");
            if (stratMap.Get("concession") is YNode pn)
            {
                strategyParameter = ctx.ReadQuantity(pn, StrategyParameter, prov, owner);
            }

            if (stratMap.Get("to") is YNode toNode && ctx.Text(toNode, "'to' of a strategy") is string to)
            {
                // checked once every actor is known
                strategyTo = to;
                if (id is not null)
                {
                    strategyToNodes[id] = toNode;
                }
            }
        }

        if (nameNode is not null && ctx.Text(nameNode, "negotiation strategy") is string sn)
        {
            if (!NegotiationCatalog.StrategyNames.Contains(sn))
            {
                ctx.Error(DiagnosticCodes.BadEnum, nameNode, $"strategy of {owner} is '{sn}'; expected one of {string.Join(", ", NegotiationCatalog.StrategyNames)}",
                    BindContext.Suggest(sn, NegotiationCatalog.StrategyNames) is { } s2 ? $"did you mean '{s2}'?" : null);
            }
            else
            {
                strategy = sn;
            }
        }

        Quantity? capability = ctx.ReadQuantity(ctx.Require(m, "capability", owner, "add 'capability: {value: 50, estimate: true}'"), Capability, prov, owner);
        Quantity? patience = ctx.ReadQuantity(m.Get("patience"), Patience, prov, owner);
        Quantity? risk = ctx.ReadQuantity(m.Get("risk_attitude"), Risk, prov, owner);
        Quantity? credibility = ctx.ReadQuantity(m.Get("credibility"), Credibility, prov, owner);
        Quantity? alternative = ctx.ReadQuantity(m.Get("alternative"), Alternative, prov, owner);
        var stances = new List<Stance>();
        YNode? stancesNode = m.Get("stances");
        if (stancesNode is null || (stancesNode is YMapping sm0 && sm0.Entries.Count == 0))
        {
            ctx.Warn(DiagnosticCodes.NoStances, m.KeyNode("id") ?? (YNode)m, $"{owner} has no positions ('stances')", "add 'stances:' with a position and salience per issue the actor cares about");
        }
        else if (ctx.Mapping(stancesNode, $"stances of {owner}") is YMapping sm)
        {
            var byIssue = new Dictionary<string, Stance>(StringComparer.Ordinal);
            foreach (KeyValuePair<YScalar, YNode> e in sm.Entries)
            {
                Issue? issue = issues.Find(i => i.Id == e.Key.Value);
                if (issue is null)
                {
                    ctx.Error(DiagnosticCodes.UndefinedReference, e.Key, $"stance of {owner} on issue '{e.Key.Value}', which is not defined in 'issues'",
                        BindContext.Suggest(e.Key.Value, issues.ConvertAll(i => i.Id)) is { } s ? $"did you mean '{s}'?" : "add the issue to 'issues' or fix the id");
                    continue;
                }

                Stance? stance = BindStance(e.Value, issue, prov, owner);
                if (stance is not null)
                {
                    byIssue[issue.Id] = stance;
                }
            }

            foreach (Issue issue in issues)
            {
                if (byIssue.TryGetValue(issue.Id, out Stance? s))
                {
                    stances.Add(s);
                }
            }
        }

        if (id is null || capability is null)
        {
            if (id is not null)
            {
                // still an actor for the references to it: its own error is enough, no cascade of "not an actor"
                unboundActorIds.Add(id);
            }

            return null;
        }

        return new Actor
        {
            Id = id,
            Name = name ?? id,
            Description = ctx.Text(m.Get("description"), "actor description"),
            Kind = kind,
            Role = role,
            RoleNote = ctx.Text(m.Get("role_note"), "role note"),
            Signs = ctx.Bool(m.Get("signs"), "signs"),
            Strategy = strategy,
            StrategyParameter = strategyParameter,
            StrategyTo = strategyTo,
            Capability = capability,
            Patience = patience,
            RiskAttitude = risk,
            Credibility = credibility,
            Alternative = alternative,
            Stances = stances,
            Linkage = BindLinkage(m.Get("linkage"), issues, owner),
        };
    }

    /// <summary>An actor's <c>linkage:</c> conditions: each an <c>if</c> and a <c>then</c> of one issue each, two different issues.</summary>
    private List<IssueLinkage> BindLinkage(YNode? node, List<Issue> issues, string owner)
    {
        var result = new List<IssueLinkage>();
        if (node is null || ctx.Sequence(node, $"'linkage' of {owner}") is not YSequence seq)
        {
            return result;
        }

        foreach (YNode item in seq.Items)
        {
            if (ctx.Mapping(item, $"a linkage of {owner}") is not YMapping lm)
            {
                continue;
            }

            ctx.CheckKeys(lm, LinkageKeys, $"a linkage of {owner}");
            Provenance prov = ctx.ReadProvenance(lm, Provenance.None);
            (string Issue, IssueLimit Limit)? Side(string key)
            {
                YNode? n = ctx.Require(lm, key, $"a linkage of {owner}", "e.g. 'if: {territory: {at_least: 50}}, then: {force: {at_most: 33}}'");
                Dictionary<string, IssueLimit> one = BindLimits(n, issues, $"'{key}' of a linkage of {owner}");
                if (n is YMapping nm && nm.Entries.Count != 1)
                {
                    ctx.Error(DiagnosticCodes.Inconsistent, nm, $"'{key}' of a linkage of {owner} names {nm.Entries.Count} issues", "name one issue and its levels");
                    return null;
                }

                return one.Count == 1 ? (one.Keys.First(), one.Values.First()) : null;
            }

            if (Side("if") is not (string ifIssue, IssueLimit ifLimit) || Side("then") is not (string thenIssue, IssueLimit thenLimit))
            {
                continue;
            }

            if (ifIssue == thenIssue)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, lm, $"a linkage of {owner} ties '{ifIssue}' to itself", "link two different issues (for one issue, draw a red line)");
                continue;
            }

            result.Add(new IssueLinkage { IfIssue = ifIssue, If = ifLimit, ThenIssue = thenIssue, Then = thenLimit, Provenance = prov });
        }

        return result;
    }

    private Stance? BindStance(YNode node, Issue issue, Provenance inherited, string owner)
    {
        string what = $"{owner} on '{issue.Id}'";
        YMapping? m = ctx.Mapping(node, $"the stance of {what}");
        if (m is null)
        {
            return null;
        }

        ctx.CheckKeys(m, StanceKeys, $"the stance of {what}");
        Provenance prov = ctx.ReadProvenance(m, inherited);
        FieldSpec positionSpec = new("position", issue.Min, issue.Max);
        Quantity? position = issue.Kind == IssueKind.Discrete
            ? ReadOption(ctx.Require(m, "position", $"the stance of {what}"), issue, prov, $"position of {what}", Visibility.Public)
            : ctx.ReadQuantity(ctx.Require(m, "position", $"the stance of {what}"), positionSpec, prov, what);
        Quantity? salience = ctx.ReadQuantity(ctx.Require(m, "salience", $"the stance of {what}", "add 'salience: 0.5' (an intensity in [0, 1])"), Salience, prov, what);
        RedLine? redLine = null;
        if (m.Get("red_line") is YNode rl)
        {
            redLine = BindRedLine(rl, issue, prov, what);
        }

        List<double>? values = null;
        if (m.Get("values") is YNode valuesNode)
        {
            values = BindOptionValues(valuesNode, issue, what);
        }

        if (position is null || salience is null)
        {
            return null;
        }

        if (redLine is not null && !redLine.Accepts(position.Value))
        {
            ctx.Warn(DiagnosticCodes.PositionBeyondRedLine, m.Get("red_line")!, $"the position of {what} ({issue.Format(position.Value)}) lies beyond its own red line",
                "check the direction: 'at_least' keeps values at or above the limit, 'at_most' at or below");
        }

        return new Stance { IssueId = issue.Id, Position = position, Salience = salience, RedLine = redLine, OptionValues = values };
    }

    private Quantity? ReadOption(YNode? node, Issue issue, Provenance inherited, string what, Visibility visibility)
    {
        if (node is null)
        {
            return null;
        }

        Provenance prov = inherited;
        YNode labelNode = node;
        if (node is YMapping m)
        {
            ctx.CheckKeys(m, ["value", .. BindContext.ProvenanceKeys], what);
            prov = ctx.ReadProvenance(m, inherited);
            YNode? v = ctx.Require(m, "value", what);
            if (v is null)
            {
                return null;
            }

            labelNode = v;
        }

        string? label = ctx.Text(labelNode, what);
        if (label is null)
        {
            return null;
        }

        int index = FindOption(issue, label);
        if (index < 0)
        {
            ctx.Error(DiagnosticCodes.UnknownOption, labelNode, $"{what} is '{label}', which is not an option of issue '{issue.Id}'",
                BindContext.Suggest(label, issue.Options) is { } s ? $"did you mean '{s}'?" : $"options: {string.Join(", ", issue.Options)}");
            return null;
        }

        return new Quantity { Value = index, Provenance = prov, Visibility = visibility };
    }

    private static int FindOption(Issue issue, string label)
    {
        for (int i = 0; i < issue.Options.Count; i++)
        {
            if (issue.Options[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    private RedLine? BindRedLine(YNode node, Issue issue, Provenance inherited, string what)
    {
        YMapping? m = ctx.Mapping(node, $"the red line of {what}");
        if (m is null)
        {
            return null;
        }

        ctx.CheckKeys(m, RedLineKeys, $"the red line of {what}");
        Provenance prov = ctx.ReadProvenance(m, inherited);
        YNode? atLeast = m.Get("at_least");
        YNode? atMost = m.Get("at_most");
        YNode? excludes = m.Get("excludes");
        int given = (atLeast is null ? 0 : 1) + (atMost is null ? 0 : 1) + (excludes is null ? 0 : 1);
        if (given != 1)
        {
            ctx.Error(given == 0 ? DiagnosticCodes.MissingField : DiagnosticCodes.Inconsistent, m,
                $"the red line of {what} needs exactly one of 'at_least', 'at_most' or 'excludes'",
                "e.g. 'red_line: {at_least: 67}' means values below 67 are unacceptable");
            return null;
        }

        if (excludes is not null)
        {
            if (issue.Kind != IssueKind.Discrete)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, excludes, $"'excludes' applies to discrete issues; '{issue.Id}' is continuous", "use 'at_least' or 'at_most'");
                return null;
            }

            YSequence? seq = ctx.Sequence(excludes, $"excluded options of {what}");
            if (seq is null)
            {
                return null;
            }

            var excluded = new List<int>();
            foreach (YNode o in seq.Items)
            {
                string? label = ctx.Text(o, $"an excluded option of {what}");
                if (label is null)
                {
                    continue;
                }

                int idx = FindOption(issue, label);
                if (idx < 0)
                {
                    ctx.Error(DiagnosticCodes.UnknownOption, o, $"excluded option '{label}' of {what} is not an option of issue '{issue.Id}'",
                        BindContext.Suggest(label, issue.Options) is { } s ? $"did you mean '{s}'?" : $"options: {string.Join(", ", issue.Options)}");
                    continue;
                }

                excluded.Add(idx);
            }

            return new RedLine { Bound = RedLineBound.Excludes, Excluded = excluded };
        }

        YNode limitNode = (atLeast ?? atMost)!;
        RedLineBound bound = atLeast is not null ? RedLineBound.AtLeast : RedLineBound.AtMost;
        Quantity? limit;
        if (issue.Kind == IssueKind.Discrete)
        {
            if (!issue.Ordered)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, limitNode, $"issue '{issue.Id}' has unordered options, so 'at_least'/'at_most' mean nothing",
                    "list the unacceptable options with 'excludes: [...]', or mark the issue 'ordered: true'");
                return null;
            }

            limit = ReadOption(limitNode, issue, prov, $"red line of {what}", Visibility.Private);
        }
        else
        {
            limit = ctx.ReadQuantity(limitNode, new FieldSpec("red line", issue.Min, issue.Max, DefaultVisibility: Visibility.Private), prov, what);
        }

        return limit is null ? null : new RedLine { Bound = bound, Limit = limit };
    }

    private List<double>? BindOptionValues(YNode node, Issue issue, string what)
    {
        if (issue.Kind != IssueKind.Discrete)
        {
            ctx.Error(DiagnosticCodes.Inconsistent, node, $"'values' (an evaluation per option) applies to discrete issues; '{issue.Id}' is continuous", "drop 'values' on a continuous issue; its utility follows from the position");
            return null;
        }

        YMapping? m = ctx.Mapping(node, $"option values of {what}");
        if (m is null)
        {
            return null;
        }

        var values = new double[issue.Options.Count];
        foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
        {
            int idx = FindOption(issue, e.Key.Value);
            if (idx < 0)
            {
                ctx.Error(DiagnosticCodes.UnknownOption, e.Key, $"option '{e.Key.Value}' in the values of {what} is not an option of issue '{issue.Id}'",
                    BindContext.Suggest(e.Key.Value, issue.Options) is { } s ? $"did you mean '{s}'?" : $"options: {string.Join(", ", issue.Options)}");
                continue;
            }

            double? v = ctx.Number(e.Value, $"value of option '{e.Key.Value}' for {what}");
            if (v is not null && ctx.CheckRange(e.Value, v.Value, OptionValue, $"value of option '{e.Key.Value}' for {what}"))
            {
                values[idx] = v.Value;
            }
        }

        return [.. values];
    }

    /// <summary>Roles agree with channels.mediator, and at least two actors sign.</summary>
    /// <summary>
    /// What the levers of <c>channels</c> need from the actors: an escalation's target has a stance on the issue it is asked
    /// to pay on; the parties of an escalation or a direct track sit at the simulated table (by their roles, or seated by an
    /// event), else the lever never runs (a warning: <c>--actors</c> can still seat them).
    /// </summary>
    private void CheckLevers(List<Actor> actors, Channels channels, List<TalkEvent> events, YMapping map)
    {
        YMapping? ch = map.Get("channels") as YMapping;
        bool Seated(string id) => id == channels.Mediator || events.Exists(e => e.Seat.Contains(id))
            || actors.Find(a => a.Id == id) is { Role: null or ActorRole.Party or ActorRole.Mediator };
        void NoSeat(YNode? at, string id, string lever)
        {
            if (!Seated(id) && at is not null)
            {
                ctx.Warn(DiagnosticCodes.Inconsistent, at, $"{lever} names '{id}', which has no seat at the simulated table by its role, so it never runs",
                    $"give '{id}' role party, seat it with an event ('seat: [{id}]'), or seat it with --actors");
            }
        }

        if (channels.Escalation is { } x && ch?.Get("escalation") is YMapping em)
        {
            if (actors.Find(a => a.Id == x.On) is Actor target && target.StanceOn(x.Issue) is null)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, em.Get("issue") ?? em, $"the escalation asks '{x.On}' to pay on '{x.Issue}', on which '{x.On}' has no stance", $"ask its price on an issue '{x.On}' cares about");
            }

            NoSeat(em.Get("by"), x.By, "the escalation");
            NoSeat(em.Get("on"), x.On, "the escalation");
        }

        if (ch?.Get("tracks") is YSequence ts)
        {
            foreach (DirectTrack t in channels.Tracks)
            {
                YNode? at = ts.Items.OfType<YMapping>().FirstOrDefault(m => m.Get("id") is YScalar s && s.Value == t.Id);
                if (t.OpensWith is string opener && !events.Exists(e => e.Id == opener) && at is YMapping tm)
                {
                    ctx.Error(DiagnosticCodes.UndefinedReference, tm.Get("opens_with") ?? tm, $"track '{t.Id}' opens with event '{opener}', which the scenario does not have",
                        BindContext.Suggest(opener, [.. events.Select(e => e.Id)]) is { } sug ? $"did you mean '{sug}'?" : "name an event of 'events'");
                }

                NoSeat(at, t.Parties.A, $"track '{t.Id}'");
                NoSeat(at, t.Parties.B, $"track '{t.Id}'");
            }
        }
    }

    private void CheckRoles(List<Actor> actors, Channels channels, YMapping map)
    {
        foreach (Actor a in actors)
        {
            if (!roleNodes.TryGetValue(a.Id, out YNode? node))
            {
                continue;
            }

            if (a.Role == ActorRole.Mediator && channels.Mediator != a.Id)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, node, channels.Mediator is null
                    ? $"actor '{a.Id}' has role mediator but 'channels' names no mediator"
                    : $"actor '{a.Id}' has role mediator but channels.mediator is '{channels.Mediator}'",
                    $"name the mediator once, in 'channels: {{mediator: {a.Id}}}', or give '{a.Id}' another role");
            }
            else if (a.Role is not null and not ActorRole.Mediator && channels.Mediator == a.Id)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, node, $"actor '{a.Id}' is channels.mediator but has role {Seating.Name(a.Role.Value)}",
                    $"drop 'role:' (the actor named in channels.mediator is the mediator) or name another mediator");
            }
        }

        foreach (Actor a in actors)
        {
            if (a.Signs is bool signs && a.Id != channels.Mediator && signsNodes.TryGetValue(a.Id, out YNode? node) && signs != (a.Role is null or ActorRole.Party))
            {
                ctx.Error(DiagnosticCodes.Inconsistent, node, $"actor '{a.Id}' is {(a.Role is null ? "a party" : "a " + Seating.Name(a.Role.Value))}, so it {(signs ? "does not sign" : "signs")}; 'signs' is for the mediator",
                    signs ? "to make it sign, give it 'role: party'" : "to take its veto away, give it 'role: guarantor' or 'role: outside'");
            }
        }

        int signing = 0;
        var probe = new Scenario { Name = string.Empty, Actors = actors, Channels = channels };
        foreach (Actor a in actors)
        {
            signing += probe.Signs(a) ? 1 : 0;
        }

        if (actors.Count >= 2 && signing < 2)
        {
            ctx.Warn(DiagnosticCodes.FewSignatories, (YNode?)map.Get("actors") ?? map, $"only {signing} actor(s) sign an agreement (parties, and the mediator when it has positions); the zone of agreement and simulated talks need two",
                "give 'role: party' to the actors who must accept the deal");
        }
    }

    private Channels BindChannels(YNode? node, HashSet<string> actorIds, IReadOnlyCollection<string> issueIds)
    {
        YMapping? m = ctx.Mapping(node, "'channels'");
        if (m is null)
        {
            return new Channels();
        }

        ctx.CheckKeys(m, ChannelKeys, "'channels'");
        string? mediator = null;
        if (m.Get("mediator") is YNode medNode)
        {
            mediator = CheckActor(medNode, "the mediator", actorIds);
        }

        var links = new List<(string, string)>();
        if (ctx.Sequence(m.Get("links"), "channel links") is YSequence seq)
        {
            foreach (YNode item in seq.Items)
            {
                if (item is not YSequence pair || pair.Items.Count != 2)
                {
                    ctx.Error(DiagnosticCodes.WrongType, item, $"a channel link must be a pair of actor ids [a, b], not {BindContext.Describe(item)}", "write each link as [actor, other]");
                    continue;
                }

                string? a = CheckActor(pair.Items[0], "a channel end", actorIds);
                string? b = CheckActor(pair.Items[1], "a channel end", actorIds);
                if (a is null || b is null)
                {
                    continue;
                }

                if (a == b)
                {
                    ctx.Error(DiagnosticCodes.Inconsistent, item, $"channel link [{a}, {b}] connects an actor with itself", "remove it: an actor always hears itself");
                    continue;
                }

                if (links.Exists(l => (l.Item1 == a && l.Item2 == b) || (l.Item1 == b && l.Item2 == a)))
                {
                    ctx.Error(DiagnosticCodes.DuplicateId, item, $"channel link [{a}, {b}] is listed twice", "remove one of them: links go both ways");
                    continue;
                }

                links.Add((a, b));
            }
        }

        if (mediator is not null && links.Count > 0 && !links.Exists(l => l.Item1 == mediator || l.Item2 == mediator))
        {
            ctx.Error(DiagnosticCodes.Inconsistent, m.Get("mediator")!, $"mediator '{mediator}' has no channel link", "add links such as [" + mediator + ", other]");
        }

        MediatorPressure? pressure = null;
        if (m.Get("pressure") is YNode pn && ctx.Mapping(pn, "'pressure'") is YMapping pm)
        {
            ctx.CheckKeys(pm, PressureKeys, "'pressure'");
            Provenance prov = ctx.ReadProvenance(pm, Provenance.None);
            var on = new List<string>();
            YNode? onNode = ctx.Require(pm, "on", "'pressure'", "the spokes the mediator may press, e.g. 'on: [ukraine]' (one-sided) or 'on: [russia, ukraine]'");
            foreach (YNode x in onNode switch { YSequence list => list.Items, YNode one => [one], _ => [] })
            {
                if (CheckActor(x, "a pressed spoke", actorIds) is string id)
                {
                    if (id == mediator)
                    {
                        ctx.Error(DiagnosticCodes.Inconsistent, x, $"the mediator '{id}' cannot press itself", "name the spokes it presses");
                    }
                    else if (!on.Contains(id))
                    {
                        on.Add(id);
                    }
                }
            }

            if (mediator is null)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, pn, "'pressure' is the mediator's lever, and the channels name no mediator", "add 'mediator: ID' or remove 'pressure'");
            }

            Quantity? amount = ctx.ReadQuantity(ctx.Require(pm, "amount", "'pressure'", "the cost of war added to a pressed spoke per step, e.g. 'amount: 0.01'"), PressureAmount, prov, "the mediator's pressure");
            Quantity? cost = ctx.ReadQuantity(ctx.Require(pm, "cost", "'pressure'", "what pressing a spoke costs the mediator per step, e.g. 'cost: 0.002'"), PressureCost, prov, "the mediator's pressure");
            if (amount is not null && cost is not null && on.Count > 0)
            {
                pressure = new MediatorPressure { On = on, Amount = amount, Cost = cost, Provenance = prov };
            }
        }

        Quantity? summitFailure = m.Get("summit_failure") is YNode sf ? ctx.ReadQuantity(sf, SummitFailureCost, Provenance.None, "'channels'") : null;
        SideCoordination? coordination = null;
        if (m.Get("coordination") is YNode cn && ctx.Mapping(cn, "'coordination'") is YMapping cm)
        {
            ctx.CheckKeys(cm, CoordinationKeys, "'coordination'");
            Provenance prov = ctx.ReadProvenance(cm, Provenance.None);
            var members = new List<string>();
            if (ctx.Sequence(ctx.Require(cm, "parties", "'coordination'", "the parties on one side who coordinate, e.g. 'parties: [us, eu, uk]'"), "'parties' of the coordination") is YSequence ps)
            {
                foreach (YNode x in ps.Items)
                {
                    if (CheckActor(x, "a coordinating party", actorIds) is string id && !members.Contains(id))
                    {
                        members.Add(id);
                    }
                }

                if (members.Count < 2)
                {
                    ctx.Error(DiagnosticCodes.Inconsistent, ps, "coordination needs two or more parties", "name the parties on one side who coordinate before the talks");
                }
            }

            Quantity? rate = ctx.ReadQuantity(ctx.Require(cm, "rate", "'coordination'", "the share of the way toward the group's position moved per round, e.g. 'rate: 0.3'"), CoordinationRate, prov, "'rate' of the coordination");
            int rounds = 1;
            if (cm.Get("rounds") is YScalar rn)
            {
                if (rn.TryGetNumber(out double r) && r >= 1 && r <= 100 && r == Math.Floor(r))
                {
                    rounds = (int)r;
                }
                else
                {
                    ctx.Error(DiagnosticCodes.OutOfRange, rn, $"'rounds' of the coordination is '{rn.Value}', not a whole number from 1 to 100", "e.g. 'rounds: 3'");
                }
            }

            if (rate is not null && members.Count >= 2)
            {
                coordination = new SideCoordination { Parties = members, Rate = rate, Rounds = rounds, Provenance = prov };
            }
        }

        return new Channels
        {
            Mediator = mediator, Links = links, Pressure = pressure, SummitFailure = summitFailure, Coordination = coordination,
            Escalation = m.Get("escalation") is YNode en ? BindEscalation(en, actorIds, issueIds) : null,
            Tracks = BindTracks(m.Get("tracks"), actorIds, issueIds, mediator),
        };
    }

    /// <summary>
    /// The items of a list of mappings with ids (events, tracks), in order: each checked against its keys, with its id (null
    /// when missing or malformed, already reported), its name in messages ("event 'x'", or "an event") and its provenance.
    /// </summary>
    private IEnumerable<(YMapping Item, string? Id, string Owner, Provenance Provenance)> IdItems(YNode? node, string list, string item, string kind, string[] keys)
    {
        if (node is null || ctx.Sequence(node, list) is not YSequence seq)
        {
            yield break;
        }

        foreach (YNode x in seq.Items)
        {
            if (ctx.Mapping(x, item) is not YMapping m)
            {
                continue;
            }

            ctx.CheckKeys(m, keys, item);
            string? id = ctx.Id(ctx.Require(m, "id", item), $"{kind} id");
            yield return (m, id, id is null ? item : $"{kind} '{id}'", ctx.ReadProvenance(m, Provenance.None));
        }
    }

    /// <summary>The <c>tracks:</c> of <c>channels</c>: each an id, two different parties (not the mediator) and its issues, no issue on two tracks.</summary>
    private List<DirectTrack> BindTracks(YNode? node, HashSet<string> actorIds, IReadOnlyCollection<string> issueIds, string? mediator)
    {
        var result = new List<DirectTrack>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((YMapping tm, string? id, string owner, Provenance prov) in IdItems(node, "'tracks'", "a track", "track", TrackKeys))
        {
            var parties = new List<string>();
            if (ctx.Sequence(ctx.Require(tm, "parties", owner, "the two parties who talk directly, e.g. 'parties: [russia, ukraine]'"), $"'parties' of {owner}") is YSequence ps)
            {
                foreach (YNode x in ps.Items)
                {
                    if (CheckActor(x, $"a party of {owner}", actorIds) is string who)
                    {
                        if (who == mediator)
                        {
                            ctx.Error(DiagnosticCodes.Inconsistent, x, $"{owner} names the mediator '{who}'; a direct track is between two parties without it", "name two other parties");
                        }

                        parties.Add(who);
                    }
                }

                if (ps.Items.Count != 2 || (parties.Count == 2 && parties[0] == parties[1]))
                {
                    ctx.Error(DiagnosticCodes.Inconsistent, ps, $"{owner} needs two different parties", "e.g. 'parties: [russia, ukraine]'");
                }
            }

            var issues = new List<string>();
            if (ctx.Sequence(ctx.Require(tm, "issues", owner, "the issues it works, e.g. 'issues: [ceasefire]'"), $"'issues' of {owner}") is YSequence isq)
            {
                foreach (YNode x in isq.Items)
                {
                    string? issue = ctx.Text(x, $"an issue of {owner}");
                    if (issue is null)
                    {
                        continue;
                    }

                    if (!issueIds.Contains(issue))
                    {
                        ctx.Error(DiagnosticCodes.UndefinedReference, x, $"{owner} works '{issue}', which is not an issue of the scenario",
                            BindContext.Suggest(issue, [.. issueIds]) is { } sug ? $"did you mean '{sug}'?" : "use an issue id from 'issues'");
                    }
                    else if (taken.TryGetValue(issue, out string? other))
                    {
                        ctx.Error(DiagnosticCodes.Inconsistent, x, $"{owner} works '{issue}', which track '{other}' already works", "give each issue to one track");
                    }
                    else
                    {
                        taken[issue] = id ?? "?";
                        issues.Add(issue);
                    }
                }

                if (isq.Items.Count == 0)
                {
                    ctx.Error(DiagnosticCodes.MissingField, isq, $"{owner} works no issue", "name one or more, e.g. 'issues: [ceasefire]'");
                }
            }

            if (id is null || !NewId(ids, id, tm, "track") || parties.Count != 2 || parties[0] == parties[1] || issues.Count == 0)
            {
                continue;
            }

            result.Add(new DirectTrack { Id = id, Parties = (parties[0], parties[1]), Issues = issues, OpensWith = tm.Get("opens_with") is YNode ow ? ctx.Id(ow, "event id") : null, Provenance = prov });
        }

        return result;
    }

    /// <summary>The <c>escalation:</c> tactic of <c>channels</c>: two different actors, the issue of the price, the amounts and steps.</summary>
    private Escalation? BindEscalation(YNode node, HashSet<string> actorIds, IReadOnlyCollection<string> issueIds)
    {
        if (ctx.Mapping(node, "'escalation'") is not YMapping em)
        {
            return null;
        }

        ctx.CheckKeys(em, EscalationKeys, "'escalation'");
        Provenance prov = ctx.ReadProvenance(em, Provenance.None);
        YNode? byNode = ctx.Require(em, "by", "'escalation'", "the escalating party, e.g. 'by: russia'");
        string? by = byNode is null ? null : CheckActor(byNode, "the escalating party", actorIds);
        YNode? onNode = ctx.Require(em, "on", "'escalation'", "its target, e.g. 'on: ukraine'");
        string? on = onNode is null ? null : CheckActor(onNode, "the escalation's target", actorIds);
        if (by is not null && by == on)
        {
            ctx.Error(DiagnosticCodes.Inconsistent, onNode!, $"'{by}' escalates against itself", "name another party as the target");
            on = null;
        }

        YNode? issueNode = ctx.Require(em, "issue", "'escalation'", "the issue the price is asked on, e.g. 'issue: military'");
        string? issue = issueNode is null ? null : ctx.Text(issueNode, "'issue' of the escalation");
        if (issue is not null && !issueIds.Contains(issue))
        {
            ctx.Error(DiagnosticCodes.UndefinedReference, issueNode!, $"the escalation asks its price on '{issue}', which is not an issue of the scenario",
                BindContext.Suggest(issue, [.. issueIds]) is { } sug ? $"did you mean '{sug}'?" : "use an issue id from 'issues'");
            issue = null;
        }

        Quantity? amount = ctx.ReadQuantity(ctx.Require(em, "amount", "'escalation'", "the cost of war added to the target per step, e.g. 'amount: 0.009'"), EscalationAmount, prov, "the escalation");
        Quantity? cost = em.Get("cost") is YNode cn ? ctx.ReadQuantity(cn, EscalationCost, prov, "the escalation") : Quantity.Of(0);
        int? at = em.Get("at") is YScalar an ? StepOf(an, "'at' of the escalation") : 0;
        int? steps = em.Get("steps") is YScalar sn ? StepOf(sn, "'steps' of the escalation") : 1;
        if (steps == 0)
        {
            ctx.Error(DiagnosticCodes.OutOfRange, em.Get("steps")!, "'steps' of the escalation is 0: the offer to stop comes at least one step after the escalation", "e.g. 'steps: 1'");
            steps = null;
        }

        return by is null || on is null || issue is null || amount is null || cost is null || at is null || steps is null ? null
            : new Escalation { By = by, On = on, Issue = issue, Amount = amount, Cost = cost, At = at.Value, Steps = steps.Value, Provenance = prov };
    }

    /// <summary>Adds the id of an item of a list (sources, issues, actors, variants, claims, events); false, with an error at the item's 'id', when the list already has it.</summary>
    private bool NewId(HashSet<string> ids, string id, YMapping m, string kind)
    {
        if (ids.Add(id))
        {
            return true;
        }

        ctx.Error(DiagnosticCodes.DuplicateId, m.Get("id")!, $"{kind} id '{id}' is defined twice", $"give each {kind} its own id");
        return false;
    }

    private string? CheckActor(YNode node, string what, HashSet<string> actorIds)
    {
        string? id = ctx.Text(node, what);
        if (id is null)
        {
            return null;
        }

        if (!actorIds.Contains(id))
        {
            ctx.Error(DiagnosticCodes.UndefinedReference, node, $"{what} '{id}' is not an actor of the scenario",
                BindContext.Suggest(id, actorIds) is { } s ? $"did you mean '{s}'?" : "use an id from 'actors'");
            return null;
        }

        return id;
    }

    private Dynamics? BindDynamics(YNode? node, HashSet<string> actorIds)
    {
        YMapping? m = ctx.Mapping(node, "'dynamics'");
        if (m is null)
        {
            return null;
        }

        ctx.CheckKeys(m, DynamicsKeys, "'dynamics'");
        Provenance prov = ctx.ReadProvenance(m, Provenance.None);
        (string, string)? belligerents = null;
        YNode? bNode = ctx.Require(m, "belligerents", "'dynamics'", "name the two sides: 'belligerents: [russia, ukraine]' (p is the first one's chance of prevailing)");
        if (bNode is YSequence bs && bs.Items.Count == 2)
        {
            string? a = CheckActor(bs.Items[0], "a belligerent", actorIds);
            string? b = CheckActor(bs.Items[1], "a belligerent", actorIds);
            if (a is not null && b is not null && a == b)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, bNode, "the two belligerents must be different actors", "write belligerents: [one, other]");
            }
            else if (a is not null && b is not null)
            {
                belligerents = (a, b);
            }
        }
        else if (bNode is not null)
        {
            ctx.Error(DiagnosticCodes.WrongType, bNode, $"'belligerents' must be a list of two actor ids, not {BindContext.Describe(bNode)}", "write belligerents: [one, other]; p_prevail is the first one's chance");
        }

        Quantity? p = ctx.ReadQuantity(ctx.Require(m, "p_prevail", "'dynamics'"), PrevailProbability, prov, "the dynamics");
        Quantity? trend = ctx.ReadQuantity(ctx.Require(m, "trend", "'dynamics'"), Trend, prov, "the dynamics");
        Quantity? vol = ctx.ReadQuantity(ctx.Require(m, "volatility", "'dynamics'"), Volatility, prov, "the dynamics");
        Dictionary<string, Quantity> costs = ActorNumbers(m.Get("costs"), "costs", WarCost, prov, actorIds, "the actor of a cost of war", id => $"actor '{id}'");

        Attrition? attrition = m.Get("attrition") is YNode an ? BindAttrition(an, prov, belligerents) : null;
        AfterAgreement? after = m.Get("after_agreement") is YNode aa ? BindAfterAgreement(aa, prov, actorIds) : null;
        if (belligerents is null || p is null || trend is null || vol is null)
        {
            return null;
        }

        return new Dynamics { Belligerents = belligerents.Value, PrevailProbability = p, Trend = trend, Volatility = vol, Costs = costs, Attrition = attrition, AfterAgreement = after };
    }

    /// <summary>The optional <c>attrition:</c> block: fire kind, γ, and force data for both belligerents.</summary>
    private Attrition? BindAttrition(YNode node, Provenance inherited, (string A, string B)? belligerents)
    {
        YMapping? m = ctx.Mapping(node, "'attrition'");
        if (m is null)
        {
            return null;
        }

        ctx.CheckKeys(m, AttritionKeys, "'attrition'");
        Provenance prov = ctx.ReadProvenance(m, inherited);
        FireKind fire = FireKind.Aimed;
        if (m.Get("fire") is YNode fn && ctx.Text(fn, "fire") is string f)
        {
            if (f is not ("aimed" or "area"))
            {
                ctx.Error(DiagnosticCodes.BadEnum, fn, $"fire is '{f}'; expected 'aimed' (square law) or 'area' (linear law)", "write fire: aimed or fire: area");
            }

            fire = f == "area" ? FireKind.Area : FireKind.Aimed;
        }

        Quantity gamma = m.Get("gamma") is YNode gn ? ctx.ReadQuantity(gn, Gamma, prov, "the attrition model") ?? Quantity.Of(1) : Quantity.Of(1);
        YMapping? forces = ctx.Mapping(ctx.Require(m, "forces", "'attrition'", "give both belligerents' forces: 'forces: {a: {strength: …, recruitment: …, effectiveness: …}, b: {…}}'"), "'forces'");
        if (forces is null || belligerents is null)
        {
            return null;
        }

        ForceData? Force(string id)
        {
            YMapping? fm = ctx.Mapping(ctx.Require(forces, id, "'forces'", $"add the forces of belligerent '{id}'"), $"the forces of '{id}'");
            if (fm is null)
            {
                return null;
            }

            ctx.CheckKeys(fm, ForceKeys, $"the forces of '{id}'");
            Provenance fp = ctx.ReadProvenance(fm, prov);
            Quantity? strength = ctx.ReadQuantity(ctx.Require(fm, "strength", $"the forces of '{id}'"), Strength, fp, $"forces of '{id}'");
            Quantity recruitment = fm.Get("recruitment") is YNode rn ? ctx.ReadQuantity(rn, Recruitment, fp, $"forces of '{id}'") ?? Quantity.Of(0) : Quantity.Of(0);
            Quantity? eff = ctx.ReadQuantity(ctx.Require(fm, "effectiveness", $"the forces of '{id}'"), Effectiveness, fp, $"forces of '{id}'");
            return strength is null || eff is null ? null : new ForceData(strength, recruitment, eff);
        }

        foreach (KeyValuePair<YScalar, YNode> e in forces.Entries)
        {
            if (e.Key.Value != belligerents.Value.A && e.Key.Value != belligerents.Value.B)
            {
                ctx.Error(DiagnosticCodes.UndefinedReference, e.Key, $"'{e.Key.Value}' is not one of the belligerents", $"use '{belligerents.Value.A}' and '{belligerents.Value.B}'");
            }
        }

        ForceData? a = Force(belligerents.Value.A), b = Force(belligerents.Value.B);
        return a is null || b is null ? null : new Attrition { Fire = fire, Gamma = gamma, A = a, B = b };
    }

    private List<Variant> BindVariants(YNode? node, List<Issue> issues)
    {
        var result = new List<Variant>();
        YSequence? seq = ctx.Sequence(node, "'variants'");
        if (seq is null)
        {
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (YNode item in seq.Items)
        {
            YMapping? m = ctx.Mapping(item, "a variant");
            if (m is null)
            {
                continue;
            }

            ctx.CheckKeys(m, VariantKeys, "a variant");
            string? id = ctx.Id(ctx.Require(m, "id", "a variant"), "variant id");
            Provenance prov = ctx.ReadProvenance(m, Provenance.None);
            string owner = id is null ? "a variant" : $"variant '{id}'";
            var changes = new List<VariantChange>();
            ReadChanges(m.Get("set"), VariantOperation.Set, prov, owner, changes);
            ReadChanges(m.Get("shift"), VariantOperation.Shift, prov, owner, changes);
            ReadStructural(m, owner, changes);
            Dictionary<string, IssueLimit> stipulates = BindLimits(m.Get("stipulates"), issues, $"'stipulates' of {owner}");
            if (m.Get("set") is null && m.Get("shift") is null && m.Get("stipulates") is null && m.Get("remove") is null && m.Get("add") is null)
            {
                ctx.Error(DiagnosticCodes.MissingField, m, $"{owner} changes nothing",
                    "add 'set: {path: number}', 'shift: {path: delta}', 'remove: [path]', 'add: {path: value}' or 'stipulates: {issue: {at_most: N}}'");
            }

            if (id is null)
            {
                continue;
            }

            if (!NewId(ids, id, m, "variant"))
            {
                continue;
            }

            result.Add(new Variant
            {
                Id = id,
                Name = ctx.Text(m.Get("name"), "variant name") ?? id,
                Description = ctx.Text(m.Get("description"), "variant description"),
                Changes = changes,
                Stipulates = stipulates,
                Provenance = prov,
            });
        }

        return result;
    }

    /// <summary>
    /// The <c>claims:</c> block: each claim's id, words and quote, the variant both cases start from, its setting and
    /// counter-setting (variant-style changes, applied and checked by the loader like a variant), the outcome measured, the
    /// direction claimed and the mechanisms it runs through.
    /// </summary>
    private List<Claim> BindClaims(YNode? node, List<Issue> issues, HashSet<string> actorIds, List<Variant> variants, Dynamics? dynamics)
    {
        var result = new List<Claim>();
        if (node is null || ctx.Sequence(node, "'claims'") is not YSequence seq)
        {
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (YNode item in seq.Items)
        {
            if (ctx.Mapping(item, "a claim") is not YMapping m)
            {
                continue;
            }

            ctx.CheckKeys(m, ClaimKeys, "a claim");
            string? id = ctx.Id(ctx.Require(m, "id", "a claim"), "claim id");
            string owner = id is null ? "a claim" : $"claim '{id}'";
            Provenance prov = ctx.ReadProvenance(m, Provenance.None);
            string? says = ctx.Text(ctx.Require(m, "claim", owner, "say in one line what the analysis claims, e.g. 'claim: pressure on Russia alone makes a deal more likely'"), "'claim'");
            if (!prov.Cites.Any(c => c.Quote.Length > 0))
            {
                ctx.Error(DiagnosticCodes.MissingField, m, $"{owner} quotes no source", "add 'cite: [{source: ID, locator: para N, quote: \"...\"}]' with the words the claim comes from");
            }

            string? variant = null;
            if (m.Get("variant") is YNode vn && ctx.Text(vn, "'variant'") is string v)
            {
                if (variants.Exists(x => x.Id == v))
                {
                    variant = v;
                }
                else
                {
                    ctx.Error(DiagnosticCodes.UndefinedReference, vn, $"{owner} starts from variant '{v}', which the scenario does not have",
                        BindContext.Suggest(v, [.. variants.Select(x => x.Id)]) is { } sug ? $"did you mean '{sug}'?" : "name one of 'variants', or leave 'variant' out");
                }
            }

            ClaimCase? setting = BindClaimCase(ctx.Require(m, "setting", owner, "e.g. 'setting: {shift: {dynamics.costs.russia: 0.005}}'"), "setting", owner, prov, required: true, issues);
            ClaimCase? counter = m.Get("counter") is YNode cn ? BindClaimCase(cn, "counter", owner, prov, required: false, issues) : new ClaimCase { Which = "counter" };
            ClaimMeasure? measure = BindClaimMeasure(ctx.Require(m, "measure", owner, "one of agreement, durability, utility.ACTOR, level.ISSUE"), owner, issues, actorIds, dynamics);
            ClaimDirection? expect = null;
            if (ctx.Require(m, "expect", owner, "'expect: up' (higher in the setting) or 'expect: down'") is YNode en && ctx.Text(en, "'expect'") is string e)
            {
                expect = e switch { "up" => ClaimDirection.Up, "down" => ClaimDirection.Down, _ => null };
                if (expect is null)
                {
                    ctx.Error(DiagnosticCodes.BadEnum, en, $"'expect' of {owner} is '{e}', not up or down", "up: higher in the setting than in the counter-setting; down: lower");
                }
            }

            var mechanisms = new List<string>();
            YNode? mn = ctx.Require(m, "mechanism", owner, $"the mechanisms its effect runs through, of: {string.Join(", ", Mechanisms.Names)}");
            IEnumerable<YNode> mechanismNodes = mn switch { YSequence list => list.Items, YNode one => [one], _ => [] };
            foreach (YNode x in mechanismNodes)
            {
                if (ctx.Text(x, "a mechanism") is not string name)
                {
                    continue;
                }

                if (Mechanisms.Names.Contains(name))
                {
                    mechanisms.Add(name);
                }
                else
                {
                    ctx.Error(DiagnosticCodes.BadEnum, x, $"'{name}' is not one of the engine's mechanisms ({string.Join(", ", Mechanisms.Names)})",
                        BindContext.Suggest(name, [.. Mechanisms.Names]) is { } sug ? $"did you mean '{sug}'?" : null);
                }
            }

            if (mn is not null && mechanisms.Count == 0 && !mechanismNodes.Any())
            {
                ctx.Error(DiagnosticCodes.MissingField, mn, $"{owner} names no mechanism", $"name the mechanisms its effect runs through, of: {string.Join(", ", Mechanisms.Names)}");
            }

            if (id is null || says is null || setting is null || counter is null || measure is null || expect is null || mechanisms.Count == 0)
            {
                continue;
            }

            if (!NewId(ids, id, m, "claim"))
            {
                continue;
            }

            result.Add(new Claim
            {
                Id = id,
                Says = says,
                Variant = variant,
                Setting = setting,
                Counter = counter,
                Measure = measure,
                Expect = expect.Value,
                Mechanisms = mechanisms,
                Provenance = prov,
            });
        }

        return result;
    }

    private ClaimCase? BindClaimCase(YNode? node, string which, string owner, Provenance prov, bool required, List<Issue> issues)
    {
        if (node is null || ctx.Mapping(node, $"'{which}' of {owner}") is not YMapping m)
        {
            return null;
        }

        ctx.CheckKeys(m, ClaimCaseKeys, $"'{which}' of {owner}");
        if (required && m.Entries.Count == 0)
        {
            ctx.Error(DiagnosticCodes.MissingField, m, $"the setting of {owner} changes nothing", "the setting is what the claim is about: e.g. 'setting: {shift: {dynamics.costs.russia: 0.005}}'");
        }

        var changes = new List<VariantChange>();
        ReadChanges(m.Get("set"), VariantOperation.Set, prov, $"the {which} of {owner}", changes);
        ReadChanges(m.Get("shift"), VariantOperation.Shift, prov, $"the {which} of {owner}", changes);
        ReadStructural(m, $"the {which} of {owner}", changes);
        string? protocol = null;
        if (m.Get("protocol") is YNode pn && ctx.Text(pn, "'protocol'") is string p)
        {
            if (NegotiationCatalog.ProtocolNames.Contains(p))
            {
                protocol = p;
            }
            else
            {
                ctx.Error(DiagnosticCodes.BadEnum, pn, $"protocol '{p}' of the {which} of {owner} is not one of {string.Join(", ", NegotiationCatalog.ProtocolNames)}",
                    BindContext.Suggest(p, [.. NegotiationCatalog.ProtocolNames]) is { } sug ? $"did you mean '{sug}'?" : null);
            }
        }

        return new ClaimCase { Which = which, Changes = changes, Protocol = protocol, Stipulates = BindLimits(m.Get("stipulates"), issues, $"'stipulates' of the {which} of {owner}") };
    }

    private ClaimMeasure? BindClaimMeasure(YNode? node, string owner, List<Issue> issues, HashSet<string> actorIds, Dynamics? dynamics)
    {
        if (node is null || ctx.Text(node, "'measure'") is not string text)
        {
            return null;
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string head = dot < 0 ? text : text[..dot], subject = dot < 0 ? string.Empty : text[(dot + 1)..];
        switch (head)
        {
            case "agreement" when dot < 0:
                return new ClaimMeasure(ClaimMeasureKind.Agreement, null);
            case "durability" when dot < 0:
                if (dynamics is null)
                {
                    ctx.Error(DiagnosticCodes.MissingField, node, $"{owner} measures durability, which needs the scenario's 'dynamics' (belligerents, p_prevail)", "add 'dynamics:' or measure agreement, utility.ACTOR or level.ISSUE");
                    return null;
                }

                return new ClaimMeasure(ClaimMeasureKind.Durability, null);
            case "utility" when actorIds.Contains(subject):
                return new ClaimMeasure(ClaimMeasureKind.Utility, subject);
            case "level" when issues.Exists(i => i.Id == subject):
                return new ClaimMeasure(ClaimMeasureKind.Level, subject);
            case "utility":
                ctx.Error(DiagnosticCodes.UndefinedReference, node, $"{owner} measures the utility of '{subject}', which is not an actor",
                    BindContext.Suggest(subject, [.. actorIds]) is { } a ? $"did you mean 'utility.{a}'?" : "write utility.ACTOR with an actor id");
                return null;
            case "level":
                ctx.Error(DiagnosticCodes.UndefinedReference, node, $"{owner} measures the level of '{subject}', which is not an issue",
                    BindContext.Suggest(subject, [.. issues.Select(i => i.Id)]) is { } i ? $"did you mean 'level.{i}'?" : "write level.ISSUE with an issue id");
                return null;
            default:
                ctx.Error(DiagnosticCodes.BadEnum, node, $"'{text}' is not an outcome a claim can measure", "one of: agreement, durability, utility.ACTOR, level.ISSUE");
                return null;
        }
    }

    /// <summary>
    /// The <c>events:</c> block: each event's id, timing (<c>at: N</c>, <c>at: {range: [a, b]}</c> or
    /// <c>when: {p_prevail: {below|above: x}}</c> / <c>when: {agreed: ISSUE}</c>), probability and changes (<c>set:</c> /
    /// <c>shift:</c> of the paths in <see cref="EventPaths"/>).
    /// </summary>
    private List<TalkEvent> BindEvents(YNode? node, List<Issue> issues, List<Actor> actors, HashSet<string> actorIds, Dynamics? dynamics, Channels channels)
    {
        var result = new List<TalkEvent>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var afterNodes = new Dictionary<string, YMapping>(StringComparer.Ordinal);
        foreach ((YMapping m, string? id, string owner, Provenance prov) in IdItems(node, "'events'", "an event", "event", EventKeys))
        {
            EventTiming? timing = BindEventTiming(m, owner, issues, actorIds);
            Quantity? probability = m.Get("probability") is YNode pn ? ctx.ReadQuantity(pn, EventProbability, prov, owner) : null;
            var changes = new List<VariantChange>();
            ReadChanges(m.Get("set"), VariantOperation.Set, prov, owner, changes);
            ReadChanges(m.Get("shift"), VariantOperation.Shift, prov, owner, changes);
            List<string> seat = BindSeats(m.Get("seat"), "seat", owner, actorIds, channels.Mediator);
            List<string> unseat = BindSeats(m.Get("unseat"), "unseat", owner, actorIds, channels.Mediator);
            bool seats = m.Get("seat") is YScalar or YSequence { Items.Count: > 0 } || m.Get("unseat") is YScalar or YSequence { Items.Count: > 0 };
            if (changes.Count == 0 && !seats && m.Get("set") is null && m.Get("shift") is null && !channels.Tracks.Any(t => t.OpensWith == id))
            {
                ctx.Error(DiagnosticCodes.MissingField, m, $"{owner} changes nothing",
                    $"add 'set: {{path: number}}' or 'shift: {{path: delta}}' with one of: {string.Join(", ", EventPaths.All)}; 'seat: [ACTOR]' / 'unseat: [ACTOR]'; or open a track with it ('opens_with: {id ?? "ID"}')");
            }

            foreach (string both in seat.Intersect(unseat))
            {
                ctx.Error(DiagnosticCodes.Inconsistent, m.Get("unseat")!, $"{owner} both seats and unseats '{both}'", "one event does one of the two; use two events");
            }

            CheckEventPaths(m, owner, changes, actors, actorIds, dynamics, issues);
            if (id is null || timing is null)
            {
                continue;
            }

            if (!NewId(ids, id, m, "event"))
            {
                continue;
            }

            if (id is EngineEvents.SummitFailed or EngineEvents.Deescalation || channels.Tracks.Any(t => EngineEvents.TrackAgreed(t.Id) == id))
            {
                ctx.Error(DiagnosticCodes.Inconsistent, m.Get("id")!, $"event id '{id}' is the one the engine records {(id.StartsWith("track-", StringComparison.Ordinal) ? "a direct track's agreement" : id == EngineEvents.SummitFailed ? "a failed summit" : "a de-escalation")} under",
                    "give the event another id");
                continue;
            }

            afterNodes[id] = m;
            result.Add(new TalkEvent
            {
                Id = id,
                Name = ctx.Text(m.Get("name"), "event name") ?? id,
                Description = ctx.Text(m.Get("description"), "event description"),
                Timing = timing,
                Probability = probability,
                Changes = changes,
                Seat = seat,
                Unseat = unseat,
                Provenance = prov,
            });
        }

        // an event that waits for another names one of the scenario's events, and not itself
        foreach (TalkEvent e in result)
        {
            if (e.Timing.After is (string other, _) && (other == e.Id || !ids.Contains(other)))
            {
                YNode at = (afterNodes[e.Id].Get("when") as YMapping)?.Get("after") ?? afterNodes[e.Id];
                ctx.Error(DiagnosticCodes.UndefinedReference, at, other == e.Id ? $"event '{e.Id}' waits for itself" : $"event '{e.Id}' waits for event '{other}', which the scenario does not have",
                    BindContext.Suggest(other, [.. ids]) is { } sug && sug != e.Id ? $"did you mean '{sug}'?" : "name another event of 'events'");
            }
        }

        return result;
    }

    /// <summary>An event's <c>seat:</c> or <c>unseat:</c> list: actors of the scenario, never the mediator (always at the table: the hub has no talks without it).</summary>
    private List<string> BindSeats(YNode? node, string key, string owner, HashSet<string> actorIds, string? mediator)
    {
        var result = new List<string>();
        if (node is null)
        {
            return result;
        }

        foreach (YNode x in node switch { YSequence list => list.Items, _ => [node] })
        {
            if (CheckActor(x, $"an actor of '{key}' of {owner}", actorIds) is not string id)
            {
                continue;
            }

            if (id == mediator)
            {
                ctx.Error(DiagnosticCodes.Inconsistent, x, key == "unseat" ? $"{owner} unseats the mediator '{id}'; mediated talks have no table without it" : $"{owner} seats the mediator '{id}', who is always at the table",
                    key == "unseat" ? "end the talks with a variant instead, or unseat a party" : "seat another actor");
            }
            else if (!result.Contains(id))
            {
                result.Add(id);
            }
        }

        return result;
    }

    private EventTiming? BindEventTiming(YMapping m, string owner, List<Issue> issues, HashSet<string> actorIds)
    {
        YNode? at = m.Get("at"), when = m.Get("when");
        if ((at is null) == (when is null))
        {
            ctx.Error(DiagnosticCodes.MissingField, m, $"{owner} needs exactly one of 'at' and 'when'",
                "e.g. 'at: 3', 'at: {range: [2, 6]}', 'when: {p_prevail: {below: 0.4}}' or 'when: {agreed: territory}'");
            return null;
        }

        if (at is YScalar step)
        {
            return StepOf(step, $"'at' of {owner}") is int s ? new EventTiming { At = s } : null;
        }

        if (at is not null)
        {
            if (ctx.Mapping(at, $"'at' of {owner}") is not YMapping am)
            {
                return null;
            }

            ctx.CheckKeys(am, EventRangeKeys, $"'at' of {owner}");
            if (ctx.Sequence(ctx.Require(am, "range", $"'at' of {owner}", "e.g. 'at: {range: [2, 6]}'"), $"'range' of {owner}") is not YSequence range)
            {
                return null;
            }

            if (range.Items.Count != 2 || range.Items[0] is not YScalar first || range.Items[1] is not YScalar last)
            {
                ctx.Error(DiagnosticCodes.OutOfRange, range, $"the range of {owner} needs two steps, the first and the last", "e.g. 'range: [2, 6]'");
                return null;
            }

            if (StepOf(first, $"the first step of {owner}") is not int a || StepOf(last, $"the last step of {owner}") is not int b)
            {
                return null;
            }

            if (b < a)
            {
                ctx.Error(DiagnosticCodes.OutOfRange, range, $"the range of {owner} ends ({b}) before it starts ({a})", "write the earlier step first");
                return null;
            }

            return new EventTiming { Range = (a, b) };
        }

        if (ctx.Mapping(when, $"'when' of {owner}") is not YMapping wm)
        {
            return null;
        }

        ctx.CheckKeys(wm, EventWhenKeys, $"'when' of {owner}");
        if (wm.Entries.Count != 1)
        {
            ctx.Error(DiagnosticCodes.MissingField, wm, $"'when' of {owner} needs exactly one condition", "'p_prevail: {below: 0.4}', 'agreed: ISSUE', 'after: {event: ID, steps: N}' or 'walked_out: ACTOR'");
            return null;
        }

        if (wm.Get("agreed") is YNode agreed)
        {
            string? issue = ctx.Text(agreed, $"'agreed' of {owner}");
            if (issue is not null && !issues.Exists(i => i.Id == issue))
            {
                ctx.Error(DiagnosticCodes.UndefinedReference, agreed, $"{owner} waits for issue '{issue}', which the scenario does not have",
                    BindContext.Suggest(issue, [.. issues.Select(i => i.Id)]) is { } sug ? $"did you mean '{sug}'?" : "use an issue id from 'issues'");
                return null;
            }

            return issue is null ? null : new EventTiming { Agreed = issue };
        }

        if (wm.Get("walked_out") is YNode walkNode)
        {
            string? who = ctx.Id(walkNode, "actor id");
            if (who is not null && !actorIds.Contains(who))
            {
                ctx.Error(DiagnosticCodes.UndefinedReference, walkNode, $"{owner} waits for '{who}' to walk out, but '{who}' is not an actor of the scenario",
                    BindContext.Suggest(who, [.. actorIds]) is { } sug ? $"did you mean '{sug}'?" : "use an actor id from 'actors'");
                return null;
            }

            return who is null ? null : new EventTiming { WalkedOut = who };
        }

        if (wm.Get("after") is YNode afterNode)
        {
            if (ctx.Mapping(afterNode, $"'after' of {owner}") is not YMapping am2)
            {
                return null;
            }

            ctx.CheckKeys(am2, EventAfterKeys, $"'after' of {owner}");
            string? other = ctx.Id(ctx.Require(am2, "event", $"'after' of {owner}", "e.g. 'after: {event: moratorium, steps: 1}'"), "event id");
            int? steps = am2.Get("steps") is YScalar sn ? StepOf(sn, $"'steps' of {owner}") : 0;
            return other is null || steps is null ? null : new EventTiming { After = (other, steps.Value) };
        }

        if (ctx.Mapping(wm.Get("p_prevail"), $"'p_prevail' of {owner}") is not YMapping pm)
        {
            return null;
        }

        ctx.CheckKeys(pm, EventPrevailKeys, $"'p_prevail' of {owner}");
        if (pm.Entries.Count != 1)
        {
            ctx.Error(DiagnosticCodes.MissingField, pm, $"'p_prevail' of {owner} needs one bound", "'below: 0.4' or 'above: 0.6'");
            return null;
        }

        bool below = pm.Get("below") is not null;
        YNode bound = pm.Get("below") ?? pm.Get("above")!;
        if (ctx.Number(bound, $"the p_prevail bound of {owner}") is not double x)
        {
            return null;
        }

        if (x is < 0 or > 1)
        {
            ctx.Error(DiagnosticCodes.OutOfRange, bound, $"the p_prevail bound of {owner} is {BindContext.Fmt(x)}, outside 0 to 1", "a probability between 0 and 1");
            return null;
        }

        return below ? new EventTiming { PrevailBelow = x } : new EventTiming { PrevailAbove = x };
    }

    private int? StepOf(YScalar node, string what)
    {
        if (ctx.Number(node, what) is not double v)
        {
            return null;
        }

        if (v < 0 || v != Math.Floor(v) || v > 10_000)
        {
            ctx.Error(DiagnosticCodes.OutOfRange, node, $"{what} is {BindContext.Fmt(v)}: a time step is a whole number from 0", "0 is the start of the talks; steps are the scenario's time_step");
            return null;
        }

        return (int)v;
    }

    /// <summary>An event changes only what the simulated war reads every step; anything else is named with the paths it can change.</summary>
    private void CheckEventPaths(YMapping m, string owner, List<VariantChange> changes, List<Actor> actors, HashSet<string> actorIds, Dynamics? dynamics, List<Issue> issues)
    {
        foreach (VariantChange c in changes)
        {
            YNode at = (m.Get(c.Operation == VariantOperation.Set ? "set" : "shift") as YMapping)?.Entries.FirstOrDefault(e => e.Key.Value == c.Path).Key ?? (YNode)m;
            if (EventPaths.TryStance(c.Path, out string actorId, out string issueId, out StanceField field))
            {
                CheckStanceChange(at, owner, c, actors, issues, actorId, issueId, field);
                continue;
            }
            bool costs = c.Path.StartsWith(EventPaths.CostsPrefix, StringComparison.Ordinal);
            if (costs && !actorIds.Contains(c.Path[EventPaths.CostsPrefix.Length..]))
            {
                string who = c.Path[EventPaths.CostsPrefix.Length..];
                ctx.Error(DiagnosticCodes.UndefinedReference, at, $"{owner} changes the cost of war of '{who}', which is not an actor of the scenario",
                    BindContext.Suggest(who, [.. actorIds]) is { } sug ? $"did you mean '{sug}'?" : "use an actor id from 'actors'");
                continue;
            }

            bool known = costs || c.Path is EventPaths.Trend or EventPaths.PrevailProbability or EventPaths.Volatility;
            if (!known)
            {
                ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} cannot change '{c.Path}' while talks run",
                    $"an event changes what the war reads every step or a stance at the table: {string.Join(", ", EventPaths.All)} (ACTOR: an actor id, ISSUE: an issue id); use a variant for anything else");
                continue;
            }

            if (c.Amount is null)
            {
                ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} sets '{c.Path}' to a label, not a number", "give a number");
                continue;
            }

            // a value set must be one the field can hold (a shift is checked where it lands: the run keeps it in range)
            FieldSpec spec = c.Path switch
            {
                EventPaths.PrevailProbability => PrevailProbability,
                EventPaths.Trend => Trend,
                EventPaths.Volatility => Volatility,
                _ => WarCost,
            };
            double v = c.Amount.Value;
            if (c.Operation == VariantOperation.Set && !spec.Accepts(v))
            {
                string range = double.IsPositiveInfinity(spec.Max) ? $"at least {BindContext.Fmt(spec.Min)}" : $"{BindContext.Fmt(spec.Min)} to {BindContext.Fmt(spec.Max)}";
                ctx.Error(DiagnosticCodes.OutOfRange, at, $"{owner} sets '{c.Path}' to {BindContext.Fmt(v)}; a {spec.Name} is {range}",
                    "give a value in that range, or a 'shift' by an amount");
                continue;
            }

            if (dynamics is null)
            {
                ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} changes '{c.Path}', but the scenario has no 'dynamics' (no war runs beside the talks)",
                    "add a 'dynamics' block, or drop the event");
            }
            else if (dynamics.Attrition is not null && c.Path is EventPaths.Trend or EventPaths.Volatility)
            {
                ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} changes '{c.Path}', but this war follows attrition (force data), which has no trend or volatility",
                    "change the cost of war or p_prevail instead");
            }
        }
    }

    /// <summary>
    /// An event's change to a stance: the actor and its stance on the issue exist, the change is a number, a value set is one
    /// the field can hold (a position or red line on the issue's scale, a salience from 0 to 1), and a red line is shifted
    /// only where the stance has one of that bound, and set only where it has none or one of that bound.
    /// </summary>
    private void CheckStanceChange(YNode at, string owner, VariantChange c, List<Actor> actors, List<Issue> issues, string actorId, string issueId, StanceField field)
    {
        Actor? actor = actors.Find(a => a.Id == actorId);
        if (actor is null)
        {
            ctx.Error(DiagnosticCodes.UndefinedReference, at, $"{owner} changes a stance of '{actorId}', which is not an actor of the scenario",
                BindContext.Suggest(actorId, [.. actors.Select(a => a.Id)]) is { } sug ? $"did you mean '{sug}'?" : "use an actor id from 'actors'");
            return;
        }

        Issue? issue = issues.Find(i => i.Id == issueId);
        if (issue is null || actor.StanceOn(issueId) is not Stance st)
        {
            ctx.Error(DiagnosticCodes.UndefinedReference, at, issue is null ? $"{owner} changes a stance on '{issueId}', which is not an issue of the scenario" : $"{owner} changes {actorId}'s stance on '{issueId}', but {actorId} has none",
                issue is null ? BindContext.Suggest(issueId, [.. issues.Select(i => i.Id)]) is { } sug ? $"did you mean '{sug}'?" : "use an issue id from 'issues'" : $"give {actorId} a stance on {issueId} first");
            return;
        }

        if (c.Amount is null)
        {
            ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} sets '{c.Path}' to a label, not a number", "give a number (an option's index on a discrete issue)");
            return;
        }

        (double lo, double hi, string what) = field == StanceField.Salience ? (0.0, 1.0, "salience") : (issue.Min, issue.Max, $"level of {issueId}");
        if (c.Operation == VariantOperation.Set && (c.Amount.Value < lo || c.Amount.Value > hi))
        {
            ctx.Error(DiagnosticCodes.OutOfRange, at, $"{owner} sets '{c.Path}' to {BindContext.Fmt(c.Amount.Value)}; a {what} is {BindContext.Fmt(lo)} to {BindContext.Fmt(hi)}",
                "give a value in that range, or a 'shift' by an amount");
            return;
        }

        if (field is StanceField.AtLeast or StanceField.AtMost)
        {
            RedLineBound bound = field == StanceField.AtLeast ? RedLineBound.AtLeast : RedLineBound.AtMost;
            string name = field == StanceField.AtLeast ? "at_least" : "at_most";
            if (st.RedLine is { } line && line.Bound != bound)
            {
                ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} changes {actorId}'s red line on {issueId} as '{name}', but that red line is '{(line.Bound == RedLineBound.Excludes ? "excludes" : line.Bound == RedLineBound.AtLeast ? "at_least" : "at_most")}'",
                    "change the red line the stance has (a stance has one)");
            }
            else if (st.RedLine is null && c.Operation == VariantOperation.Shift)
            {
                ctx.Error(DiagnosticCodes.VariantPath, at, $"{owner} shifts {actorId}'s red line on {issueId}, which it does not have", $"'set' it to draw one ({c.Path}: LEVEL)");
            }
        }
    }

    /// <summary>A variant's removals and additions, kept as flow text (the applier has already put them into the tree it binds).</summary>
    private void ReadStructural(YMapping m, string owner, List<VariantChange> changes)
    {
        if (m.Get("remove") is YNode removeNode && ctx.Sequence(removeNode, $"'remove' of {owner}") is YSequence removals)
        {
            foreach (YNode item in removals.Items)
            {
                switch (item)
                {
                    case YScalar path:
                        changes.Add(new VariantChange(path.Value, VariantOperation.Remove, null));
                        break;
                    case YMapping { Entries.Count: 1 } one:
                        changes.Add(new VariantChange(one.Entries[0].Key.Value, VariantOperation.Remove, null, Yaml.YamlFlow.Write(one.Entries[0].Value)));
                        break;
                }
            }
        }

        if (m.Get("add") is YNode addNode && ctx.Mapping(addNode, $"'add' of {owner}") is YMapping additions)
        {
            foreach (KeyValuePair<YScalar, YNode> e in additions.Entries)
            {
                changes.Add(new VariantChange(e.Key.Value, VariantOperation.Add, null, Yaml.YamlFlow.Write(e.Value)));
            }
        }
    }

    private void ReadChanges(YNode? node, VariantOperation op, Provenance prov, string owner, List<VariantChange> changes)
    {
        string key = op == VariantOperation.Set ? "set" : "shift";
        if (ctx.Mapping(node, $"'{key}' of {owner}") is not YMapping m)
        {
            return;
        }

        foreach (KeyValuePair<YScalar, YNode> e in m.Entries)
        {
            if (op == VariantOperation.Set && e.Value is YScalar label && !label.IsNull && !label.TryGetNumber(out _))
            {
                changes.Add(new VariantChange(e.Key.Value, op, null, label.Value));
                continue;
            }

            Quantity? q = ctx.ReadQuantity(e.Value, Unbounded, prov, $"'{e.Key.Value}' in {owner}");
            if (q is not null)
            {
                changes.Add(new VariantChange(e.Key.Value, op, q));
            }
        }
    }
}
