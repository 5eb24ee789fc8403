using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Shared;

namespace Parley.Web.Tests;

/// <summary>
/// A dashboard configured with a sweep cluster (<c>Parley:Cluster</c>): its what-if runs send their Monte Carlo draws to the
/// cluster's workers ('parley worker' processes on loopback) and answer what a dashboard without a cluster answers.
/// </summary>
public sealed class ClusterDashboardTests
{
    private sealed class Dashboard(params (string Key, string Value)[] settings) : SettingsDashboardFactory(settings);

    [PostgresFact]
    public async Task What_if_runs_go_to_the_cluster_and_answer_the_same()
    {
        (string url, string name) = PostgresTestServer.CreateDatabase();
        try
        {
            await using WorkerProcesses cluster = await WorkerProcesses.StartAsync(url, 2);
            var request = new { scenario = "ukraine-2025", variant = "freeze-on-the-line", draws = 200, seed = 5 };
            using var alone = new Dashboard();
            using var clustered = new Dashboard(("Parley:Cluster", url), ("Parley:ClusterItems", "6"));
            string Result(string body) => JsonDocument.Parse(body).RootElement.GetProperty("result").GetRawText();

            HttpResponseMessage a = await alone.CreateClient().PostAsJsonAsync("/api/forecast", request);
            string aBody = await a.Content.ReadAsStringAsync();
            Assert.True(a.IsSuccessStatusCode, aBody);
            HttpResponseMessage b = await clustered.CreateClient().PostAsJsonAsync("/api/forecast", request);
            string bBody = await b.Content.ReadAsStringAsync();
            Assert.True(b.IsSuccessStatusCode, bBody);
            Assert.Equal(Result(aBody), Result(bBody));
            Assert.Contains(cluster.Members, m => m.Log.Contains("started item", StringComparison.Ordinal));
        }
        finally
        {
            PostgresTestServer.DropDatabase(url, name);
        }
    }

    [Fact]
    public async Task A_cluster_that_cannot_be_reached_is_a_clear_refusal()
    {
        using var clustered = new Dashboard(("Parley:Cluster", "runs.db"));
        HttpResponseMessage r = await clustered.CreateClient().PostAsJsonAsync("/api/forecast", new { scenario = "ukraine-2025" });
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Contains("PostgreSQL", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
