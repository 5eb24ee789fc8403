using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Variants stack (<c>--variant a+b</c>): each is applied in turn to the tree the one before left, so a later one's numbers win.</summary>
public class VariantStackTests
{
    private static Scenario Load(string variant) => Flagship.Load(variant);

    [Fact]
    public void Two_variants_apply_one_after_the_other()
    {
        Scenario both = Load("freeze-on-the-line+aid-cut");
        Assert.Equal("freeze-on-the-line+aid-cut", both.AppliedVariant);
        Assert.Equal(50, both.FindActor("russia")!.StanceOn("territory")!.RedLine!.Limit!.Value);
        Dynamics aid = Load("aid-cut").Dynamics!;
        Assert.Equal((aid.Trend.Value, aid.Costs["ukraine"].Value, aid.AfterAgreement!.Aid["ukraine"].Value),
            (both.Dynamics!.Trend.Value, both.Dynamics.Costs["ukraine"].Value, both.Dynamics.AfterAgreement!.Aid["ukraine"].Value));
    }

    [Fact]
    public void A_later_variant_wins_where_both_set_the_same_number()
    {
        // restraint sets p_prevail to 0.65; a variant after it that shifts the trend leaves p as restraint set it, and
        // restraint after aid-cut sets the trend aid-cut shifted
        Assert.Equal(0.005, Load("aid-cut+restraint").Dynamics!.Trend.Value, 12);
        Assert.Equal(0.015, Load("restraint+aid-cut").Dynamics!.Trend.Value, 12);
    }

    [Fact]
    public void An_unknown_variant_in_a_stack_is_named()
    {
        LoadResult r = ScenarioLoader.LoadPath(Flagship.File, "freeze-on-the-line+freeze");
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.UnknownVariant, d.Code);
        Assert.Contains("no variant 'freeze'", d.Message, StringComparison.Ordinal);
        Assert.Contains("freeze-on-the-line", d.Hint, StringComparison.Ordinal);
    }
}
