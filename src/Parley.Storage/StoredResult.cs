using System.Text.Json;
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Storage;

/// <summary>A stored run's result read back as its typed result, whichever version stored it.</summary>
public static class StoredResult
{
    /// <summary>
    /// The typed result: by the stored request's kind; for runs stored before requests were kept, by the command and the
    /// document's shape (a simulation over draws has an agreement probability, one run a transcript, a comparison runs).
    /// Null when the document is not a result of any analysis.
    /// </summary>
    /// <param name="run">The stored run.</param>
    public static AnalysisResult? Read(StoredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            AnalysisRequest? request = run.Request is null ? null : ParleyJson.DeserializeRequest(run.Request);
            using JsonDocument doc = JsonDocument.Parse(run.Result);
            JsonElement root = doc.RootElement;
            bool Has(string key) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out _);
            return (request, run.Command) switch
            {
                (MainJobRequest, _) or (null, "run") => ParleyJson.Deserialize<MainJobOutcome>(run.Result),
                (ForecastRequest, _) or (null, "forecast") => ParleyJson.Deserialize<ForecastOutcome>(run.Result),
                (DealRequest, _) or (null, "analyze") => ParleyJson.Deserialize<DealOutcome>(run.Result),
                (NegotiationRequest, _) or (null, "simulate") => Has("agreement_probability") ? ParleyJson.Deserialize<NegotiationDistributionOutcome>(run.Result)
                    : Has("runs") ? ParleyJson.Deserialize<ProcessComparisonOutcome>(run.Result)
                    : ParleyJson.Deserialize<SessionOutcome>(run.Result),
                (DurabilityRequest, _) or (ValidationRequest, _) or (null, "durability") => Has("concordance") ? ParleyJson.Deserialize<ValidationOutcome>(run.Result)
                    : Has("runs") ? ParleyJson.Deserialize<DurabilityComparisonOutcome>(run.Result)
                    : ParleyJson.Deserialize<DurabilityOutcome>(run.Result),
                (ComparisonRequest, _) or (null, "compare") => ParleyJson.Deserialize<ComparisonOutcome>(run.Result),
                (WhatIfRequest, _) or (null, "whatif") => ParleyJson.Deserialize<WhatIfOutcome>(run.Result),
                (SensitivityRequest, _) => ParleyJson.Deserialize<SensitivityOutcome>(run.Result),
                (BacktestRequest, _) => ParleyJson.Deserialize<BacktestOutcome>(run.Result),
                (ExperimentRequest, _) => ParleyJson.Deserialize<ExperimentOutcome>(run.Result),
                (BriefRequest, _) => ParleyJson.Deserialize<BriefOutcome>(run.Result),
                (TournamentRequest, _) => ParleyJson.Deserialize<TournamentOutcome>(run.Result),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
