using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Parley.Core.Experiments;
using Parley.Core.Serialization;

namespace Parley.Core.Analyses;

/// <summary>
/// One work item of a sweep: a range of the draws of one Monte Carlo call of an analysis. It carries everything a worker
/// on another machine needs: the typed request, the scenario's files, and the merged tallies of the calls the analysis
/// makes before this one (so the worker replays them without drawing). Serialised with <see cref="ToJson"/>.
/// </summary>
public sealed record SweepItem
{
    /// <summary>The sweep's id (<see cref="Sweep.IdOf(AnalysisRequest, ScenarioSet?, int)"/>).</summary>
    public required string Sweep { get; init; }

    /// <summary>Which of the analysis's Monte Carlo calls (0-based, in the order the analysis makes them).</summary>
    public required int Call { get; init; }

    /// <summary>The call's site (checked when the worker replays).</summary>
    public required string Site { get; init; }

    /// <summary>The call's draws in all.</summary>
    public required long Draws { get; init; }

    /// <summary>The range's place among the call's ranges.</summary>
    public required int Slice { get; init; }

    /// <summary>The call's ranges in all.</summary>
    public required int Slices { get; init; }

    /// <summary>First draw of the range.</summary>
    public required long From { get; init; }

    /// <summary>One past the last draw of the range.</summary>
    public required long To { get; init; }

    /// <summary>The analysis.</summary>
    public required AnalysisRequest Request { get; init; }

    /// <summary>The scenario's files (empty for an analysis without a scenario).</summary>
    public required IReadOnlyList<ScenarioInput> Inputs { get; init; }

    /// <summary>The calls before this one, with their merged tallies.</summary>
    public required IReadOnlyList<SweepCall> Before { get; init; }

    /// <summary>The engine build that made the item (<see cref="Sweep.Build"/>); a worker of another build refuses it.</summary>
    public required string Build { get; init; }

    /// <summary>Seconds the item may run on a worker (what was left of the sweep's time budget when it was sent; null: no limit).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Seconds { get; init; }

    /// <summary>The item's key within its sweep: the call, its site and draws, and the range (stable across runs).</summary>
    [JsonIgnore]
    public string Key => Analyses.Sweep.KeyOf(Call, Site, Draws, Slice, Slices);

    /// <summary>The item as JSON.</summary>
    public string ToJson() => ParleyJson.SerializeCompact(this);

    /// <summary>An item read from JSON.</summary>
    /// <param name="json">What <see cref="ToJson"/> wrote.</param>
    /// <exception cref="FormatException">The text is not a work item.</exception>
    public static SweepItem FromJson(string json)
    {
        try
        {
            return ParleyJson.Deserialize<SweepItem>(json) ?? throw new FormatException("an empty work item");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException("not a work item: " + e.Message, e);
        }
    }
}

/// <summary>A Monte Carlo call an analysis made, with its merged tally (JSON).</summary>
/// <param name="Site">The call's site.</param>
/// <param name="Draws">Its draws.</param>
/// <param name="Tally">Its merged tally.</param>
public sealed record SweepCall(string Site, long Draws, string Tally);

/// <summary>A finished work item: its key, its tally (JSON) and the worker that ran it.</summary>
/// <param name="Key">The item's key.</param>
/// <param name="Tally">What its draws counted.</param>
/// <param name="Worker">Who ran it (a machine and process, or "local").</param>
public sealed record SweepPiece(string Key, string Tally, string Worker);

/// <summary>Runs work items somewhere: on this machine's threads, or on a cluster.</summary>
public interface ISweepExecutor
{
    /// <summary>What runs the items, in words ("this process", "a cluster of 3 silos").</summary>
    string Name { get; }

    /// <summary>Runs the items, in any order and anywhere, calling <paramref name="finished"/> once per item (from any thread).</summary>
    /// <param name="items">The items.</param>
    /// <param name="finished">Takes each finished item.</param>
    /// <param name="cancellation">Stops the run (items already finished stay finished).</param>
    Task RunAsync(IReadOnlyList<SweepItem> items, Action<SweepPiece> finished, CancellationToken cancellation);
}

