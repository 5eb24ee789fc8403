using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Parley.Web.Tests;

/// <summary>
/// An exercise in a real browser: a facilitator and two players in separate browser contexts play to an agreement with the
/// engine in the mediator's seat; everything a player's browser receives is recorded and checked for the other seats'
/// private numbers. Screenshots of the three views go to the screenshot folder (docs/screenshots.sh copies them).
/// </summary>
public sealed partial class ExerciseBrowserTests : IAsyncLifetime
{
    private const string Key = "browser-test-key";
    private readonly SettingsDashboardFactory factory = new ExerciseDashboard();
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string url = string.Empty;

    private sealed class ExerciseDashboard() : SettingsDashboardFactory(("Parley:Exercises", "true"), ("Parley:FacilitatorKey", Key));

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserTests.LiveDashboard.Chromium))
        {
            throw new InvalidOperationException($"{BrowserTests.LiveDashboard.Chromium} is missing: ./test.sh installs Debian's chromium");
        }

        factory.UseKestrel(0);
        factory.StartServer();
        url = factory.ClientOptions.BaseAddress.ToString();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserTests.LiveDashboard.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
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

    /// <summary>A new browser context (its own cookies) with one page; every response body it receives is kept, and every server-sent event.</summary>
    private async Task<(IPage Page, ConcurrentBag<string> Received)> Context()
    {
        IBrowserContext context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        // server-sent events are read by the page's EventSource: keep each message's data as it arrives
        await context.AddInitScriptAsync("""
            (() => { const Real = window.EventSource; window.__events = [];
              window.EventSource = function (u, o) { const s = new Real(u, o); s.addEventListener('message', e => window.__events.push(e.data)); return s; };
              window.EventSource.prototype = Real.prototype; })();
            """);
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var received = new ConcurrentBag<string>();
        page.Response += async (_, response) =>
        {
            if (response.Headers.TryGetValue("content-type", out string? type) && type.StartsWith("text/event-stream", StringComparison.Ordinal))
            {
                return;
            }

            try
            {
                received.Add(response.Url + "\n" + await response.TextAsync());
            }
            catch (PlaywrightException)
            {
                // a redirect has no body
            }
        };
        return (page, received);
    }

    [Fact]
    public async Task A_facilitator_and_two_players_reach_an_agreement_and_no_player_receives_another_seats_private_numbers()
    {
        // the facilitator signs in and creates the exercise: the engine mediates, people play Russia and Ukraine
        (IPage desk, _) = await Context();
        await desk.GotoAsync(url + "facilitator");
        await Ready(desk);
        await desk.FillAsync("#key", Key);
        // the sign-in answers first, then the page moves on: a failure says which of the two did not happen
        IResponse login = await desk.RunAndWaitForResponseAsync(() => desk.ClickAsync("#signin-button"), r => r.Url.EndsWith("/api/facilitator/login", StringComparison.Ordinal));
        Assert.True(login.Ok, $"sign-in answered {login.Status}");
        try
        {
            await desk.WaitForURLAsync("**/exercises");
        }
        catch (TimeoutException)
        {
            Assert.Fail("sign-in did not lead to /exercises: " + desk.Url + " / " + await desk.InnerTextAsync("body"));
        }

        await Ready(desk);
        await desk.SelectOptionAsync("#scenario", "ukraine-2025");
        await desk.WaitForFunctionAsync("() => document.querySelectorAll('#variant option').length > 1 && document.querySelectorAll('select.who').length === 3");
        await desk.SelectOptionAsync("#variant", "freeze-on-the-line");
        await desk.WaitForSelectorAsync("#seats[data-for='ukraine-2025/freeze-on-the-line']");
        await desk.SelectOptionAsync("select.who[data-actor='us']", "engine");
        await desk.FillAsync("#deadline", "10");
        await desk.ClickAsync("#create-button");
        await desk.WaitForSelectorAsync("#new-codes");
        string ukraineCode = await desk.InnerTextAsync("#new-codes code[data-actor='ukraine']");
        string russiaCode = await desk.InnerTextAsync("#new-codes code[data-actor='russia']");
        await desk.ClickAsync("#facilitate-link");
        await Ready(desk);
        await desk.WaitForSelectorAsync("#seats tr >> nth=3");

        // each player joins in its own browser
        (IPage ukraine, ConcurrentBag<string> ukraineReceived) = await Context();
        (IPage russia, ConcurrentBag<string> russiaReceived) = await Context();
        foreach ((IPage page, string code) in new[] { (ukraine, ukraineCode), (russia, russiaCode) })
        {
            await page.GotoAsync(url + "join");
            await Ready(page);
            await page.FillAsync("#code", code);
            await page.ClickAsync("#join-button");
            await page.WaitForURLAsync("**/play");
            await Ready(page);
            await page.WaitForSelectorAsync("select.level");
        }

        // a private word between Russia and the mediator; both accept what the mediator tables
        await russia.SelectOptionAsync("#to", "us");
        await russia.FillAsync("#text", "secret-russia-note");
        await russia.ClickAsync("#chat-button");
        await ukraine.SelectOptionAsync("#to", "us");
        await ukraine.FillAsync("#text", "we need guarantees");
        await ukraine.ClickAsync("#chat-button");
        foreach (IPage page in new[] { ukraine, russia })
        {
            await page.CheckAsync("#answer-accept");
            await page.ClickAsync("#move-button");
            await page.WaitForFunctionAsync("() => document.getElementById('message').textContent === 'Your move is set.'");
        }

        // the facilitator moves the clock until the talks end
        for (int t = 0; t < 10; t++)
        {
            string clock = await desk.InnerTextAsync("#clock");
            if (clock.Contains("ended", StringComparison.Ordinal))
            {
                break;
            }

            await desk.ClickAsync("#advance");
            await desk.WaitForFunctionAsync($"() => !document.getElementById('clock').textContent.startsWith('Step {t} ') || document.getElementById('clock').textContent.includes('ended')");
        }

        string ended = await desk.InnerTextAsync("#clock");
        Assert.True(ended.Contains("ended: agreement", StringComparison.Ordinal), ended + " / " + await desk.InnerTextAsync("#message") + " / " + await desk.InnerTextAsync("#seats"));
        await ukraine.WaitForFunctionAsync("() => document.getElementById('outcome').textContent.includes('agreement')");
        Assert.Contains("agreed", await ukraine.InnerTextAsync("#outcome"), StringComparison.Ordinal);
        Assert.Contains("ended: agreement", await desk.InnerTextAsync("#clock"), StringComparison.Ordinal);

        Directory.CreateDirectory(BrowserTests.ScreenshotFolder);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.ScreenshotFolder, "exercise-facilitator.png"), FullPage = false });
        await ukraine.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.ScreenshotFolder, "exercise-player.png"), FullPage = false });
        string id = Regex.Match(desk.Url, @"exercises/(\d+)/").Groups[1].Value;
        await desk.GotoAsync(url + $"exercises/{id}/debrief");
        await desk.WaitForSelectorAsync("#beside");
        Assert.Contains("Each party", await desk.ContentAsync(), StringComparison.Ordinal);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserTests.ScreenshotFolder, "exercise-debrief.png"), FullPage = false });

        // what each player's browser received: its own utilities only, no other seat's chats
        string[] ukraineEvents = [.. await ukraine.EvaluateAsync<string[]>("() => window.__events")];
        Assert.NotEmpty(ukraineEvents);
        Assert.All(ukraineEvents, e => Assert.Matches(VersionOnly(), e));
        Assert.NotEmpty(ukraineReceived);
        foreach (string body in ukraineReceived)
        {
            Assert.DoesNotMatch(OtherSeatsNumber("russia|us"), body);
            Assert.DoesNotContain("secret-russia-note", body, StringComparison.Ordinal);
        }

        foreach (string body in russiaReceived)
        {
            Assert.DoesNotMatch(OtherSeatsNumber("ukraine|us"), body);
            Assert.DoesNotContain("we need guarantees", body, StringComparison.Ordinal);
        }

        Assert.Contains(russiaReceived, b => b.Contains("secret-russia-note", StringComparison.Ordinal));
    }

    /// <summary>Waits until the page's script has put its handlers in place (a click before that would submit the bare form).</summary>
    private static Task Ready(IPage page) => page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    /// <summary>A server-sent event carries a version number and nothing else.</summary>
    [GeneratedRegex(@"^\{""version"":\d+\}$")]
    private static partial Regex VersionOnly();

    /// <summary>A number keyed by another seat in a JSON document (a utility or an alternative of that seat).</summary>
    private static Regex OtherSeatsNumber(string seats) => new($@"""({seats})""\s*:\s*-?\d", RegexOptions.None, TimeSpan.FromSeconds(1));
}
