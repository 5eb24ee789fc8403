using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Core.Domain;

namespace Parley.Core.Scenarios;

/// <summary>A number of the scenario with its uncertainty and provenance.</summary>
/// <param name="Value">The central value.</param>
/// <param name="Range">Low and high ends (triangular), if stated.</param>
/// <param name="Sd">Standard deviation (truncated normal), if stated.</param>
/// <param name="Source">The sources it cites.</param>
/// <param name="Estimate">True when an analyst's estimate.</param>
/// <param name="Note">A note on it.</param>
/// <param name="Visibility">public or private.</param>
public sealed record QuantityDocument(
    double Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Range,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Source,
    bool Estimate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note,
    string Visibility)
{
    /// <summary>The quotes that support the number (<c>cite:</c>), when it has any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Citation>? Cite { get; init; }

    /// <summary>The document of a quantity (null for none).</summary>
    /// <param name="q">The quantity.</param>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(q))]
    public static QuantityDocument? Of(Quantity? q) => q is null ? null : new(
        q.Value,
        q.Range is Interval r ? [r.Low, r.High] : null,
        q.StandardDeviation,
        q.Provenance.Sources.Count > 0 ? [.. q.Provenance.Sources] : null,
        q.Provenance.IsEstimate,
        q.Provenance.Note,
        q.Visibility == Domain.Visibility.Private ? "private" : "public")
    {
        Cite = q.Provenance.Cites.Count > 0 ? q.Provenance.Cites : null,
    };
}

/// <summary>An issue: its scale and anchors, or its options.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Description">Description.</param>
/// <param name="Kind">continuous or discrete.</param>
/// <param name="Options">A discrete issue's options.</param>
/// <param name="Ordered">Whether they are ordered.</param>
/// <param name="Scale">A continuous issue's scale.</param>
/// <param name="Anchors">Its labelled points, by value.</param>
public sealed record IssueDocument(
    string Id,
    string Name,
    string? Description,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Ordered,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScaleDocument? Scale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Anchors);

/// <summary>A continuous issue's scale.</summary>
/// <param name="Min">Minimum.</param>
/// <param name="Max">Maximum.</param>
public sealed record ScaleDocument(double Min, double Max);

/// <summary>A red line: at least, at most, or options excluded.</summary>
/// <param name="AtLeast">The least acceptable level.</param>
/// <param name="AtMost">The most acceptable level.</param>
/// <param name="Excludes">Options never acceptable.</param>
public sealed record RedLineDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantityDocument? AtLeast,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantityDocument? AtMost,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Excludes);

/// <summary>An actor's stance on one issue.</summary>
/// <param name="Position">Position.</param>
/// <param name="Salience">Salience.</param>
/// <param name="PositionLabel">A discrete position's option.</param>
/// <param name="RedLine">Its red line.</param>
/// <param name="Values">Value per option (Genius-style).</param>
public sealed record StanceDocument(
    QuantityDocument Position,
    QuantityDocument Salience,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PositionLabel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RedLineDocument? RedLine,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Values);

/// <summary>An actor.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Description">Description.</param>
/// <param name="Kind">state, group, organisation, person.</param>
/// <param name="Capability">Capability.</param>
/// <param name="Patience">Patience.</param>
/// <param name="RiskAttitude">Risk attitude.</param>
/// <param name="Credibility">Credibility.</param>
/// <param name="Alternative">Its stated alternative, or null.</param>
/// <param name="Stances">By issue id.</param>
/// <param name="Role">party, mediator, guarantor or outside (the stated role, or the one that follows from channels.mediator).</param>
/// <param name="RoleNote">Why it has that role, as the file says, if it does.</param>
public sealed record ActorDocument(
    string Id,
    string Name,
    string? Description,
    string Kind,
    QuantityDocument Capability,
    QuantityDocument? Patience,
    QuantityDocument? RiskAttitude,
    QuantityDocument? Credibility,
    QuantityDocument? Alternative,
    IReadOnlyDictionary<string, StanceDocument> Stances,
    string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoleNote = null)
{
    /// <summary>The actor's conditional packages (<c>linkage:</c>), or null when it has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LinkageDocument>? Linkage { get; init; }
}

/// <summary>A source the numbers cite.</summary>
/// <param name="Id">Id.</param>
/// <param name="Title">Title.</param>
/// <param name="Author">Author.</param>
/// <param name="Outlet">Outlet.</param>
/// <param name="Date">Date.</param>
/// <param name="Url">Address.</param>
public sealed record SourceDocument(string Id, string Title, string? Author, string? Outlet, string? Date, string? Url);

