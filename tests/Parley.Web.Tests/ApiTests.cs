using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Storage;

namespace Parley.Web.Tests;

public sealed class ApiTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory factory;

    public ApiTests(DashboardFactory factory) => this.factory = factory;

    private static object Russia(double position) => new { scenario = "ukraine-2025", changes = new[] { new { actor = "russia", issue = "territory", position } } };

    [Fact]
    public async Task Scenarios_are_listed_and_served_as_json()
    {
        HttpClient c = factory.CreateClient();
        JsonElement list = await c.GetFromJsonAsync<JsonElement>("/api/scenarios");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("name").GetString() == "ukraine-2025" && s.GetProperty("valid").GetBoolean());
        JsonElement flagship = await c.GetFromJsonAsync<JsonElement>("/api/scenarios/ukraine-2025");
        Assert.Equal(7, flagship.GetProperty("issues").GetArrayLength());
        HttpResponseMessage missing = await c.GetAsync("/api/scenarios/narnia");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_what_if_forecast_moves_with_the_change_and_is_stored()
    {
        HttpClient c = factory.CreateClient();
        HttpResponseMessage r = await c.PostAsJsonAsync("/api/forecast", Russia(0));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement doc = await r.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement result = doc.GetProperty("result");
        double before = result.GetProperty("base").GetProperty("forecast").GetProperty("compromise").GetProperty("territory").GetProperty("central").GetDouble();
        double after = result.GetProperty("whatif").GetProperty("forecast").GetProperty("compromise").GetProperty("territory").GetProperty("central").GetDouble();
        // Russia (capability 80, salience 0.8 of the total weight) moves from 85 to 0: the weighted mean falls
        Assert.True(after < before - 5, $"{before} -> {after}");
        Assert.Contains("not intelligence", result.GetProperty("provenance_note").GetString(), StringComparison.Ordinal);

        long id = doc.GetProperty("runId").GetInt64();
        using RunStore store = RunStore.Open(factory.Db);
        StoredRun run = store.Get(id)!;
        Assert.Equal("whatif", run.Command);
        Assert.Equal("ukraine-2025.yaml", run.Inputs[0].Path);
        using (var c2 = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={factory.Db};Mode=ReadOnly;Pooling=False"))
        {
            c2.Open();
            using var q = c2.CreateCommand();
            q.CommandText = $"SELECT central FROM forecasts WHERE run_id = {id} AND model = 'compromise (what-if)' AND issue = 'territory';";
            Assert.Equal(after, Convert.ToDouble(q.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), 6);
        }

        string report = await c.GetStringAsync($"/api/runs/{id}/report");
        Assert.Contains("<h1>Ukraine peace talks 2025</h1>", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variant_is_the_what_if_case_and_the_scenario_as_written_the_base()
    {
        HttpClient c = factory.CreateClient();
        HttpResponseMessage r = await c.PostAsJsonAsync("/api/forecast", new { scenario = "ukraine-2025", variant = "restraint" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement result = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result");
        Assert.Equal("restraint", result.GetProperty("variant").GetString());
        // the restraint reading raises Russia's salience on Ukraine's military: the smp forecast there moves
        double baseMilitary = result.GetProperty("base").GetProperty("forecast").GetProperty("smp").GetProperty("military").GetProperty("central").GetDouble();
        double variantMilitary = result.GetProperty("whatif").GetProperty("forecast").GetProperty("smp").GetProperty("military").GetProperty("central").GetDouble();
        Assert.NotEqual(baseMilitary, variantMilitary);

        HttpResponseMessage bad = await c.PostAsJsonAsync("/api/forecast", new { scenario = "ukraine-2025", variant = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("european-force", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("variant")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_that_name_every_field()
    {
        HttpClient c = factory.CreateClient();
        var bad = new { scenario = "ukraine-2025", draws = -5, changes = new[] { new { actor = "narnia", issue = "territory", position = 500.0 } } };
        HttpResponseMessage r = await c.PostAsJsonAsync("/api/forecast", bad);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        JsonElement errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("draws", out _));
        Assert.True(errors.TryGetProperty("changes[0].actor", out _));
        Assert.True(errors.TryGetProperty("changes[0].position", out _));

        HttpResponseMessage unknown = await c.PostAsJsonAsync("/api/forecast", new { scenario = "../../etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        HttpResponseMessage big = await c.PostAsync("/api/forecast", new StringContent(new string(' ', 100_000), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/jobs/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/runs/999999")).StatusCode);
    }

    [Fact]
    public async Task Validation_lists_every_problem_with_its_place()
    {
        HttpClient c = factory.CreateClient();
        HttpResponseMessage r = await c.PostAsync("/api/validate", new StringContent("parley: 1\nscenario: {name: x}\nissues: 5\n", Encoding.UTF8, "text/plain"));
        JsonElement doc = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(doc.GetProperty("valid").GetBoolean());
        Assert.Contains(doc.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("line").GetInt32() == 3 && d.GetProperty("severity").GetString() == "error");

        string token = FormToken(await c.GetStringAsync("/validate"));
        string page = await (await c.PostAsync("/validate", new FormUrlEncodedContent([new("parley-token", token), new("yaml", "parley: 1\nissues: 5\n")]))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"diagnostics\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"bad\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validation_form_needs_the_token_of_its_own_page()
    {
        // a form posted from elsewhere (no token, or a forged one) is refused with a reason; the page's own form works
        HttpClient c = factory.CreateClient();
        HttpResponseMessage none = await c.PostAsync("/validate", new FormUrlEncodedContent([new("yaml", "parley: 1\n")]));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("reload", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        string token = FormToken(await c.GetStringAsync("/validate"));
        HttpResponseMessage forged = await c.PostAsync("/validate", new FormUrlEncodedContent([new("parley-token", token[..^4] + "AAAA"), new("yaml", "parley: 1\n")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        HttpResponseMessage own = await c.PostAsync("/validate", new FormUrlEncodedContent([new("parley-token", token), new("yaml", "parley: 1\n")]));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    private static string FormToken(string page)
    {
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(page, "name=\"parley-token\" value=\"([^\"]+)\"");
        Assert.True(m.Success, "the form carries a token");
        return m.Groups[1].Value;
    }

    [Fact]
    public async Task A_long_job_reports_progress_and_can_be_cancelled()
    {
        HttpClient c = factory.CreateClient();
        var slow = new { scenario = "ukraine-2025", draws = 20_000, changes = Array.Empty<object>() };
        HttpResponseMessage r = await c.PostAsJsonAsync("/api/jobs", slow);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        string id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(50);
            job = await c.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        }
        while (job.GetProperty("progress").GetDouble() <= 0 && DateTime.UtcNow < deadline);

        Assert.Equal("running", job.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        do
        {
            await Task.Delay(50);
            job = await c.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        }
        while (job.GetProperty("status").GetString() == "running" && DateTime.UtcNow < deadline);

        Assert.Equal("cancelled", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pages_render_scenarios_runs_and_the_what_if_form()
    {
        HttpClient c = factory.CreateClient();
        Assert.Contains("ukraine-2025", await c.GetStringAsync("/scenarios"), StringComparison.Ordinal);
        string flagship = await c.GetStringAsync("/scenarios/ukraine-2025");
        Assert.Contains("Valid: no errors, no warnings.", flagship, StringComparison.Ordinal);
        Assert.Contains("not intelligence", flagship, StringComparison.Ordinal);
        Assert.Contains("id=\"position\"", await c.GetStringAsync("/whatif"), StringComparison.Ordinal);
        Assert.Contains("<table id=\"runs\">", await c.GetStringAsync("/runs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scenario_page_shows_red_lines_with_their_quotes_and_links_the_register()
    {
        HttpClient c = factory.CreateClient();
        string flagship = await c.GetStringAsync("/scenarios/ukraine-2025");
        Assert.Contains("<h2>Red lines</h2>", flagship, StringComparison.Ordinal);
        Assert.Contains("Putin showed flexibility by dropping Russia", flagship, StringComparison.Ordinal);
        Assert.Contains("href=\"/scenarios/ukraine-2025/sources\"", flagship, StringComparison.Ordinal);

        string register = await c.GetStringAsync("/scenarios/ukraine-2025/sources");
        Assert.Contains("The evidence behind each number", register, StringComparison.Ordinal);
        Assert.Contains("blocks a deal", register, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await c.GetAsync("/scenarios/nonexistent/sources")).StatusCode);
    }
}


public sealed class RunTimeLimitTests : IClassFixture<ImpatientDashboardFactory>
{
    private readonly ImpatientDashboardFactory factory;

    public RunTimeLimitTests(ImpatientDashboardFactory factory) => this.factory = factory;

    [Fact]
    public async Task A_run_over_the_time_limit_is_stopped_with_a_problem_and_nothing_is_stored()
    {
        HttpClient c = factory.CreateClient();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage r = await c.PostAsJsonAsync("/api/forecast", new { scenario = "ukraine-2025", draws = 20_000 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        // refused once the first draws show that 20,000 cannot fit, or stopped at the limit: either way it says how to raise it
        Assert.Contains("Parley:RunTimeLimit", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), sw.Elapsed.ToString());
        if (File.Exists(factory.Db))
        {
            using RunStore store = RunStore.Open(factory.Db);
            Assert.Equal(0, store.Count());
        }
    }
}

/// <summary>The dashboard answers only to its own hosts and pages, and its pages run only its own script.</summary>
public sealed class HardeningTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static StringContent Body() => new("""{"scenario":"ukraine-2025","changes":[]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_foreign_host_is_refused()
    {
        HttpClient c = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        request.Headers.Host = "evil.example";
        HttpResponseMessage r = await c.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Parley:AllowedHosts", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_changing_request_from_another_site_is_refused_and_one_from_the_dashboard_or_a_script_is_not()
    {
        HttpClient c = factory.CreateClient();
        using (var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/forecast") { Content = Body() })
        {
            foreign.Headers.Add("Origin", "http://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await c.SendAsync(foreign)).StatusCode);
        }

        using (var referred = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = Body() })
        {
            referred.Headers.Referrer = new Uri("http://evil.example/page");
            Assert.Equal(HttpStatusCode.Forbidden, (await c.SendAsync(referred)).StatusCode);
        }

        using (var plain = new HttpRequestMessage(HttpMethod.Post, "/api/forecast") { Content = new StringContent("""{"scenario":"ukraine-2025","changes":[]}""", Encoding.UTF8, "text/plain") })
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await c.SendAsync(plain)).StatusCode);   // what a cross-site form could send
        }

        using (var own = new HttpRequestMessage(HttpMethod.Post, "/api/forecast") { Content = Body() })
        {
            own.Headers.Add("Origin", "http://localhost:5000");
            Assert.Equal(HttpStatusCode.OK, (await c.SendAsync(own)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync("/api/forecast", Body())).StatusCode);   // curl or a script: JSON, no Origin
    }

    [Theory]
    [InlineData("/api/forecast", "application/json", """{"scenario":"ukraine-2025","changes":null}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/forecast", "application/json", """{"scenario":"ukraine-2025","changes":[null]}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/jobs", "application/json", """{"scenario":"ukraine-2025","changes":[{}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/validate", "text/plain", "parley: 1", HttpStatusCode.UnsupportedMediaType)]
    public async Task Malformed_bodies_get_problem_details_never_500(string path, string type, string body, HttpStatusCode expected)
    {
        HttpClient c = factory.CreateClient();
        HttpResponseMessage r = await c.PostAsync(path, new StringContent(body, Encoding.UTF8, type));
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Two_hundred_random_bodies_get_an_answer_below_500()
    {
        // part of the hostile-input suite (the command line's is in Parley.Cli.Tests): fixed seed
        var rng = new Random(20261206);
        string[] values = ["null", "[]", "{}", "[null]", "\"\"", "-1", "1e308", "20001", "\"ukraine-2025\"", "\"../x\"", "true", "[{}]", "[{\"actor\":\"us\",\"issue\":\"territory\",\"position\":1e308}]", "\"\\u001b[2J\""];
        string[] fields = ["scenario", "variant", "draws", "seed", "changes", "model"];
        string[] paths = ["/api/forecast", "/api/jobs", "/api/validate"];
        HttpClient c = factory.CreateClient();
        for (int k = 0; k < 200; k++)
        {
            var body = new StringBuilder("{");
            for (int f = rng.Next(4); f >= 0; f--)
            {
                body.Append('"').Append(fields[rng.Next(fields.Length)]).Append("\":").Append(values[rng.Next(values.Length)]).Append(f > 0 ? "," : string.Empty);
            }

            string text = rng.Next(10) == 0 ? body.ToString()[..Math.Max(1, rng.Next(body.Length))] : body.Append('}').ToString();
            HttpResponseMessage r = await c.PostAsync(paths[rng.Next(paths.Length)], new StringContent(text, Encoding.UTF8, "application/json"));
            Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode} for {text}");
        }
    }

    [Fact]
    public async Task A_chunked_body_over_the_cap_gets_413_and_a_small_one_goes_through()
    {
        HttpClient c = factory.CreateClient();
        var big = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"scenario\":\"" + new string('a', 100_000) + "\"}")));
        big.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/forecast") { Content = big })
        {
            request.Headers.TransferEncodingChunked = true;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await c.SendAsync(request)).StatusCode);
        }

        var small = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("""{"scenario":"dayton-1995"}""")));
        small.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/forecast") { Content = small })
        {
            request.Headers.TransferEncodingChunked = true;
            Assert.Equal(HttpStatusCode.OK, (await c.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task Pasted_yaml_is_checked_like_a_file_invalid_utf8_included()
    {
        HttpClient c = factory.CreateClient();
        var bytes = new ByteArrayContent([.. "parley: 1\nscenario: {name: \""u8, 0xFF, 0xFE, .. "\"}\n"u8]);
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        JsonElement doc = await (await c.PostAsync("/api/validate", bytes)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PRL004", doc.GetProperty("diagnostics")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_no_inline_script()
    {
        HttpClient c = factory.CreateClient();
        HttpResponseMessage r = await c.GetAsync("/whatif");
        string page = await r.Content.ReadAsStringAsync();
        Assert.Contains("script-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", r.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/assets/whatif.js\"></script>", page, StringComparison.Ordinal);
        HttpResponseMessage js = await c.GetAsync("/assets/whatif.js");
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        Assert.Contains("loadScenario", await js.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}


public sealed class JobLimitTests(TwoJobDashboardFactory factory) : IClassFixture<TwoJobDashboardFactory>
{
    [Fact]
    public async Task Finished_jobs_stay_readable_but_do_not_lock_out_new_ones()
    {
        HttpClient c = factory.CreateClient();
        var done = new List<string>();
        for (int k = 0; k < 5; k++)
        {
            HttpResponseMessage r = await c.PostAsJsonAsync("/api/jobs", new { scenario = "dayton-1995" });
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            string id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            string status;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                await Task.Delay(50);
                status = (await c.GetFromJsonAsync<JsonElement>("/api/jobs/" + id)).GetProperty("status").GetString()!;
            }
            while (status is "queued" or "running" && DateTime.UtcNow < deadline);
            Assert.Equal("done", status);
            done.Add(id);
        }

        foreach (string id in done)
        {
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/jobs/" + id)).StatusCode);   // all still readable
        }
    }
}
