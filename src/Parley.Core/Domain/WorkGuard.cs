using System.Diagnostics;
using System.Globalization;

namespace Parley.Core.Domain;

/// <summary>
/// The time budget and cancellation of one run, seen from inside the computation. Entered once where a run starts (the
/// CLI around a command, the dashboard around a job; <see cref="Enter"/>), it flows to every thread the run starts, and
/// long loops ask it, cheaply, whether to go on (<see cref="Check"/>): a cancelled run or one past its time stops at its
/// next check and its memory is freed. Before large work, an analysis states what the work will cost at least
/// (<see cref="Fits"/>), and Monte Carlo projects its total from the draws done (<see cref="Project"/>): work that cannot
/// fit is refused at once, with the cause and the way out, instead of being stopped at the end of its budget.
/// </summary>
public sealed class WorkGuard
{
    private static readonly AsyncLocal<WorkGuard?> Ambient = new();
    private readonly long started = Stopwatch.GetTimestamp();

    /// <summary>A guard with a time budget, counted from now.</summary>
    /// <param name="seconds">The time budget (positive infinity: none).</param>
    /// <param name="raise">How to raise the budget, said when it runs out (e.g. "raise it with --max-seconds N").</param>
    /// <param name="cancellation">Cancels the run.</param>
    public WorkGuard(double seconds, string raise = "", CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        Seconds = seconds;
        Cancellation = cancellation;
        Raise = raise;
    }

    /// <summary>The guard of the run this thread works for (one without limits when none was entered).</summary>
    public static WorkGuard Current => Ambient.Value ?? Unlimited;

    /// <summary>No time limit, no cancellation.</summary>
    public static WorkGuard Unlimited { get; } = new(double.PositiveInfinity);

    /// <summary>The time budget in seconds.</summary>
    public double Seconds { get; }

    /// <summary>Cancels the run.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>How to raise the budget.</summary>
    public string Raise { get; }

    /// <summary>Seconds since the guard was made.</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(started).TotalSeconds;

    /// <summary>Seconds left of the budget.</summary>
    public double Left => Seconds - Elapsed;

    /// <summary>The memory budget in bytes (long.MaxValue: none); large tables are checked against it before they are made.</summary>
    public long Bytes { get; init; } = long.MaxValue;

    /// <summary>Refuses a table that would not fit the memory budget (checked before it is allocated; no allocation when it fits).</summary>
    /// <param name="bytes">What the table would take.</param>
    /// <param name="what">The table, as the user would name it.</param>
    /// <param name="instead">What to ask for instead.</param>
    /// <param name="raise">How to raise the memory budget.</param>
    /// <exception cref="WorkRefusedException">It cannot fit.</exception>
    public void Allocate(double bytes, string what, string instead, string raise = "raise it with --max-memory SIZE (or PARLEY_MAX_MEMORY)")
    {
        if (bytes <= Bytes * 0.8)
        {
            return;
        }

        throw new WorkRefusedException(string.Create(CultureInfo.InvariantCulture,
            $"{what} would take about {bytes / (1 << 20):N0} MiB of memory, more than the {Bytes * 0.8 / (1 << 20):N0} MiB that this run's {Bytes / (double)(1 << 20):N0} MiB budget leaves for one table; {instead}, or {raise}"));
    }

    /// <summary>Makes a guard the current one for this thread and every thread and task it starts, until disposed.</summary>
    /// <param name="guard">The guard.</param>
    public static IDisposable Enter(WorkGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        WorkGuard? before = Ambient.Value;
        Ambient.Value = guard;
        return new Scope(before);
    }

    /// <summary>Stops the run when it was cancelled or its time has run out (call it from long loops, not per element).</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="WorkRefusedException">The time budget has run out.</exception>
    public void Check()
    {
        Cancellation.ThrowIfCancellationRequested();
        if (Seconds < double.PositiveInfinity && Elapsed > Seconds)
        {
            throw new WorkRefusedException($"stopped after {Duration(Seconds)}, the time budget of this run" + Advice(string.Empty));
        }
    }

