using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

public class WhatIfAnalysisTests
{
    private static readonly Scenario Flagship = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Scenario!;

    [Fact]
    public void A_change_moves_the_central_value_and_keeps_the_range_around_it_inside_the_scale()
    {
        var change = new ScenarioChange("russia", "territory", 95, 1);
        Scenario moved = WhatIf.Apply(Flagship, [change]);
        Stance before = Flagship.FindActor("russia")!.StanceOn("territory")!, after = moved.FindActor("russia")!.StanceOn("territory")!;
        Assert.Equal(95, after.Position.Value);
        Assert.Equal(1, after.Salience.Value);
        // the range keeps its width where it can, and never leaves the scale or the value
        Assert.Equal(Math.Min(100, before.Position.Range!.Value.High + 10), after.Position.Range!.Value.High);
        Assert.Equal(before.Position.Range!.Value.Low + 10, after.Position.Range!.Value.Low);
        Assert.True(after.Salience.Range!.Value.High <= 1 && after.Salience.Range.Value.Low <= 1);
        Assert.Same(Flagship.FindActor("us"), moved.FindActor("us"));   // untouched actors are shared
        Assert.Same(Flagship, WhatIf.Apply(Flagship, []));
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var request = new WhatIfRequest
        {
            Scenario = "ukraine-2025",
            Draws = 10_000_000,
            Changes = [new WhatIfChange { Actor = "narnia", Issue = "weather", Position = -1, Salience = 2 }],
        };
        Dictionary<string, string[]> errors = WhatIfAnalysis.Check(request, Flagship, 20_000);
        Assert.Equal(["changes[0].actor", "changes[0].issue", "changes[0].salience", "draws"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(WhatIfAnalysis.Check(new WhatIfRequest { Scenario = "ukraine-2025" }, Flagship, 20_000));
    }

    [Fact]
    public void Without_changes_the_what_if_case_is_the_base_case_and_the_result_is_reproducible()
    {
        var request = new WhatIfRequest { Scenario = "ukraine-2025", Draws = 50, Seed = 9 };
        WhatIfOutcome a = WhatIfAnalysis.Run(Flagship, Flagship, request, "ukraine-2025.yaml");
        Assert.Equal(ParleyJson.Serialize(a.Base), ParleyJson.Serialize(a.Whatif));
        Assert.Equal(ParleyJson.Serialize(a), ParleyJson.Serialize(WhatIfAnalysis.Run(Flagship, Flagship, request, "ukraine-2025.yaml")));
        Assert.Contains("not intelligence", a.ProvenanceNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_run_stops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => WhatIfAnalysis.Run(Flagship, Flagship, new WhatIfRequest { Draws = 1000 }, "x", null, cts.Token));
    }
}
