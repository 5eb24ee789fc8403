using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Web.Tests;

/// <summary>A classroom dashboard: exercises on, served beyond loopback, with a known facilitator key.</summary>
public sealed class ClassroomDashboardFactory() : SettingsDashboardFactory(("Parley:Exercises", "true"), ("Parley:Classroom", "true"), ("Parley:FacilitatorKey", Key), ("Parley:JoinAttempts", "1000"))
{
    public const string Key = "test-facilitator-key";
}

/// <summary>The classroom with five wrong codes allowed per address (a dashboard of its own: test requests share one address).</summary>
public sealed class StrictJoinFactory() : SettingsDashboardFactory(("Parley:Exercises", "true"), ("Parley:Classroom", "true"), ("Parley:FacilitatorKey", ClassroomDashboardFactory.Key), ("Parley:JoinAttempts", "5"));

/// <summary>Who may call what: every endpoint is classified, and the matrix of roles by endpoints is walked request by request.</summary>
public sealed class ExerciseSecurityTests(ClassroomDashboardFactory factory) : IClassFixture<ClassroomDashboardFactory>
{
    private static readonly string[] AccessTitles = ["Sign in first", "Not yours"];

    /// <summary>A browser-like client that keeps cookies and does not follow redirects (the matrix judges each endpoint itself).</summary>
    private HttpClient Client() => factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private HttpClient Facilitator()
    {
        HttpClient c = Client();
        c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ClassroomDashboardFactory.Key);
        return c;
    }

    /// <summary>Creates an exercise (Ukraine and Russia played by people, the US by the engine); returns its id and the seats' codes.</summary>
    private async Task<(long Id, Dictionary<string, string> Codes)> Create(HttpClient facilitator)
    {
        HttpResponseMessage r = await facilitator.PostAsJsonAsync("/api/exercises", new
        {
            scenario = "ukraine-2025", variant = "freeze-on-the-line", deadline = 6,
            seats = new object[] { new { actor = "us", person = false }, new { actor = "russia", person = true }, new { actor = "ukraine", person = true } },
        });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        JsonElement doc = await r.Content.ReadFromJsonAsync<JsonElement>();
        return (doc.GetProperty("id").GetInt64(), doc.GetProperty("codes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
    }

    private async Task<HttpClient> Player(string code)
    {
        HttpClient c = Client();
        HttpResponseMessage r = await c.PostAsJsonAsync("/api/join", new { code });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        string cookie = r.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith(Parley.Web.ExerciseHost.SeatCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        return c;
    }

    [Fact]
    public async Task Every_endpoint_is_classified_and_every_role_is_refused_where_it_must_be()
    {
        HttpClient facilitator = Facilitator();
        (long one, Dictionary<string, string> codes) = await Create(facilitator);
        (long two, Dictionary<string, string> other) = await Create(facilitator);
        var roles = new (string Name, HttpClient Client, Func<Access, long, bool> May)[]
        {
            ("anonymous", Client(), (a, _) => a is Access.Public or Access.Join),
            ("ukraine in exercise one", await Player(codes["ukraine"]), (a, id) => a is Access.Public or Access.Join || (a is Access.Player or Access.Participant && id == one)),
            ("russia in exercise one", await Player(codes["russia"]), (a, id) => a is Access.Public or Access.Join || (a is Access.Player or Access.Participant && id == one)),
            ("ukraine in exercise two", await Player(other["ukraine"]), (a, id) => a is Access.Public or Access.Join || (a is Access.Player or Access.Participant && id == two)),
            // last: some of its calls change the exercise (revoke a seat, end the talks)
            ("the facilitator", facilitator, (a, _) => a is not Access.Player),
        };

        RouteEndpoint[] endpoints = [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];
        Assert.NotEmpty(endpoints);
        var unclassified = endpoints.Where(e => e.Metadata.GetMetadata<AccessMetadata>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(unclassified.Count == 0, "endpoints without an Access: " + string.Join(", ", unclassified));

        int checkedCalls = 0;
        foreach ((string role, HttpClient client, Func<Access, long, bool> may) in roles)
        {
            foreach (RouteEndpoint e in endpoints)
            {
                Access access = e.Metadata.GetMetadata<AccessMetadata>()!.Access;
                foreach (string method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                {
                    foreach (long exercise in e.RoutePattern.RawText!.Contains("{id:long}", StringComparison.Ordinal) && e.RoutePattern.RawText.Contains("exercises", StringComparison.Ordinal) ? new[] { one, two } : [one])
                    {
                        string url = Url(e.RoutePattern.RawText!, exercise);
                        (HttpStatusCode status, string? title) = await Call(client, method, url);
                        bool allowed = may(access, exercise);
                        string what = $"{role}: {method} {url} ({access}) gave {(int)status} {title}";
                        if (allowed)
                        {
                            Assert.False(AccessTitles.Contains(title), what);
                        }
                        else
                        {
                            Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && AccessTitles.Contains(title), what);
                        }

                        checkedCalls++;
                    }
                }
            }
        }

        Assert.True(checkedCalls > 150, $"only {checkedCalls} calls");
    }

    private static string Url(string pattern, long exercise)
    {
        string path = pattern.Replace("{id:long}", pattern.Contains("exercises", StringComparison.Ordinal) ? exercise.ToString(System.Globalization.CultureInfo.InvariantCulture) : "1", StringComparison.Ordinal)
            .Replace("{id}", "nojob", StringComparison.Ordinal).Replace("{name}", "ukraine-2025", StringComparison.Ordinal).Replace("{actor}", "ukraine", StringComparison.Ordinal);
        return (path.StartsWith('/') ? path : "/" + path) + "?for=ukraine&a=1&b=1&scenario=ukraine-2025";
    }

    private static async Task<(HttpStatusCode Status, string? Title)> Call(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "DELETE")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using HttpResponseMessage r = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        string? title = null;
        if (r.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            title = JsonDocument.Parse(await r.Content.ReadAsStringAsync(cancel.Token)).RootElement.TryGetProperty("title", out JsonElement t) ? t.GetString() : null;
        }

        return (r.StatusCode, title);
    }

    [Fact]
    public async Task Outside_an_exercise_a_classroom_shows_nothing_without_the_facilitator()
    {
        HttpClient anonymous = Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/scenarios/ukraine-2025")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Facilitator().GetAsync("/api/scenarios/ukraine-2025")).StatusCode);
        // the sign-in page gives the facilitator a session cookie
        HttpClient browser = Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsJsonAsync("/api/facilitator/login", new { key = "wrong" })).StatusCode);
        Assert.True((await browser.PostAsJsonAsync("/api/facilitator/login", new { key = ClassroomDashboardFactory.Key })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/scenarios")).StatusCode);
    }

    [Fact]
    public async Task A_player_sees_and_moves_only_its_own_seat()
    {
        HttpClient facilitator = Facilitator();
        (long id, Dictionary<string, string> codes) = await Create(facilitator);
        HttpClient ukraine = await Player(codes["ukraine"]);
        // a second code in the same browser: one person, one seat
        HttpResponseMessage second = await ukraine.PostAsJsonAsync("/api/join", new { code = codes["russia"] });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        HttpClient russia = await Player(codes["russia"]);

        // a move names no seat: it is the caller's, whatever the body says
        Assert.Equal(HttpStatusCode.NoContent, (await ukraine.PostAsJsonAsync($"/api/exercises/{id}/move", new { actor = "russia", answer = "accept", offer = new { territory = 25 } })).StatusCode);
        JsonElement state = await facilitator.GetFromJsonAsync<JsonElement>($"/api/exercises/{id}/state");
        JsonElement seats = state.GetProperty("seats");
        Assert.Equal("accept", seats.EnumerateArray().Single(s => s.GetProperty("actor").GetString() == "ukraine").GetProperty("answer").GetString());
        Assert.Equal("reject", seats.EnumerateArray().Single(s => s.GetProperty("actor").GetString() == "russia").GetProperty("answer").GetString());

        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsync($"/api/exercises/{id}/advance", null)).StatusCode);
        }

        // its view carries its own utilities only, and no message between the hub and the other spoke
        string view = await ukraine.GetStringAsync($"/api/exercises/{id}/view");
        JsonElement v = JsonDocument.Parse(view).RootElement;
        Assert.All(v.GetProperty("messages").EnumerateArray(), m =>
        {
            Assert.NotEqual("russia", m.GetProperty("to").GetString());
            Assert.NotEqual("russia", m.GetProperty("from").GetString());
            if (m.TryGetProperty("utility", out JsonElement u))
            {
                Assert.Equal(["ukraine"], u.EnumerateObject().Select(p => p.Name));
            }
        });
        Assert.Contains("\"utility\"", view, StringComparison.Ordinal);

        // its brief is its own
        string brief = await ukraine.GetStringAsync($"/exercises/{id}/brief");
        Assert.Contains("Brief for Ukraine", brief, StringComparison.Ordinal);
        Assert.DoesNotContain("Brief for Russia", brief, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ukraine.GetAsync($"/api/exercises/{id}/state")).StatusCode);

        // revoked, the seat's cookie is dead; a new code brings a player back
        Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsync($"/api/exercises/{id}/seats/russia/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await russia.GetAsync($"/api/exercises/{id}/view")).StatusCode);
        JsonElement code = await (await facilitator.PostAsync($"/api/exercises/{id}/seats/russia/code", null)).Content.ReadFromJsonAsync<JsonElement>();
        HttpClient back = await Player(code.GetProperty("code").GetString()!.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync($"/api/exercises/{id}/view")).StatusCode);
    }

    [Fact]
    public async Task A_code_works_once_and_wrong_codes_are_limited()
    {
        using var strict = new StrictJoinFactory();
        HttpClient facilitator = strict.CreateClient();
        facilitator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ClassroomDashboardFactory.Key);
        (long _, Dictionary<string, string> codes) = await Create(facilitator);
        Assert.True((await strict.CreateClient().PostAsJsonAsync("/api/join", new { code = codes["ukraine"] })).IsSuccessStatusCode);
        HttpResponseMessage again = await strict.CreateClient().PostAsJsonAsync("/api/join", new { code = codes["ukraine"] });
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        HttpClient guesser = strict.CreateClient();
        HttpStatusCode last = HttpStatusCode.OK;
        for (int k = 0; k < 8; k++)
        {
            last = (await guesser.PostAsJsonAsync("/api/join", new { code = $"AAAAA-AAAA{k}" })).StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        // even the right code waits now, from that address
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsJsonAsync("/api/join", new { code = codes["russia"] })).StatusCode);
    }

    [Fact]
    public async Task A_stream_from_another_site_is_refused()
    {
        (long id, Dictionary<string, string> codes) = await Create(Facilitator());
        HttpClient ukraine = await Player(codes["ukraine"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/exercises/{id}/events");
        request.Headers.Add("Origin", "http://evil.example");
        using HttpResponseMessage r = await ukraine.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }
}
