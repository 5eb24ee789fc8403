using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Web.Tests;

/// <summary>An exercise lives in the run store: the dashboard restarts mid-exercise and the players' cookies still work.</summary>
public sealed class ExerciseRestartTests
{
    private sealed class StoreDashboard(string db) : SettingsDashboardFactory(("Parley:Exercises", "true"), ("Parley:FacilitatorKey", "restart-key"), ("Parley:Db", db));

    [Fact]
    public async Task A_timer_moves_the_clock_and_waits_while_paused()
    {
        using var dashboard = new StoreDashboard(Path.Combine(Directory.CreateTempSubdirectory("parley-timer-").FullName, "runs.db"));
        HttpClient facilitator = dashboard.CreateClient();
        facilitator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "restart-key");
        JsonElement doc = await (await facilitator.PostAsJsonAsync("/api/exercises", new { scenario = "ukraine-2025", deadline = 50 })).Content.ReadFromJsonAsync<JsonElement>();
        long id = doc.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsJsonAsync($"/api/exercises/{id}/timer", new { seconds = 1 })).StatusCode);
        int time = 0;
        for (int wait = 0; wait < 50 && time < 2; wait++)
        {
            await Task.Delay(100);
            time = JsonDocument.Parse(await facilitator.GetStringAsync($"/api/exercises/{id}/state")).RootElement.GetProperty("time").GetInt32();
        }

        Assert.True(time >= 2, $"the timer moved the clock to {time} in five seconds");
        Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsync($"/api/exercises/{id}/pause", null)).StatusCode);
        int paused = JsonDocument.Parse(await facilitator.GetStringAsync($"/api/exercises/{id}/state")).RootElement.GetProperty("time").GetInt32();
        await Task.Delay(2500);
        JsonElement state = JsonDocument.Parse(await facilitator.GetStringAsync($"/api/exercises/{id}/state")).RootElement;
        Assert.Equal(paused, state.GetProperty("time").GetInt32());
        Assert.True(state.GetProperty("paused").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await facilitator.PostAsync($"/api/exercises/{id}/advance", null)).StatusCode);
    }

    [Fact]
    public async Task The_exercise_and_its_players_sessions_survive_a_restart()
    {
        string db = Path.Combine(Directory.CreateTempSubdirectory("parley-restart-").FullName, "runs.db");
        string cookie, before, stateBefore;
        long id;
        using (var first = new StoreDashboard(db))
        {
            HttpClient facilitator = first.CreateClient();
            facilitator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "restart-key");
            HttpResponseMessage created = await facilitator.PostAsJsonAsync("/api/exercises", new
            {
                scenario = "ukraine-2025", variant = "freeze-on-the-line", deadline = 8,
                seats = new object[] { new { actor = "us", person = false }, new { actor = "russia", person = false }, new { actor = "ukraine", person = true } },
            });
            JsonElement doc = await created.Content.ReadFromJsonAsync<JsonElement>();
            id = doc.GetProperty("id").GetInt64();
            HttpResponseMessage joined = await first.CreateClient().PostAsJsonAsync("/api/join", new { code = doc.GetProperty("codes").GetProperty("ukraine").GetString() });
            cookie = joined.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parley-seat=", StringComparison.Ordinal)).Split(';')[0];
            var player = first.CreateClient();
            player.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.NoContent, (await player.PostAsJsonAsync($"/api/exercises/{id}/move", new { answer = "reject", offer = new { territory = 50 } })).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await player.PostAsJsonAsync($"/api/exercises/{id}/chat", new { to = "us", text = "before the restart" })).StatusCode);
            for (int t = 0; t < 2; t++)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsync($"/api/exercises/{id}/advance", null)).StatusCode);
            }

            before = await player.GetStringAsync($"/api/exercises/{id}/view");
            stateBefore = await facilitator.GetStringAsync($"/api/exercises/{id}/state");
        }

        using var second = new StoreDashboard(db);
        HttpClient again = second.CreateClient();
        again.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(before, await again.GetStringAsync($"/api/exercises/{id}/view"));
        HttpClient facilitatorAgain = second.CreateClient();
        facilitatorAgain.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "restart-key");
        Assert.Equal(stateBefore, await facilitatorAgain.GetStringAsync($"/api/exercises/{id}/state"));
        // and the talks go on where they were
        Assert.Equal(HttpStatusCode.NoContent, (await again.PostAsJsonAsync($"/api/exercises/{id}/move", new { answer = "accept" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await facilitatorAgain.PostAsync($"/api/exercises/{id}/advance", null)).StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await again.GetStringAsync($"/api/exercises/{id}/view")).RootElement.GetProperty("time").GetInt32());
        // replayed step by step and exported
        Assert.Contains("Replay of exercise", await facilitatorAgain.GetStringAsync($"/exercises/{id}/replay?step=2"), StringComparison.Ordinal);
        JsonElement export = await facilitatorAgain.GetFromJsonAsync<JsonElement>($"/api/exercises/{id}/export");
        Assert.Equal(6, export.GetProperty("actions").GetArrayLength());
        Assert.Contains("Debrief of exercise", await facilitatorAgain.GetStringAsync($"/exercises/{id}/debrief"), StringComparison.Ordinal);
    }
}
