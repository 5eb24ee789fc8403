using System.Collections.Concurrent;
using System.Diagnostics;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Parley.Storage;

namespace Parley.Web;

/// <summary>Settings of the dashboard (configuration section <c>Parley</c>).</summary>
public sealed record WebOptions
{
    /// <summary>Folder of scenario files shown on the scenarios page.</summary>
    public string Scenarios { get; init; } = "scenarios";

    /// <summary>The run store: a SQLite file or a <c>postgres://</c> URL (default as for the CLI: $PARLEY_DB, else ./parley.db).</summary>
    public string? Db { get; init; }

    /// <summary>
    /// This dashboard's name among those that share one PostgreSQL store (default: the machine's name). An exercise is
    /// served only by the instance that created it, so two dashboards on one machine and one store need two names; keep a
    /// name across restarts so that the instance finds its exercises again.
    /// </summary>
    public string? Instance { get; init; }

    /// <summary>
    /// The sweep cluster's membership database (<c>postgres://user@host:port/dbname</c>, as for <c>parley worker --cluster</c>):
    /// when set, the Monte Carlo draws of what-if runs are sent to the cluster's workers as work items (the same results).
    /// </summary>
    public string? Cluster { get; init; }

    /// <summary>Work items per Monte Carlo call of a run sent to the cluster.</summary>
    public int ClusterItems { get; init; } = 16;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; init; } = 1 << 20;

    /// <summary>Runs computed at the same time; later ones wait.</summary>
    public int MaxConcurrentRuns { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Longest a run may take before it is stopped.</summary>
    public TimeSpan RunTimeLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest number of Monte Carlo draws a request may ask for.</summary>
    public long MaxDraws { get; init; } = 20_000;

    /// <summary>Background jobs kept at once (queued, running or finished but not yet collected).</summary>
    public int MaxJobs { get; init; } = 64;

    /// <summary>
    /// Host names the dashboard answers to (the Host header, without its port): loopback names by default, so a page
    /// elsewhere cannot reach it through a name that resolves to this machine (DNS rebinding). Add names to serve others.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>True to run exercises (people playing parties in the browser; <c>parley serve --exercises</c>).</summary>
    public bool Exercises { get; init; }

    /// <summary>
    /// With exercises on, whether every page outside an exercise needs the facilitator (a classroom). Null: yes. Set it
    /// false only on a machine no player can reach but through loopback.
    /// </summary>
    public bool? Classroom { get; init; }

    /// <summary>The facilitator's key (default: a new random one at each start, printed by <c>parley serve</c>).</summary>
    public string? FacilitatorKey { get; init; }

    /// <summary>Exercises kept at once.</summary>
    public int MaxExercises { get; init; } = 50;

    /// <summary>Wrong join codes one address may try within <see cref="JoinWindow"/>.</summary>
    public int JoinAttempts { get; init; } = 10;

    /// <summary>The window over which wrong join codes are counted.</summary>
    public TimeSpan JoinWindow { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>The scenario files of the scenarios folder, by name (file name without extension).</summary>
public sealed class ScenarioCatalog(WebOptions options)
{
    /// <summary>The folder.</summary>
    public string Folder { get; } = Path.GetFullPath(options.Scenarios);

    /// <summary>Scenario names and files, sorted by name.</summary>
    public IReadOnlyList<(string Name, string File)> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*.yaml").Concat(Directory.EnumerateFiles(Folder, "*.yml"))
            .Select(f => (Path.GetFileNameWithoutExtension(f), f)).OrderBy(x => x.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The file of a scenario name, or null (names outside the folder's list are never opened).</summary>
    /// <param name="name">Scenario name.</param>
    public string? FileOf(string name) => List().FirstOrDefault(x => x.Name == name).File;

    /// <summary>Loads a scenario by name with an optional variant (parsed once per file version and variant, then shared: scenarios are immutable).</summary>
    /// <param name="name">Scenario name.</param>
    /// <param name="variant">Variant id.</param>
    public LoadResult? Load(string name, string? variant = null)
    {
        if (LoadSet(name) is not { } load)
        {
            return null;
        }

        return load.Set is not { } set ? load.Result : variant is null ? set.Loaded : set.TryGet(variant);
    }

    /// <summary>A scenario by name, its file read once per file version (its variants bound on first use, then shared).</summary>
    /// <param name="name">Scenario name.</param>
    public ScenarioSetLoad? LoadSet(string name)
    {
        if (FileOf(name) is not string file)
        {
            return null;
        }

        var info = new FileInfo(file);
        if (cache.TryGetValue(file, out (DateTime Stamp, long Length, ScenarioSetLoad Load) hit) && hit.Stamp == info.LastWriteTimeUtc && hit.Length == info.Length)
        {
            return hit.Load;
        }

        ScenarioSetLoad load = ScenarioSet.Load([file]);
        cache[file] = (info.LastWriteTimeUtc, info.Length, load);
        return load;
    }

    private readonly ConcurrentDictionary<string, (DateTime Stamp, long Length, ScenarioSetLoad Load)> cache = new(StringComparer.Ordinal);
}

/// <summary>A what-if request's scenario, checked: as written, with the request's variant, and the file version it came from.</summary>
/// <param name="Base">The scenario as written.</param>
/// <param name="Variant">With the request's variant (the base when there is none).</param>
/// <param name="Set">The loaded file (its bytes are stored with the run).</param>
public sealed record CheckedScenario(Scenario Base, Scenario Variant, ScenarioSet Set);

/// <summary>Writes dashboard runs to the run store (one writer at a time inside this process; WAL or the server across processes).</summary>
public sealed class StoreWriter(WebOptions options)
{
    private readonly Lock gate = new();

    /// <summary>The store's location.</summary>
    public StoreLocation Location { get; } = StoreLocation.Resolve(options.Db);

    /// <summary>The store as shown: its file, or its PostgreSQL URL (never with a password).</summary>
    public string Path => Location.Display;

    /// <summary>Stores a what-if run; returns its id.</summary>
    /// <param name="request">The request.</param>
    /// <param name="scenarioFile">The scenario's file.</param>
    /// <param name="result">The result document.</param>
    /// <param name="elapsedMs">Wall time.</param>
    public long Save(WhatIfRequest request, ScenarioInput scenarioFile, WhatIfOutcome result, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new NewRun
        {
            Command = "whatif",
            Args = ["whatif", ParleyJson.SerializeCompact(request)],
            Request = ParleyJson.SerializeRequest(request),
            ScenarioName = result.Scenario,
            Variant = request.Variant,
            Seed = request.Seed,
            Draws = request.Draws,
            ToolVersion = Engine.Version,
            ElapsedMs = elapsedMs,
            Inputs = [new RunInput(System.IO.Path.GetFileName(scenarioFile.Path), scenarioFile.Content)],
            Result = ParleyJson.Serialize(result),
            Typed = result,
        };
        lock (gate)
        {
            using RunStore store = RunStore.Open(Location);
            return store.Save(run);
        }
    }

    /// <summary>Opens the store for reading, or null when there is none yet.</summary>
    public RunStore? OpenExisting() => Location.IsPostgreSql || File.Exists(Location.FilePath) ? RunStore.Open(Location) : null;
}

/// <summary>State of a background what-if job.</summary>
public enum JobStatus
{
    /// <summary>Waiting for a free slot.</summary>
    Queued,

    /// <summary>Computing.</summary>
    Running,

    /// <summary>Finished; the result is there.</summary>
    Done,

    /// <summary>Failed; the error says why.</summary>
    Failed,

    /// <summary>Cancelled by the user or stopped at the time limit.</summary>
    Cancelled,
}

/// <summary>A background what-if job.</summary>
public sealed class Job
{
    internal Job(WhatIfRequest request, CancellationTokenSource cancellation)
    {
        Request = request;
        Cancellation = cancellation;
    }

    /// <summary>Job id.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The request.</summary>
    public WhatIfRequest Request { get; }

    /// <summary>Its state.</summary>
    public JobStatus Status { get; internal set; } = JobStatus.Queued;

    /// <summary>Share done, [0, 1].</summary>
    public double Progress { get; internal set; }

    /// <summary>The result when done.</summary>
    public WhatIfOutcome? Result { get; internal set; }

    /// <summary>The stored run's id when done.</summary>
    public long? RunId { get; internal set; }

    /// <summary>Why it failed or stopped.</summary>
    public string? Error { get; internal set; }

    /// <summary>When it was created.</summary>
    public DateTime Created { get; } = DateTime.UtcNow;

    internal CancellationTokenSource Cancellation { get; }
}

/// <summary>Runs what-if computations with a limit on concurrency and run time; background jobs can be polled and cancelled.</summary>
public sealed class RunScheduler(WebOptions options, StoreWriter store, ClusterLink cluster) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.MaxConcurrentRuns);
    private const int MaxFinishedJobs = 1000;
    private readonly ConcurrentDictionary<string, Job> jobs = new(StringComparer.Ordinal);

    /// <summary>Runs a request now (waiting for a slot); the stored run id and result.</summary>
    /// <param name="request">The checked request.</param>
    /// <param name="scenario">The scenario as written and with the request's variant applied.</param>
    /// <param name="progress">Progress callback.</param>
    /// <param name="cancellation">Cancels the wait and the run.</param>
    /// <exception cref="TimeoutException">The run hit the time limit.</exception>
    public async Task<(long RunId, WhatIfOutcome Result)> RunAsync(WhatIfRequest request, CheckedScenario scenario, Action<double>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(options.RunTimeLimit);
        try
        {
            await slots.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"no free slot within the time limit of {options.RunTimeLimit.TotalSeconds:0} s");
        }

        try
        {
            var clock = Stopwatch.StartNew();
            // the limit is the computation's own: its long loops stop at the next check, and work that cannot fit is
            // refused before it starts
            double seconds = Math.Max(0.001, (options.RunTimeLimit - clock.Elapsed).TotalSeconds);
            ISweepExecutor? executor = await cluster.ExecutorAsync(limit.Token).ConfigureAwait(false);
            WhatIfOutcome result = await Task.Run(
                () =>
                {
                    using IDisposable scope = WorkGuard.Enter(new WorkGuard(seconds, "raise the dashboard's limit with --Parley:RunTimeLimit=HH:MM:SS", limit.Token));
                    // with a cluster configured, the run's Monte Carlo calls go to its workers (the same result)
                    using Sweep.Coordinator? sweep = executor is null ? null
                        : Sweep.Coordinate(request, scenario.Set, new SweepSettings { Slices = Math.Clamp(options.ClusterItems, 1, 10_000), Executor = executor, Cancellation = limit.Token });
                    return WhatIfAnalysis.Run(scenario.Base, scenario.Variant, request, Path.GetFileName(scenario.Set.MainFile), progress, limit.Token);
                },
                limit.Token).ConfigureAwait(false);
            long id = store.Save(request, scenario.Set.Inputs[0], result, clock.Elapsed.TotalMilliseconds);
            return (id, result);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"the run took longer than the time limit of {options.RunTimeLimit.TotalSeconds:0} s; raise the dashboard's limit with --Parley:RunTimeLimit=HH:MM:SS, or ask for fewer draws");
        }
        catch (WorkRefusedException e)
        {
            throw new TimeoutException(e.Message, e);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Starts a background job; null when too many jobs are kept.</summary>
    /// <param name="request">The checked request.</param>
    /// <param name="scenario">The scenario as written and with the request's variant applied.</param>
    public Job? Start(WhatIfRequest request, CheckedScenario scenario)
    {
        // finished jobs stay readable for ten minutes (and the newest thousand at most) but no longer count against the
        // limit, which is on the jobs still queued or running
        Job[] finished = [.. jobs.Values.Where(j => j.Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled).OrderByDescending(j => j.Created)];
        foreach (Job old in finished.Where((j, k) => k >= MaxFinishedJobs || DateTime.UtcNow - j.Created > TimeSpan.FromMinutes(10)))
        {
            jobs.TryRemove(old.Id, out _);
        }

        if (jobs.Values.Count(j => j.Status is JobStatus.Queued or JobStatus.Running) >= options.MaxJobs)
        {
            return null;
        }

        var job = new Job(request, new CancellationTokenSource());
        jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                job.Status = JobStatus.Running;
                (long id, WhatIfOutcome result) = await RunAsync(request, scenario, p => job.Progress = p, job.Cancellation.Token).ConfigureAwait(false);
                (job.Result, job.RunId, job.Progress, job.Status) = (result, id, 1, JobStatus.Done);
            }
            catch (OperationCanceledException)
            {
                (job.Status, job.Error) = (JobStatus.Cancelled, "cancelled");
            }
            catch (TimeoutException e)
            {
                (job.Status, job.Error) = (JobStatus.Cancelled, e.Message);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or RunStoreException or ArgumentException or ClusterUnavailableException)
            {
                (job.Status, job.Error) = (JobStatus.Failed, e.Message);
            }
        });
        return job;
    }

    /// <summary>A job by id.</summary>
    /// <param name="id">Job id.</param>
    public Job? Find(string id) => jobs.TryGetValue(id, out Job? j) ? j : null;

    /// <summary>Cancels a job; false when there is none with that id.</summary>
    /// <param name="id">Job id.</param>
    public bool Cancel(string id)
    {
        if (!jobs.TryGetValue(id, out Job? j))
        {
            return false;
        }

        j.Cancellation.Cancel();
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Job j in jobs.Values)
        {
            j.Cancellation.Dispose();
        }

        slots.Dispose();
    }
}

