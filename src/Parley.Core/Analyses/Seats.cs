using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;

namespace Parley.Core.Analyses;

/// <summary>One actor in an analysed group or at a simulated table: its id, its role and its utility of the result.</summary>
/// <param name="Id">Actor id.</param>
/// <param name="Role">party or mediator (null in runs stored before roles existed).</param>
/// <param name="Utility">Its utility of the result package (the Nash package of a deal space), null when there is none.</param>
[JsonConverter(typeof(SeatedPartyConverter))]
public sealed record SeatedParty(string Id, string? Role, double? Utility);

/// <summary>What an actor without a veto would object to in a package: beyond its red lines, or worth less to it than no deal.</summary>
/// <param name="Actor">Actor id.</param>
/// <param name="Role">guarantor, outside, or a party left out of the analysed group.</param>
/// <param name="Issues">The issues where the package crosses its red lines.</param>
/// <param name="Utility">Its utility of the package.</param>
/// <param name="Reservation">Its reservation value.</param>
/// <param name="Text">The objection in one line.</param>
public sealed record Objection(string Actor, string Role, IReadOnlyList<string> Issues, double Utility, double Reservation, string Text);

/// <summary>Seats and objections: how every analysis reports who takes part (rules in <see cref="Seating"/>).</summary>
public static class Seats
{
    /// <summary>The group's members with their roles and their utility of a package (null: no package).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="space">The deal space.</param>
    /// <param name="group">Actor indices in the space.</param>
    /// <param name="package">Level indices, or null.</param>
    public static IReadOnlyList<SeatedParty> Of(Scenario scenario, DealSpace space, IReadOnlyList<int> group, int[]? package)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(group);
        return [.. group.Select(g => new SeatedParty(space.Actors[g].Id, Seating.Name(scenario.RoleOf(space.Actors[g])), package is null ? null : space.Utility(g, package)))];
    }

    /// <summary>
    /// The objections of every actor outside the group (outside actors, guarantors, parties left out) to a package:
    /// the issues where it crosses their red lines, or a utility below their reservation value. Empty when nobody objects.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="space">The deal space.</param>
    /// <param name="group">The group's actor indices.</param>
    /// <param name="package">Level indices.</param>
    public static IReadOnlyList<Objection> Objections(Scenario scenario, DealSpace space, IReadOnlyList<int> group, int[] package)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(package);
        var result = new List<Objection>();
        for (int a = 0; a < space.Actors.Count; a++)
        {
            if (group.Contains(a))
            {
                continue;
            }

            Actor actor = space.Actors[a];
            ActorRole role = scenario.RoleOf(actor);
            string roleName = role == ActorRole.Party ? "party left out" : Seating.Name(role);
            var crossed = new List<string>();
            var words = new List<string>();
            for (int d = 0; d < space.Issues.Count; d++)
            {
                if (!space.Allowed[a][d][package[d]])
                {
                    Issue issue = space.Issues[d];
                    crossed.Add(issue.Id);
                    words.Add($"{issue.Id} at {IssueWords.Level(issue, space.Levels[d][package[d]])} is beyond its red line");
                }
            }

            foreach (IssueLinkage link in actor.Linkage)
            {
                int x = space.IndexOfIssue(link.IfIssue), y = space.IndexOfIssue(link.ThenIssue);
                if (x >= 0 && y >= 0 && link.If.Allows(space.Levels[x][package[x]]) && !link.Then.Allows(space.Levels[y][package[y]]))
                {
                    crossed.Add(link.ThenIssue);
                    words.Add($"it takes {link.IfIssue} {link.If} only with {link.ThenIssue} {link.Then}");
                }
            }

            double u = space.Utility(a, package), r = space.Reservation[a];
            if (u < r - 1e-12)
            {
                words.Add(string.Create(CultureInfo.InvariantCulture, $"the package is worth {u:0.00} to it, less than no deal ({r:0.00})"));
            }

            if (words.Count > 0)
            {
                result.Add(new Objection(actor.Id, roleName, crossed, u, r, $"{actor.Id} ({roleName}, no veto) would object: {string.Join("; ", words)}"));
            }
        }

        return result;
    }

    /// <summary>
    /// Who is in the group and why, in one line: "by their roles: us (mediator), russia (party); no veto: china (outside)"
    /// for a deal's signatories, "…; no seat: …" for a simulated table.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="group">The group's actor ids.</param>
    /// <param name="chosen">True when the request chose the group (--actors), false when the roles did.</param>
    /// <param name="table">True for a simulated table (the others have no seat), false for the actors who sign (the others have no veto).</param>
    public static string Explain(Scenario scenario, IReadOnlyList<string> group, bool chosen, bool table = false)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(group);
        string members = group.Count == 0 ? "nobody" : string.Join(", ", group.Select(id => $"{id} ({(scenario.FindActor(id) is Actor a ? scenario.Describe(a) : "party")})"));
        bool LeftOut(Actor a) => chosen && (table ? scenario.HasSeat(a) : scenario.Signs(a));
        string[] left = [.. scenario.Actors.Where(a => !group.Contains(a.Id)).Select(a => $"{a.Id} ({scenario.Describe(a)}{(LeftOut(a) ? ", left out by --actors" : string.Empty)})")];
        return (chosen ? "chosen with --actors: " : "by their roles: ") + members + (left.Length > 0 ? (table ? "; no seat: " : "; no veto: ") + string.Join(", ", left) : string.Empty) + ".";
    }

    /// <summary>Why an actor has no seat, and how to give it one.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="id">The actor.</param>
    public static string NoSeat(Scenario scenario, string id)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return $"{id} is a{(scenario.RoleOf(id) == ActorRole.Outside ? "n outside actor" : " guarantor")}: no seat and no veto. " +
               $"To seat it, make it a party: a variant with 'set: {{actors.{id}.role: party}}'";
    }

    /// <summary>Problems with a group chosen by a request: unknown actors, and actors whose role gives them no seat.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="ids">The ids the request names.</param>
    /// <param name="option">The option that named them (for the message).</param>
    public static IReadOnlyList<string> Check(Scenario scenario, IEnumerable<string> ids, string option)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(ids);
        var problems = new List<string>();
        string[] all = [.. ids.Distinct(StringComparer.Ordinal)];
        string[] unknown = [.. all.Where(id => scenario.FindActor(id) is null)];
        if (unknown.Length > 0)
        {
            problems.Add($"{option} names unknown actor(s) {string.Join(", ", unknown)}; the scenario has {string.Join(", ", scenario.Actors.Select(a => a.Id))}");
        }

        foreach (string id in all.Where(id => scenario.FindActor(id) is Actor a && !scenario.HasSeat(a)))
        {
            problems.Add($"{option} names {id}; {NoSeat(scenario, id)}");
        }

        return problems;
    }
}

/// <summary>Reads a seated party written as an object, or as a bare id (runs stored before roles existed); writes an object.</summary>
public sealed class SeatedPartyConverter : JsonConverter<SeatedParty>
{
    /// <inheritdoc/>
    public override SeatedParty? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new SeatedParty(reader.GetString()!, null, null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a party is an id or an object {id, role, utility}");
        }

        string? id = null, role = null;
        double? utility = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? string.Empty;
            reader.Read();
            switch (name)
            {
                case "id":
                    id = reader.GetString();
                    break;
                case "role":
                    role = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    break;
                case "utility":
                    utility = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new SeatedParty(id ?? throw new JsonException("a party needs an id"), role, utility);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, SeatedParty value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("id", value.Id);
        if (value.Role is null)
        {
            writer.WriteNull("role");
        }
        else
        {
            writer.WriteString("role", value.Role);
        }

        if (value.Utility is double u)
        {
            writer.WriteNumber("utility", u);
        }
        else
        {
            writer.WriteNull("utility");
        }

        writer.WriteEndObject();
    }
}
