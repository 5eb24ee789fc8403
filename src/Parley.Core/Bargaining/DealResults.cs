namespace Parley.Core.Bargaining;

/// <summary>A bargaining solution: a package with every actor's utility and gain over its reservation value.</summary>
/// <param name="Name">Conventional name (MODELS.md conventions: <c>nash</c>, <c>asymmetric-nash</c>, <c>kalai-smorodinsky</c>, <c>egalitarian</c>, <c>utilitarian</c>).</param>
/// <param name="Levels">Level index per issue.</param>
/// <param name="Utilities">Utility per actor of the scenario (all actors, not only the group).</param>
/// <param name="Gains">Utility minus reservation value, per actor.</param>
public sealed record Solution(string Name, int[] Levels, double[] Utilities, double[] Gains);

/// <summary>The range of one issue over the packages in the zone of possible agreement.</summary>
/// <param name="IssueId">The issue.</param>
/// <param name="Min">Lowest level inside the zone.</param>
/// <param name="Max">Highest level inside the zone.</param>
public sealed record IssueRange(string IssueId, double Min, double Max);

/// <summary>One change that would open an empty zone of agreement on its own.</summary>
/// <param name="ActorId">Whose constraint it is.</param>
/// <param name="Kind"><c>reservation</c> (accept less than its alternative) or <c>red-line</c>.</param>
/// <param name="IssueId">The issue, for a red line.</param>
/// <param name="Relaxation">By how much: utility units for a reservation value, scale units (or 1 option) for a red line.</param>
public sealed record Blocker(string ActorId, string Kind, string? IssueId, double Relaxation);

/// <summary>A distinct Pareto-optimal utility vector, one package that gives it, and how many packages tie on it.</summary>
/// <param name="Utilities">Utility per group member.</param>
/// <param name="Levels">One package (level index per issue).</param>
/// <param name="Ties">Packages with this exact utility vector.</param>
public sealed record FrontierPoint(double[] Utilities, int[] Levels, long Ties);

/// <summary>The Pareto frontier of two group members, the others ignored (for groups of more than four).</summary>
/// <param name="A">First actor id.</param>
/// <param name="B">Second actor id.</param>
/// <param name="Points">The two-dimensional frontier.</param>
public sealed record PairFrontier(string A, string B, IReadOnlyList<FrontierPoint> Points);

/// <summary>A logroll: from a reference package, each actor gets its way on the issue it cares about more.</summary>
/// <param name="A">First actor id (gets its preferred level on <paramref name="IssueForA"/>).</param>
/// <param name="B">Second actor id (gets its preferred level on <paramref name="IssueForB"/>).</param>
/// <param name="IssueForA">Issue on which B gives way.</param>
/// <param name="LevelForA">Level index A obtains there.</param>
/// <param name="IssueForB">Issue on which A gives way.</param>
/// <param name="LevelForB">Level index B obtains there.</param>
/// <param name="GainA">A's utility gain over the reference package.</param>
/// <param name="GainB">B's utility gain.</param>
public sealed record Trade(string A, string B, string IssueForA, int LevelForA, string IssueForB, int LevelForB, double GainA, double GainB)
{
    /// <summary>GainA + GainB.</summary>
    public double JointGain => GainA + GainB;
}

/// <summary>Everything the deal-space analysis found for one group of actors.</summary>
public sealed record DealReport
{
    /// <summary>The space analysed.</summary>
    public required DealSpace Space { get; init; }

    /// <summary>Actor indices of the group.</summary>
    public required int[] Group { get; init; }

    /// <summary>Packages in the space.</summary>
    public required double PackageCount { get; init; }

    /// <summary>False when the space was too large and was sampled.</summary>
    public required bool Exact { get; init; }

    /// <summary>Packages sampled (approximate mode), else 0.</summary>
    public int SampleSize { get; init; }

    /// <summary>Packages within every group member's red lines (in the sample, when approximate).</summary>
    public required long FeasibleCount { get; init; }

    /// <summary>Packages also at or above every member's reservation value: the zone of possible agreement.</summary>
    public required long ZopaCount { get; init; }

    /// <summary>Each member's best utility inside the zone (empty zone: inside the red lines).</summary>
    public required double[] Ideal { get; init; }

    /// <summary>Bargaining solutions (empty when the zone is empty).</summary>
    public required IReadOnlyList<Solution> Solutions { get; init; }

    /// <summary>Range of each issue inside the zone.</summary>
    public required IReadOnlyList<IssueRange> ZopaRanges { get; init; }

    /// <summary>The full Pareto frontier over the packages within the red lines (groups of up to four), else null.</summary>
    public IReadOnlyList<FrontierPoint>? Frontier { get; init; }

    /// <summary>0 when <see cref="Frontier"/> and <see cref="Projections"/> are exact; else the largest ε of an ε-Pareto set listed instead.</summary>
    public double FrontierEpsilon { get; init; }

    /// <summary>Pairwise frontiers (groups of more than four).</summary>
    public IReadOnlyList<PairFrontier> Projections { get; init; } = [];

    /// <summary>Single changes that would open an empty zone.</summary>
    public IReadOnlyList<Blocker> Blockers { get; init; } = [];

    /// <summary>The best trades between pairs of members, by joint gain.</summary>
    public IReadOnlyList<Trade> Trades { get; init; } = [];

    /// <summary>True when at least one package is acceptable to every member.</summary>
    public bool ZoneExists => ZopaCount > 0;

    /// <summary>The solution with this name, or null.</summary>
    /// <param name="name">Solution name.</param>
    public Solution? Find(string name) => Solutions.FirstOrDefault(s => s.Name == name);
}
