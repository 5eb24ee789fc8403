using System.Text;
using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Parley.Reporting;

namespace Parley.Web;

/// <summary>Who may call an endpoint (every endpoint carries one: a test fails for an endpoint without).</summary>
public enum Access
{
    /// <summary>Anyone: pages and files that show nothing of a scenario's private numbers (the join and sign-in pages, the scripts).</summary>
    Public,

    /// <summary>The analyst's dashboard (scenarios, runs, what-if): anyone on loopback; only the facilitator in a classroom (exercises on, listening beyond loopback).</summary>
    Analyst,

    /// <summary>Trading a join code for a seat: anyone, with a limit on failed attempts.</summary>
    Join,

    /// <summary>A player of the exercise in the route, for its own seat only.</summary>
    Player,

    /// <summary>A player of the exercise in the route, or the facilitator.</summary>
    Participant,

    /// <summary>The facilitator only.</summary>
    Facilitator,
}

/// <summary>An endpoint's <see cref="Access"/>.</summary>
/// <param name="Access">Who may call it.</param>
public sealed record AccessMetadata(Access Access);

/// <summary>The exercise mode's endpoints and the one rule that decides who may call any endpoint.</summary>
internal static class ExerciseEndpoints
{
    public static TBuilder With<TBuilder>(this TBuilder builder, Access access)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessMetadata(access));

    /// <summary>Status, title and detail when the caller may not call the endpoint; null when it may.</summary>
    public static (int Status, string Title, string Detail)? Refusal(HttpContext context, ExerciseHost host, bool classroom)
    {
        Access access = context.GetEndpoint()?.Metadata.GetMetadata<AccessMetadata>()?.Access ?? Access.Analyst;
        if (access == Access.Public || (access == Access.Analyst && !classroom))
        {
            return null;
        }

        if (!host.Enabled && access != Access.Analyst)
        {
            return (StatusCodes.Status404NotFound, "Exercises are off", "start the dashboard with --Parley:Exercises=true (parley serve --exercises) to run exercises");
        }

        if (access == Access.Join)
        {
            return null;
        }

        Caller caller = host.Identify(context.Request);
        context.Items[nameof(Caller)] = caller;
        long id = context.Request.RouteValues.TryGetValue("id", out object? raw) && long.TryParse(raw?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n : -1;
        bool allowed = access switch
        {
            Access.Analyst or Access.Facilitator => caller.Facilitator,
            Access.Player => caller.Plays(id),
            Access.Participant => caller.Plays(id) || caller.Facilitator,
            _ => false,
        };
        if (allowed)
        {
            return null;
        }

        bool anonymous = caller.Seat is null && !caller.Facilitator;
        string who = access switch
        {
            Access.Analyst => "this dashboard runs exercises on a network: outside an exercise, every page needs the facilitator (sign in at /facilitator)",
            Access.Facilitator => "only the facilitator may do this (sign in at /facilitator with the key 'parley serve' printed)",
            _ => "only a player of this exercise may see this (join at /join with your seat's code)",
        };
        return anonymous ? (StatusCodes.Status401Unauthorized, "Sign in first", who) : (StatusCodes.Status403Forbidden, "Not yours", who);
    }

    private static Caller CallerOf(HttpContext context) => context.Items.TryGetValue(nameof(Caller), out object? c) && c is Caller caller ? caller : Caller.Anonymous;

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);

    private static IResult Json<T>(T value) => Results.Text(ParleyJson.Serialize(value), "application/json");

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, title: status == 404 ? "Not found" : "Refused", detail: detail);

    /// <summary>The request body as JSON of one type, or null.</summary>
    private static async Task<T?> Body<T>(HttpRequest request)
        where T : class
    {
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            string text = await reader.ReadToEndAsync().ConfigureAwait(false);
            return text.Length == 0 ? null : System.Text.Json.JsonSerializer.Deserialize<T>(text, BodyOptions);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions BodyOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>A move: the player's offer (issue → level) and answer.</summary>
    public sealed record MoveBody(Dictionary<string, double>? Offer, string? Answer);

    /// <summary>A chat: to whom, what.</summary>
    public sealed record ChatBody(string? To, string? Text);

    /// <summary>A code or a key.</summary>
    public sealed record SecretBody(string? Code, string? Key);

    /// <summary>A new exercise.</summary>
    public sealed record CreateBody(string? Scenario, string? Variant, string? Protocol, int? Deadline, ulong? Seed, List<ExerciseSeat>? Seats);

    /// <summary>A seat's new player.</summary>
    public sealed record AssignBody(bool Person, string? Strategy);

    /// <summary>The clock's timer.</summary>
    public sealed record TimerBody(int Seconds);

    public static void Map(WebApplication app)
    {
        ExerciseHost host = app.Services.GetRequiredService<ExerciseHost>();

        app.MapGet(ExercisePages.ScriptPath, () => Results.Content(ExercisePages.Script, "text/javascript; charset=utf-8", Encoding.UTF8)).With(Access.Public);
        app.MapGet("/join", () => Html(ExercisePages.Join())).With(Access.Public);
        app.MapGet("/facilitator", () => Html(ExercisePages.SignIn())).With(Access.Public);

        app.MapPost("/api/facilitator/login", async (HttpContext context) =>
        {
            SecretBody? body = await Body<SecretBody>(context.Request).ConfigureAwait(false);
            if (host.Login(body?.Key, context.Connection.RemoteIpAddress?.ToString() ?? "unknown") is not string token)
            {
                return Problem(StatusCodes.Status403Forbidden, "that is not the facilitator's key ('parley serve --exercises' printed it)");
            }

            context.Response.Cookies.Append(ExerciseHost.FacilitatorCookie, token, ExerciseHost.CookieOptions(context.Request));
            return Results.Ok(new { facilitator = true });
        }).With(Access.Public);

        app.MapPost("/api/join", async (HttpContext context) =>
        {
            SecretBody? body = await Body<SecretBody>(context.Request).ConfigureAwait(false);
            (string? token, long exercise, string? seat, int status, string? problem) = host.Join(body?.Code, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", host.Identify(context.Request));
            if (token is null)
            {
                return Problem(status, problem!);
            }

            context.Response.Cookies.Append(ExerciseHost.SeatCookie, token, ExerciseHost.CookieOptions(context.Request));
            return Results.Ok(new { exercise, seat, play = $"/exercises/{exercise}/play" });
        }).With(Access.Join);

        // the facilitator: exercises, their seats and clocks
        app.MapGet("/exercises", (ScenarioCatalog catalog) => Html(ExercisePages.List(host.All(), catalog))).With(Access.Facilitator);
        app.MapGet("/api/exercises/table", (string? scenario, string? variant, ScenarioCatalog catalog) =>
        {
            if (scenario is null || catalog.LoadSet(scenario)?.Set is not { } set || set.Resolve(string.IsNullOrEmpty(variant) ? null : variant, out _) is not { } s)
            {
                return Problem(StatusCodes.Status404NotFound, $"there is no scenario '{scenario}' with that variant");
            }

            return Results.Ok(new
            {
                seats = NegotiationAnalysis.DefaultTable(s).Select(id => new { actor = id, name = s.FindActor(id)!.Name, strategy = s.FindActor(id)!.Strategy ?? "linear" }),
                strategies = NegotiationAnalysis.StrategyNames,
                variants = set.Base.Variants.Select(v => v.Id),
            });
        }).With(Access.Facilitator);
        app.MapPost("/api/exercises", async (HttpContext context, ScenarioCatalog catalog) =>
        {
            CreateBody? body = await Body<CreateBody>(context.Request).ConfigureAwait(false);
            if (body?.Scenario is null || catalog.LoadSet(body.Scenario) is not { } load)
            {
                return Problem(StatusCodes.Status400BadRequest, "say which scenario: {\"scenario\": \"ukraine-2025\", \"seats\": [{\"actor\": \"ukraine\", \"person\": true}, …]}");
            }

            if (load.Set is not { } set)
            {
                return Problem(StatusCodes.Status422UnprocessableEntity, "the scenario has errors; see 'parley validate'");
            }

            var settings = new ExerciseSettings
            {
                Scenario = body.Scenario, Variant = string.IsNullOrEmpty(body.Variant) ? null : body.Variant, Protocol = string.IsNullOrEmpty(body.Protocol) ? null : body.Protocol,
                Deadline = body.Deadline ?? 12, Seed = body.Seed ?? 1, Seats = body.Seats ?? [],
            };
            (long id, IReadOnlyList<SeatCode> codes, IReadOnlyList<string> problems) = host.Create(settings, set, body.Scenario);
            return problems.Count > 0
                ? Problem(StatusCodes.Status400BadRequest, string.Join("; ", problems))
                : Results.Ok(new { id, codes = codes.ToDictionary(c => c.Actor, c => c.Code), facilitate = $"/exercises/{id}/facilitate" });
        }).With(Access.Facilitator);

        app.MapGet("/exercises/{id:long}/facilitate", (long id) => host.Find(id) is { } e ? Html(ExercisePages.Facilitate(e)) : Problem(404, $"there is no exercise {id}")).With(Access.Facilitator);
        app.MapGet("/api/exercises/{id:long}/state", (long id) => Live(id, e =>
        {
            lock (e.Gate)
            {
                return Json(e.Exercise.State() with { Paused = e.Paused });
            }
        })).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/advance", (long id) => Live(id, e => Done(host.Act(e, new ExerciseAction("advance")), e))).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/end", (long id) => Live(id, e => Done(host.Act(e, new ExerciseAction("end")), e))).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/pause", (long id) => Live(id, e => { host.Pause(e, true); return Results.NoContent(); })).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/resume", (long id) => Live(id, e => { host.Pause(e, false); return Results.NoContent(); })).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/timer", async (long id, HttpRequest request) =>
        {
            TimerBody? body = await Body<TimerBody>(request).ConfigureAwait(false);
            return body is null || body.Seconds is < 0 or > 3600
                ? Problem(StatusCodes.Status400BadRequest, "{\"seconds\": N}: 0 (off) to 3600")
                : Live(id, e => { host.SetTimer(e, body.Seconds); return Results.NoContent(); });
        }).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/seats/{actor}/code", (long id, string actor) => Live(id, e =>
        {
            lock (e.Gate)
            {
                return e.Exercise.PersonSeats.Contains(actor) ? Results.Ok(new { actor, code = host.IssueCode(id, actor) }) : Problem(StatusCodes.Status400BadRequest, $"'{actor}' is not a seat a person plays");
            }
        })).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/seats/{actor}/revoke", (long id, string actor) => Live(id, e => { host.Revoke(id, actor); return Results.NoContent(); })).With(Access.Facilitator);
        app.MapPost("/api/exercises/{id:long}/seats/{actor}/assign", async (long id, string actor, HttpRequest request) =>
        {
            AssignBody? body = await Body<AssignBody>(request).ConfigureAwait(false);
            return body is null
                ? Problem(StatusCodes.Status400BadRequest, "{\"person\": true} or {\"person\": false, \"strategy\": \"linear\"}")
                : Live(id, e =>
                {
                    // the seat's new player and its credentials change together
                    lock (e.Gate)
                    {
                        string? error = host.Act(e, new ExerciseAction("assign", Actor: actor, Person: body.Person, Strategy: body.Strategy));
                        if (error is null && !body.Person)
                        {
                            host.Revoke(id, actor);
                        }

                        return error is null && body.Person ? Results.Ok(new { actor, code = host.IssueCode(id, actor) }) : Done(error, e);
                    }
                });
        }).With(Access.Facilitator);
        app.MapGet("/exercises/{id:long}/debrief", (long id, bool? download, HttpResponse response) => Live(id, e =>
        {
            ExerciseDebrief debrief;
            lock (e.Gate)
            {
                debrief = e.Exercise.Debrief(e.Set);
            }

            if (download == true)
            {
                response.Headers.ContentDisposition = $"attachment; filename=\"exercise-{id}-debrief.html\"";
            }

            return Html(ExercisePages.Debrief(id, debrief));
        })).With(Access.Facilitator);
        app.MapGet("/exercises/{id:long}/replay", (long id, int? step) => Live(id, e =>
        {
            IReadOnlyList<ExerciseAction> log;
            lock (e.Gate)
            {
                log = [.. e.Exercise.Actions];
            }

            int k = Math.Clamp(step ?? log.Count, 0, log.Count);
            return Exercise.Replay(e.Exercise.Settings, e.Set, log, k).Result is { } then
                ? Html(ExercisePages.Replay(id, k, log, then.State()))
                : Problem(StatusCodes.Status500InternalServerError, "the exercise's log does not replay");
        })).With(Access.Facilitator);
        app.MapGet("/api/exercises/{id:long}/export", (long id, HttpResponse response) => Live(id, e =>
        {
            lock (e.Gate)
            {
                response.Headers.ContentDisposition = $"attachment; filename=\"exercise-{id}.json\"";
                return Results.Ok(new { id, scenario = e.CatalogName, settings = e.Exercise.Settings, actions = e.Exercise.Actions });
            }
        })).With(Access.Facilitator);

        // a player: its own seat only (the seat comes from its cookie, never from the request)
        app.MapGet("/exercises/{id:long}/play", (long id, HttpContext context) => Live(id, e => Html(ExercisePages.Play(e, CallerOf(context).Seat!)))).With(Access.Player);
        app.MapGet("/api/exercises/{id:long}/view", (long id, HttpContext context) => Live(id, e =>
        {
            lock (e.Gate)
            {
                return Json(e.Exercise.ViewFor(CallerOf(context).Seat!) with { Paused = e.Paused });
            }
        })).With(Access.Player);
        app.MapGet("/exercises/{id:long}/brief", (long id, HttpContext context, WebOptions options) => Live(id, e =>
        {
            string seat = CallerOf(context).Seat!;
            BriefOutcome? b;
            lock (e.Briefs)
            {
                // computed once per seat, under the dashboard's run-time limit
                if (!e.Briefs.TryGetValue(seat, out b))
                {
                    try
                    {
                        using IDisposable scope = Parley.Core.Domain.WorkGuard.Enter(new Parley.Core.Domain.WorkGuard(options.RunTimeLimit.TotalSeconds, "raise the dashboard's limit with --Parley:RunTimeLimit=HH:MM:SS", context.RequestAborted));
                        AnalysisOutcome<BriefOutcome> brief = BriefAnalysis.Run(new BriefRequest { Actor = seat, Variant = e.Exercise.Settings.Variant, Draws = 100 }, e.Set);
                        if (brief.Result is not { } made)
                        {
                            return Problem(StatusCodes.Status422UnprocessableEntity, string.Join("; ", brief.Problems.Select(p => p.Message)));
                        }

                        e.Briefs[seat] = b = made;
                    }
                    catch (Parley.Core.Domain.WorkRefusedException ex)
                    {
                        return Problem(StatusCodes.Status503ServiceUnavailable, ex.Message);
                    }
                }
            }

            return Html(HtmlReport.Render(new ReportInput { Command = "brief", Args = ["brief", "--for", b.Actor], Result = b }));
        })).With(Access.Player);
        app.MapPost("/api/exercises/{id:long}/move", async (long id, HttpContext context) =>
        {
            MoveBody? body = await Body<MoveBody>(context.Request).ConfigureAwait(false);
            return body is null
                ? Problem(StatusCodes.Status400BadRequest, "{\"offer\": {\"territory\": 50, …}, \"answer\": \"accept\" | \"reject\"}")
                : Live(id, e => Done(host.Act(e, new ExerciseAction("move", Actor: CallerOf(context).Seat, Offer: body.Offer, Answer: body.Answer)), e));
        }).With(Access.Player);
        app.MapPost("/api/exercises/{id:long}/chat", async (long id, HttpContext context) =>
        {
            ChatBody? body = await Body<ChatBody>(context.Request).ConfigureAwait(false);
            return body is null
                ? Problem(StatusCodes.Status400BadRequest, "{\"to\": \"us\", \"text\": \"…\"}")
                : Live(id, e => Done(host.Act(e, new ExerciseAction("chat", Actor: CallerOf(context).Seat, To: body.To, Text: body.Text)), e));
        }).With(Access.Player);

        // changes, as server-sent events: only a version number, so that nothing private travels on the stream
        app.MapGet("/api/exercises/{id:long}/events", async (long id, HttpContext context, WebOptions options) =>
        {
            if (host.Find(id) is not { } e)
            {
                await Problem(404, $"there is no exercise {id}").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            // a stream is read by the dashboard's own pages: a page elsewhere (another Origin) may not listen
            if (context.Request.Headers.Origin.FirstOrDefault() is string origin && !(Uri.TryCreate(origin, UriKind.Absolute, out Uri? o) && options.AllowedHosts.Any(h => string.Equals(h.Trim('[', ']'), o.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))))
            {
                await Problem(StatusCodes.Status403Forbidden, $"a stream from another site ('{origin}') is refused").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            (System.Threading.Channels.ChannelReader<int> reader, IDisposable subscription) = ExerciseHost.Listen(e);
            using (subscription)
            {
                try
                {
                    await foreach (int version in reader.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
                    {
                        await context.Response.WriteAsync($"data: {{\"version\":{version}}}\n\n", context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    // the page went away
                }
            }
        }).With(Access.Participant);

        IResult Live(long id, Func<LiveExercise, IResult> then) => host.Find(id) is { } e ? then(e) : Problem(404, $"there is no exercise {id}");

        // refused: 409 when the exercise is paused or over (the request was fine, the moment is not), else 400 (the request)
        static IResult Done(string? error, LiveExercise e) => error is null ? Results.NoContent()
            : Problem(e.Paused || e.Exercise.EndedBy is not null ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, error);
    }
}
