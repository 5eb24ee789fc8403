namespace Parley.Core.Forecasting;

/// <summary>The forecasting models by short name (the names the scenario file and the CLI use).</summary>
public sealed class ForecastModels
{
    private readonly List<IForecastModel> models = [];

    /// <summary>The built-in models: compromise, median, eum, smp.</summary>
    public static ForecastModels Default { get; } = CreateDefault();

    /// <summary>The registered models, in registration order.</summary>
    public IReadOnlyList<IForecastModel> All => models;

    /// <summary>Registers a model; a second model with the same name is a programming error.</summary>
    /// <param name="model">The model.</param>
    public ForecastModels Add(IForecastModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Find(model.Name) is not null)
        {
            throw new ArgumentException($"a forecasting model named '{model.Name}' is already registered", nameof(model));
        }

        models.Add(model);
        return this;
    }

    /// <summary>The model with this name, or null.</summary>
    /// <param name="name">Short name.</param>
    public IForecastModel? Find(string name)
    {
        foreach (IForecastModel m in models)
        {
            if (string.Equals(m.Name, name, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return null;
    }

    private static ForecastModels CreateDefault() =>
        new ForecastModels().Add(new CompromiseModel()).Add(new MedianModel()).Add(new ExpectedUtilityModel()).Add(new SpatialModel());
}
