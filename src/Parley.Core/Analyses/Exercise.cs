using System.Globalization;
using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;

namespace Parley.Core.Analyses;

/// <summary>Who plays one seat of an exercise.</summary>
/// <param name="Actor">The actor at the table.</param>
/// <param name="Person">True when a person plays it; false when the engine does.</param>
/// <param name="Strategy">The engine's strategy (null: the scenario's own, else linear); ignored for a person.</param>
public sealed record ExerciseSeat(string Actor, bool Person, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Strategy = null);

/// <summary>How an exercise is set up: the scenario's variant, the protocol, the clock and who plays each seat.</summary>
public sealed record ExerciseSettings
{
    /// <summary>The scenario's name in the dashboard's catalog.</summary>
    public string Scenario { get; init; } = string.Empty;

    /// <summary>The variant to apply, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The protocol (null: hub-and-spoke with a mediator at the table, else alternating offers).</summary>
    public string? Protocol { get; init; }

    /// <summary>The last time step (the talks end without agreement after it).</summary>
    public int Deadline { get; init; } = 12;

    /// <summary>The seed of the exercise's one random source (events, the engine's draws).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Every seat at the table (the scenario's table by default: the mediator and the parties).</summary>
    public IReadOnlyList<ExerciseSeat> Seats { get; init; } = [];
}

/// <summary>
/// One thing that happened in an exercise, in order: the exercise is its settings plus these actions, so replaying them
/// rebuilds it exactly (after a restart, or step by step for a debrief).
/// </summary>
/// <param name="Kind"><c>move</c> (a person sets its offer and answer), <c>advance</c> (the clock moves one step),
/// <c>chat</c> (a private message), <c>assign</c> (a seat changes hands between a person and the engine), <c>end</c>.</param>
/// <param name="Actor">Who acts (move, chat) or whose seat (assign).</param>
/// <param name="Offer">A move's offer: issue id → level.</param>
/// <param name="Answer">A move's answer: accept or reject.</param>
/// <param name="To">A chat's recipient.</param>
/// <param name="Text">A chat's text.</param>
/// <param name="Person">An assign's new player (true: a person).</param>
/// <param name="Strategy">An assign's engine strategy.</param>
public sealed record ExerciseAction(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Actor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Offer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Answer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Person = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Strategy = null);

/// <summary>One level of an issue a person may offer.</summary>
/// <param name="Value">The level.</param>
/// <param name="Reading">In the issue's words.</param>
/// <param name="Worth">What the level adds to the reader's own utility of a package (utilities add up over issues).</param>
public sealed record ExerciseLevel(double Value, string Reading, double Worth);

/// <summary>An issue as a player chooses levels of it.</summary>
/// <param name="Id">Issue id.</param>
/// <param name="Name">Issue name.</param>
/// <param name="Levels">Its levels.</param>
public sealed record ExerciseIssue(string Id, string Name, IReadOnlyList<ExerciseLevel> Levels);

/// <summary>A message of the talks as one reader may see it.</summary>
/// <param name="Time">Time step.</param>
/// <param name="From">Sender.</param>
/// <param name="To">Recipient (empty: everyone at the table).</param>
/// <param name="Kind">offer, accept, reject, event, …</param>
/// <param name="Package">The package, issue → level, if any.</param>
/// <param name="Utility">The reader's utility of the package (a player sees only its own; the facilitator every party's).</param>
/// <param name="Note">The issue named, or what an event did.</param>
public sealed record ExerciseMessage(
    int Time,
    string From,
    string To,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Package,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Utility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note);

/// <summary>A private message between two parties over one of the scenario's channels.</summary>
/// <param name="Time">Time step when it was sent.</param>
/// <param name="From">Sender.</param>
/// <param name="To">Recipient.</param>
/// <param name="Text">Its text.</param>
public sealed record ExerciseChat(int Time, string From, string To, string Text);

