using Parley.Core.Domain;

namespace Parley.Core.Experiments;

/// <summary>
/// Runs draws 0 … N−1 on worker threads, each with its own scratch state and its own <see cref="Tally"/>, and merges the
/// tallies at the end. A tally merges without regard to order, so the result does not depend on the thread count; and
/// because every call goes through here, a sweep (<see cref="DrawSlicing"/>) can hand the draws of any call to other
/// processes in ranges and merge what comes back to the same bytes. A failure in any draw stops the others and is rethrown.
/// </summary>
internal static class DrawWorkers
{
    /// <summary>Runs the draws of one Monte Carlo call.</summary>
    /// <param name="site">The call site's name (a sweep checks that a worker replays the same calls).</param>
    /// <param name="draws">Draws in all.</param>
    /// <param name="threads">Worker threads (null: every core).</param>
    /// <param name="create">A worker's scratch state, given the worker's tally (to keep its tables at hand).</param>
    /// <param name="draw">Runs one draw.</param>
    /// <param name="progress">Called with the number of draws finished.</param>
    public static Tally Run<TScratch>(string site, long draws, int? threads, Func<Tally, TScratch> create, Action<TScratch, long> draw, Action<long>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(draws);
        Tally Local(long from, long to, Action<long>? report) => Slice(from, to, threads, create, draw, report);
        return DrawSlicing.Take(site, draws, Local, progress) ?? Local(0, draws, progress);
    }

    private static Tally Slice<TScratch>(long from, long to, int? threads, Func<Tally, TScratch> create, Action<TScratch, long> draw, Action<long>? progress)
    {
        long next = from - 1, done = 0, count = to - from;
        var total = new Tally();
        var gate = new object();
        Exception? failure = null;
        WorkGuard guard = WorkGuard.Current;
        double since = guard.Elapsed;

        void Work()
        {
            using IDisposable inside = DrawSlicing.InsideDraws();
            var mine = new Tally();
            try
            {
                TScratch scratch = create(mine);
                while (true)
                {
                    long d = Interlocked.Increment(ref next);
                    if (d >= to)
                    {
                        break;
                    }

                    draw(scratch, d);
                    long finished = Interlocked.Increment(ref done);
                    progress?.Invoke(finished);
                    guard.Project(finished, count, since);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                Interlocked.Exchange(ref next, to);
            }

            lock (gate)
            {
                try
                {
                    total.Add(mine);
                }
                catch (InvalidOperationException ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
            }
        }

        // a call made inside another call's draw runs on that draw's thread: the outer call already uses every worker
        int workers = DrawSlicing.Nested ? 1 : (int)Math.Clamp(Math.Min(threads ?? Environment.ProcessorCount, Math.Max(1, count)), 1, 1024);
        if (workers == 1)
        {
            Work();
            return Finish(failure, guard, total);
        }

        Thread[] pool = [.. Enumerable.Range(0, workers).Select(t => new Thread(Work) { IsBackground = true, Name = "parley-draws-" + t })];
        foreach (Thread t in pool)
        {
            t.Start();
        }

        foreach (Thread t in pool)
        {
            t.Join();
        }

        return Finish(failure, guard, total);
    }

    private static Tally Finish(Exception? failure, WorkGuard guard, Tally total)
    {
        if (failure is OperationCanceledException cancelled)
        {
            throw new OperationCanceledException("the Monte Carlo run was cancelled", cancelled, guard.Cancellation);
        }

        if (failure is WorkRefusedException refused)
        {
            throw new WorkRefusedException(refused.Message, refused);
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("a Monte Carlo draw failed: " + failure.Message, failure);
        }

        return total;
    }
}
