using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Forecasting;

namespace Parley.Core.Experiments;

/// <summary>One slider move of the what-if page: an actor's position and/or salience on one issue.</summary>
public sealed record WhatIfChange
{
    /// <summary>Actor id.</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>Issue id.</summary>
    public string Issue { get; init; } = string.Empty;

    /// <summary>New position on the issue's scale, if changed.</summary>
    public double? Position { get; init; }

    /// <summary>New salience in [0, 1], if changed.</summary>
    public double? Salience { get; init; }
}

/// <summary>A what-if request: a scenario, optionally a variant, and changes to compare with the base case.</summary>
public sealed record WhatIfRequest
{
    /// <summary>Scenario name (its file name without extension).</summary>
    public string Scenario { get; init; } = string.Empty;

    /// <summary>Variant applied to the what-if case (the base case is the scenario as written).</summary>
    public string? Variant { get; init; }

    /// <summary>Changes that make the what-if case.</summary>
    public IReadOnlyList<WhatIfChange> Changes { get; init; } = [];

    /// <summary>Monte Carlo draws (0: central inputs only).</summary>
    public long Draws { get; init; }

    /// <summary>Seed.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// A what-if comparison: forecast (every model) and the Nash deal for the base case and for the case with a
/// variant and the user's changes. The dashboard runs it; the CLI reruns stored dashboard runs with it.
/// </summary>
public static class WhatIf
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>JSON settings of requests and of the stored request (camelCase, as web APIs write it).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The one serialisation used to store and to compare results.</summary>
    /// <param name="doc">A result document.</param>
    public static string Serialize(JsonNode doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.ToJsonString(Indented);
    }

    /// <summary>Problems with a request, by field (empty when it is valid for this scenario).</summary>
    /// <param name="request">The request.</param>
    /// <param name="scenario">The scenario (with the variant applied).</param>
    /// <param name="maxDraws">Largest number of draws allowed.</param>
    public static Dictionary<string, string[]> Check(WhatIfRequest request, Scenario scenario, long maxDraws)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out List<string>? list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (request.Draws < 0 || request.Draws > maxDraws)
        {
            Add("draws", $"draws must be between 0 and {maxDraws}");
        }

        if (request.Changes.Count > 100)
        {
            Add("changes", "at most 100 changes");
        }

        for (int k = 0; k < request.Changes.Count; k++)
        {
            WhatIfChange c = request.Changes[k];
            string at = $"changes[{k}]";
            Actor? actor = scenario.FindActor(c.Actor);
            Issue? issue = scenario.Issues.FirstOrDefault(i => i.Id == c.Issue);
            if (actor is null)
            {
                Add(at + ".actor", $"'{c.Actor}' is not an actor of the scenario");
            }

            if (issue is null)
            {
                Add(at + ".issue", $"'{c.Issue}' is not an issue of the scenario");
            }

            if (actor is not null && issue is not null && actor.StanceOn(issue.Id) is null)
            {
                Add(at, $"'{c.Actor}' has no stance on '{c.Issue}'");
            }

            if (c.Position is double p && issue is not null && (!double.IsFinite(p) || p < issue.Min || p > issue.Max))
            {
                Add(at + ".position", string.Create(CultureInfo.InvariantCulture, $"the position must lie on the issue's scale [{issue.Min}, {issue.Max}]"));
            }

            if (c.Salience is double s && (!double.IsFinite(s) || s < 0 || s > 1))
            {
                Add(at + ".salience", "the salience must lie in [0, 1]");
            }
        }

        return errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The scenario with the changes applied (central values replaced; their uncertainty kept around the new value).</summary>
    /// <param name="scenario">The base case.</param>
    /// <param name="changes">The changes (checked).</param>
    public static Scenario Apply(Scenario scenario, IReadOnlyList<WhatIfChange> changes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return scenario;
        }

