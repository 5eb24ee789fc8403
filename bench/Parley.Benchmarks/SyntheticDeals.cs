using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Benchmarks;

/// <summary>Random scenarios of a given size for the deal-space benchmarks (fixed seed).</summary>
public static class SyntheticDeals
{
    /// <summary>
    /// <paramref name="parties"/> actors over <paramref name="issues"/> continuous 0–100 issues; with a
    /// grid step of 100 / (levels − 1) the space has levels^issues packages.
    /// </summary>
    /// <param name="parties">Number of actors.</param>
    /// <param name="issues">Number of issues.</param>
    /// <param name="seed">Seed of the random positions and saliences.</param>
    public static Scenario Create(int parties, int issues, ulong seed = 7)
    {
        var rng = new RandomSource(seed);
        Issue[] iss = [.. Enumerable.Range(0, issues).Select(i => new Issue { Id = "i" + i, Name = "issue " + i, Kind = IssueKind.Continuous, Min = 0, Max = 100 })];
        Actor[] actors = [.. Enumerable.Range(0, parties).Select(a => new Actor
        {
            Id = "p" + a,
            Name = "party " + a,
            Capability = Quantity.Of(1 + rng.NextInt(9)),
            Alternative = Quantity.Of(0.3),
            Stances = [.. iss.Select(i => new Stance { IssueId = i.Id, Position = Quantity.Of(Math.Round(100 * rng.NextDouble())), Salience = Quantity.Of(0.05 + rng.NextDouble()) })],
        })];
        return new Scenario { Name = $"synthetic {parties}x{issues}", Issues = iss, Actors = actors };
    }
}