/// <summary>What one player sees: its own seat, the messages addressed to it or to everyone, its own chats and its own utilities.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Actor">The player's actor.</param>
/// <param name="Name">Its name.</param>
/// <param name="Time">The clock.</param>
/// <param name="Deadline">The last step.</param>
/// <param name="Paused">True while the facilitator has paused the clock.</param>
/// <param name="EndedBy">agreement, walk-away, deadline or the facilitator; null while the talks go on.</param>
/// <param name="Agreement">The agreed package, issue → level, if any.</param>
/// <param name="AgreementUtility">The player's utility of it.</param>
/// <param name="Alternative">The player's alternative to agreement (its reservation value).</param>
/// <param name="Issues">The issues and their levels.</param>
/// <param name="Offer">The player's standing offer.</param>
/// <param name="Answer">The player's standing answer (accept or reject).</param>
/// <param name="Proposes">True when the protocol uses the player's offer (alternating offers, or the mediator's seat in a
/// mediated protocol, where it is the text); false when the player only answers (a party in a mediated protocol).</param>
/// <param name="Messages">The messages it may see.</param>
/// <param name="Chats">Its chats.</param>
/// <param name="Channels">Whom it may write to.</param>
/// <param name="Note">The provenance line of a sourced scenario.</param>
public sealed record ExercisePlayerView(
    string Scenario,
    string Actor,
    string Name,
    int Time,
    int Deadline,
    bool Paused,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Agreement,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AgreementUtility,
    double Alternative,
    IReadOnlyList<ExerciseIssue> Issues,
    IReadOnlyDictionary<string, double> Offer,
    string Answer,
    bool Proposes,
    IReadOnlyList<ExerciseMessage> Messages,
    IReadOnlyList<ExerciseChat> Chats,
    IReadOnlyList<string> Channels,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note);

/// <summary>One seat as the facilitator sees it.</summary>
/// <param name="Actor">The actor.</param>
/// <param name="Name">Its name.</param>
/// <param name="Person">True when a person plays it.</param>
/// <param name="Strategy">The engine's strategy, for an engine seat.</param>
/// <param name="Offer">A person's standing offer.</param>
/// <param name="Answer">A person's standing answer.</param>
public sealed record ExerciseSeatState(string Actor, string Name, bool Person, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Strategy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Offer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Answer);

/// <summary>Everything, as the facilitator sees it.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Settings">The exercise's settings.</param>
/// <param name="Protocol">The protocol played.</param>
/// <param name="Time">The clock.</param>
/// <param name="Paused">True while paused.</param>
/// <param name="EndedBy">How it ended, or null.</param>
/// <param name="Agreement">The agreed package, or null.</param>
/// <param name="Seats">Every seat.</param>
/// <param name="Messages">Every message, with every party's utility.</param>
/// <param name="Chats">Every chat.</param>
/// <param name="Actions">Actions so far.</param>
public sealed record ExerciseState(
    string Scenario,
    ExerciseSettings Settings,
    string Protocol,
    int Time,
    bool Paused,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Agreement,
    IReadOnlyList<ExerciseSeatState> Seats,
    IReadOnlyList<ExerciseMessage> Messages,
    IReadOnlyList<ExerciseChat> Chats,
    int Actions);

/// <summary>The debrief of an exercise: what the people reached beside what the models predicted.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="EndedBy">How it ended (or "not yet").</param>
/// <param name="Time">The clock at the end.</param>
/// <param name="Agreement">The agreed package with its readings, or null.</param>
/// <param name="Utility">Each party's utility of the outcome (its alternative when there was no agreement).</param>
/// <param name="Alternative">Each party's alternative.</param>
/// <param name="Forecast">Each model's forecast per issue (central values).</param>
/// <param name="Deal">The deal space of the signatories: zone and bargaining solutions.</param>
/// <param name="Simulated">The same talks with the engine playing every seat (the scenario's strategies, the same seed).</param>
/// <param name="Durability">The durability of what was agreed, or null.</param>
/// <param name="Timeline">Every message.</param>
/// <param name="Chats">Every chat.</param>
/// <param name="Seats">Who plays each seat at the end.</param>
/// <param name="Note">The provenance line.</param>
public sealed record ExerciseDebrief(
    string Scenario,
    string EndedBy,
    int Time,
    IReadOnlyDictionary<string, PackageLevel>? Agreement,
    IReadOnlyDictionary<string, double> Utility,
    IReadOnlyDictionary<string, double> Alternative,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Forecast,
    DealOutcome? Deal,
    SessionOutcome? Simulated,
    DurabilityOutcome? Durability,
    IReadOnlyList<ExerciseMessage> Timeline,
    IReadOnlyList<ExerciseChat> Chats,
    IReadOnlyList<ExerciseSeat> Seats,
    string? Note);