        var actors = scenario.Actors.Select(a =>
        {
            var mine = changes.Where(c => c.Actor == a.Id).ToList();
            return mine.Count == 0 ? a : a with
            {
                Stances = [.. a.Stances.Select(st => mine.Where(c => c.Issue == st.IssueId).Aggregate(st, (acc, c) =>
                {
                    Issue issue = scenario.Issues.First(i => i.Id == st.IssueId);
                    double hi = issue.Kind == IssueKind.Discrete ? issue.Options.Count - 1 : issue.Max;
                    return acc with
                    {
                        Position = c.Position is double p ? Moved(acc.Position, p, issue.Kind == IssueKind.Discrete ? 0 : issue.Min, hi) : acc.Position,
                        Salience = c.Salience is double s ? Moved(acc.Salience, s, 0, 1) : acc.Salience,
                    };
                }))],
            };
        }).ToList();
        return scenario with { Actors = actors };
    }

    /// <summary>Forecasts and deals for the base case and the what-if case (the variant, if any, and the changes).</summary>
    /// <param name="baseScenario">The scenario as written.</param>
    /// <param name="variantScenario">The scenario with the request's variant applied (the base scenario when there is none).</param>
    /// <param name="request">The request (checked against <paramref name="variantScenario"/>).</param>
    /// <param name="sourceFile">The scenario's file name, for the provenance note.</param>
    /// <param name="progress">Receives the share done, in [0, 1].</param>
    /// <param name="cancellation">Stops the run.</param>
    public static JsonObject Run(Scenario baseScenario, Scenario variantScenario, WhatIfRequest request, string sourceFile, Action<double>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(baseScenario);
        ArgumentNullException.ThrowIfNull(variantScenario);
        ArgumentNullException.ThrowIfNull(request);
        Scenario changed = Apply(variantScenario, request.Changes);
        var errors = new List<string>();
        ForecastOptions options = ForecastOptions.From(baseScenario.ModelParameters, errors);
        IReadOnlyList<IForecastModel> models = ForecastModels.Default.All;
        var input = ForecastInput.FromScenario(baseScenario);
        var doc = new JsonObject
        {
            ["scenario"] = baseScenario.Name,
            ["variant"] = variantScenario.AppliedVariant,
            ["draws"] = request.Draws,
            ["seed"] = request.Seed,
            ["changes"] = JsonSerializer.SerializeToNode(request.Changes, JsonOptions),
            ["models"] = new JsonArray([.. models.Select(m => (JsonNode?)m.Name)]),
            ["issues"] = new JsonArray([.. input.Issues.Select(i => (JsonNode?)new JsonObject { ["id"] = i.Id, ["name"] = i.Name, ["min"] = i.Min, ["max"] = i.Max })]),
        };
        doc["base"] = Case(baseScenario, models, options, request, p => progress?.Invoke(p / 2), cancellation);
        doc["whatif"] = Case(changed, models, options, request, p => progress?.Invoke(0.5 + (p / 2)), cancellation);
        if (baseScenario.HasSources)
        {
            doc["provenance_note"] = ProvenanceNote.For(sourceFile);
        }

        progress?.Invoke(1);
        return doc;
    }

    private static Quantity Moved(Quantity q, double to, double min, double max)
    {
        double shift = to - q.Value;
        return q with { Value = to, Range = q.Range is Interval r ? new Interval(Math.Clamp(r.Low + shift, min, to), Math.Clamp(r.High + shift, to, max)) : null };
    }

    private static JsonObject Case(Scenario s, IReadOnlyList<IForecastModel> models, ForecastOptions options, WhatIfRequest request, Action<double> progress, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var input = ForecastInput.FromScenario(s);
        IReadOnlyList<ModelDistribution>? dist = null;
        if (request.Draws > 0)
        {
            dist = MonteCarloForecast.Run(input, models, options, new MonteCarloSettings
            {
                Draws = request.Draws,
                Seed = request.Seed,
                Cancellation = cancellation,
                Progress = done => progress(0.9 * done / request.Draws),
            });
        }

        var forecast = new JsonObject();
        for (int m = 0; m < models.Count; m++)
        {
            cancellation.ThrowIfCancellationRequested();
            double[] central = models[m].Run(input, options, record: false).Forecast;
            var issues = new JsonObject();
            for (int i = 0; i < input.IssueCount; i++)
            {
                var o = new JsonObject { ["central"] = Math.Round(central[i], 4) };
                if (dist is not null)
                {
                    ForecastDistribution d = dist[m].Issues[i];
                    o["median"] = Math.Round(d.Median, 4);
                    o["p10"] = Math.Round(d.P10, 4);
                    o["p90"] = Math.Round(d.P90, 4);
                }

                issues[input.Issues[i].Id] = o;
            }

            forecast[models[m].Name] = issues;
        }

        cancellation.ThrowIfCancellationRequested();
        DealSpace space = DealSpace.Build(s, DealSettings.From(s.ModelParameters, []));
        DealReport deal = TableDeal.Solutions(space, [.. Enumerable.Range(0, space.Actors.Count)]);
        Solution? nash = deal.Find("nash");
        progress(1);
        return new JsonObject
        {
            ["forecast"] = forecast,
            ["zone_size"] = deal.ZopaCount,
            ["nash"] = nash is null ? null : new JsonObject(space.Issues.Select((i, d) => new KeyValuePair<string, JsonNode?>(i.Id, space.Levels[d][nash.Levels[d]]))),
        };
    }
}
