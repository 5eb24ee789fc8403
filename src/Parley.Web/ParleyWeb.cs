using Microsoft.AspNetCore.Antiforgery;
using Parley.Core.Analyses;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Parley.Core.Scenarios;
using Parley.Reporting;
using Parley.Storage;

namespace Parley.Web;

/// <summary>
/// The web dashboard: scenario, run and what-if pages, and the JSON API under <c>/api</c> that they use.
/// Bound to loopback unless told otherwise; request size, run time and concurrency are limited.
/// </summary>
public static class ParleyWeb
{
    /// <summary>Default address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>Builds the application from command-line arguments (<c>--urls</c>, <c>--Parley:Scenarios=…</c>, <c>--Parley:Db=…</c>).</summary>
    /// <param name="args">Arguments.</param>
    /// <param name="configure">Extra configuration (tests).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        configure?.Invoke(builder);

        // options are read once the configuration is complete (hosts and tests may add to it until Build)
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Parley").Get<WebOptions>() ?? new WebOptions());
        builder.Services.AddSingleton<ClusterLink>();
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<WebOptions>((k, o) => k.Limits.MaxRequestBodySize = o.MaxRequestBytes);
        builder.Services.AddSingleton<ScenarioCatalog>();
        builder.Services.AddSingleton<StoreWriter>();
        builder.Services.AddSingleton<RunScheduler>();
        builder.Services.AddSingleton<ExerciseHost>();
        // the keys behind the antiforgery tokens live with the run store, so that pages open before a restart still post after
        // it: in a folder beside a SQLite file (STORE.keys), in the store itself on PostgreSQL, where every dashboard that
        // shares the store reads the same keys and accepts the others' tokens
        Microsoft.AspNetCore.DataProtection.DataProtectionBuilderExtensions.SetApplicationName(builder.Services.AddDataProtection(), "parley");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<StoreWriter, ILoggerFactory>((o, store, logs) => o.XmlRepository = store.Location.IsPostgreSql
                ? new StoreKeyRepository(store.Location)
                : new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(new DirectoryInfo(store.Location.FilePath + ".keys"), logs));
        builder.Services.AddProblemDetails();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "parley-antiforgery";
            o.FormFieldName = "parley-token";
            o.SuppressXFrameOptionsHeader = true; // the dashboard sets its own (DENY) with the other security headers
        });
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // the keys are kept unencrypted beside the run store (docs/exercises.md says to protect that folder as the store itself)
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        WebApplication app = builder.Build();
        WebOptions options = app.Services.GetRequiredService<WebOptions>();
        // a body the binder cannot read is the client's problem (400, or 413 when too large, chunked bodies included),
        // in every environment: never a 500
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            // every answer: no framing, no sniffing, no referrer, and no script but the dashboard's own files
            IHeaderDictionary headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            if (RequestGuard.Refusal(context.Request, options) is (int status, string title, string detail))
            {
                await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.Use(async (context, next) =>
        {
            // one request may not exhaust the server: bodies are capped for every host (Kestrel and test hosts)
            if (context.Request.ContentLength > options.MaxRequestBytes)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                    detail: $"requests may carry at most {options.MaxRequestBytes} bytes").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = options.MaxRequestBytes;
            }

            // a body without a length (chunked) is read up to the cap here, so that one too long gets 413 like any other
            if (context.Request.ContentLength is null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                var buffer = new MemoryStream();
                byte[] chunk = new byte[16384];
                int n;
                try
                {
                    while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        buffer.Write(chunk, 0, n);
                        if (buffer.Length > options.MaxRequestBytes)
                        {
                            break;
                        }
                    }
                }
                catch (BadHttpRequestException)
                {
                    buffer.SetLength(options.MaxRequestBytes + 1);
                }

                if (buffer.Length > options.MaxRequestBytes)
                {
                    await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                        detail: $"requests may carry at most {options.MaxRequestBytes} bytes").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                buffer.Position = 0;
                context.Request.Body = buffer;
                context.Request.ContentLength = buffer.Length;
            }

            await next(context).ConfigureAwait(false);
        });
        // who may call each endpoint (its Access): exercise endpoints always; in a classroom, everything else too
        // with exercises on, the rest of the dashboard is the facilitator's unless the settings say otherwise: where it
        // listens cannot always be told from here (Kestrel endpoints in the configuration, a proxy on the same host)
        bool classroom = options.Exercises && (options.Classroom ?? true);
        app.Use(async (context, next) =>
        {
            if (ExerciseEndpoints.Refusal(context, context.RequestServices.GetRequiredService<ExerciseHost>(), classroom) is (int status, string title, string detail))
            {
                await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        MapPages(app);
        MapApi(app, options);
        ExerciseEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// The pages' Content-Security-Policy: scripts only from the dashboard itself (no inline script); styles from the
    /// dashboard and inline (the reports' charts carry style attributes); images from the dashboard or inline data.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);

    private static void MapPages(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/scenarios")).With(Access.Public);
        app.MapGet(Pages.WhatIfScriptPath, () => Results.Content(Pages.WhatIfScript, "text/javascript; charset=utf-8", Encoding.UTF8)).With(Access.Public);

        // the analyst's pages: open on loopback; in a classroom, the facilitator's
        RouteGroupBuilder pages = app.MapGroup(string.Empty).With(Access.Analyst);
        pages.MapGet("/scenarios", (ScenarioCatalog c) => Html(Pages.Scenarios(c)));
        pages.MapGet("/scenarios/{name}", (string name, ScenarioCatalog c) =>
            c.FileOf(name) is string file ? Html(Pages.Scenario(name, file, ScenarioLoader.LoadPath(file))) : Results.NotFound());

        // the assumptions register: every input with its evidence (its sensitivity ranking runs under the run-time limit)
        pages.MapGet("/scenarios/{name}/sources", (string name, ScenarioCatalog c, WebOptions options, HttpContext context) =>
        {
            if (c.FileOf(name) is not string file || ScenarioSet.Load([file]).Set is not { } set)
            {
                return Results.NotFound();
            }

            try
            {
                using IDisposable scope = Parley.Core.Domain.WorkGuard.Enter(new Parley.Core.Domain.WorkGuard(options.RunTimeLimit.TotalSeconds, "raise the dashboard's limit with --Parley:RunTimeLimit=HH:MM:SS", context.RequestAborted));
                return SourcesAnalysis.Run(new SourcesRequest(), set).Result is { } register
                    ? Html(HtmlReport.Render(new ReportInput { Command = "sources", Args = ["sources", Path.GetFileName(file)], Result = register }))
                    : Results.NotFound();
            }
            catch (Parley.Core.Domain.WorkRefusedException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Over the run-time limit", detail: e.Message);
            }
        });
        // one party's brief, computed on its view of the scenario (under the run-time limit)
        pages.MapGet("/scenarios/{name}/brief", (string name, string? @for, string? variant, ScenarioCatalog c, WebOptions options, HttpContext context) =>
            Brief(name, @for, variant, c, options, context, (file, brief) => Html(HtmlReport.Render(new ReportInput
            {
                Command = "brief",
                Args = ["brief", Path.GetFileName(file), "--for", brief.Actor, .. variant is null ? Array.Empty<string>() : ["--variant", variant]],
                Result = brief,
            }))));

        pages.MapGet("/scenarios/{name}/brief.pdf", (string name, string? @for, string? variant, ScenarioCatalog c, WebOptions options, HttpContext context) =>
            Brief(name, @for, variant, c, options, context, (_, brief) =>
            {
                using var pdf = new MemoryStream();
                BriefPdf.Write(brief, pdf);
                return Results.File(pdf.ToArray(), "application/pdf", $"brief-{brief.Actor}.pdf");
            }));

        // the form carries an antiforgery token (a hidden field matched against a cookie); scripts use /api/validate
        pages.MapGet("/validate", (HttpContext context, IAntiforgery antiforgery) => Html(Pages.Validate(null, null, antiforgery.GetAndStoreTokens(context))));
        pages.MapPost("/validate", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            HttpRequest request = context.Request;
            if (!request.HasFormContentType)
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Form expected",
                    detail: "this page takes the form's 'yaml' field; send YAML as text to /api/validate");
            }

            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                // a person sees the page again with a fresh token and what to do; scripts are told where to post
                return Results.Content(
                    Pages.Validate(null, null, antiforgery.GetAndStoreTokens(context), "This form had no valid token (it came from elsewhere, or the page was too old): reload the page and check again. Scripts: send YAML as text to /api/validate."),
                    "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);
            }

            IFormCollection form = await request.ReadFormAsync().ConfigureAwait(false);
            string text = form["yaml"].ToString();
            return Html(Pages.Validate(text, ScenarioLoader.LoadYaml(text, "scenario.yaml").Diagnostics, antiforgery.GetAndStoreTokens(context)));
        }).DisableAntiforgery();
        pages.MapGet("/runs", (StoreWriter s) =>
        {
            using RunStore? store = s.OpenExisting();
            return Html(Pages.Runs(store?.List(200) ?? [], s.Path));
        });
        pages.MapGet("/runs/{id:long}", (long id, StoreWriter s) =>
        {
            using RunStore? store = s.OpenExisting();
            return store?.Get(id, withInputs: false) is StoredRun run && ReportOf(run) is { } report ? Html(HtmlReport.Render(report)) : Results.NotFound();
        });
        pages.MapGet("/runs/compare", (long? a, long? b, StoreWriter s) =>
        {
            if (a is null || b is null)
            {
                return Results.Problem(statusCode: 400, title: "Two runs needed", detail: "choose two runs to compare (a and b)");
            }

            using RunStore? store = s.OpenExisting();
            StoredRun? ra = store?.Get(a.Value, false), rb = store?.Get(b.Value, false);
            return store is null || ra is null || rb is null
                ? Results.NotFound()
                : Html(Pages.Compare(ra, rb, RunComparison.Changes(store.Values(ra.Id), store.Values(rb.Id))));
        });
        pages.MapGet("/whatif", (string? scenario, ScenarioCatalog c) => Html(Pages.WhatIfPage(c, scenario)));
    }

    private static void MapApi(WebApplication app, WebOptions options)
    {
        RouteGroupBuilder api = app.MapGroup("/api").With(Access.Analyst);
        api.MapGet("/scenarios", (ScenarioCatalog c) => Results.Ok(c.List().Select(x =>
        {
            LoadResult r = ScenarioLoader.LoadPath(x.File);
            return new { name = x.Name, title = r.Scenario?.Name, valid = r.Succeeded, variants = r.Scenario?.Variants.Select(v => v.Id).ToArray() ?? [] };
        })));
        api.MapGet("/scenarios/{name}", (string name, string? variant, ScenarioCatalog c) =>
        {
            LoadResult? r = c.Load(name, variant);
            if (r is null)
            {
                return NotFound($"there is no scenario '{name}'");
            }

            return r.Scenario is null ? DiagnosticsProblem(r.Diagnostics) : Results.Text(ScenarioShow.Json(r.Scenario, Path.GetFileName(c.FileOf(name)!), null), "application/json");
        });
        api.MapGet("/scenarios/{name}/brief", (string name, string? @for, string? variant, ScenarioCatalog c, WebOptions o, HttpContext context) =>
            Brief(name, @for, variant, c, o, context, (_, brief) => Results.Text(Parley.Core.Serialization.ParleyJson.SerializeResult(brief), "application/json")));
        api.MapPost("/validate", async (HttpRequest request) =>
        {
            // the bytes as sent, so that the checks are the command line's (PRL004 for invalid UTF-8, PRL003 for binary)
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            LoadResult r = ScenarioLoader.LoadBytes(buffer.ToArray(), "scenario.yaml");
            return Results.Ok(new { valid = r.Succeeded, diagnostics = r.Diagnostics.Select(Diagnostic) });
        });
        api.MapPost("/forecast", async (WhatIfRequest request, ScenarioCatalog c, RunScheduler queue, CancellationToken aborted) =>
        {
            (IResult? problem, CheckedScenario? scenario) = Check(request, c, options);
            if (problem is not null)
            {
                return problem;
            }

            try
            {
                (long id, WhatIfOutcome result) = await queue.RunAsync(request, scenario!, null, aborted).ConfigureAwait(false);
                return Json(new WhatIfResponse(id, result));
            }
            catch (TimeoutException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Run time limit", detail: e.Message);
            }
            catch (ClusterUnavailableException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sweep cluster", detail: e.Message);
            }
        });
        api.MapPost("/jobs", (WhatIfRequest request, ScenarioCatalog c, RunScheduler queue, HttpResponse response) =>
        {
            (IResult? problem, CheckedScenario? scenario) = Check(request, c, options);
            if (problem is not null)
            {
                return problem;
            }

            Job? job = queue.Start(request, scenario!);
            if (job is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many jobs", detail: $"at most {options.MaxJobs} jobs at a time; wait for some to finish");
            }

            response.Headers.Location = $"/api/jobs/{job.Id}";
            return Results.Text(WebJson.Serialize(JobJson(job)), "application/json", statusCode: StatusCodes.Status202Accepted);
        });
        api.MapGet("/jobs/{id}", (string id, RunScheduler queue) => queue.Find(id) is Job j ? Json(JobJson(j)) : NotFound($"there is no job '{id}'"));
        api.MapDelete("/jobs/{id}", (string id, RunScheduler queue) => queue.Cancel(id) ? Results.NoContent() : NotFound($"there is no job '{id}'"));
        api.MapGet("/runs", (StoreWriter s, int? limit) =>
        {
            using RunStore? store = s.OpenExisting();
            return Results.Ok((store?.List(Math.Clamp(limit ?? 50, 1, 1000)) ?? []).Select(r => new { id = r.Id, created = r.CreatedUtc, command = r.Command, scenario = r.ScenarioName, variant = r.Variant, seed = r.Seed, draws = r.Draws }));
        });
        api.MapGet("/runs/{id:long}", (long id, StoreWriter s) =>
        {
            using RunStore? store = s.OpenExisting();
            return store?.Get(id, false) is StoredRun r
                ? Results.Text(WebJson.StoredRun(r.Id, r.Command, r.Args, r.Result), "application/json")
                : NotFound($"there is no run {id}");
        });
        api.MapGet("/runs/{id:long}/report", (long id, StoreWriter s) =>
        {
            using RunStore? store = s.OpenExisting();
            return store?.Get(id, false) is StoredRun r && ReportOf(r) is { } report ? Html(HtmlReport.Render(report)) : NotFound($"there is no run {id}, or its result cannot be read");
        });
        api.MapGet("/runs/compare", (long a, long b, StoreWriter s) =>
        {
            using RunStore? store = s.OpenExisting();
            return store is null || store.Get(a, false) is null || store.Get(b, false) is null
                ? NotFound("one of the runs does not exist")
                : Results.Ok(RunComparison.Changes(store.Values(a), store.Values(b)).Select(c => new { path = c.Path, a = c.Before, b = c.After, delta = c.Delta }));
        });
    }

    private static (IResult? Problem, CheckedScenario? Scenario) Check(WhatIfRequest? request, ScenarioCatalog catalog, WebOptions options)
    {
        if (request is null)
        {
            return (Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a JSON body {scenario, variant, changes, draws, seed} is required"] }), null);
        }

        // one version of the file for the whole request: the scenario analysed is the one whose bytes are stored
        ScenarioSetLoad? load = catalog.LoadSet(request.Scenario);
        if (load is null)
        {
            return (Results.ValidationProblem(new Dictionary<string, string[]> { ["scenario"] = [$"there is no scenario '{request.Scenario}'; see /api/scenarios"] }), null);
        }

        if (load.Set is not { } set)
        {
            return (DiagnosticsProblem(load.Result.Diagnostics), null);
        }

        if (set.Resolve(string.IsNullOrEmpty(request.Variant) ? null : request.Variant, out _) is not { } varied)
        {
            string known = string.Join(", ", set.Base.Variants.Select(v => v.Id));
            return (Results.ValidationProblem(new Dictionary<string, string[]> { ["variant"] = [$"'{request.Variant}' is not a variant of the scenario (variants: {known})"] }), null);
        }

        Dictionary<string, string[]> errors = WhatIfAnalysis.Check(request, varied, options.MaxDraws);
        return errors.Count > 0 ? (Results.ValidationProblem(errors), null) : (null, new CheckedScenario(set.Base, varied, set));
    }

    /// <summary>A party's brief for a page or the API: the scenario by name, the party by <c>for</c>, under the run-time limit.</summary>
    private static IResult Brief(string name, string? actor, string? variant, ScenarioCatalog catalog, WebOptions options, HttpContext context, Func<string, BriefOutcome, IResult> answer)
    {
        if (catalog.FileOf(name) is not string file || catalog.LoadSet(name) is not { } load)
        {
            return NotFound($"there is no scenario '{name}'");
        }

        if (load.Set is not { } set)
        {
            return DiagnosticsProblem(load.Result.Diagnostics);
        }

        if (string.IsNullOrEmpty(actor))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["for"] = [$"say whose brief: ?for=ACTOR (one of {string.Join(", ", set.Base.Actors.Select(a => a.Id))})"] });
        }

        try
        {
            using IDisposable scope = Parley.Core.Domain.WorkGuard.Enter(new Parley.Core.Domain.WorkGuard(options.RunTimeLimit.TotalSeconds, "raise the dashboard's limit with --Parley:RunTimeLimit=HH:MM:SS", context.RequestAborted));
            AnalysisOutcome<BriefOutcome> outcome = BriefAnalysis.Run(new BriefRequest { Actor = actor, Variant = string.IsNullOrEmpty(variant) ? null : variant, Draws = Math.Min(BriefAnalysis.DefaultDraws, options.MaxDraws) }, set);
            return outcome.Result is { } brief
                ? answer(file, brief)
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["for"] = [.. outcome.Problems.Select(p => p.Message)] });
        }
        catch (Parley.Core.Domain.WorkRefusedException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Over the run-time limit", detail: e.Message);
        }
    }

    private static IResult DiagnosticsProblem(IReadOnlyList<Diagnostic> diagnostics) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The scenario has errors",
            detail: string.Join("; ", diagnostics.Where(d => d.Severity == Severity.Error).Take(5).Select(d => d.ToString())),
            extensions: new Dictionary<string, object?> { ["diagnostics"] = diagnostics.Select(Diagnostic).ToArray() });

    private static object Diagnostic(Diagnostic d) => new { severity = d.Severity.ToString().ToLowerInvariant(), code = d.Code, file = d.File, line = d.Line, column = d.Column, message = d.Message, hint = d.Hint };

    private static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    private static JobState JobJson(Job j) => new(j.Id, j.Status.ToString().ToLowerInvariant(), Math.Round(j.Progress, 3), j.RunId, j.Error, j.Result);

    private static IResult Json<T>(T value) => Results.Text(WebJson.Serialize(value), "application/json");

    /// <summary>The report input of a stored run.</summary>
    /// <param name="run">The run.</param>
    public static ReportInput? ReportOf(StoredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return StoredResult.Read(run) is { } result
            ? new ReportInput
            {
                RunId = run.Id,
                Command = run.Command,
                Args = run.Args,
                ToolVersion = run.ToolVersion,
                CreatedUtc = ReportInput.When(DateTime.Parse(run.CreatedUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)),
                Result = result,
            }
            : null;
    }
}