/// <summary>Where a sweep records its finished items, so that a sweep run again does not redo them.</summary>
public interface ISweepLedger
{
    /// <summary>The finished items of a sweep: key → tally.</summary>
    /// <param name="sweep">The sweep's id.</param>
    IReadOnlyDictionary<string, string> Finished(string sweep);

    /// <summary>Records a sweep before its first item (idempotent).</summary>
    /// <param name="sweep">The sweep's id.</param>
    /// <param name="request">The request, as JSON.</param>
    /// <param name="slices">Ranges per call.</param>
    void Begin(string sweep, string request, int slices);

    /// <summary>Records a finished item; the first record of a key wins, and a later one changes nothing.</summary>
    /// <param name="sweep">The sweep's id.</param>
    /// <param name="piece">The item.</param>
    void Record(string sweep, SweepPiece piece);
}

/// <summary>How far a sweep has come.</summary>
/// <param name="Call">The Monte Carlo call under way (0-based).</param>
/// <param name="Done">Its items finished (recorded ones included).</param>
/// <param name="Items">Its items in all.</param>
/// <param name="Reused">Its items found finished in the ledger.</param>
public sealed record SweepProgress(int Call, int Done, int Items, int Reused);

/// <summary>What a sweep did.</summary>
/// <param name="Id">The sweep's id.</param>
/// <param name="Calls">Monte Carlo calls sent out as items (the one under way when the sweep stopped included).</param>
/// <param name="Items">Items in all.</param>
/// <param name="Run">Items run now.</param>
/// <param name="Reused">Items found finished in the ledger and not run again.</param>
/// <param name="Workers">Items per worker, for the items run now.</param>
public sealed record SweepSummary(string Id, int Calls, int Items, int Run, int Reused, IReadOnlyDictionary<string, int> Workers);

/// <summary>Settings of a sweep.</summary>
public sealed record SweepSettings
{
    /// <summary>Ranges each Monte Carlo call is cut into (a call with fewer draws gets one range per draw).</summary>
    public int Slices { get; init; } = 8;

    /// <summary>Runs the items.</summary>
    public required ISweepExecutor Executor { get; init; }

    /// <summary>Records finished items (null: nothing is kept, and a sweep run again starts over).</summary>
    public ISweepLedger? Ledger { get; init; }

    /// <summary>Called as items finish.</summary>
    public IProgress<SweepProgress>? Progress { get; init; }

    /// <summary>Stops the sweep.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Sweeps: an analysis's Monte Carlo calls cut into ranges of draws (work items), run anywhere, and merged. Every Monte
/// Carlo call of the engine keeps its draws in order-free tallies (integer counts, exact fixed-point sums, per-draw values
/// written once), so a result is the same, bit for bit, whether its draws ran on one thread, many, or many machines.
/// The coordinator runs the analysis itself; at each of its Monte Carlo calls it sends the call's ranges out as items,
/// waits for their tallies, merges them and goes on, so a later call may depend on an earlier one's result. A worker
/// replays the analysis up to its item's call from the merged tallies of the calls before (drawing nothing), runs its
/// range, and stops there.
/// </summary>
public static class Sweep
{
    private static readonly object CacheGate = new();
    private static readonly Dictionary<string, ScenarioSet> Scenarios = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, IReadOnlyList<BacktestCase>> Cases = new(StringComparer.Ordinal);

    // a worker keeps the scenarios of the last few sweeps it served
    private static void Trim<T>(Dictionary<string, T> cache)
    {
        if (cache.Count >= 16)
        {
            cache.Clear();
        }
    }

