using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Parley.Core.Analyses;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Parley.Storage;

namespace Parley.Web;

/// <summary>One exercise being played: the engine's exercise, its scenario, its clock and who listens for changes.</summary>
internal sealed class LiveExercise(long id, string catalogName, ScenarioSet set, Exercise exercise)
{
    public long Id { get; } = id;

    public string CatalogName { get; } = catalogName;

    public ScenarioSet Set { get; } = set;

    public Exercise Exercise { get; } = exercise;

    /// <summary>Serialises every call on the exercise (it is not thread-safe).</summary>
    public Lock Gate { get; } = new();

    public bool Paused { get; set; }

    public int Version { get; set; }

    public Timer? Clock { get; set; }

    public int TimerSeconds { get; set; }

    /// <summary>Bumped whenever the timer is replaced or stopped, so that a tick of an old timer does nothing.</summary>
    public int TimerGeneration { get; set; }

    /// <summary>Each seat's brief, computed once (the exercise's scenario does not change).</summary>
    public Dictionary<string, Parley.Core.Analyses.BriefOutcome> Briefs { get; } = new(StringComparer.Ordinal);

    public List<Channel<int>> Listeners { get; } = [];
}

/// <summary>A seat's new join code, as the facilitator hands it out.</summary>
/// <param name="Actor">The seat.</param>
/// <param name="Code">The code (shown once; only its hash is kept).</param>
public sealed record SeatCode(string Actor, string Code);

/// <summary>Who is asking: a player of one seat, the facilitator, or nobody known.</summary>
/// <param name="Exercise">The player's exercise (0 for the facilitator or nobody).</param>
/// <param name="Seat">The player's seat, or null.</param>
/// <param name="Facilitator">True for the facilitator.</param>
public sealed record Caller(long Exercise, string? Seat, bool Facilitator)
{
    /// <summary>Nobody known.</summary>
    public static Caller Anonymous { get; } = new(0, null, false);

    /// <summary>True for a player of that exercise.</summary>
    /// <param name="exercise">The exercise.</param>
    public bool Plays(long exercise) => Seat is not null && Exercise == exercise;
}

/// <summary>
/// The dashboard's exercises: kept in the run store (settings, scenario bytes, actions, hashed credentials) and rebuilt from
/// it when the dashboard starts, so that an exercise and its players' sessions survive a restart. Join codes are ten
/// characters of Crockford's base-32 alphabet (50 bits), used once; failed attempts are limited per address. The
/// facilitator's key is made when the dashboard starts and printed by <c>parley serve</c>.
/// </summary>
public sealed class ExerciseHost
{
    /// <summary>The cookie of a player's seat.</summary>
    public const string SeatCookie = "parley-seat";

    /// <summary>The cookie of the facilitator's session.</summary>
    public const string FacilitatorCookie = "parley-facilitator";

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private readonly Dictionary<long, LiveExercise> live = [];
    private readonly Lock gate = new();
    private readonly StoreWriter store;
    private readonly WebOptions options;
    private readonly Dictionary<string, Queue<DateTime>> failures = new(StringComparer.Ordinal);

    /// <summary>Loads every stored exercise (when exercises are on) and makes the facilitator's key.</summary>
    /// <param name="options">The dashboard's settings.</param>
    /// <param name="store">The run store.</param>
    public ExerciseHost(WebOptions options, StoreWriter store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        this.options = options;
        this.store = store;
        Instance = options.Instance is { Length: > 0 } name ? name : Environment.MachineName;
        if (!options.Exercises)
        {
            return;
        }

        using RunStore s = RunStore.Open(store.Location);
        foreach (StoredExercise e in s.Exercises())
        {
            // on a store several dashboards share, each serves the exercises it created (an exercise's clock, listeners and
            // in-memory state live in one process); a SQLite file's dashboard serves them all
            if (store.Location.IsPostgreSql && e.Instance is not null && e.Instance != Instance)
            {
                continue;
            }

            if (Rebuild(e) is { } exercise)
            {
                live[e.Id] = exercise;
            }
        }

        if (options.FacilitatorKey is not { Length: > 0 })
        {
            // a new key at each start: the sessions the old key opened end with it
            s.RevokeCredentials(0, FacilitatorSeat);
        }

        // the key lives in memory only (a new one at each start unless configured); the sessions it opened live in the store
        FacilitatorKey = options.FacilitatorKey is { Length: > 0 } given ? given : NewSecret(32);
    }

