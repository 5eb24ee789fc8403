namespace Parley.Core.Experiments;

/// <summary>Where a sweep takes over the Monte Carlo calls of an analysis (see <see cref="DrawSlicing"/>).</summary>
internal interface IDrawSlicer
{
    /// <summary>Answers one top-level Monte Carlo call: its merged tally over all its draws.</summary>
    /// <param name="site">The call site.</param>
    /// <param name="draws">The call's draws.</param>
    /// <param name="local">Runs draws [from, to) here and returns their tally.</param>
    /// <param name="progress">The call's progress (draws done).</param>
    Tally Call(string site, long draws, Func<long, long, Action<long>?, Tally> local, Action<long>? progress);
}

/// <summary>
/// The hook every Monte Carlo call passes (<see cref="DrawWorkers"/>): with a slicer entered on this flow of work, the
/// analysis's top-level calls go to it, in the order the analysis makes them; calls made inside a draw run where the draw
/// runs. A coordinator's slicer sends a call's draws out in ranges and merges the tallies that come back; a worker's
/// slicer replays the calls before its own from their merged tallies, runs its own range, and stops the analysis there.
/// </summary>
internal static class DrawSlicing
{
    private static readonly AsyncLocal<IDrawSlicer?> Ambient = new();

    [ThreadStatic]
    private static int depth;

    /// <summary>True on a thread that is running a draw.</summary>
    public static bool Nested => depth > 0;

    /// <summary>The slicer's answer to a top-level call, or null when the call runs here as usual.</summary>
    public static Tally? Take(string site, long draws, Func<long, long, Action<long>?, Tally> local, Action<long>? progress) =>
        depth == 0 && Ambient.Value is { } slicer ? slicer.Call(site, draws, local, progress) : null;

    /// <summary>Marks this thread as running draws until disposed.</summary>
    public static IDisposable InsideDraws()
    {
        depth++;
        return new Scope(() => depth--);
    }

    /// <summary>Sends this flow of work's top-level Monte Carlo calls to a slicer until disposed.</summary>
    public static IDisposable Enter(IDrawSlicer slicer)
    {
        IDrawSlicer? before = Ambient.Value;
        Ambient.Value = slicer;
        return new Scope(() => Ambient.Value = before);
    }

    private sealed class Scope(Action exit) : IDisposable
    {
        private Action? exit = exit;

        public void Dispose()
        {
            Interlocked.Exchange(ref exit, null)?.Invoke();
        }
    }
}