/// <summary>
/// A negotiation exercise: people play some seats, the engine the others, over the scenario's protocol and channels
/// (in hub and spoke, a spoke sees only what the hub tells it). The clock moves when the facilitator (or a timer) says;
/// between two steps each person sets its standing offer and answer, and the engine's parties answer within the step.
/// The exercise is its settings plus its actions: the same actions on the same scenario give the same exercise, which is
/// how it survives a restart and how it is replayed. Not thread-safe: its host serialises calls.
/// </summary>
public sealed class Exercise
{
    /// <summary>The most characters a chat message may carry.</summary>
    public const int MaxChatLength = 2000;

    /// <summary>The most moves and messages one seat may send (the facilitator's actions have no such cap: the clock has a deadline).</summary>
    public const int MaxSeatActions = 2_000;

    private readonly Scenario scenario;
    private readonly DealSpace space;
    private readonly Session session;
    private readonly Dictionary<string, ExternalParty> people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> engineStrategy = new(StringComparer.Ordinal);
    private readonly List<ExerciseAction> actions = [];
    private readonly List<ExerciseChat> chats = [];
    private readonly Dictionary<string, int> seatActions = new(StringComparer.Ordinal);
    private bool unchanged;
    private readonly string? note;
    private string? endedBy;

    private Exercise(ExerciseSettings settings, Scenario scenario, string protocol, string? note)
    {
        Settings = settings;
        this.scenario = scenario;
        this.note = note;
        Protocol = protocol;
        space = DealSpace.Build(scenario, Experiments.ScenarioOptions.Deal(scenario));
        string[] ids = [.. settings.Seats.Select(s => s.Actor)];
        int[] parties = [.. ids.Select(space.IndexOf)];
        var strategies = new IStrategy[ids.Length];
        for (int k = 0; k < ids.Length; k++)
        {
            strategies[k] = Player(settings.Seats[k]);
        }

        session = new Session(space, parties, strategies, new SessionSettings { Deadline = settings.Deadline, Seed = settings.Seed });
        session.Start(protocol);
    }

    /// <summary>The settings it was created with.</summary>
    public ExerciseSettings Settings { get; }

    /// <summary>The protocol played.</summary>
    public string Protocol { get; }

    /// <summary>The scenario played (variant applied).</summary>
    public Scenario Scenario => scenario;

    /// <summary>Actions so far, in order.</summary>
    public IReadOnlyList<ExerciseAction> Actions => actions;

    /// <summary>The clock.</summary>
    public int Time => session.Time;

    /// <summary>How it ended, or null while it goes on.</summary>
    public string? EndedBy => endedBy ?? session.Result?.EndedBy;

    /// <summary>The seats a person plays now.</summary>
    public IReadOnlyCollection<string> PersonSeats => people.Keys;

    /// <summary>Creates an exercise on a loaded scenario, or says what is wrong with the settings.</summary>
    /// <param name="settings">The settings (an empty seat list: the scenario's table, every seat played by a person).</param>
    /// <param name="set">The scenario.</param>
    public static AnalysisOutcome<Exercise> Create(ExerciseSettings settings, ScenarioSet set)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Resolve(settings.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is not { } varied)
        {
            return AnalysisOutcome<Exercise>.Fail([.. problems]);
        }

