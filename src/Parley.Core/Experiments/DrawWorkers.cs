using Parley.Core.Domain;

namespace Parley.Core.Experiments;

/// <summary>
/// Runs draws 0 … N−1 on worker threads, each with its own state, and merges the states at the end
/// under a lock. The result does not depend on the thread count as long as merging is order-free
/// (integer counts, fixed-point sums). A failure in any draw stops the others and is rethrown.
/// </summary>
internal static class DrawWorkers
{
    public static void Run<TState>(long draws, int? threads, Func<TState> create, Action<TState, long> draw, Action<TState> merge, Action<long>? progress)
    {
        long next = -1, done = 0;
        var gate = new object();
        Exception? failure = null;
        WorkGuard guard = WorkGuard.Current;
        double since = guard.Elapsed;

        void Work()
        {
            TState state = create();
            try
            {
                while (true)
                {
                    long d = Interlocked.Increment(ref next);
                    if (d >= draws)
                    {
                        break;
                    }

                    draw(state, d);
                    long finished = Interlocked.Increment(ref done);
                    progress?.Invoke(finished);
                    guard.Project(finished, draws, since);
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                Interlocked.Exchange(ref next, draws);
            }

            lock (gate)
            {
                merge(state);
            }
        }

        int workers = Math.Max(1, threads ?? Environment.ProcessorCount);
        Thread[] pool = [.. Enumerable.Range(0, workers).Select(t => new Thread(Work) { IsBackground = true, Name = "parley-draws-" + t })];
        foreach (Thread t in pool)
        {
            t.Start();
        }

        foreach (Thread t in pool)
        {
            t.Join();
        }

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
    }
}

/// <summary>Adding count tables element by element.</summary>
internal static class Counts
{
    public static void Add(long[][] into, long[][] from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            for (int l = 0; l < into[i].Length; l++)
            {
                into[i][l] += from[i][l];
            }
        }
    }
}