    /// <summary>
    /// True when work of this least cost fits the time left (no allocation: call it on every run, and
    /// <see cref="Refuse"/> when it does not fit). Each caller counts its work in its own units and gives a rate at least
    /// four times the fastest it was measured at (on the 2-core build box), so the estimate is a lower bound and a
    /// refusal is certain, never a guess; work that might fit runs and is stopped by <see cref="Check"/>.
    /// </summary>
    /// <param name="units">The work, in the caller's units (packages × parties, actors³ per turn, …).</param>
    /// <param name="unitsPerSecond">An upper bound on the rate at which those units are done.</param>
    public bool Fits(double units, double unitsPerSecond)
    {
        Check();
        return units / unitsPerSecond <= Left;
    }

    /// <summary>Refuses work that does not fit (see <see cref="Fits"/>), saying what it would take and what to do.</summary>
    /// <param name="units">The work, in the caller's units.</param>
    /// <param name="unitsPerSecond">An upper bound on the rate at which those units are done.</param>
    /// <param name="what">The work, as the user would name it ("the deal space of 3 parties over 7 issues (1.0E+14 packages)").</param>
    /// <param name="instead">What to ask for instead ("use a step of at least 5").</param>
    /// <exception cref="WorkRefusedException">Always.</exception>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Refuse(double units, double unitsPerSecond, string what, string instead)
    {
        double seconds = units / unitsPerSecond;
        throw new WorkRefusedException($"{what} needs at least {Duration(seconds)} of computing, beyond {(Left < Seconds * 0.9 ? $"the {Duration(Math.Max(0, Left))} left of " : string.Empty)}the {Duration(Seconds)} time budget of this run" + Advice(instead));
    }

    /// <summary>
    /// Refuses Monte Carlo work whose projected total is beyond the budget, once enough of it has run to tell (a second
    /// and two draws, so that start-up and the first slow draws do not decide): the time so far times the draws left
    /// over the draws done, with a margin of half as much again for a busy machine.
    /// </summary>
    /// <param name="done">Draws done.</param>
    /// <param name="total">Draws asked for.</param>
    /// <param name="since">Seconds (on this guard's clock, <see cref="Elapsed"/>) when the draws began.</param>
    /// <exception cref="WorkRefusedException">The draws cannot fit.</exception>
    public void Project(long done, long total, double since)
    {
        Check();
        double spent = Elapsed - since;
        if (Seconds == double.PositiveInfinity || done < 2 || spent < 1 || done >= total)
        {
            return;
        }

        double perDraw = spent / done, projected = perDraw * (total - done);
        if (projected > Left * Margin)
        {
            double available = Seconds - since;
            long fits = (long)Math.Max(1, Math.Floor(available / perDraw / Margin));
            string budget = since > Seconds * 0.1
                ? $"the {Duration(available)} this run had left for them (of its {Duration(Seconds)} time budget)"
                : $"the {Duration(Seconds)} time budget of this run";
            throw new WorkRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"{total:N0} draws at about {Duration(perDraw)} a draw need about {Duration(spent + projected)}, beyond {budget}") +
                Advice(string.Create(CultureInfo.InvariantCulture, $"ask for at most about {fits:N0} draws")));
        }
    }

    /// <summary>How far a projection may run over the time left before draws are refused (machines are not always idle).</summary>
    public const double Margin = 1.5;

    /// <summary>A duration in words a reader takes in at once ("40 ms", "3.2 s", "2 h").</summary>
    /// <param name="seconds">Seconds.</param>
    public static string Duration(double seconds) => seconds switch
    {
        double.PositiveInfinity or double.NaN => "unbounded time",
        < 0.0001 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6:0.#} µs"),
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.#} ms"),
        < 100 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min"),
        < 86400 * 365.0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / (86400 * 365.0):G3} years"),
    };

    private string Advice(string instead) =>
        instead.Length == 0 && Raise.Length == 0 ? string.Empty
        : "; " + string.Join(", or ", new[] { instead, Raise }.Where(s => s.Length > 0));

    private sealed class Scope(WorkGuard? before) : IDisposable
    {
        public void Dispose() => Ambient.Value = before;
    }
}

/// <summary>Work refused because it cannot fit the run's time budget (said before it starts, or when the budget runs out).</summary>
public sealed class WorkRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkRefusedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, and what to do.</param>
    public WorkRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, and what to do.</param>
    /// <param name="inner">The cause.</param>
    public WorkRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