    /// <summary>An exercise rebuilt from what the store holds (null when its scenario or log no longer loads).</summary>
    private static LiveExercise? Rebuild(StoredExercise e)
    {
        ScenarioSet? set = ScenarioSet.FromInputs([new ScenarioInput(e.ScenarioPath, e.Scenario)]).Set;
        ExerciseSettings? settings = ParleyJson.Deserialize<ExerciseSettings>(e.Settings);
        if (set is null || settings is null)
        {
            return null;
        }

        AnalysisOutcome<Exercise> replayed = Exercise.Replay(settings, set, e.Actions.Select(a => ParleyJson.Deserialize<ExerciseAction>(a)!));
        return replayed.Result is { } exercise ? new LiveExercise(e.Id, e.CatalogName, set, exercise) { Paused = e.Status == "paused" } : null;
    }

    private LiveExercise? Reload(long id)
    {
        try
        {
            using RunStore s = RunStore.Open(store.Location);
            return s.Exercises().FirstOrDefault(x => x.Id == id) is { } e ? Rebuild(e) : null;
        }
        catch (Exception ex) when (ex is RunStoreException or System.Data.Common.DbException or IOException)
        {
            return null;
        }
    }

    /// <summary>This dashboard's name among those sharing a store (<see cref="WebOptions.Instance"/>); recorded with each exercise it creates.</summary>
    public string Instance { get; } = string.Empty;

    /// <summary>
    /// The seat a facilitator's session is kept under: one per instance on a shared PostgreSQL store, so that a dashboard
    /// that starts with a new key ends its own facilitator sessions, not another dashboard's.
    /// </summary>
    private string FacilitatorSeat => store.Location.IsPostgreSql ? "facilitator@" + Instance : "facilitator";

    /// <summary>The facilitator's key (null when exercises are off): a person types it once to get a facilitator's session.</summary>
    public string? FacilitatorKey { get; }

    /// <summary>True when exercises are on.</summary>
    public bool Enabled => options.Exercises;

    internal LiveExercise? Find(long id)
    {
        lock (gate)
        {
            return live.GetValueOrDefault(id);
        }
    }

    internal IReadOnlyList<LiveExercise> All()
    {
        lock (gate)
        {
            return [.. live.Values.OrderBy(e => e.Id)];
        }
    }

    /// <summary>Creates an exercise; returns its id and a join code per seat a person plays, or the problems.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="set">The scenario as loaded from the catalog.</param>
    /// <param name="catalogName">Its name in the catalog.</param>
    internal (long Id, IReadOnlyList<SeatCode> Codes, IReadOnlyList<string> Problems) Create(ExerciseSettings settings, ScenarioSet set, string catalogName)
    {
        // the exercise plays on the bytes it keeps, named by the file's name alone: the same before and after a restart
        if (ScenarioSet.FromInputs([new ScenarioInput(Path.GetFileName(set.Inputs[0].Path), set.Inputs[0].Content)]).Set is { } kept)
        {
            set = kept;
        }

        AnalysisOutcome<Exercise> created = Exercise.Create(settings, set);
        if (created.Result is not { } exercise)
        {
            return (0, [], [.. created.Problems.Select(p => p.Message)]);
        }

        lock (gate)
        {
            if (live.Count >= options.MaxExercises)
            {
                return (0, [], [$"the dashboard runs at most {options.MaxExercises} exercises (--Parley:MaxExercises)"]);
            }
        }

        ScenarioInput input = set.Inputs[0];
        long id;
        using (RunStore s = RunStore.Open(store.Location))
        {
            id = s.CreateExercise(exercise.Scenario.Name, catalogName, Path.GetFileName(input.Path), input.Content, ParleyJson.Serialize(exercise.Settings), Instance);
        }

        lock (gate)
        {
            live[id] = new LiveExercise(id, catalogName, set, exercise);
        }

        return (id, [.. exercise.PersonSeats.Order(StringComparer.Ordinal).Select(seat => new SeatCode(seat, IssueCode(id, seat)!))], []);
    }

