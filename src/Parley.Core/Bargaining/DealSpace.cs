using System.Globalization;
using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Bargaining;

/// <summary>
/// The packages that could be agreed: every issue discretised into levels, and for every actor its
/// utility contribution of every level (weight × value), whether each level is within its red lines,
/// and its reservation value (MODELS.md §2). Built once; packages are streamed, never materialised.
/// </summary>
public sealed class DealSpace
{
    private readonly Stance?[][] stances;

    private DealSpace(Scenario scenario, DealSettings settings, Issue[] issues, double[][] levels, Actor[] actors)
    {
        Scenario = scenario;
        Settings = settings;
        Issues = issues;
        Levels = levels;
        Actors = actors;
        int na = actors.Length, ni = issues.Length;
        Value = new double[na][][];
        Allowed = new bool[na][][];
        Excess = new double[na][][];
        Reservation = new double[na];
        ReservationBasis = new string[na];
        Capability = new double[na];
        Positions = new double[na][];
        Weights = new double[na][];
        saliences = new double[na][];
        stances = new Stance?[na][];
        for (int a = 0; a < na; a++)
        {
            stances[a] = new Stance?[ni];
            for (int d = 0; d < ni; d++)
            {
                stances[a][d] = actors[a].StanceOn(issues[d].Id);
            }

            Value[a] = new double[ni][];
            Allowed[a] = new bool[ni][];
            Excess[a] = new double[ni][];
            Positions[a] = new double[ni];
            Weights[a] = new double[ni];
            saliences[a] = new double[ni];
            for (int d = 0; d < ni; d++)
            {
                Value[a][d] = new double[levels[d].Length];
                Allowed[a][d] = new bool[levels[d].Length];
                Excess[a][d] = new double[levels[d].Length];
            }
        }

        ReadLinkage();
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The settings used.</summary>
    public DealSettings Settings { get; }

    /// <summary>Issues, in scenario order.</summary>
    public IReadOnlyList<Issue> Issues { get; }

    /// <summary>Levels per issue, on the issue's scale (option indices for discrete issues).</summary>
    public double[][] Levels { get; }

    /// <summary>Every actor of the scenario (an analysis may use a subset).</summary>
    public IReadOnlyList<Actor> Actors { get; }

    /// <summary>Utility contribution per [actor][issue][level]: weight × value; an actor's utility of a package is their sum.</summary>
    public double[][][] Value { get; }

    /// <summary>Whether a level is within the actor's red line on that issue.</summary>
    public bool[][][] Allowed { get; }

    /// <summary>How far a level lies beyond the actor's red line (scale units; 1 for an excluded option), 0 when allowed.</summary>
    public double[][][] Excess { get; }

    /// <summary>Reservation value per actor: the utility of its alternative to agreement.</summary>
    public double[] Reservation { get; }

    /// <summary>Where each reservation value comes from, in words.</summary>
    public string[] ReservationBasis { get; }

    /// <summary>Capability per actor (the weights of the asymmetric Nash solution).</summary>
    public double[] Capability { get; }

    /// <summary>Position per [actor][issue] (as used, possibly drawn).</summary>
    public double[][] Positions { get; }

    /// <summary>Issue weight per [actor][issue].</summary>
    public double[][] Weights { get; }

    /// <summary>Number of packages (product of the level counts).</summary>
    public double PackageCount
    {
        get
        {
            double n = 1;
            foreach (double[] l in Levels)
            {
                n *= l.Length;
            }

            return n;
        }
    }

    /// <summary>Actor a's stance on issue d (null when it has none), looked up once when the space is built.</summary>
    /// <param name="a">Actor index.</param>
    /// <param name="d">Issue index.</param>
    public Stance? StanceOf(int a, int d) => stances[a][d];

    /// <summary>Index of an actor by id, or −1.</summary>
    /// <param name="id">Actor id.</param>
    public int IndexOf(string id)
    {
        for (int a = 0; a < Actors.Count; a++)
        {
            if (Actors[a].Id == id)
            {
                return a;
            }
        }

        return -1;
    }

    /// <summary>Index of an issue by id, or −1.</summary>
    /// <param name="id">Issue id.</param>
    public int IndexOfIssue(string id)
    {
        for (int d = 0; d < Issues.Count; d++)
        {
            if (Issues[d].Id == id)
            {
                return d;
            }
        }

        return -1;
    }

    /// <summary>War cost per time step of each actor (drawn when the space is), 0 when none is stated.</summary>
    public double[] WarCost { get; private set; } = [];

    /// <summary>
    /// Actor a's reservation value if fighting goes on with the first belligerent prevailing with
    /// probability p: u(W(p)) − cost × horizon (MODELS.md §2, §4). Actors with a stated alternative keep it.
    /// Without dynamics, the static reservation value.
    /// </summary>
    /// <param name="a">Actor index.</param>
    /// <param name="p">Probability that the first belligerent prevails.</param>
    public double ReservationAt(int a, double p) => ReservationAt(a, p, 0);

    /// <summary>
    /// <see cref="ReservationAt(int, double)"/> with the cost of war raised by <paramref name="extraCost"/> per step (an event
    /// during the talks); actors with a stated alternative, and scenarios without dynamics, keep their static value.
    /// </summary>
    internal double ReservationAt(int a, double p, double extraCost)
    {
        Dynamics? dyn = Scenario.Dynamics;
        if (Actors[a].Alternative is not null || dyn is null)
        {
            return Reservation[a];
        }

        int ia = IndexOf(dyn.Belligerents.A), ib = IndexOf(dyn.Belligerents.B);
        return ia < 0 || ib < 0 ? Reservation[a] : FightingValue(a, p, ia, ib) - ((WarCost[a] + extraCost) * Settings.Horizon);
    }

    /// <summary>u_a(W(p)): the value to actor a of the expected outcome of fighting on.</summary>
    private double FightingValue(int a, double p, int ia, int ib)
    {
        double u = 0;
        Stance?[] mine = stances[a];
        for (int d = 0; d < mine.Length; d++)
        {
            Issue issue = Issues[d];
            Stance? st = mine[d];
            if (st is null)
            {
                continue;
            }

            double xa = Positions[ia][d], xb = Positions[ib][d];
            double v = issue.Kind == IssueKind.Continuous
                ? LevelValue(issue, st, Positions[a][d], (p * xa) + ((1 - p) * xb), Settings.Shape)
                : (p * LevelValue(issue, st, Positions[a][d], xa, Settings.Shape)) + ((1 - p) * LevelValue(issue, st, Positions[a][d], xb, Settings.Shape));
            u += Weights[a][d] * v;
        }

        return u;
    }

    /// <summary>Actor a's utility of a package given as level indices.</summary>
    /// <param name="a">Actor index.</param>
    /// <param name="levels">Level index per issue.</param>
    public double Utility(int a, ReadOnlySpan<int> levels)
    {
        double u = 0;
        for (int d = 0; d < levels.Length; d++)
        {
            u += Value[a][d][levels[d]];
        }

        return u;
    }

    /// <summary>True when every level of the package is within actor a's red lines, and it keeps a's linkage.</summary>
    /// <param name="a">Actor index.</param>
    /// <param name="levels">Level index per issue.</param>
    public bool Accepts(int a, ReadOnlySpan<int> levels)
    {
        for (int d = 0; d < levels.Length; d++)
        {
            if (!Allowed[a][d][levels[d]])
            {
                return false;
            }
        }

        return Keeps(a, levels);
    }

    // each actor's linkage as level tables: (if issue, levels that trigger it, then issue, levels it then needs)
    private (int If, bool[] Triggers, int Then, bool[] Needs)[][]? links;

    /// <summary>True when some actor of the space has a linkage (a conditional package).</summary>
    public bool HasLinkage => links is not null;

    /// <summary>
    /// True when the package keeps actor a's linkage (<see cref="Actor.Linkage"/>): wherever its level of an issue triggers
    /// one of a's conditions, its level of the linked issue meets it.
    /// </summary>
    /// <param name="a">Actor index.</param>
    /// <param name="levels">Level index per issue.</param>
    public bool Keeps(int a, ReadOnlySpan<int> levels)
    {
        if (links is null)
        {
            return true;
        }

        foreach ((int ifIssue, bool[] triggers, int thenIssue, bool[] needs) in links[a])
        {
            if (triggers[levels[ifIssue]] && !needs[levels[thenIssue]])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the package keeps the linkage of every member of the group (see <see cref="Keeps"/>).</summary>
    /// <param name="group">Actor indices.</param>
    /// <param name="levels">Level index per issue.</param>
    public bool KeepsAll(ReadOnlySpan<int> group, ReadOnlySpan<int> levels)
    {
        foreach (int a in group)
        {
            if (!Keeps(a, levels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads the actors' linkage into level tables (none: <see cref="links"/> stays null, and nothing is checked).</summary>
    private void ReadLinkage()
    {
        if (!Actors.Any(a => a.Linkage.Count > 0))
        {
            return;
        }

        links = new (int, bool[], int, bool[])[Actors.Count][];
        for (int a = 0; a < Actors.Count; a++)
        {
            var list = new List<(int, bool[], int, bool[])>();
            foreach (IssueLinkage link in Actors[a].Linkage)
            {
                int x = IndexOfIssue(link.IfIssue), y = IndexOfIssue(link.ThenIssue);
                if (x >= 0 && y >= 0)
                {
                    list.Add((x, [.. Levels[x].Select(link.If.Allows)], y, [.. Levels[y].Select(link.Then.Allows)]));
                }
            }

            links[a] = [.. list];
        }
    }

    /// <summary>A level in words: the value and the nearest anchor (or the option label).</summary>
    /// <param name="d">Issue index.</param>
    /// <param name="level">Level index.</param>
    public string Describe(int d, int level) => IssueWords.Level(Issues[d], Levels[d][level]);

    /// <summary>
    /// Builds the space from a scenario's central values, or — with <paramref name="rng"/> — from one
    /// draw of every uncertain number (positions, saliences, capabilities, alternatives, p and costs).
    /// </summary>
    /// <param name="scenario">A validated scenario.</param>
    /// <param name="settings">Grid, value shape, weights, horizon.</param>
    /// <param name="rng">A draw's random source, or null for central values.</param>
    public static DealSpace Build(Scenario scenario, DealSettings settings, RandomSource? rng = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(settings);
        Issue[] issues = [.. scenario.Issues];
        var levels = new double[issues.Length][];
        // a stipulation (the variant's premise) binds every actor, and its limits are levels like red lines'
        IssueLimit?[] stipulated = [.. issues.Select(i => scenario.Stipulations.TryGetValue(i.Id, out IssueLimit? l) ? l : null)];
        for (int d = 0; d < issues.Length; d++)
        {
            List<double> limits = RedLineLimits(scenario, issues[d]);
            if (stipulated[d] is { } st)
            {
                limits.AddRange(new[] { st.AtLeast, st.AtMost }.OfType<double>());
            }

            levels[d] = Grid(issues[d], settings.Step, limits);
        }

        Actor[] actors = [.. scenario.Actors];

        // value and red-line tables: one double and one flag per actor, issue and level
        long cells = 0;
        foreach (double[] l in levels)
        {
            cells += l.Length;
        }

        if ((double)cells * actors.Length * 9 > 64 << 20)
        {
            WorkGuard.Current.Allocate((double)cells * actors.Length * 9, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the deal space's tables ({actors.Length:N0} actors x {cells:N0} levels)"), "use a coarser --step (or deal.step), or fewer actors");
        }

        var space = new DealSpace(scenario, settings, issues, levels, actors) { stipulated = stipulated };
        double Sample(Quantity q, double lo, double hi) => rng is null ? q.Value : QuantitySampler.Draw(q, rng, lo, hi);

        for (int a = 0; a < actors.Length; a++)
        {
            Actor actor = actors[a];
            space.Capability[a] = Sample(actor.Capability, 0, double.PositiveInfinity);
            for (int d = 0; d < issues.Length; d++)
            {
                Stance? st = space.StanceOf(a, d);
                if (st is null)
                {
                    continue;
                }

                double p = Sample(st.Position, issues[d].Min, issues[d].Max);
                space.Positions[a][d] = issues[d].Kind == IssueKind.Discrete ? Math.Round(p) : p;
                space.saliences[a][d] = Sample(st.Salience, 0, 1);
            }

            space.FillActor(a);
        }

        SetReservations(space, rng);
        return space;
    }

    // each actor's saliences as drawn (the weights are these normalised), the scenario's stipulations per issue, and the
    // issues settled during the talks with their level (WithSettled): every copy keeps them
    private readonly double[][] saliences;
    private IssueLimit?[] stipulated = [];
    private (int Issue, int Level)[] settledLevels = [];

    /// <summary>Actor a's weights and its value, red-line and excess tables, from its positions and saliences as drawn.</summary>
    private void FillActor(int a)
    {
        double[] sal = saliences[a];
        double total = 0;
        foreach (double x in sal)
        {
            total += x;
        }

        bool raw = Settings.RawWeights;
        ValueShape shape = Settings.Shape;
        for (int d = 0; d < Issues.Count; d++)
        {
            Stance? st = StanceOf(a, d);
            double w = raw ? sal[d] : total > 0 ? sal[d] / total : 0;
            Weights[a][d] = w;
            Issue issue = Issues[d];
            double[] levels = Levels[d], value = Value[a][d], excessOf = Excess[a][d];
            bool[] allowed = Allowed[a][d];
            IssueLimit? stipulation = stipulated[d];
            double position = Positions[a][d];
            RedLine? line = st?.RedLine;
            int settledAt = SettledLevel(d);
            for (int l = 0; l < levels.Length; l++)
            {
                double x = levels[l];
                value[l] = st is null ? 0 : w * LevelValue(issue, st, position, x, shape);
                (bool ok, double excess) = RedLineCheck(line, x);
                allowed[l] = ok && (stipulation is null || stipulation.Allows(x)) && (settledAt < 0 || settledAt == l);
                excessOf[l] = excess;
            }
        }
    }

    /// <summary>The level issue d has been settled at during the talks, or −1.</summary>
    private int SettledLevel(int d)
    {
        foreach ((int issue, int level) in settledLevels)
        {
            if (issue == d)
            {
                return level;
            }
        }

        return -1;
    }

    /// <summary>
    /// A copy of this space in which actor a's stance on issue d has changed (an event during the talks): the scenario holds
    /// the changed stance, and the actor's position and salience on the issue are the given values in place of this space's
    /// draw. Every other number keeps its draw, so the copy is this run's space with one stance moved.
    /// </summary>
    /// <param name="scenario">This space's scenario with actor a's changed stance.</param>
    /// <param name="a">Actor index.</param>
    /// <param name="d">Issue index.</param>
    /// <param name="position">The actor's position on the issue now.</param>
    /// <param name="salience">Its salience of the issue now (before the weights are normalised).</param>
    internal DealSpace WithStance(Scenario scenario, int a, int d, double position, double salience)
    {
        DealSpace copy = Copy(scenario, settledLevels);
        copy.Positions[a] = [.. Positions[a]];
        copy.saliences[a] = [.. saliences[a]];
        copy.Positions[a][d] = Issues[d].Kind == IssueKind.Discrete ? Math.Round(position) : position;
        copy.saliences[a][d] = salience;
        copy.Value[a] = [.. Value[a].Select(v => new double[v.Length])];
        copy.Allowed[a] = [.. Allowed[a].Select(v => new bool[v.Length])];
        copy.Excess[a] = [.. Excess[a].Select(v => new double[v.Length])];
        copy.Weights[a] = new double[Issues.Count];
        copy.FillActor(a);
        return copy;
    }

    /// <summary>
    /// A copy of this space in which issue d is settled at one level for everyone (a concession paid during the talks, a
    /// direct track's agreement): no other level of it is within anyone's red lines, in this copy and in every copy made
    /// from it (a later stance change keeps the settlement). Every number keeps its draw.
    /// </summary>
    /// <param name="d">Issue index.</param>
    /// <param name="level">The level index it is settled at.</param>
    internal DealSpace WithSettled(int d, int level)
    {
        DealSpace copy = Copy(Scenario, [.. settledLevels, (d, level)]);
        for (int b = 0; b < Actors.Count; b++)
        {
            copy.Allowed[b] = [.. Allowed[b]];
            copy.Allowed[b][d] = new bool[Levels[d].Length];
            copy.Allowed[b][d][level] = Allowed[b][d][level];
        }

        return copy;
    }

    /// <summary>The issues settled during the talks with their level (<see cref="WithSettled"/>), in the order they were.</summary>
    internal IReadOnlyList<(int Issue, int Level)> SettledLevels => settledLevels;

    /// <summary>
    /// A copy of this space for a scenario changed during the talks: every table and draw shared with this one (the copy's
    /// maker replaces what changes, never writing into a shared array), with these settlements.
    /// </summary>
    private DealSpace Copy(Scenario scenario, (int Issue, int Level)[] settled)
    {
        var copy = new DealSpace(scenario, Settings, [.. Issues], Levels, [.. scenario.Actors]) { stipulated = stipulated, settledLevels = settled, WarCost = WarCost };
        Array.Copy(Capability, copy.Capability, Capability.Length);
        Array.Copy(Reservation, copy.Reservation, Reservation.Length);
        Array.Copy(ReservationBasis, copy.ReservationBasis, ReservationBasis.Length);
        Array.Copy(Value, copy.Value, Value.Length);
        Array.Copy(Allowed, copy.Allowed, Allowed.Length);
        Array.Copy(Excess, copy.Excess, Excess.Length);
        Array.Copy(Positions, copy.Positions, Positions.Length);
        Array.Copy(Weights, copy.Weights, Weights.Length);
        Array.Copy(saliences, copy.saliences, saliences.Length);
        return copy;
    }

    /// <summary>Actor a's salience of issue d as this space drew it (before the weights are normalised).</summary>
    /// <param name="a">Actor index.</param>
    /// <param name="d">Issue index.</param>
    internal double SalienceOf(int a, int d) => saliences[a][d];

    /// <summary>
    /// The value in [0, 1] an actor with stance <paramref name="st"/> at <paramref name="position"/> gives
    /// to <paramref name="x"/>: 1 − distance (or 1 − distance²) on a continuous issue; Genius semantics
    /// (evaluation / largest evaluation) with option values; otherwise 1 − index distance / (options − 1)
    /// on an ordered discrete issue and 1 only for its own option on an unordered one.
    /// </summary>
    /// <param name="issue">The issue.</param>
    /// <param name="st">The actor's stance.</param>
    /// <param name="position">The actor's position (possibly drawn).</param>
    /// <param name="x">The level's value.</param>
    /// <param name="shape">Value function shape on continuous issues.</param>
    public static double LevelValue(Issue issue, Stance st, double position, double x, ValueShape shape)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(st);
        if (issue.Kind == IssueKind.Continuous)
        {
            double dist = issue.Span > 0 ? Math.Abs(x - position) / issue.Span : 0;
            return shape == ValueShape.Quadratic ? 1 - (dist * dist) : 1 - dist;
        }

        int option = (int)Math.Round(x);
        if (st.OptionValues is { Count: > 0 } values)
        {
            double max = 0;
            foreach (double v in values)
            {
                max = Math.Max(max, v);
            }

            return max > 0 && option < values.Count ? values[option] / max : 0;
        }

        int own = (int)Math.Round(position);
        if (issue.Ordered)
        {
            int n = issue.Options.Count;
            return n > 1 ? 1 - (Math.Abs(option - own) / (double)(n - 1)) : 1;
        }

        return option == own ? 1 : 0;
    }

    /// <summary>Red lines are hard constraints at their stated value (their ranges are not sampled).</summary>
    private static (bool Ok, double Excess) RedLineCheck(RedLine? r, double x)
    {
        if (r is null)
        {
            return (true, 0);
        }

        double limit = r.Limit?.Value ?? 0;
        return r.Bound switch
        {
            RedLineBound.AtLeast => x >= limit - 1e-9 ? (true, 0) : (false, limit - x),
            RedLineBound.AtMost => x <= limit + 1e-9 ? (true, 0) : (false, x - limit),
            _ => r.Excluded.Contains((int)Math.Round(x)) ? (false, 1) : (true, 0),
        };
    }

    private static List<double> RedLineLimits(Scenario scenario, Issue issue)
    {
        var limits = new List<double>();
        foreach (Actor a in scenario.Actors)
        {
            if (a.StanceOn(issue.Id)?.RedLine?.Limit is Quantity q)
            {
                limits.Add(q.Value);
            }
        }

        // a red line an event draws or moves during the talks is a level too, so that a package exactly at it stays available
        foreach (TalkEvent e in scenario.Events)
        {
            foreach (VariantChange c in e.Changes)
            {
                if (c.Amount is Quantity amount && EventPaths.TryStance(c.Path, out string actor, out string on, out StanceField field)
                    && on == issue.Id && field is StanceField.AtLeast or StanceField.AtMost)
                {
                    double from = scenario.FindActor(actor)?.StanceOn(on)?.RedLine?.Limit?.Value ?? 0;
                    limits.Add(c.Operation == VariantOperation.Set ? amount.Value : from + amount.Value);
                }
            }
        }

        return limits;
    }

    /// <summary>
    /// The levels of an issue: every option of a discrete issue; on a continuous one the ends, the
    /// anchors and the midpoints between neighbouring anchors (or every <paramref name="step"/>), plus
    /// every red-line limit, so that a package exactly at someone's red line is always available.
    /// </summary>
    private static double[] Grid(Issue issue, double? step, List<double> redLines)
    {
        if (issue.Kind == IssueKind.Discrete)
        {
            return [.. Enumerable.Range(0, issue.Options.Count).Select(i => (double)i)];
        }

        var points = new SortedSet<double> { issue.Min, issue.Max };
        if (step is double s && s > 0)
        {
            for (double x = issue.Min; x < issue.Max - 1e-9; x += s)
            {
                points.Add(Math.Round(x, 9));
            }
        }
        else if (issue.Anchors.Count > 0)
        {
            foreach (Anchor a in issue.Anchors)
            {
                points.Add(a.Value);
            }

            double[] sorted = [.. points];
            for (int i = 0; i + 1 < sorted.Length; i++)
            {
                points.Add((sorted[i] + sorted[i + 1]) / 2);
            }
        }
        else
        {
            for (int i = 1; i < 10; i++)
            {
                points.Add(issue.Min + (issue.Span * i / 10));
            }
        }

        foreach (double limit in redLines)
        {
            if (limit >= issue.Min && limit <= issue.Max)
            {
                points.Add(limit);
            }
        }

        return [.. points];
    }

    /// <summary>
    /// Reservation values: an actor's stated alternative when it has one; otherwise, with dynamics, the
    /// utility of the expected outcome of fighting on, W_d = p x_A,d + (1 − p) x_B,d (a lottery on
    /// discrete issues), minus its war cost per time step times the horizon; otherwise 0.
    /// </summary>
    private static void SetReservations(DealSpace space, RandomSource? rng)
    {
        Scenario s = space.Scenario;
        Dynamics? dyn = s.Dynamics;
        int ia = dyn is null ? -1 : space.IndexOf(dyn.Belligerents.A);
        int ib = dyn is null ? -1 : space.IndexOf(dyn.Belligerents.B);
        double p = dyn is null ? 0 : (rng is null ? dyn.PrevailProbability.Value : QuantitySampler.Draw(dyn.PrevailProbability, rng, 0, 1));
        space.WarCost = new double[space.Actors.Count];
        for (int a = 0; a < space.Actors.Count; a++)
        {
            Actor actor = space.Actors[a];
            if (actor.Alternative is Quantity alt)
            {
                space.Reservation[a] = rng is null ? alt.Value : QuantitySampler.Draw(alt, rng, 0, 1);
                space.ReservationBasis[a] = "stated alternative";
                continue;
            }

            if (dyn is null || ia < 0 || ib < 0)
            {
                space.Reservation[a] = 0;
                space.ReservationBasis[a] = "none stated (0)";
                continue;
            }

            double u = space.FightingValue(a, p, ia, ib);
            double cost = dyn.Costs.TryGetValue(actor.Id, out Quantity? c) ? (rng is null ? c.Value : QuantitySampler.Draw(c, rng, 0, double.PositiveInfinity)) : 0;
            space.WarCost[a] = cost;
            space.Reservation[a] = u - (cost * space.Settings.Horizon);
            space.ReservationBasis[a] = string.Create(CultureInfo.InvariantCulture,
                $"war: p({dyn.Belligerents.A} prevails) {p:0.00}, cost {cost:0.###} x {space.Settings.Horizon:0.#} {s.TimeStep}s");
        }
    }
}