        string[] table = [.. NegotiationAnalysis.DefaultTable(varied)];
        if (settings.Seats.Count == 0)
        {
            settings = settings with { Seats = [.. table.Select(a => new ExerciseSeat(a, Person: true))] };
        }

        var errors = new List<string>();
        if (Limits.Deadline(settings.Deadline) is string late)
        {
            errors.Add(late);
        }

        foreach (ExerciseSeat seat in settings.Seats)
        {
            if (!table.Contains(seat.Actor))
            {
                errors.Add($"'{seat.Actor}' has no seat at the table of {varied.Name} (the table: {string.Join(", ", table)})");
            }
            else if (!seat.Person && seat.Strategy is string st && !StrategyRegistry.Names.Contains(st))
            {
                errors.Add($"'{st}' is not a strategy (known: {string.Join(", ", StrategyRegistry.Names)})");
            }
        }

        if (settings.Seats.Select(s => s.Actor).Distinct(StringComparer.Ordinal).Count() != settings.Seats.Count)
        {
            errors.Add("each actor has one seat; a seat is listed twice");
        }

        if (settings.Seats.Count < 2)
        {
            errors.Add("an exercise needs two or more seats");
        }

        if (settings.Protocol is string p && !Session.Protocols.Contains(p))
        {
            errors.Add($"unknown protocol '{p}'; known: {string.Join(", ", Session.Protocols)}");
        }

        string[] ids = [.. settings.Seats.Select(s => s.Actor)];
        string protocol = settings.Protocol ?? NegotiationAnalysis.DefaultProtocol(varied, ids);
        if (protocol != "alternating-offers" && (varied.Channels.Mediator is not string med || !ids.Contains(med)))
        {
            errors.Add($"{protocol} needs the scenario's mediator at the table");
        }

        if (errors.Count > 0)
        {
            return AnalysisOutcome<Exercise>.Fail([.. errors.Select(e => new Scenarios.Diagnostic(Scenarios.Severity.Error, Scenarios.DiagnosticCodes.Request, string.Empty, 0, 0, e, null))]);
        }