    /// <summary>Applies an action and keeps it; null when done, else why not.</summary>
    internal string? Act(LiveExercise e, ExerciseAction action)
    {
        lock (e.Gate)
        {
            if (action.Kind == "advance" && e.Paused)
            {
                return "the exercise is paused";
            }

            int before = e.Exercise.Actions.Count;
            if (e.Exercise.Apply(action) is string error)
            {
                return error;
            }

            if (e.Exercise.Actions.Count == before)
            {
                return null;   // nothing changed (a move that repeats the standing one): nothing to keep
            }

            try
            {
                using RunStore s = RunStore.Open(store.Location);
                s.AppendAction(e.Id, before, ParleyJson.SerializeCompact(action));
                if (e.Exercise.EndedBy is not null)
                {
                    s.SetExerciseStatus(e.Id, "ended");
                    e.Clock?.Dispose();
                    e.Clock = null;
                }
            }
            catch (Exception ex) when (ex is RunStoreException or System.Data.Common.DbException or IOException)
            {
                // kept in memory but not in the store: go back to what the store holds, so the two never differ
                if (Reload(e.Id) is { } back)
                {
                    lock (gate)
                    {
                        live[e.Id] = back;
                    }
                }

                return "the action could not be kept in the run store (" + ex.Message + "); it was undone, try again";
            }

            Changed(e);
            return null;
        }
    }

    /// <summary>Pauses or resumes the clock (a timer waits while paused).</summary>
    internal void Pause(LiveExercise e, bool paused)
    {
        lock (e.Gate)
        {
            e.Paused = paused;
            using RunStore s = RunStore.Open(store.Location);
            s.SetExerciseStatus(e.Id, e.Exercise.EndedBy is not null ? "ended" : paused ? "paused" : "running");
            Changed(e);
        }
    }

