using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Forecasting;

/// <summary>
/// The numbers a forecasting model reads, laid out as flat arrays (actor-major: index
/// <c>actor * IssueCount + issue</c>). Built once from a scenario; Monte Carlo redraws the uncertain
/// numbers into the same arrays with <see cref="Resample"/>, so a draw allocates nothing.
/// Only continuous and ordered discrete issues are forecast (an unordered set of options has no
/// "between" for a compromise or a median); <see cref="SkippedIssues"/> names the others.
/// </summary>
public sealed class ForecastInput
{
    private readonly Quantity?[] positionQ;
    private readonly Quantity?[] salienceQ;
    private readonly Quantity[] capabilityQ;

    private ForecastInput(Scenario scenario, Issue[] issues, IReadOnlyList<string> skipped)
    {
        Scenario = scenario;
        Issues = issues;
        SkippedIssues = skipped;
        Actor[] actors = [.. scenario.Actors];
        Actors = actors;
        int na = actors.Length, ni = issues.Length;
        Capability = new double[na];
        Position = new double[na * ni];
        Salience = new double[na * ni];
        HasStance = new bool[na * ni];
        positionQ = new Quantity?[na * ni];
        salienceQ = new Quantity?[na * ni];
        capabilityQ = new Quantity[na];
        for (int a = 0; a < na; a++)
        {
            capabilityQ[a] = Actors[a].Capability;
            for (int d = 0; d < ni; d++)
            {
                Stance? st = Actors[a].StanceOn(issues[d].Id);
                if (st is not null)
                {
                    positionQ[(a * ni) + d] = st.Position;
                    salienceQ[(a * ni) + d] = st.Salience;
                    HasStance[(a * ni) + d] = true;
                }
            }
        }

        ResetToCentral();
    }

    /// <summary>The scenario the numbers come from.</summary>
    public Scenario Scenario { get; }

    /// <summary>The actors, in scenario order.</summary>
    public IReadOnlyList<Actor> Actors { get; }

    /// <summary>The issues that are forecast, in scenario order.</summary>
    public IReadOnlyList<Issue> Issues { get; }

    /// <summary>Ids of issues that are not forecast (unordered discrete issues).</summary>
    public IReadOnlyList<string> SkippedIssues { get; }

    /// <summary>Number of actors.</summary>
    public int ActorCount => Capability.Length;

    /// <summary>Number of forecast issues.</summary>
    public int IssueCount => Issues.Count;

    /// <summary>Capability per actor.</summary>
    public double[] Capability { get; }

    /// <summary>Position per (actor, issue) on the issue's own scale; the scale's midpoint where the actor has no stance.</summary>
    public double[] Position { get; }

    /// <summary>Salience per (actor, issue) in [0, 1]; zero where the actor has no stance.</summary>
    public double[] Salience { get; }

    /// <summary>Whether the actor states a stance on the issue.</summary>
    public bool[] HasStance { get; }

    /// <summary>Builds the input from a scenario's central values.</summary>
    /// <param name="scenario">A validated scenario.</param>
    public static ForecastInput FromScenario(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var issues = new List<Issue>();
        var skipped = new List<string>();
        foreach (Issue i in scenario.Issues)
        {
            if (i.Kind == IssueKind.Continuous || i.Ordered)
            {
                issues.Add(i);
            }
            else
            {
                skipped.Add(i.Id);
            }
        }

        return new ForecastInput(scenario, [.. issues], skipped);
    }

    /// <summary>An independent copy of the arrays (for a worker thread); it resamples from the same scenario.</summary>
    public ForecastInput Clone() => new(Scenario, [.. Issues], SkippedIssues);

    /// <summary>Sets every number back to its central value.</summary>
    public void ResetToCentral()
    {
        int ni = IssueCount;
        for (int a = 0; a < ActorCount; a++)
        {
            Capability[a] = capabilityQ[a].Value;
            for (int d = 0; d < ni; d++)
            {
                int x = (a * ni) + d;
                Position[x] = positionQ[x]?.Value ?? (Issues[d].Min + (Issues[d].Span / 2));
                Salience[x] = salienceQ[x]?.Value ?? 0;
            }
        }
    }

    /// <summary>
    /// Draws every uncertain number from its distribution (MODELS.md: triangular for a range, a normal
    /// truncated to the field's valid range for a standard deviation); certain numbers keep their value.
    /// Saliences are not renormalised. The draw order is fixed (actor by actor: capability, then each
    /// issue's position and salience), so a stream gives the same draw on any machine.
    /// </summary>
    /// <param name="rng">The draw's random stream.</param>
    public void Resample(RandomSource rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int ni = IssueCount;
        for (int a = 0; a < ActorCount; a++)
        {
            Capability[a] = Draw(capabilityQ[a], rng, 0, double.PositiveInfinity);
            for (int d = 0; d < ni; d++)
            {
                int x = (a * ni) + d;
                Issue issue = Issues[d];
                if (positionQ[x] is Quantity p)
                {
                    double v = Draw(p, rng, issue.Min, issue.Max);
                    Position[x] = issue.Kind == IssueKind.Discrete ? Math.Round(v) : v;
                }

                if (salienceQ[x] is Quantity s)
                {
                    Salience[x] = Draw(s, rng, 0, 1);
                }
            }
        }
    }

    /// <summary>True when at least one input number carries uncertainty.</summary>
    public bool IsUncertain
    {
        get
        {
            foreach (Quantity q in capabilityQ)
            {
                if (q.IsUncertain)
                {
                    return true;
                }
            }

            for (int x = 0; x < positionQ.Length; x++)
            {
                if ((positionQ[x]?.IsUncertain ?? false) || (salienceQ[x]?.IsUncertain ?? false))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static double Draw(Quantity q, RandomSource rng, double low, double high) => QuantitySampler.Draw(q, rng, low, high);
}