        // the sides that coordinate before the talks face the others with their moved positions, as in 'parley simulate'
        return AnalysisOutcome<Exercise>.Ok(new Exercise(settings, Coordination.Before(varied), protocol, varied.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }

    /// <summary>Rebuilds an exercise from its settings and its first <paramref name="count"/> actions (all when null).</summary>
    /// <param name="settings">Its settings.</param>
    /// <param name="set">Its scenario.</param>
    /// <param name="log">Its actions.</param>
    /// <param name="count">How many to replay.</param>
    public static AnalysisOutcome<Exercise> Replay(ExerciseSettings settings, ScenarioSet set, IEnumerable<ExerciseAction> log, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        AnalysisOutcome<Exercise> created = Create(settings, set);
        if (created.Result is not { } exercise)
        {
            return created;
        }

        foreach (ExerciseAction a in count is int n ? log.Take(n) : log)
        {
            if (exercise.Apply(a) is string error)
            {
                return AnalysisOutcome<Exercise>.Refuse($"the log does not replay: action {exercise.actions.Count + 1} ({a.Kind}): {error}");
            }
        }

        return created;
    }

    private IStrategy Player(ExerciseSeat seat)
    {
        if (seat.Person)
        {
            // a person starts by asking for its own best package and rejecting until it says otherwise
            var party = new ExternalParty(BestFor(space.IndexOf(seat.Actor)), Response.Reject);
            people[seat.Actor] = party;
            engineStrategy.Remove(seat.Actor);
            return party;
        }

        people.Remove(seat.Actor);
        string name = seat.Strategy ?? NegotiationAnalysis.StrategyOf(scenario, new Dictionary<string, string>(), seat.Actor);
        engineStrategy[seat.Actor] = name;
        return StrategyRegistry.Create(name, StrategyRegistry.ScenarioParameter(scenario.FindActor(seat.Actor)!, name)?.Value);
    }

    private int[] BestFor(int a)
    {
        var levels = new int[space.Issues.Count];
        for (int d = 0; d < levels.Length; d++)
        {
            double best = double.NegativeInfinity;
            for (int l = 0; l < space.Levels[d].Length; l++)
            {
                if (space.Value[a][d][l] > best)
                {
                    best = space.Value[a][d][l];
                    levels[d] = l;
                }
            }
        }

        return levels;
    }

    /// <summary>Applies one action; null when done, else why it was refused (nothing changes then).</summary>
    /// <param name="action">The action.</param>
    public string? Apply(ExerciseAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        bool bySeat = action.Kind is "move" or "chat";
        if (bySeat && action.Actor is string who && seatActions.GetValueOrDefault(who) >= MaxSeatActions)
        {
            return $"a seat may send at most {MaxSeatActions} moves and messages";
        }

        if (EndedBy is not null)
        {
            return $"the talks have ended ({EndedBy})";
        }

        unchanged = false;
        string? error = action.Kind switch
        {
            "move" => Move(action),
            "advance" => Advance(),
            "chat" => Chat(action),
            "assign" => Assign(action),
            "end" => End(),
            _ => $"unknown action '{action.Kind}' (move, advance, chat, assign, end)",
        };
        // a move that changes nothing is not kept: the log holds what happened
        if (error is null && !unchanged)
        {
            actions.Add(action);
            if (bySeat)
            {
                seatActions[action.Actor!] = seatActions.GetValueOrDefault(action.Actor!) + 1;
            }
        }

        return error;
    }

    private string? Move(ExerciseAction a)
    {
        if (a.Actor is null || !people.TryGetValue(a.Actor, out ExternalParty? party))
        {
            return $"'{a.Actor}' is not a seat a person plays";
        }

        Response answer;
        switch (a.Answer)
        {
            case null:
                answer = party.Answer;
                break;
            case "accept":
                answer = Response.Accept;
                break;
            case "reject":
                answer = Response.Reject;
                break;
            default:
                return $"an answer is accept or reject, not '{a.Answer}'";
        }

        int[]? offer = null;
        if (a.Offer is not null)
        {
            offer = (int[])party.Offer.Clone();
            foreach ((string issue, double value) in a.Offer)
            {
                int d = IssueIndex(issue);
                if (d < 0)
                {
                    return $"'{issue}' is not an issue ({string.Join(", ", space.Issues.Select(i => i.Id))})";
                }

                int l = Array.FindIndex(space.Levels[d], x => Math.Abs(x - value) < 1e-9);
                if (l < 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{value} is not a level of {issue} ({string.Join(", ", space.Levels[d])})");
                }

                offer[d] = l;
            }
        }

        unchanged = answer == party.Answer && (offer is null || offer.AsSpan().SequenceEqual(party.Offer));
        party.Set(offer, answer);
        return null;
    }

    private string? Advance()
    {
        if (!session.Step() && session.Result is null)
        {
            return "the talks cannot move on";
        }

        return null;
    }

    private string? Chat(ExerciseAction a)
    {
        if (a.Actor is null || !people.ContainsKey(a.Actor))
        {
            return $"'{a.Actor}' is not a seat a person plays";
        }

        if (a.To is null || !Settings.Seats.Any(s => s.Actor == a.To) || a.To == a.Actor)
        {
            return $"'{a.To}' is not another seat at the table";
        }

        if (!scenario.Channels.Connects(a.Actor, a.To))
        {
            return $"{a.Actor} and {a.To} have no channel in this scenario (who talks to whom: 'channels' in the scenario)";
        }

        if (string.IsNullOrWhiteSpace(a.Text) || a.Text.Length > MaxChatLength)
        {
            return $"a message has 1 to {MaxChatLength} characters";
        }

        chats.Add(new ExerciseChat(Time, a.Actor, a.To, a.Text));
        return null;
    }

    private string? Assign(ExerciseAction a)
    {
        if (a.Actor is null || !Settings.Seats.Any(s => s.Actor == a.Actor))
        {
            return $"'{a.Actor}' is not a seat";
        }

        if (a.Person is not bool person)
        {
            return "say who plays the seat: a person or the engine";
        }

        if (!person && a.Strategy is string st && !StrategyRegistry.Names.Contains(st))
        {
            return $"'{st}' is not a strategy (known: {string.Join(", ", StrategyRegistry.Names)})";
        }

        session.Use(a.Actor, Player(new ExerciseSeat(a.Actor, person, a.Strategy)));
        return null;
    }

    private string? End()
    {
        endedBy = "the facilitator";
        return null;
    }

    private int IssueIndex(string id)
    {
        for (int d = 0; d < space.Issues.Count; d++)
        {
            if (space.Issues[d].Id == id)
            {
                return d;
            }
        }

        return -1;
    }

    private Dictionary<string, double> Levels(int[] package)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int d = 0; d < package.Length; d++)
        {
            result[space.Issues[d].Id] = space.Levels[d][package[d]];
        }