    /// <summary>Moves the clock every <paramref name="seconds"/> seconds (0: only when the facilitator says).</summary>
    internal void SetTimer(LiveExercise e, int seconds)
    {
        lock (e.Gate)
        {
            e.Clock?.Dispose();
            e.Clock = null;
            e.TimerGeneration++;
            e.TimerSeconds = seconds;
            if (seconds > 0)
            {
                int generation = ++e.TimerGeneration;
                e.Clock = new Timer(_ =>
                {
                    try
                    {
                        lock (e.Gate)
                        {
                            // a timer replaced or stopped while this tick waited does nothing
                            if (generation == e.TimerGeneration && !e.Paused && e.Exercise.EndedBy is null)
                            {
                                Act(e, new ExerciseAction("advance"));
                            }
                        }
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // a tick that fails leaves the exercise as it was; the next tick tries again
                        System.Diagnostics.Trace.TraceWarning($"exercise {e.Id}: the timer's step failed: {ex.Message}");
                    }
                }, null, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds));
            }

            Changed(e);
        }
    }

    private static void Changed(LiveExercise e)
    {
        e.Version++;
        foreach (Channel<int> c in e.Listeners)
        {
            c.Writer.TryWrite(e.Version);
        }
    }

    /// <summary>Listens for changes of an exercise (each new version number); dispose the subscription to stop.</summary>
    internal static (ChannelReader<int> Reader, IDisposable Subscription) Listen(LiveExercise e)
    {
        var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (e.Gate)
        {
            e.Listeners.Add(channel);
            channel.Writer.TryWrite(e.Version);
        }

        return (channel.Reader, new Unsubscribe(() =>
        {
            lock (e.Gate)
            {
                e.Listeners.Remove(channel);
            }
        }));
    }

    private sealed class Unsubscribe(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>A new join code for a seat (its earlier code and session revoked); null when the seat does not exist.</summary>
    internal string? IssueCode(long exercise, string seat)
    {
        string code = NewCode();
        using RunStore s = RunStore.Open(store.Location);
        s.RevokeCredentials(exercise, seat);
        s.AddCredential(Hash("code:" + Normal(code)), exercise, "code", seat);
        return code;
    }

    /// <summary>Revokes a seat's code and session: its player is out until given a new code.</summary>
    internal void Revoke(long exercise, string seat)
    {
        using RunStore s = RunStore.Open(store.Location);
        s.RevokeCredentials(exercise, seat);
    }

    /// <summary>
    /// Trades a join code for a seat's session: the session's token (for the cookie), or why not. A code works once; an
    /// address with too many failed attempts must wait; a browser that holds a seat cannot take a second.
    /// </summary>
    internal (string? Token, long Exercise, string? Seat, int Status, string? Problem) Join(string? code, string address, Caller current)
    {
        if (Blocked(address))
        {
            return (null, 0, null, StatusCodes.Status429TooManyRequests, $"too many wrong codes from this address; wait {options.JoinWindow.TotalMinutes:0} minutes or ask the facilitator");
        }

        if (current.Seat is not null)
        {
            return (null, 0, null, StatusCodes.Status409Conflict, $"this browser already holds the seat of {current.Seat} in exercise {current.Exercise}; one person, one seat");
        }

        using RunStore s = RunStore.Open(store.Location);
        string hash = Hash("code:" + Normal(code ?? string.Empty));
        if (s.FindCredential(hash) is not { Kind: "code", Revoked: false } found || !s.RevokeCredential(hash))
        {
            Failed(address);
            return (null, 0, null, StatusCodes.Status403Forbidden, "that code is not valid (wrong, already used, or replaced); check it with the facilitator");
        }

        string token = NewSecret(32);
        s.RevokeCredentials(found.ExerciseId, found.Seat, "session");
        s.AddCredential(Hash("session:" + token), found.ExerciseId, "session", found.Seat);
        return (token, found.ExerciseId, found.Seat, StatusCodes.Status200OK, null);
    }

    /// <summary>True when a key (an address, or a sign-in from one) has failed too often within the window; old failures are forgotten.</summary>
    private bool Blocked(string key)
    {
        lock (failures)
        {
            foreach (string k in failures.Keys.ToList())
            {
                Queue<DateTime> q = failures[k];
                while (q.Count > 0 && q.Peek() < DateTime.UtcNow - options.JoinWindow)
                {
                    q.Dequeue();
                }

                if (q.Count == 0)
                {
                    failures.Remove(k);
                }
            }

            return failures.TryGetValue(key, out Queue<DateTime>? left) && left.Count >= options.JoinAttempts;
        }
    }

    private void Failed(string key)
    {
        lock (failures)
        {
            if (!failures.TryGetValue(key, out Queue<DateTime>? q))
            {
                failures[key] = q = new Queue<DateTime>();
            }

            q.Enqueue(DateTime.UtcNow);
        }
    }

    /// <summary>Trades the facilitator's key for a facilitator's session token, or null.</summary>
    internal string? Login(string? key, string address)
    {
        if (Blocked("login:" + address))
        {
            return null;
        }

        if (FacilitatorKey is null || key is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key.Trim()), Encoding.UTF8.GetBytes(FacilitatorKey)))
        {
            Failed("login:" + address);
            return null;
        }

        string token = NewSecret(32);
        using RunStore s = RunStore.Open(store.Location);
        s.AddCredential(Hash("facilitator:" + token), 0, "facilitator", FacilitatorSeat);
        return token;
    }

    /// <summary>Who is asking, from the request's cookies (or the facilitator's key as a bearer token, for scripts).</summary>
    internal Caller Identify(HttpRequest request)
    {
        if (!options.Exercises)
        {
            return Caller.Anonymous;
        }

        bool facilitator = false;
        string? auth = request.Headers.Authorization.FirstOrDefault();
        if (auth is not null && auth.StartsWith("Bearer ", StringComparison.Ordinal) && FacilitatorKey is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(auth[7..].Trim()), Encoding.UTF8.GetBytes(FacilitatorKey)))
        {
            facilitator = true;
        }

        string? f = request.Cookies[FacilitatorCookie];
        string? seat = request.Cookies[SeatCookie];
        if (!facilitator && f is null && seat is null)
        {
            return Caller.Anonymous;
        }

        using RunStore s = RunStore.Open(store.Location);
        if (!facilitator && f is not null && s.FindCredential(Hash("facilitator:" + f)) is { Kind: "facilitator", Revoked: false } session && session.Seat == FacilitatorSeat)
        {
            facilitator = true;
        }

        if (seat is not null && s.FindCredential(Hash("session:" + seat)) is { Kind: "session", Revoked: false } c)
        {
            return new Caller(c.ExerciseId, c.Seat, facilitator);
        }

        return facilitator ? new Caller(0, null, true) : Caller.Anonymous;
    }

    /// <summary>The options of a cookie that carries a session: script cannot read it, other sites cannot send it.</summary>
    internal static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = TimeSpan.FromDays(2),
    };

    private static string NewCode()
    {
        // 10 characters of a 32-letter alphabet: 50 bits, typed as XXXXX-XXXXX
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var code = new StringBuilder(11);
        for (int k = 0; k < 10; k++)
        {
            if (k == 5)
            {
                code.Append('-');
            }

            code.Append(Alphabet[bytes[k] & 31]);
        }

        return code.ToString();
    }

    /// <summary>A typed code as stored: upper case, no separators, the letters people confuse read as digits (Crockford).</summary>
    private static string Normal(string code) => new([.. code.ToUpperInvariant().Where(char.IsLetterOrDigit).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })]);

    private static string NewSecret(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
