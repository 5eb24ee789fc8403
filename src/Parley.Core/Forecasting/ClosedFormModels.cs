namespace Parley.Core.Forecasting;

/// <summary>Helpers shared by the models: per-issue slices of the input and round snapshots.</summary>
internal static class ModelSupport
{
    /// <summary>Copies the positions and c·s weights of the actors with a stance on issue d; returns their count.</summary>
    public static int Slice(ForecastInput input, int d, Span<double> x, Span<double> w, Span<double> c, Span<double> s, Span<int> actor)
    {
        int ni = input.IssueCount, n = 0;
        for (int a = 0; a < input.ActorCount; a++)
        {
            int k = (a * ni) + d;
            if (!input.HasStance[k])
            {
                continue;
            }

            x[n] = input.Position[k];
            c[n] = input.Capability[a];
            s[n] = input.Salience[k];
            w[n] = c[n] * s[n];
            actor[n] = a;
            n++;
        }

        return n;
    }

    /// <summary>The c·s-weighted mean per issue of the given positions (actor-major).</summary>
    public static double[] WeightedMeans(ForecastInput input, double[] positions)
    {
        int ni = input.IssueCount, na = input.ActorCount;
        var result = new double[ni];
        Span<double> x = stackalloc double[na];
        Span<double> w = stackalloc double[na];
        for (int d = 0; d < ni; d++)
        {
            int n = 0;
            for (int a = 0; a < na; a++)
            {
                int k = (a * ni) + d;
                if (input.HasStance[k])
                {
                    x[n] = positions[k];
                    w[n] = input.Capability[a] * input.Salience[k];
                    n++;
                }
            }

            result[d] = n == 0 ? input.Issues[d].Min + (input.Issues[d].Span / 2) : WeightedStatistics.Mean(x[..n], w[..n]);
        }

        return result;
    }

    public static string[] ActorIds(ForecastInput input)
    {
        var ids = new string[input.ActorCount];
        for (int a = 0; a < ids.Length; a++)
        {
            ids[a] = input.Actors[a].Id;
        }

        return ids;
    }

    public static ForecastResult ClosedForm(string name, ForecastInput input, bool record, Func<ReadOnlySpan<double>, ReadOnlySpan<double>, double> rule)
    {
        var forecast = new double[input.IssueCount];
        ClosedForm(input, rule, forecast);
        IReadOnlyList<TrajectoryRound>? trajectory = null;
        if (record)
        {
            double[] p = (double[])input.Position.Clone();
            trajectory = [new TrajectoryRound(0, p, forecast, WeightedMeans(input, p), [])];
        }

        return new ForecastResult(name, input.Issues, ActorIds(input), forecast, 0, trajectory);
    }

    public static void ClosedForm(ForecastInput input, Func<ReadOnlySpan<double>, ReadOnlySpan<double>, double> rule, Span<double> forecast)
    {
        int na = input.ActorCount, ni = input.IssueCount;
        Span<double> x = stackalloc double[na];
        Span<double> w = stackalloc double[na];
        Span<double> c = stackalloc double[na];
        Span<double> s = stackalloc double[na];
        Span<int> actor = stackalloc int[na];
        for (int d = 0; d < ni; d++)
        {
            int n = Slice(input, d, x, w, c, s, actor);
            forecast[d] = n == 0 ? input.Issues[d].Min + (input.Issues[d].Span / 2) : rule(x[..n], w[..n]);
        }
    }
}

/// <summary>A model that computes each issue's forecast in one step from the positions and c·s weights.</summary>
public abstract class ClosedFormModel : IForecastModel
{
    // one delegate per model, so that the Monte Carlo path allocates nothing per draw
    private Func<ReadOnlySpan<double>, ReadOnlySpan<double>, double>? rule;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Title { get; }

    /// <summary>The forecast of one issue from its positions and weights.</summary>
    /// <param name="x">Positions.</param>
    /// <param name="w">c·s weights.</param>
    protected abstract double Rule(ReadOnlySpan<double> x, ReadOnlySpan<double> w);

    /// <inheritdoc/>
    public ForecastResult Run(ForecastInput input, ForecastOptions options, bool record) =>
        ModelSupport.ClosedForm(Name, input, record, rule ??= Rule);

    /// <inheritdoc/>
    public void Forecast(ForecastInput input, ForecastOptions options, Span<double> forecast) =>
        ModelSupport.ClosedForm(input, rule ??= Rule, forecast);
}

/// <summary>The compromise: the capability·salience-weighted mean of positions per issue (MODELS.md §1.1).</summary>
public sealed class CompromiseModel : ClosedFormModel
{
    /// <inheritdoc/>
    public override string Name => "compromise";

    /// <inheritdoc/>
    public override string Title => "Compromise (weighted mean)";

    /// <inheritdoc/>
    protected override double Rule(ReadOnlySpan<double> x, ReadOnlySpan<double> w) => WeightedStatistics.Mean(x, w);
}

/// <summary>The weighted median, which is the Condorcet winner per issue (MODELS.md §1.2).</summary>
public sealed class MedianModel : ClosedFormModel
{
    /// <inheritdoc/>
    public override string Name => "median";

    /// <inheritdoc/>
    public override string Title => "Median voter (Condorcet winner)";

    /// <inheritdoc/>
    protected override double Rule(ReadOnlySpan<double> x, ReadOnlySpan<double> w) => WeightedStatistics.Median(x, w);
}
