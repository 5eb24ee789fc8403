using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Web.Tests;

/// <summary>A party's brief on the dashboard: its page, linked from the scenario's, and its JSON.</summary>
public sealed class BriefPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task The_scenario_page_links_each_actors_brief_and_the_brief_page_shows_it()
    {
        HttpClient c = factory.CreateClient();
        string scenario = await c.GetStringAsync("/scenarios/ukraine-2025");
        Assert.Contains("href=\"/scenarios/ukraine-2025/brief?for=ukraine\"", scenario, StringComparison.Ordinal);
        string page = await c.GetStringAsync("/scenarios/ukraine-2025/brief?for=ukraine&variant=freeze-on-the-line");
        Assert.Contains("Brief for Ukraine", page, StringComparison.Ordinal);
        Assert.Contains("The zone of agreement from your side", page, StringComparison.Ordinal);
        Assert.Contains("not intelligence", page, StringComparison.Ordinal);
        HttpResponseMessage pdf = await c.GetAsync("/scenarios/ukraine-2025/brief.pdf?for=russia");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.Latin1.GetString(await pdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_serves_the_brief_document_and_refuses_an_unknown_party()
    {
        HttpClient c = factory.CreateClient();
        JsonElement brief = await c.GetFromJsonAsync<JsonElement>("/api/scenarios/ukraine-2025/brief?for=russia");
        Assert.Equal("russia", brief.GetProperty("actor").GetString());
        Assert.True(brief.GetProperty("hidden").GetArrayLength() > 0);
        HttpResponseMessage bad = await c.GetAsync("/api/scenarios/ukraine-2025/brief?for=narnia");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not an actor of", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpResponseMessage none = await c.GetAsync("/api/scenarios/ukraine-2025/brief");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/scenarios/narnia/brief?for=x")).StatusCode);
    }
}
