namespace Parley.Core.Negotiation;

/// <summary>
/// A party played from outside the engine (a person, a script, another program): it offers and answers what it was
/// last told, so a driver sets its moves between two <see cref="Session.Step"/>s (<see cref="Session.Use"/> seats it).
/// It always has a move, so a step never stops half-way waiting for one.
/// </summary>
/// <param name="offer">The package it offers when its turn comes (level index per issue).</param>
/// <param name="answer">Its answer to any offer or text.</param>
public sealed class ExternalParty(int[] offer, Response answer) : IStrategy
{
    /// <summary>The package it offers now.</summary>
    public int[] Offer { get; private set; } = offer ?? throw new ArgumentNullException(nameof(offer));

    /// <summary>Its answer now.</summary>
    public Response Answer { get; private set; } = answer;

    /// <summary>How many times the session asked it for a move.</summary>
    public int MovesAsked { get; private set; }

    /// <inheritdoc/>
    public string Name => "external";

    /// <summary>Sets its next moves.</summary>
    /// <param name="offer">The package to offer (unchanged when null).</param>
    /// <param name="answer">The answer to give.</param>
    public void Set(int[]? offer, Response answer)
    {
        Offer = offer ?? Offer;
        Answer = answer;
    }

    /// <inheritdoc/>
    public int[] Propose(NegotiatorView view)
    {
        MovesAsked++;
        return Offer;
    }

    /// <inheritdoc/>
    public Response Respond(NegotiatorView view, int[] offer)
    {
        MovesAsked++;
        return Answer;
    }
}
