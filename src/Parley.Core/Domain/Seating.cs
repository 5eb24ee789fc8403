namespace Parley.Core.Domain;

/// <summary>
/// Who takes part, from the actors' roles: the one place that decides who signs (the zone of agreement,
/// the bargaining solutions and durability ask them) and who sits at a simulated table.
/// </summary>
public static class Seating
{
    /// <summary>The roles' names as written in scenario files, in <see cref="ActorRole"/> order.</summary>
    public static IReadOnlyList<string> RoleNames { get; } = ["party", "mediator", "guarantor", "outside"];

    /// <summary>A role's name as written in files.</summary>
    /// <param name="role">The role.</param>
    public static string Name(ActorRole role) => RoleNames[(int)role];

    /// <summary>An actor's role: the mediator named in <c>channels.mediator</c>, else the stated role, else party.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="actor">One of its actors.</param>
    public static ActorRole RoleOf(this Scenario scenario, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Id == scenario.Channels.Mediator ? ActorRole.Mediator : actor.Role ?? ActorRole.Party;
    }

    /// <summary>The role of the actor with this id (party when the id is unknown).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="id">An actor id.</param>
    public static ActorRole RoleOf(this Scenario scenario, string id)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.FindActor(id) is Actor a ? scenario.RoleOf(a) : ActorRole.Party;
    }

    /// <summary>
    /// Whether the actor signs an agreement (and so must accept it): a party; the mediator when its file says
    /// <c>signs: true</c>, or says nothing and it has a stake (a position on some issue).
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="actor">One of its actors.</param>
    public static bool Signs(this Scenario scenario, Actor actor) => scenario.RoleOf(actor) switch
    {
        ActorRole.Party => true,
        ActorRole.Mediator => actor.Signs ?? actor.Stances.Count > 0,
        _ => false,
    };

    /// <summary>Whether the actor has a seat at a simulated table: every party and the mediator.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="actor">One of its actors.</param>
    public static bool HasSeat(this Scenario scenario, Actor actor) => scenario.RoleOf(actor) is ActorRole.Party or ActorRole.Mediator;

    /// <summary>The signatories in scenario order: the group whose acceptance defines the zone of agreement.</summary>
    /// <param name="scenario">The scenario.</param>
    public static IReadOnlyList<string> Signatories(this Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return [.. scenario.Actors.Where(scenario.Signs).Select(a => a.Id)];
    }

    /// <summary>
    /// The simulated table in protocol order: the mediator first, then the war's two belligerents when they are
    /// parties, then the other parties in scenario order, then any actor an event seats during the talks.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    public static IReadOnlyList<string> Table(this Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var ids = new List<string>();
        void Seat(string? id)
        {
            if (id is not null && scenario.FindActor(id) is Actor a && scenario.HasSeat(a) && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        Seat(scenario.Channels.Mediator);
        Seat(scenario.Dynamics?.Belligerents.A);
        Seat(scenario.Dynamics?.Belligerents.B);
        foreach (Actor a in scenario.Actors)
        {
            Seat(a.Id);
        }

        // an actor an event seats is at the table from the start, away from it until the event fires
        foreach (TalkEvent e in scenario.Events)
        {
            foreach (string id in e.Seat)
            {
                if (!ids.Contains(id) && scenario.FindActor(id) is not null)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>An actor's role in a few words, for lists of who takes part: "mediator", "mediator, does not sign", "outside".</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="actor">One of its actors.</param>
    public static string Describe(this Scenario scenario, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(actor);
        ActorRole role = scenario.RoleOf(actor);
        return role == ActorRole.Mediator && !scenario.Signs(actor) ? "mediator, does not sign" : Name(role);
    }
}