/// <summary>The dashboard's link to the sweep cluster (<see cref="WebOptions.Cluster"/>): connected on first use, kept open.</summary>
public sealed class ClusterLink(WebOptions options) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Parley.Cluster.ClusterExecutor? executor;

    /// <summary>The cluster's executor, or null when no cluster is configured.</summary>
    /// <param name="cancellation">Stops the wait.</param>
    /// <exception cref="ClusterUnavailableException">The cluster cannot be reached, or its setting is wrong.</exception>
    public async Task<ISweepExecutor?> ExecutorAsync(CancellationToken cancellation)
    {
        if (options.Cluster is null)
        {
            return null;
        }

        await gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (executor is null)
            {
                StoreLocation location;
                try
                {
                    location = StoreLocation.Parse(options.Cluster);
                }
                catch (RunStoreException e)
                {
                    throw new ClusterUnavailableException("Parley:Cluster: " + e.Message, e);
                }

                if (!location.IsPostgreSql)
                {
                    throw new ClusterUnavailableException($"Parley:Cluster takes the cluster's PostgreSQL database, postgres://user@host:port/dbname, not '{location.Display}'");
                }

                try
                {
                    executor = await Parley.Cluster.ClusterExecutor.ConnectAsync(
                        new Parley.Cluster.ClusterSettings { ConnectionString = location.ConnectionString!, FastFailureDetection = Environment.GetEnvironmentVariable("PARLEY_CLUSTER_FAST") == "1" },
                        options.RunTimeLimit, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new ClusterUnavailableException($"the sweep cluster at {location.Display} cannot be reached: {e.Message}", e);
                }
            }

            return executor;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (executor is not null)
        {
            await executor.DisposeAsync().ConfigureAwait(false);
        }

        gate.Dispose();
    }
}

/// <summary>The configured sweep cluster cannot be used (a wrong <c>Parley:Cluster</c>, or no worker answers).</summary>
public sealed class ClusterUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="inner">The failure behind it.</param>
    public ClusterUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