/// <summary>Who talks to whom, and the levers of the talks (each null or empty when the scenario has none).</summary>
/// <param name="Mediator">The mediator.</param>
/// <param name="Links">Private channels.</param>
public sealed record ChannelsDocument(string? Mediator, IReadOnlyList<string[]> Links)
{
    /// <summary>The mediator's lever of pressure, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PressureDocument? Pressure { get; init; }

    /// <summary>Coordination on one side before the talks, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CoordinationDocument? Coordination { get; init; }

    /// <summary>What a failed summit costs every party at the table per step, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public QuantityDocument? SummitFailure { get; init; }

    /// <summary>A party's tactic of escalating, then selling de-escalation, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EscalationDocument? Escalation { get; init; }

    /// <summary>Direct tracks beside the hub, or null when there are none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TrackDocument>? Tracks { get; init; }
}

/// <summary>The mediator's lever of pressure (<c>channels: pressure:</c>).</summary>
/// <param name="On">The spokes it may press.</param>
/// <param name="Amount">Cost of war added to a pressed spoke per step.</param>
/// <param name="Cost">Cost of war added to the mediator per step and spoke pressed.</param>
public sealed record PressureDocument(IReadOnlyList<string> On, QuantityDocument Amount, QuantityDocument Cost);

/// <summary>Coordination on one side (<c>channels: coordination:</c>).</summary>
/// <param name="Parties">The coordinating parties.</param>
/// <param name="Rate">Share of the way toward the group's position per round.</param>
/// <param name="Rounds">Rounds before the talks.</param>
public sealed record CoordinationDocument(IReadOnlyList<string> Parties, QuantityDocument Rate, int Rounds);

/// <summary>Escalate, then sell de-escalation (<c>channels: escalation:</c>).</summary>
/// <param name="By">The escalating party.</param>
/// <param name="On">Its target.</param>
/// <param name="Issue">The issue of the price.</param>
/// <param name="Amount">Cost of war added to the target per step.</param>
/// <param name="Cost">Cost of war added to the escalating party per step.</param>
/// <param name="At">The step it escalates at.</param>
/// <param name="Steps">Steps until it offers to stop.</param>
public sealed record EscalationDocument(string By, string On, string Issue, QuantityDocument Amount, QuantityDocument Cost, int At, int Steps);

/// <summary>A direct track beside the hub (<c>channels: tracks:</c>).</summary>
/// <param name="Id">Id.</param>
/// <param name="Parties">Its two parties.</param>
/// <param name="Issues">The issues it works.</param>
/// <param name="OpensWith">The event that opens it, or null.</param>
public sealed record TrackDocument(string Id, string[] Parties, IReadOnlyList<string> Issues, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OpensWith);

/// <summary>A conditional package of an actor (<c>linkage:</c>): the <c>if</c> issue within its limit only with the <c>then</c> issue within its.</summary>
/// <param name="If">The issue and levels that trigger it.</param>
/// <param name="Then">The issue and levels that must come with it.</param>
public sealed record LinkageDocument(IReadOnlyDictionary<string, IssueLimit> If, IReadOnlyDictionary<string, IssueLimit> Then);

/// <summary>The war's dynamics.</summary>
/// <param name="Belligerents">The two belligerents.</param>
/// <param name="PPrevail">p that the first prevails.</param>
/// <param name="Trend">Its trend per step.</param>
/// <param name="Volatility">Its volatility per step.</param>
/// <param name="Costs">Cost of war per actor and step.</param>
public sealed record DynamicsDocument(IReadOnlyList<string> Belligerents, [property: JsonPropertyName("p_prevail")] QuantityDocument PPrevail, QuantityDocument Trend, QuantityDocument Volatility, IReadOnlyDictionary<string, QuantityDocument> Costs);

/// <summary>One change a variant makes: a number, or an option's label.</summary>
/// <param name="Path">Dotted path.</param>
/// <param name="Operation">set or shift.</param>
/// <param name="Amount">The new number or shift (an option's label is written as text).</param>
public sealed record VariantChangeDocument(string Path, string Operation, VariantAmount Amount);

/// <summary>A variant's amount: a number with its uncertainty, or an option's label.</summary>
/// <param name="Quantity">The number.</param>
/// <param name="Label">The label.</param>
[JsonConverter(typeof(VariantAmountConverter))]
public sealed record VariantAmount(QuantityDocument? Quantity, string? Label);

