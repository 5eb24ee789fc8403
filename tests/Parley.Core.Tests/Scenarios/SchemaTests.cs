using System.Text.Json;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>The JSON Schema for editors names exactly the keys the loader accepts.</summary>
public class SchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "schema", "scenario.schema.json"))).RootElement;

    private static string[] Keys(JsonElement objectSchema) =>
        objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private static string[] Sorted(string[] keys) => keys.Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Schema_keys_match_the_loader()
    {
        JsonElement props = Schema.GetProperty("properties");
        JsonElement defs = Schema.GetProperty("$defs");
        Assert.Equal(Sorted(ScenarioBinder.TopKeys), Keys(Schema));
        Assert.Equal(Sorted(ScenarioBinder.MetaKeys), Keys(props.GetProperty("scenario")));
        Assert.Equal(Sorted(ScenarioBinder.SourceKeys), Keys(props.GetProperty("sources").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioBinder.IssueKeys), Keys(props.GetProperty("issues").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioBinder.ActorKeys), Keys(props.GetProperty("actors").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioBinder.ChannelKeys), Keys(props.GetProperty("channels")));
        Assert.Equal(Sorted(ScenarioBinder.PressureKeys), Keys(props.GetProperty("channels").GetProperty("properties").GetProperty("pressure")));
        Assert.Equal(Sorted(ScenarioBinder.CoordinationKeys), Keys(props.GetProperty("channels").GetProperty("properties").GetProperty("coordination")));
        Assert.Equal(Sorted(ScenarioBinder.DynamicsKeys), Keys(props.GetProperty("dynamics")));
        Assert.Equal(Sorted(ScenarioBinder.AgreementKeys), Keys(props.GetProperty("agreement")));
        Assert.Equal(Sorted(ScenarioBinder.AfterAgreementKeys), Keys(props.GetProperty("dynamics").GetProperty("properties").GetProperty("after_agreement")));
        Assert.Equal(Sorted([.. Parley.Core.Domain.AgreementTerms.TermNames]), Keys(props.GetProperty("agreement").GetProperty("properties").GetProperty("deterrence")));
        Assert.Equal(Sorted(ScenarioBinder.VariantKeys), Keys(props.GetProperty("variants").GetProperty("items")));
        JsonElement claim = props.GetProperty("claims").GetProperty("items");
        Assert.Equal(Sorted(ScenarioBinder.ClaimKeys), Keys(claim));
        Assert.Equal(Sorted(ScenarioBinder.ClaimCaseKeys), Keys(claim.GetProperty("properties").GetProperty("setting")));
        Assert.Equal(Sorted(ScenarioBinder.ClaimCaseKeys), Keys(claim.GetProperty("properties").GetProperty("counter")));
        JsonElement ev = props.GetProperty("events").GetProperty("items");
        Assert.Equal(Sorted(ScenarioBinder.EventKeys), Keys(ev));
        Assert.Equal(Sorted(ScenarioBinder.EventWhenKeys), Keys(ev.GetProperty("properties").GetProperty("when")));
        Assert.Equal(Sorted(ScenarioBinder.EventPrevailKeys), Keys(ev.GetProperty("properties").GetProperty("when").GetProperty("properties").GetProperty("p_prevail")));
        Assert.Equal(Sorted(ScenarioBinder.EventAfterKeys), Keys(ev.GetProperty("properties").GetProperty("when").GetProperty("properties").GetProperty("after")));
        Assert.Equal(Sorted(ScenarioBinder.EventRangeKeys), Keys(ev.GetProperty("properties").GetProperty("at").GetProperty("anyOf")[1]));
        Assert.Equal(Sorted(ScenarioBinder.StanceKeys), Keys(defs.GetProperty("stance")));
        Assert.Equal(Sorted(ScenarioBinder.RedLineKeys), Keys(defs.GetProperty("stance").GetProperty("properties").GetProperty("red_line")));
        Assert.Equal(Sorted(BindContext.QuantityKeys), Keys(defs.GetProperty("number").GetProperty("anyOf")[1]));
        string[] modelKeys = props.GetProperty("models").GetProperty("properties").EnumerateObject()
            .SelectMany(m => m.Value.GetProperty("properties").EnumerateObject().Select(p => m.Name + "." + p.Name)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Parley.Core.Domain.ModelParameterCatalog.All.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray(), modelKeys);
    }
}
