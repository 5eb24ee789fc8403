using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Parley.Tests.Shared;

namespace Parley.Web.Tests;

/// <summary>
/// Several dashboards on one PostgreSQL run store: they share the data-protection keys (each accepts the others' cookies
/// and form tokens), and each serves the exercises it created, also after a restart.
/// </summary>
public sealed partial class SharedStoreTests : IDisposable
{
    private readonly (string Url, string Name) db = PostgresTestServer.CreateDatabase();

    public void Dispose() => PostgresTestServer.DropDatabase(db.Url, db.Name);

    private sealed class Dashboard(string db, string instance, bool exercises)
        : SettingsDashboardFactory(("Parley:Db", db), ("Parley:Instance", instance), ("Parley:Exercises", exercises ? "true" : "false"), ("Parley:FacilitatorKey", "shared-" + instance));

    [PostgresFact]
    public async Task Two_dashboards_on_one_store_accept_each_others_protected_data_and_form_tokens()
    {
        using var a = new Dashboard(db.Url, "a", exercises: false);
        using var b = new Dashboard(db.Url, "b", exercises: false);
        string secret = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("from a");
        Assert.Equal("from a", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));

        // the keys come from the store: a dashboard on another store cannot read it
        (string Url, string Name) elsewhere = PostgresTestServer.CreateDatabase();
        try
        {
            using var stranger = new Dashboard(elsewhere.Url, "c", exercises: false);
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => stranger.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
        }
        finally
        {
            PostgresTestServer.DropDatabase(elsewhere.Url, elsewhere.Name);
        }

        // a form served by one dashboard posts to the other: its antiforgery cookie and token hold there
        HttpClient fromA = a.CreateClient();
        HttpResponseMessage page = await fromA.GetAsync("/validate");
        string html = await page.Content.ReadAsStringAsync();
        string token = TokenField().Match(html).Groups[1].Value;
        string cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parley-antiforgery=", StringComparison.Ordinal)).Split(';')[0];
        HttpClient toB = b.CreateClient();
        using var form = new HttpRequestMessage(HttpMethod.Post, "/validate")
        {
            Content = new FormUrlEncodedContent([new("parley-token", WebUtility.HtmlDecode(token)), new("yaml", "parley: 1\n")]),
        };
        form.Headers.Add("Cookie", cookie);
        HttpResponseMessage posted = await toB.SendAsync(form);
        Assert.DoesNotContain("no valid token", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Each_dashboard_serves_the_exercises_it_created_also_after_a_restart()
    {
        long fromA, fromB;
        using (var a = new Dashboard(db.Url, "a", exercises: true))
        using (var b = new Dashboard(db.Url, "b", exercises: true))
        {
            HttpClient facilitatorA = Facilitator(a, "shared-a"), facilitatorB = Facilitator(b, "shared-b");
            fromA = await Create(facilitatorA);
            fromB = await Create(facilitatorB);
            Assert.NotEqual(fromA, fromB);
            Assert.Equal(HttpStatusCode.OK, (await facilitatorA.GetAsync($"/api/exercises/{fromA}/state")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await facilitatorB.GetAsync($"/api/exercises/{fromA}/state")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await facilitatorA.GetAsync($"/api/exercises/{fromB}/state")).StatusCode);

            // a facilitator's session is its dashboard's: b's cookie does not make a facilitator of a
            HttpResponseMessage login = await b.CreateClient().PostAsJsonAsync("/api/facilitator/login", new { key = "shared-b" });
            string session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parley-facilitator=", StringComparison.Ordinal)).Split(';')[0];
            HttpClient withB = b.CreateClient(), onA = a.CreateClient();
            withB.DefaultRequestHeaders.Add("Cookie", session);
            onA.DefaultRequestHeaders.Add("Cookie", session);
            Assert.Equal(HttpStatusCode.OK, (await withB.GetAsync($"/api/exercises/{fromB}/state")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await onA.GetAsync($"/api/exercises/{fromA}/state")).StatusCode);
        }

        using var again = new Dashboard(db.Url, "a", exercises: true);
        HttpClient facilitator = Facilitator(again, "shared-a");
        Assert.Equal(HttpStatusCode.OK, (await facilitator.GetAsync($"/api/exercises/{fromA}/state")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await facilitator.GetAsync($"/api/exercises/{fromB}/state")).StatusCode);
    }

    private static HttpClient Facilitator(SettingsDashboardFactory dashboard, string key)
    {
        HttpClient client = dashboard.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<long> Create(HttpClient facilitator)
    {
        HttpResponseMessage created = await facilitator.PostAsJsonAsync("/api/exercises", new { scenario = "ukraine-2025", deadline = 8 });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [GeneratedRegex("name=\"parley-token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