/// <summary>A variant.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Description">Description.</param>
/// <param name="Changes">What it changes.</param>
/// <param name="Stipulates">What its premise fixes, per issue (every deal under it respects these limits).</param>
public sealed record VariantDocument(
    string Id,
    string? Name,
    string? Description,
    IReadOnlyList<VariantChangeDocument> Changes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IssueLimit>? Stipulates = null);

/// <summary>An event during the talks (<c>events:</c>).</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Description">Description.</param>
/// <param name="When">When it fires, in words ("at a step from 1 to 6").</param>
/// <param name="Probability">The chance it happens in a run (null: 1).</param>
/// <param name="Changes">What it changes from the step it fires.</param>
public sealed record EventDocument(
    string Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    string When,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantityDocument? Probability,
    IReadOnlyList<VariantChangeDocument> Changes)
{
    /// <summary>Actors it seats at the table, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Seat { get; init; }

    /// <summary>Actors it unseats, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Unseat { get; init; }
}

/// <summary>
/// The scenario as a document for programs (<c>parley show --format json</c>, the main job's <c>summary</c>, the
/// dashboard's API): the same field names as the YAML format.
/// </summary>
/// <param name="Name">Name.</param>
/// <param name="Description">Description.</param>
/// <param name="AsOf">As of.</param>
/// <param name="TimeStep">Time step.</param>
/// <param name="Variant">The variant applied, or null.</param>
/// <param name="Sources">Sources.</param>
/// <param name="Issues">Issues.</param>
/// <param name="Actors">Actors.</param>
/// <param name="Channels">Channels.</param>
/// <param name="Dynamics">Dynamics, or null.</param>
/// <param name="Variants">Variants.</param>
/// <param name="ProvenanceNote">With <c>show</c>: the provenance line.</param>
/// <param name="VariantChanges">With <c>show --variant</c>: what the variant changes.</param>
public sealed record ScenarioDocument(
    string Name,
    string? Description,
    string? AsOf,
    string? TimeStep,
    string? Variant,
    IReadOnlyList<SourceDocument> Sources,
    IReadOnlyList<IssueDocument> Issues,
    IReadOnlyList<ActorDocument> Actors,
    ChannelsDocument Channels,
    DynamicsDocument? Dynamics,
    IReadOnlyList<VariantDocument> Variants,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FactChange>? VariantChanges = null)
{
    /// <summary>Limits every deal must respect, per issue (the scenario's own, or the applied variant's premise), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IssueLimit>? Stipulations { get; init; }

    /// <summary>Events during the talks, or null when the scenario has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EventDocument>? Events { get; init; }

    /// <summary>The issue with this id, or null.</summary>
    /// <param name="id">Issue id.</param>
    public IssueDocument? Issue(string id) => Issues.FirstOrDefault(i => i.Id == id);
}

/// <summary>Builds the scenario document.</summary>
public static class ScenarioJson
{
    /// <summary>The scenario as a typed document.</summary>
    /// <param name="s">The scenario.</param>
    public static ScenarioDocument Document(Scenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ScenarioDocument(
            s.Name,
            s.Description,
            s.AsOf,
            s.TimeStep,
            s.AppliedVariant,
            [.. s.Sources.Select(src => new SourceDocument(src.Id, src.Title, src.Author, src.Outlet, src.Date, src.Url))],
            [.. s.Issues.Select(Issue)],
            [.. s.Actors.Select(a => Actor(s, a))],
            Channels(s.Channels),
            s.Dynamics is Dynamics d
                ? new DynamicsDocument([d.Belligerents.A, d.Belligerents.B], QuantityDocument.Of(d.PrevailProbability), QuantityDocument.Of(d.Trend), QuantityDocument.Of(d.Volatility),
                    d.Costs.ToDictionary(kv => kv.Key, kv => QuantityDocument.Of(kv.Value), StringComparer.Ordinal))
                : null,
            [.. s.Variants.Select(v => new VariantDocument(v.Id, v.Name, v.Description, [.. v.Changes.Select(c => new VariantChangeDocument(
                c.Path, c.Operation.ToString().ToLowerInvariant(), new VariantAmount(c.Label is null ? QuantityDocument.Of(c.Amount) : null, c.Label)))],
                v.Stipulates.Count > 0 ? v.Stipulates : null))])
        {
            Stipulations = s.Stipulations.Count > 0 ? s.Stipulations : null,
            Events = s.Events.Count == 0 ? null : [.. s.Events.Select(e => new EventDocument(e.Id, e.Name, e.Description, e.Timing.ToString(),
                e.Probability is null ? null : QuantityDocument.Of(e.Probability),
                [.. e.Changes.Select(c => new VariantChangeDocument(c.Path, c.Operation.ToString().ToLowerInvariant(), new VariantAmount(QuantityDocument.Of(c.Amount), null)))])
            {
                Seat = e.Seat.Count == 0 ? null : e.Seat,
                Unseat = e.Unseat.Count == 0 ? null : e.Unseat,
            })],
        };
    }

