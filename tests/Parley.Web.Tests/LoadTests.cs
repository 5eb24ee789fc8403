using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Parley.Storage;

namespace Parley.Web.Tests;

/// <summary>A bounded burst of concurrent forecast requests: all succeed, none is lost from the store, memory comes back.</summary>
public sealed class LoadTests
{
    [Fact]
    public async Task Two_hundred_forecasts_sixteen_at_a_time_all_succeed_and_are_all_stored()
    {
        const int Requests = 200, Concurrency = 16;
        using var factory = new DashboardFactory();
        HttpClient client = factory.CreateClient();
        object Body(int k) => new { scenario = "ukraine-2025", changes = new[] { new { actor = "russia", issue = "territory", position = (double)(k % 101) } } };

        // warm up (JIT, caches), then take the baseline
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/forecast", Body(0))).StatusCode);
        long baseline = Settled();

        var latencies = new double[Requests];
        var statuses = new HttpStatusCode[Requests];
        using var gate = new SemaphoreSlim(Concurrency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(async k =>
        {
            await gate.WaitAsync();
            try
            {
                var one = Stopwatch.StartNew();
                using HttpResponseMessage r = await client.PostAsJsonAsync("/api/forecast", Body(k + 1));
                statuses[k] = r.StatusCode;
                latencies[k] = one.Elapsed.TotalMilliseconds;
            }
            finally
            {
                gate.Release();
            }
        }));
        double seconds = clock.Elapsed.TotalSeconds;
        long after = Settled();

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        using (RunStore store = RunStore.Open(factory.Db))
        {
            Assert.Equal(Requests + 1, store.Count());
            Assert.Equal("ok", store.IntegrityCheck());
        }

        Array.Sort(latencies);
        double p95 = latencies[(int)Math.Ceiling(0.95 * Requests) - 1];
        string report = string.Create(CultureInfo.InvariantCulture,
            $"{Requests} requests, {Concurrency} at a time: {Requests / seconds:0.0} requests/s, p50 {latencies[Requests / 2]:0} ms, p95 {p95:0} ms; managed heap {baseline / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after");
        Directory.CreateDirectory(BrowserTests.ScreenshotFolder);
        File.WriteAllText(Path.Combine(BrowserTests.ScreenshotFolder, "..", "load.txt"), report + "\n");
        Console.WriteLine(report);

        // memory returns to its baseline: what a request allocates is gone once it is answered
        Assert.True(after - baseline < 32L * 1024 * 1024, report);
    }

    private static long Settled()
    {
        for (int k = 0; k < 3; k++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
