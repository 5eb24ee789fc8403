using System.Text.Json;
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Serialization;

/// <summary>The one serialiser: results from real runs round-trip byte for byte; non-finite numbers fail loudly.</summary>
public sealed class ParleyJsonTests
{
    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(TestPaths.Scenarios, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!f.Contains("a160", StringComparison.Ordinal) && !f.Contains("a080", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(TestPaths.Root, f));
            }
        }

        return data;
    }

    private static ScenarioSet Load(string relative) =>
        ScenarioSet.Load([Path.Combine(TestPaths.Root, relative)]).Set ?? throw new InvalidOperationException(relative + " does not load");

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Forecast_results_round_trip_byte_for_byte(string scenario)
    {
        ForecastOutcome result = ForecastAnalysis.Run(new ForecastRequest { Draws = 20 }, Load(scenario)).Result!;
        string json = ParleyJson.Serialize(result);
        Assert.Equal(json, ParleyJson.Serialize(ParleyJson.Deserialize<ForecastOutcome>(json)));
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Deal_results_round_trip_byte_for_byte(string scenario)
    {
        AnalysisOutcome<DealOutcome> outcome = DealSpaceAnalysis.Run(new DealRequest { Draws = 10 }, Load(scenario));
        string json = ParleyJson.Serialize(outcome.Result!);
        Assert.Equal(json, ParleyJson.Serialize(ParleyJson.Deserialize<DealOutcome>(json)));
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Main_job_results_round_trip_byte_for_byte(string scenario)
    {
        MainJobOutcome job = MainJob.Run(new MainJobRequest { Draws = 10 }, Load(scenario)).Result!;
        string json = ParleyJson.Serialize(job);
        Assert.Equal(json, ParleyJson.Serialize(ParleyJson.Deserialize<MainJobOutcome>(json)));
    }

    [Fact]
    public void Every_result_type_round_trips_byte_for_byte()
    {
        ScenarioSet flagship = Load(Path.Combine("scenarios", "ukraine-2025.yaml"));
        AnalysisResult[] results =
        [
            NegotiationAnalysis.RunOnce(new NegotiationRequest(), flagship).Result!,
            NegotiationAnalysis.RunOverDraws(new NegotiationRequest { Draws = 10 }, flagship).Result!,
            NegotiationAnalysis.CompareProcesses(new NegotiationRequest(), flagship).Result!,
            DurabilityAnalysis.Run(new DurabilityRequest { Draws = 50, Variant = TestPaths.WithZone }, flagship).Result!,
            DurabilityAnalysis.Compare(new DurabilityRequest { Draws = 50 }, flagship).Result!,
            DurabilityAnalysis.Validate(),
            ComparisonAnalysis.Run(new ComparisonRequest(), flagship).Result!,
            SensitivityAnalysis.Run(new SensitivityRequest(), Load(Path.Combine("scenarios", "minsk-2015.yaml"))).Result!,
            WhatIfAnalysis.Run(new WhatIfRequest { Draws = 10, Changes = [new WhatIfChange { Actor = "russia", Issue = "territory", Position = 50 }] }, flagship).Result!,
        ];
        foreach (AnalysisResult r in results)
        {
            string json = ParleyJson.SerializeResult(r);
            AnalysisResult back = (AnalysisResult)JsonSerializer.Deserialize(json, r.GetType(), ParleyJson.Options)!;
            Assert.Equal(json, ParleyJson.SerializeResult(back));
        }
    }

    [Fact]
    public void A_request_keeps_its_kind_and_the_kind_may_come_last()
    {
        var request = new DurabilityRequest { Variant = "aid-cut", Draws = 300, Guarantees = new Dictionary<string, double> { ["russia"] = 0.1 } };
        string stored = ParleyJson.SerializeRequest(request);
        Assert.StartsWith("{\"analysis\":\"durability\"", stored, StringComparison.Ordinal);
        Assert.Equal(stored, ParleyJson.SerializeRequest(ParleyJson.DeserializeRequest(stored)!));
        AnalysisRequest byHand = ParleyJson.DeserializeRequest("""{"draws": 40, "seed": 2, "analysis": "main-job"}""")!;
        Assert.Equal(new MainJobRequest { Draws = 40, Seed = 2 }, byHand);
    }

    [Fact]
    public void Requests_round_trip_and_read_snake_case_written_by_hand()
    {
        var request = new ForecastRequest { Model = "smp", Draws = 300, Seed = 7, Parameters = [new("eum.q", "0.5")] };
        string json = ParleyJson.Serialize(request);
        Assert.Contains("\"draws\": 300", json, StringComparison.Ordinal);
        Assert.Equal(json, ParleyJson.Serialize(ParleyJson.Deserialize<ForecastRequest>(json)));
        ForecastRequest byHand = ParleyJson.Deserialize<ForecastRequest>("""{"seed": 3, "model": "eum", "variant": "aid-cut"}""")!;
        Assert.Equal(("eum", 3UL, "aid-cut"), (byHand.Model, byHand.Seed, byHand.Variant));
    }

    [Fact]
    public void A_non_finite_number_cannot_be_written()
    {
        var broken = new IssueForecast("x", "X", double.NaN, string.Empty);
        var result = new ForecastOutcome("s", null, 0, null, "central inputs", new Dictionary<string, string>(), [], [new ModelForecast("m", "M", 0, [broken], null)], null);
        Assert.Throws<ArgumentException>(() => ParleyJson.Serialize(result));
    }

    [Fact]
    public void Numbers_are_written_at_full_precision()
    {
        var result = new ForecastOutcome("s", null, 0, null, "central inputs", new Dictionary<string, string>(), [], [new ModelForecast("m", "M", 0, [new IssueForecast("x", "X", 1.0 / 3, string.Empty)], null)], null);
        using JsonDocument doc = JsonDocument.Parse(ParleyJson.Serialize(result));
        Assert.Equal(1.0 / 3, doc.RootElement.GetProperty("models")[0].GetProperty("issues")[0].GetProperty("central").GetDouble());
    }
}
