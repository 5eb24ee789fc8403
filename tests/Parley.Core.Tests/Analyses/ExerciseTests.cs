using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

/// <summary>An exercise: people and the engine at one table, the same information rules as the model, replayable from its log.</summary>
public sealed class ExerciseTests
{
    private static readonly ScenarioSet Set = Engine.Load([Flagship.File]).Set!;

    private static readonly ExerciseSettings Settings = new()
    {
        Scenario = "ukraine-2025",
        Variant = "freeze-on-the-line",
        Deadline = 8,
        Seed = 7,
        Seats = [new ExerciseSeat("us", Person: true), new ExerciseSeat("russia", Person: false), new ExerciseSeat("ukraine", Person: true)],
    };

    private static Exercise Create(ExerciseSettings? settings = null)
    {
        AnalysisOutcome<Exercise> outcome = Exercise.Create(settings ?? Settings, Set);
        Assert.True(outcome.Result is not null, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return outcome.Result!;
    }

    private static void Play(Exercise e, int steps)
    {
        for (int t = 0; t < steps && e.EndedBy is null; t++)
        {
            Assert.Null(e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: t >= 2 ? "accept" : "reject")));
            Assert.Null(e.Apply(new ExerciseAction("move", Actor: "us", Offer: new Dictionary<string, double> { ["territory"] = 50 }, Answer: "accept")));
            Assert.Null(e.Apply(new ExerciseAction("advance")));
        }
    }

    [Fact]
    public void The_same_actions_replay_to_the_same_exercise()
    {
        Exercise e = Create();
        Assert.Null(e.Apply(new ExerciseAction("chat", Actor: "ukraine", To: "us", Text: "we need guarantees")));
        Play(e, 5);
        Exercise again = Exercise.Replay(Settings, Set, e.Actions).Result!;
        Assert.Equal(ParleyJson.Serialize(e.State()), ParleyJson.Serialize(again.State()));
        Assert.Equal(ParleyJson.Serialize(e.ViewFor("ukraine")), ParleyJson.Serialize(again.ViewFor("ukraine")));
        // step by step: the first k actions give the exercise as it was then
        Exercise early = Exercise.Replay(Settings, Set, e.Actions, 4).Result!;
        Assert.Equal(4, early.Actions.Count);
        Assert.True(early.Time < e.Time || e.EndedBy is not null);
    }

    [Fact]
    public void A_spoke_sees_only_what_the_hub_tells_it_and_only_its_own_utilities()
    {
        Exercise e = Create(Settings with { Seats = [new ExerciseSeat("us", false), new ExerciseSeat("russia", false), new ExerciseSeat("ukraine", true)] });
        for (int t = 0; t < 4 && e.EndedBy is null; t++)
        {
            Assert.Null(e.Apply(new ExerciseAction("advance")));
        }

        ExercisePlayerView ukraine = e.ViewFor("ukraine");
        ExerciseState all = e.State();
        Assert.Contains(all.Messages, m => m.To == "russia" && m.From == "us");
        Assert.DoesNotContain(ukraine.Messages, m => m.To == "russia" || m.From == "russia");
        Assert.All(ukraine.Messages.Where(m => m.Utility is not null), m => Assert.Equal(["ukraine"], m.Utility!.Keys));
        // the facilitator sees every party's utility
        Assert.Contains(all.Messages, m => m.Utility is { Count: 3 });
    }

    [Fact]
    public void Chats_go_only_over_the_scenarios_channels_and_only_to_their_two_parties()
    {
        Exercise e = Create();
        // hub and spoke: Ukraine talks to the US, not to Russia
        Assert.Null(e.Apply(new ExerciseAction("chat", Actor: "ukraine", To: "us", Text: "hello")));
        Assert.Contains("no channel", e.Apply(new ExerciseAction("chat", Actor: "ukraine", To: "russia", Text: "hello")), StringComparison.Ordinal);
        // an engine seat does not chat, and a person cannot write for another
        Assert.NotNull(e.Apply(new ExerciseAction("chat", Actor: "russia", To: "us", Text: "x")));
        Assert.Single(e.ViewFor("us").Chats);
        Assert.Empty(e.ViewFor("russia").Chats);
        Assert.Single(e.Actions);
    }

    [Fact]
    public void Bad_moves_are_refused_and_change_nothing()
    {
        Exercise e = Create();
        string before = ParleyJson.Serialize(e.State());
        Assert.Contains("not a seat a person plays", e.Apply(new ExerciseAction("move", Actor: "russia", Answer: "accept")), StringComparison.Ordinal);
        Assert.Contains("not a level", e.Apply(new ExerciseAction("move", Actor: "ukraine", Offer: new Dictionary<string, double> { ["territory"] = 51 })), StringComparison.Ordinal);
        Assert.Contains("not an issue", e.Apply(new ExerciseAction("move", Actor: "ukraine", Offer: new Dictionary<string, double> { ["narnia"] = 1 })), StringComparison.Ordinal);
        Assert.Contains("accept or reject", e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: "maybe")), StringComparison.Ordinal);
        Assert.Equal(before, ParleyJson.Serialize(e.State()));
        Assert.NotEmpty(Exercise.Create(Settings with { Seats = [new ExerciseSeat("china", true), new ExerciseSeat("us", true)] }, Set).Problems);
    }

    [Fact]
    public void People_can_reach_an_agreement_and_the_debrief_sets_it_beside_the_models()
    {
        // everyone accepts whatever the mediator tables
        Exercise e = Create(Settings with { Seats = [new ExerciseSeat("us", false), new ExerciseSeat("russia", true), new ExerciseSeat("ukraine", true)] });
        for (int t = 0; t < 8 && e.EndedBy is null; t++)
        {
            Assert.Null(e.Apply(new ExerciseAction("move", Actor: "russia", Answer: "accept")));
            Assert.Null(e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: "accept")));
            Assert.Null(e.Apply(new ExerciseAction("advance")));
        }

        Assert.Equal("agreement", e.EndedBy);
        ExerciseDebrief d = e.Debrief(Set);
        Assert.NotNull(d.Agreement);
        Assert.NotNull(d.Deal);
        Assert.NotNull(d.Simulated);
        Assert.NotNull(d.Durability);
        Assert.Equal(e.ViewFor("ukraine").AgreementUtility, d.Utility["ukraine"]);
        Assert.Contains("smp", d.Forecast.Keys);
        Assert.NotNull(e.Apply(new ExerciseAction("advance")));
        Assert.NotNull(e.Apply(new ExerciseAction("chat", Actor: "ukraine", To: "us", Text: "after the end")));
    }

    [Fact]
    public void A_player_sees_an_event_by_its_name_and_the_facilitator_sees_what_it_changed()
    {
        // the first seed under which one of the flagship's events fires while the talks go on
        Exercise e = null!;
        for (ulong seed = 1; seed < 40 && (e is null || !e.State().Messages.Any(m => m.Kind == "event")); seed++)
        {
            e = Create(Settings with { Seed = seed, Deadline = 12, Seats = [new ExerciseSeat("us", false), new ExerciseSeat("russia", false), new ExerciseSeat("ukraine", true)] });
            for (int t = 0; t < 12 && e.EndedBy is null && !e.State().Messages.Any(m => m.Kind == "event"); t++)
            {
                Assert.Null(e.Apply(new ExerciseAction("advance")));
            }
        }

        ExerciseMessage facilitator = e.State().Messages.First(m => m.Kind == "event");
        ExerciseMessage player = e.ViewFor("ukraine").Messages.First(m => m.Kind == "event" && m.From == facilitator.From);
        Assert.Equal(e.Scenario.Events.Single(x => x.Id == player.From).Name, player.Note);
        Assert.NotEqual(player.Note, facilitator.Note);
    }

    [Fact]
    public void A_move_that_changes_nothing_is_not_kept_and_a_seat_has_a_cap()
    {
        Exercise e = Create();
        Assert.Null(e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: "accept")));
        Assert.Null(e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: "accept")));
        Assert.Single(e.Actions);
        for (int k = 0; k < Exercise.MaxSeatActions; k++)
        {
            e.Apply(new ExerciseAction("chat", Actor: "ukraine", To: "us", Text: "again"));
        }

        Assert.Contains("at most", e.Apply(new ExerciseAction("chat", Actor: "ukraine", To: "us", Text: "once more")), StringComparison.Ordinal);
        // the clock is never held up by a seat's cap
        Assert.Null(e.Apply(new ExerciseAction("advance")));
        Assert.Null(e.Apply(new ExerciseAction("move", Actor: "us", Answer: "accept")));
    }

    [Fact]
    public void A_person_in_the_mediators_seat_drafts_the_text_and_a_party_there_only_answers()
    {
        Exercise e = Create(Settings with { Seats = [new ExerciseSeat("us", true), new ExerciseSeat("russia", false), new ExerciseSeat("ukraine", true)] });
        var draft = new Dictionary<string, double> { ["territory"] = 50, ["alignment"] = 67, ["force"] = 67, ["military"] = 25, ["sanctions"] = 50, ["ceasefire"] = 25, ["stake"] = 50 };
        Assert.Null(e.Apply(new ExerciseAction("move", Actor: "us", Offer: draft, Answer: "accept")));
        Assert.Null(e.Apply(new ExerciseAction("advance")));
        ExerciseMessage tabled = e.ViewFor("ukraine").Messages.First(m => m.Kind == "offer" && m.From == "us");
        Assert.Equal(draft, tabled.Package);
        Assert.True(e.ViewFor("us").Proposes);
        Assert.False(e.ViewFor("ukraine").Proposes);
        // a level's worth is the player's own: they add up to its utility of the package
        ExercisePlayerView ukraine = e.ViewFor("ukraine");
        double sum = ukraine.Issues.Sum(i => i.Levels.Single(l => l.Value == draft[i.Id]).Worth);
        Assert.Equal(tabled.Utility!["ukraine"], sum, 3);
    }

    [Fact]
    public void A_person_drafting_as_mediator_leaves_the_texts_of_later_talks_alone()
    {
        // the first text of a mediated protocol comes from the public estimates every session on the scenario shares;
        // a person's draft must not write into them
        static IReadOnlyDictionary<string, double> FirstText(Exercise e)
        {
            Assert.Null(e.Apply(new ExerciseAction("advance")));
            return e.State().Messages.First(m => m.Kind == "offer" && m.From == "us").Package!;
        }

        ExerciseSettings engine = Settings with { Seats = [new ExerciseSeat("us", false), new ExerciseSeat("russia", false), new ExerciseSeat("ukraine", false)] };
        IReadOnlyDictionary<string, double> before = FirstText(Create(engine));
        Exercise drafter = Create(Settings with { Seats = [new ExerciseSeat("us", true), new ExerciseSeat("russia", false), new ExerciseSeat("ukraine", false)] });
        Assert.Null(drafter.Apply(new ExerciseAction("move", Actor: "us", Offer: new Dictionary<string, double> { ["territory"] = 0, ["alignment"] = 0, ["force"] = 0, ["military"] = 0, ["sanctions"] = 0, ["ceasefire"] = 0, ["stake"] = 0 })));
        Assert.Equal(0, FirstText(drafter)["territory"]);
        Assert.Equal(before, FirstText(Create(engine)));
    }

    [Fact]
    public void A_seat_can_pass_to_the_engine_and_back()
    {
        Exercise e = Create();
        Assert.Null(e.Apply(new ExerciseAction("assign", Actor: "ukraine", Person: false, Strategy: "conceder")));
        Assert.DoesNotContain("ukraine", e.PersonSeats);
        Assert.NotNull(e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: "accept")));
        Assert.Null(e.Apply(new ExerciseAction("assign", Actor: "ukraine", Person: true)));
        Assert.Null(e.Apply(new ExerciseAction("move", Actor: "ukraine", Answer: "accept")));
        Assert.Equal("conceder", Exercise.Replay(Settings, Set, e.Actions, 1).Result!.State().Seats.Single(s => s.Actor == "ukraine").Strategy);
    }
}