    /// <summary>
    /// The engine's build: its version with the source revision and the Core assembly's module id (the same source gives the
    /// same id: the build is deterministic). A sweep's id and its items carry it, so that a store's finished items are never
    /// reused by another build and a worker of another build refuses the items.
    /// </summary>
    public static string Build { get; } =
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Engine).Assembly)?.InformationalVersion ?? "0")
        + "/" + typeof(Engine).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>A sweep's id: a hash of the engine's build, the request, the scenario's files and the ranges per call.</summary>
    /// <param name="request">The request.</param>
    /// <param name="set">The scenario.</param>
    /// <param name="slices">Ranges per call.</param>
    public static string IdOf(AnalysisRequest request, ScenarioSet? set, int slices) => IdOf(request, set?.Inputs ?? [], slices);

    /// <summary>A sweep's id over input files (a backtest's cases).</summary>
    /// <param name="request">The request.</param>
    /// <param name="inputs">The files.</param>
    /// <param name="slices">Ranges per call.</param>
    public static string IdOf(AnalysisRequest request, IReadOnlyList<ScenarioInput> inputs, int slices)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inputs);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Build + "\n" + ParleyJson.SerializeRequest(request) + "\n" + slices.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        foreach (ScenarioInput input in inputs)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(input.Path + "\n"));
            hash.AppendData(SHA256.HashData(input.Content));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
    }

    /// <summary>An item's key (see <see cref="SweepItem.Key"/>).</summary>
    /// <param name="call">The call.</param>
    /// <param name="site">Its site.</param>
    /// <param name="draws">Its draws.</param>
    /// <param name="slice">The range.</param>
    /// <param name="slices">Ranges in all.</param>
    public static string KeyOf(int call, string site, long draws, int slice, int slices) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{call}:{site}:{draws}:{slice}/{slices}");

    /// <summary>
    /// Runs an analysis as a sweep: the same result as <see cref="Engine.Run"/>, with its Monte Carlo draws run by the
    /// executor. Calls made before the analysis reads its request (none in the engine's analyses) run here.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="set">The scenario.</param>
    /// <param name="settings">Ranges, executor, ledger, progress.</param>
    /// <param name="summary">What the sweep did.</param>
    public static AnalysisOutcome<AnalysisResult> Run(AnalysisRequest request, ScenarioSet? set, SweepSettings settings, out SweepSummary summary)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        using Coordinator coordinator = Coordinate(request, set, settings);
        AnalysisOutcome<AnalysisResult> outcome = Engine.Run(request, set);
        summary = coordinator.Summary;
        return outcome;
    }

    /// <summary>
    /// Sends this flow of work's Monte Carlo calls to the executor until disposed: for a caller that runs the analysis
    /// itself (a command that renders its own result), with the request and scenario it is about to run.
    /// </summary>
    /// <param name="request">The request the caller runs.</param>
    /// <param name="set">The scenario.</param>
    /// <param name="settings">Ranges, executor, ledger, progress.</param>
    public static Coordinator Coordinate(AnalysisRequest request, ScenarioSet? set, SweepSettings settings) => Coordinate(request, set?.Inputs ?? [], settings);

    /// <summary>
    /// As <see cref="Coordinate(AnalysisRequest, ScenarioSet?, SweepSettings)"/>, over the input files the analysis reads (a
    /// scenario's files, or a backtest's cases' files as <see cref="BacktestCases.Load"/> read them).
    /// </summary>
    /// <param name="request">The request the caller runs.</param>
    /// <param name="inputs">The files, which travel with every item.</param>
    /// <param name="settings">Ranges, executor, ledger, progress.</param>
    public static Coordinator Coordinate(AnalysisRequest request, IReadOnlyList<ScenarioInput> inputs, SweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Slices, 1);
        return new Coordinator(request, inputs, settings);
    }

    /// <summary>
    /// Runs one work item (on a worker): replays the analysis up to the item's call from the tallies of the calls before
    /// it, runs the item's draws and returns their tally (JSON).
    /// </summary>
    /// <param name="item">The item.</param>
    /// <exception cref="InvalidOperationException">The analysis does not replay to the item's call the same way (a different engine version, or a scenario that does not load).</exception>
    public static string RunItem(SweepItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Build != Build)
        {
            throw new InvalidOperationException($"the work item was made by another build of parley ({item.Build}) than this worker's ({Build}); run the same build on the workers and the client");
        }

        ScenarioSet? set = null;
        IReadOnlyList<BacktestCase>? cases = null;
        lock (CacheGate)
        {
            if (item.Request is BacktestRequest)
            {
                if (!Cases.TryGetValue(item.Sweep, out cases))
                {
                    BacktestLoad load = BacktestCases.FromInputs(item.Inputs);
                    cases = load.Succeeded ? load.Cases : throw new InvalidOperationException("the work item's cases do not load here: " + string.Join("; ", load.Diagnostics));
                    Trim(Cases);
                    Cases[item.Sweep] = cases;
                }
            }
            else if (item.Request.NeedsScenario && !Scenarios.TryGetValue(item.Sweep, out set))
            {
                ScenarioSetLoad load = ScenarioSet.FromInputs(item.Inputs);
                set = load.Set ?? throw new InvalidOperationException("the work item's scenario does not load here: " + string.Join("; ", load.Result.Diagnostics));
                Trim(Scenarios);
                Scenarios[item.Sweep] = set;
            }
        }

        var replay = new Replay(item);
        // the item's own budget: what was left of the sweep's when it was sent
        using IDisposable budget = item.Seconds is double seconds && double.IsFinite(seconds) && seconds > 0
            ? Domain.WorkGuard.Enter(new Domain.WorkGuard(seconds, "raise the sweep's budget with --max-seconds N", Domain.WorkGuard.Current.Cancellation))
            : Domain.WorkGuard.Enter(Domain.WorkGuard.Current);
        using (DrawSlicing.Enter(replay))
        {
            try
            {
                IReadOnlyList<Scenarios.Diagnostic> problems = item.Request is BacktestRequest backtest
                    ? BacktestAnalysis.Run(backtest, cases!).Problems
                    : Engine.Run(item.Request, set).Problems;
                throw new InvalidOperationException($"the analysis ended after {replay.Calls} Monte Carlo calls without reaching call {item.Call} ({item.Site})"
                    + (problems.Count > 0 ? ": " + string.Join("; ", problems) : string.Empty));
            }
            catch (ReachedException reached)
            {
                return reached.Tally.ToJson();
            }
        }
    }

    /// <summary>The coordinating side of a sweep (see <see cref="Coordinate(AnalysisRequest, ScenarioSet?, SweepSettings)"/>); dispose it to stop sending calls out.</summary>
    public sealed class Coordinator : IDisposable, IDrawSlicer
    {
        private readonly AnalysisRequest request;
        private readonly IReadOnlyList<ScenarioInput> inputs;
        private readonly SweepSettings settings;
        private readonly string id;
        private readonly List<SweepCall> calls = [];
        private readonly Dictionary<string, int> workers = new(StringComparer.Ordinal);
        private readonly IDisposable scope;
        private IReadOnlyDictionary<string, string>? finished;
        private int items, run, reused, begun;

        internal Coordinator(AnalysisRequest request, IReadOnlyList<ScenarioInput> inputs, SweepSettings settings)
        {
            this.request = request;
            this.inputs = inputs;
            this.settings = settings;
            id = IdOf(request, inputs, settings.Slices);
            scope = DrawSlicing.Enter(this);
        }

        /// <summary>The sweep's id.</summary>
        public string Id => id;

        /// <summary>What the sweep did so far.</summary>
        public SweepSummary Summary
        {
            get
            {
                lock (workers)
                {
                    return new(id, begun, items, run, reused, new SortedDictionary<string, int>(workers, StringComparer.Ordinal));
                }
            }
        }

        /// <inheritdoc/>
        public void Dispose() => scope.Dispose();

        Tally IDrawSlicer.Call(string site, long draws, Func<long, long, Action<long>?, Tally> local, Action<long>? progress)
        {
            int call = calls.Count;
            begun = call + 1;
            if (finished is null)
            {
                settings.Ledger?.Begin(id, ParleyJson.SerializeRequest(request), settings.Slices);
                finished = settings.Ledger?.Finished(id) ?? new Dictionary<string, string>();
            }

            int slices = (int)Math.Max(1, Math.Min(settings.Slices, draws));
            var todo = new List<SweepItem>();
            var pieces = new Dictionary<string, string>(StringComparer.Ordinal);
            int reusedHere = 0;
            for (int k = 0; k < slices; k++)
            {
                long from = draws * k / slices, to = draws * (k + 1) / slices;
                string key = KeyOf(call, site, draws, k, slices);
                if (finished.TryGetValue(key, out string? done))
                {
                    pieces[key] = done;
                    reusedHere++;
                    continue;
                }

                todo.Add(new SweepItem
                {
                    Sweep = id, Call = call, Site = site, Draws = draws, Slice = k, Slices = slices, From = from, To = to,
                    Request = request, Inputs = inputs, Before = [.. calls], Build = Build,
                    Seconds = double.IsFinite(Domain.WorkGuard.Current.Left) ? Math.Max(1, Domain.WorkGuard.Current.Left) : null,
                });
            }

            items += slices;
            reused += reusedHere;
            var gate = workers;
            bool open = true;
            settings.Progress?.Report(new SweepProgress(call, reusedHere, slices, reusedHere));
            if (todo.Count > 0)
            {
                Task running = settings.Executor.RunAsync(todo, piece =>
                {
                    int count;
                    lock (gate)
                    {
                        // an answer after the call gave up (its executor failed or was cancelled) is not counted
                        if (!open || !pieces.TryAdd(piece.Key, piece.Tally))
                        {
                            // a re-dispatched item finished twice: the first result stands, the second is not counted
                            return;
                        }

                        workers[piece.Worker] = workers.GetValueOrDefault(piece.Worker) + 1;
                        run++;
                        count = pieces.Count;
                    }

                    settings.Ledger?.Record(id, piece);

                    settings.Progress?.Report(new SweepProgress(call, count, slices, reusedHere));
                    progress?.Invoke(draws * count / slices);
                }, settings.Cancellation);
                try
                {
                    running.GetAwaiter().GetResult();
                }
                finally
                {
                    lock (gate)
                    {
                        open = false;
                    }
                }
            }

            var merged = new Tally();
            for (int k = 0; k < slices; k++)
            {
                string key = KeyOf(call, site, draws, k, slices);
                if (!pieces.TryGetValue(key, out string? tally))
                {
                    throw new InvalidOperationException($"the sweep's item {key} never finished");
                }

                merged.Add(Tally.FromJson(tally));
            }

            calls.Add(new SweepCall(site, draws, merged.ToJson()));
            return merged;
        }
    }

    /// <summary>The worker's side: the calls before the item's from their tallies, the item's own range, then a stop.</summary>
    private sealed class Replay(SweepItem item) : IDrawSlicer
    {
        public int Calls { get; private set; }

        public Tally Call(string site, long draws, Func<long, long, Action<long>?, Tally> local, Action<long>? progress)
        {
            int n = Calls++;
            SweepCall expected = n < item.Call ? item.Before[n] : new SweepCall(item.Site, item.Draws, string.Empty);
            if (n > item.Call || expected.Site != site || expected.Draws != draws)
            {
                throw new InvalidOperationException($"the analysis does not replay the same way here: its Monte Carlo call {n} is {site} over {draws} draws, where the sweep had {expected.Site} over {expected.Draws} (is this worker running another version of parley?)");
            }

            if (n < item.Call)
            {
                return Tally.FromJson(expected.Tally);
            }

            throw new ReachedException(local(item.From, item.To, null));
        }
    }

    /// <summary>Stops the replayed analysis once the item's range is counted.</summary>
#pragma warning disable CA1064 // never leaves this class: RunItem catches it
    private sealed class ReachedException(Tally tally) : Exception("the work item's draws are counted")
#pragma warning restore CA1064
    {
        public Tally Tally { get; } = tally;
    }
}

/// <summary>Runs work items in this process, one after another, each on every core (the executor of a sweep without a cluster).</summary>
public sealed class LocalSweepExecutor : ISweepExecutor
{
    /// <inheritdoc/>
    public string Name => "this process";

    /// <inheritdoc/>
    public Task RunAsync(IReadOnlyList<SweepItem> items, Action<SweepPiece> finished, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(finished);
        foreach (SweepItem item in items)
        {
            cancellation.ThrowIfCancellationRequested();
            // through JSON, as an item travels to another machine, so that this path proves what a worker would get
            SweepItem travelled = SweepItem.FromJson(item.ToJson());
            finished(new SweepPiece(item.Key, Sweep.RunItem(travelled), "local"));
        }

        return Task.CompletedTask;
    }
}