        return result;
    }

    /// <summary>
    /// A message for its readers: their utilities of its package; an event by its name for a player (what it changed is
    /// written with the numbers it moved, some of them private), with what it changed for the facilitator.
    /// </summary>
    private ExerciseMessage Shown(Message m, IReadOnlyCollection<string> readers, bool everything) => new(
        m.Time,
        m.From,
        m.To,
        m.Kind.ToString().ToLowerInvariant(),
        m.Package is null ? null : Levels(m.Package),
        m.Package is null ? null : readers.ToDictionary(r => r, r => Math.Round(space.Utility(space.IndexOf(r), m.Package), 4), StringComparer.Ordinal),
        m.Kind != MessageKind.Event ? m.Issue
            : everything ? session.Fired.FirstOrDefault(e => e.Id == m.From && e.Time == m.Time)?.Effect ?? EventName(m.From)
            : EventName(m.From));

    private string EventName(string id) => scenario.Events.FirstOrDefault(e => e.Id == id)?.Name ?? id;

    /// <summary>True when a reader may see a message: it sent it, it is addressed to it, or it is addressed to everyone.</summary>
    private static bool Sees(string reader, Message m) => m.From == reader || m.To == reader || m.To.Length == 0;

    /// <summary>What one seat's player sees.</summary>
    /// <param name="actor">The seat.</param>
    public ExercisePlayerView ViewFor(string actor)
    {
        int a = space.IndexOf(actor);
        if (a < 0 || !Settings.Seats.Any(s => s.Actor == actor))
        {
            throw new ArgumentException($"'{actor}' is not a seat of this exercise", nameof(actor));
        }

        ExternalParty? me = people.GetValueOrDefault(actor);
        int[]? agreed = session.Result?.Agreement;
        return new ExercisePlayerView(
            scenario.Name,
            actor,
            scenario.FindActor(actor)!.Name,
            Time,
            Settings.Deadline,
            false,
            EndedBy,
            agreed is null ? null : Levels(agreed),
            agreed is null ? null : Math.Round(space.Utility(a, agreed), 4),
            Math.Round(space.Reservation[a], 4),
            [.. space.Issues.Select((issue, d) => new ExerciseIssue(issue.Id, issue.Name, [.. space.Levels[d].Select((v, l) => new ExerciseLevel(v, space.Describe(d, l), Math.Round(space.Value[a][d][l], 4)))]))],
            me is null ? new Dictionary<string, double>() : Levels(me.Offer),
            me is null ? "engine" : me.Answer == Response.Accept ? "accept" : "reject",
            Protocol == "alternating-offers" || scenario.Channels.Mediator == actor,
            [.. session.Transcript.Where(m => Sees(actor, m)).Select(m => Shown(m, [actor], everything: false))],
            [.. chats.Where(c => c.From == actor || c.To == actor)],
            [.. Settings.Seats.Select(s => s.Actor).Where(o => o != actor && scenario.Channels.Connects(actor, o))],
            note);
    }

    /// <summary>Everything, for the facilitator.</summary>
    public ExerciseState State()
    {
        string[] seats = [.. Settings.Seats.Select(s => s.Actor)];
        return new ExerciseState(
            scenario.Name,
            Settings,
            Protocol,
            Time,
            false,
            EndedBy,
            session.Result?.Agreement is { } agreed ? Levels(agreed) : null,
            [.. seats.Select(id => new ExerciseSeatState(id, scenario.FindActor(id)!.Name, people.ContainsKey(id), engineStrategy.GetValueOrDefault(id),
                people.TryGetValue(id, out ExternalParty? p) ? Levels(p.Offer) : null,
                people.TryGetValue(id, out ExternalParty? q) ? (q.Answer == Response.Accept ? "accept" : "reject") : null))],
            [.. session.Transcript.Select(m => Shown(m, seats, everything: true))],
            [.. chats],
            actions.Count);
    }

    /// <summary>The debrief: the outcome beside the forecasts, the zone, the bargaining solutions, the simulated agreement and the durability of the deal.</summary>
    /// <param name="set">The exercise's scenario (as loaded for it).</param>
    public ExerciseDebrief Debrief(ScenarioSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        string[] seats = [.. Settings.Seats.Select(s => s.Actor)];
        int[]? agreed = session.Result?.Agreement;
        Dictionary<string, double> utility = seats.ToDictionary(id => id, id =>
        {
            int a = space.IndexOf(id);
            return Math.Round(agreed is null ? space.Reservation[a] : space.Utility(a, agreed), 4);
        }, StringComparer.Ordinal);
        Dictionary<string, double> alternative = seats.ToDictionary(id => id, id => Math.Round(space.Reservation[space.IndexOf(id)], 4), StringComparer.Ordinal);
        ForecastOutcome? forecast = ForecastAnalysis.Run(new ForecastRequest { Variant = Settings.Variant }, set).Result;
        DealOutcome? deal = DealSpaceAnalysis.Run(new DealRequest { Variant = Settings.Variant }, set).Result;
        SessionOutcome? simulated = NegotiationAnalysis.RunOnce(new NegotiationRequest
        {
            Variant = Settings.Variant, Protocol = Protocol, Actors = seats, Deadline = Settings.Deadline, Seed = Settings.Seed,
            Strategies = Settings.Seats.Where(s => !s.Person && s.Strategy is not null).ToDictionary(s => s.Actor, s => s.Strategy!, StringComparer.Ordinal),
        }, set).Result;
        DurabilityOutcome? durability = agreed is null || scenario.Dynamics is null ? null
            : DurabilityAnalysis.Run(new DurabilityRequest { Variant = Settings.Variant, Package = Levels(agreed), PackageName = "the exercise's agreement", Seed = Settings.Seed }, set).Result;
        return new ExerciseDebrief(
            scenario.Name,
            EndedBy ?? "not yet (the talks go on)",
            Time,
            agreed is null ? null : space.Issues.Select((issue, d) => (issue.Id, new PackageLevel(space.Levels[d][agreed[d]], space.Describe(d, agreed[d])))).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal),
            utility,
            alternative,
            forecast is null ? new Dictionary<string, IReadOnlyDictionary<string, double>>()
                : forecast.Models.ToDictionary(m => m.Name, m => (IReadOnlyDictionary<string, double>)m.Issues.ToDictionary(i => i.Id, i => Math.Round(i.Central, 2), StringComparer.Ordinal), StringComparer.Ordinal),
            deal,
            simulated,
            durability,
            [.. session.Transcript.Select(m => Shown(m, seats, everything: true))],
            [.. chats],
            [.. Settings.Seats.Select(s => new ExerciseSeat(s.Actor, people.ContainsKey(s.Actor), people.ContainsKey(s.Actor) ? null : engineStrategy.GetValueOrDefault(s.Actor)))],
            note);
    }
}