    private static IssueDocument Issue(Issue i) => i.Kind == IssueKind.Discrete
        ? new IssueDocument(i.Id, i.Name, i.Description, "discrete", i.Options, i.Ordered, null, null)
        : new IssueDocument(i.Id, i.Name, i.Description, "continuous", null, null, new ScaleDocument(i.Min, i.Max),
            i.Anchors.ToDictionary(a => a.Value.ToString("R", CultureInfo.InvariantCulture), a => a.Label, StringComparer.Ordinal));

    private static ActorDocument Actor(Scenario s, Actor a)
    {
        var stances = new Dictionary<string, StanceDocument>(StringComparer.Ordinal);
        foreach (Stance st in a.Stances)
        {
            Issue issue = s.FindIssue(st.IssueId)!;
            RedLineDocument? redLine = st.RedLine switch
            {
                null => null,
                { Bound: RedLineBound.Excludes } r => new RedLineDocument(null, null, [.. r.Excluded.Select(x => issue.Options[x])]),
                { Bound: RedLineBound.AtLeast } r => new RedLineDocument(QuantityDocument.Of(r.Limit!), null, null),
                var r => new RedLineDocument(null, QuantityDocument.Of(r.Limit!), null),
            };
            Dictionary<string, double>? values = st.OptionValues is null ? null
                : issue.Options.Select((o, k) => (o, st.OptionValues[k])).ToDictionary(x => x.o, x => x.Item2, StringComparer.Ordinal);
            stances[st.IssueId] = new StanceDocument(QuantityDocument.Of(st.Position), QuantityDocument.Of(st.Salience),
                issue.Kind == IssueKind.Discrete ? issue.Format(st.Position.Value) : null, redLine, values);
        }

        return new ActorDocument(a.Id, a.Name, a.Description, a.Kind.ToString().ToLowerInvariant(), QuantityDocument.Of(a.Capability), QuantityDocument.Of(a.Patience),
            QuantityDocument.Of(a.RiskAttitude), QuantityDocument.Of(a.Credibility), QuantityDocument.Of(a.Alternative), stances, Seating.Name(s.RoleOf(a)), a.RoleNote)
        {
            Linkage = a.Linkage.Count == 0 ? null : [.. a.Linkage.Select(l => new LinkageDocument(
                new Dictionary<string, IssueLimit>(StringComparer.Ordinal) { [l.IfIssue] = l.If }, new Dictionary<string, IssueLimit>(StringComparer.Ordinal) { [l.ThenIssue] = l.Then }))],
        };
    }

    private static ChannelsDocument Channels(Channels c) => new(c.Mediator, [.. c.Links.Select(l => new[] { l.A, l.B })])
    {
        Pressure = c.Pressure is { } p ? new PressureDocument(p.On, QuantityDocument.Of(p.Amount)!, QuantityDocument.Of(p.Cost)!) : null,
        Coordination = c.Coordination is { } k ? new CoordinationDocument(k.Parties, QuantityDocument.Of(k.Rate)!, k.Rounds) : null,
        SummitFailure = QuantityDocument.Of(c.SummitFailure),
        Escalation = c.Escalation is { } x ? new EscalationDocument(x.By, x.On, x.Issue, QuantityDocument.Of(x.Amount)!, QuantityDocument.Of(x.Cost)!, x.At, x.Steps) : null,
        Tracks = c.Tracks.Count == 0 ? null : [.. c.Tracks.Select(t => new TrackDocument(t.Id, [t.Parties.A, t.Parties.B], t.Issues, t.OpensWith))],
    };
}

/// <summary>Writes a variant's amount as its label (text) or its number (an object), and reads either back.</summary>
public sealed class VariantAmountConverter : JsonConverter<VariantAmount>
{
    /// <inheritdoc/>
    public override VariantAmount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new VariantAmount(null, reader.GetString())
            : new VariantAmount((QuantityDocument?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(typeof(QuantityDocument))), null);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, VariantAmount value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Label is not null)
        {
            writer.WriteStringValue(value.Label);
        }
        else if (value.Quantity is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Quantity, options.GetTypeInfo(typeof(QuantityDocument)));
        }
    }
}
