using Microsoft.Playwright;

namespace Parley.Web.Tests;

/// <summary>The dashboard in a real browser (Debian's Chromium, driven by Playwright); ./test.sh installs Chromium when missing.</summary>
public sealed class BrowserTests : IClassFixture<BrowserTests.LiveDashboard>
{
    private readonly LiveDashboard live;

    public BrowserTests(LiveDashboard live) => this.live = live;

    /// <summary>Where screenshots go: $PARLEY_SCREENSHOTS, else TestResults/screenshots beside the test binaries.</summary>
    public static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("PARLEY_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task Load_the_flagship_run_a_forecast_move_a_slider_and_see_the_result_change()
    {
        IPage page = await live.NewPageAsync();
        await page.GotoAsync(live.Url + "scenarios");
        await page.ClickAsync("text=Ukraine peace talks 2025");
        await page.WaitForSelectorAsync("#actors");
        Assert.Contains("Russia", await page.InnerTextAsync("#actors"), StringComparison.Ordinal);
        await page.ClickAsync("text=Open in the what-if page");

        // the base case first
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#actor option').length > 0");
        await page.SelectOptionAsync("#actor", "russia");
        await page.SelectOptionAsync("#issue", "territory");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent === 'done'");
        string baseValue = await page.InnerTextAsync("td[data-model='compromise'][data-issue='territory']");

        // Russia gives up its territorial claim: the forecast moves
        await page.FillAsync("#position", "0");
        Assert.Equal("0", await page.InnerTextAsync("#position-value"));
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent === 'done' && document.querySelector('td.changed') !== null");
        string moved = await page.InnerTextAsync("td[data-model='compromise'][data-issue='territory']");
        Assert.NotEqual(baseValue, moved);
        Assert.True(double.Parse(moved, System.Globalization.CultureInfo.InvariantCulture) < double.Parse(baseValue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("not intelligence", await page.InnerTextAsync("#note"), StringComparison.Ordinal);
        Assert.NotNull(await page.QuerySelectorAsync("#chart"));
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "whatif.png"), FullPage = true });

        // the run was stored: open its report
        await page.ClickAsync("#result a[href^='/runs/']");
        await page.WaitForSelectorAsync("#provenance");
        Assert.Contains("Where the talks land", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_a_variant_shows_its_effect_against_the_scenario_as_written()
    {
        IPage page = await live.NewPageAsync();
        await page.GotoAsync(live.Url + "whatif?scenario=ukraine-2025");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#variant option').length > 1");
        await page.SelectOptionAsync("#variant", "restraint");
        await page.SelectOptionAsync("#actor", "russia");
        await page.SelectOptionAsync("#issue", "military");
        // the slider starts from the variant's salience (0.9 under the restraint reading, 0.72 as written)
        await page.WaitForFunctionAsync("() => document.getElementById('salience-value').textContent === '0.9'");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent === 'done'");
        Assert.NotNull(await page.QuerySelectorAsync("td.changed[data-model='smp']"));
    }

    [Fact]
    public async Task A_stored_runs_report_opens_from_the_runs_page()
    {
        // a full run made by the CLI's job would also do; here the report of a stored what-if run
        using (HttpClient c = new() { BaseAddress = new Uri(live.Url) })
        {
            HttpResponseMessage r = await c.PostAsync("api/forecast", new StringContent("""{"scenario":"ukraine-2025","draws":200}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(r.IsSuccessStatusCode);
        }

        IPage page = await live.NewPageAsync();
        await page.GotoAsync(live.Url + "runs");
        await page.ClickAsync("#runs a.report >> nth=0");
        await page.WaitForSelectorAsync("#provenance");
        string html = await page.ContentAsync();
        Assert.Contains("estimates from published analyses, not intelligence", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "run-report.png"), FullPage = false });
    }

    /// <summary>A real Kestrel server on a free port and one headless Chromium for the class.</summary>
    public sealed class LiveDashboard : IAsyncLifetime
    {
        private readonly DashboardFactory factory = new();
        private IPlaywright? playwright;
        private IBrowser? browser;

        public string Url { get; private set; } = string.Empty;

        public const string Chromium = "/usr/bin/chromium";

        public async Task InitializeAsync()
        {
            if (!File.Exists(Chromium))
            {
                throw new InvalidOperationException($"{Chromium} is missing: ./test.sh installs Debian's chromium (apt-get install -y chromium)");
            }

            factory.UseKestrel(0);
            factory.StartServer();
            Url = factory.ClientOptions.BaseAddress.ToString();
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }

        public async Task<IPage> NewPageAsync()
        {
            IPage page = await browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            page.SetDefaultTimeout(30_000);
            return page;
        }

        public async Task DisposeAsync()
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            playwright?.Dispose();
            await factory.DisposeAsync();
        }
    }
}
