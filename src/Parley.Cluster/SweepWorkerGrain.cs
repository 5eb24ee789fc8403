using Orleans.Placement;
using Parley.Core.Analyses;

namespace Parley.Cluster;

/// <summary>A work item's answer from a silo: its tally, or why the item could not be run (never retried).</summary>
[GenerateSerializer]
[Alias("parley.work-result")]
public sealed record WorkResult
{
    /// <summary>The item's tally (JSON), when it ran.</summary>
    [Id(0)]
    public string? Tally { get; init; }

    /// <summary>The silo that ran it.</summary>
    [Id(1)]
    public required string Worker { get; init; }

    /// <summary>Why it did not run (an item the analysis could not replay here).</summary>
    [Id(2)]
    public string? Error { get; init; }
}

/// <summary>Runs one sweep work item (one grain per dispatch of an item, placed on the silo with the fewest activations).</summary>
[Alias("parley.sweep-worker")]
public interface ISweepWorker : IGrainWithStringKey
{
    /// <summary>Runs the item (JSON of a <see cref="SweepItem"/>).</summary>
    /// <param name="item">The item.</param>
    [Alias("run")]
    Task<WorkResult> Run(string item);
}

/// <summary>
/// The grain behind <see cref="ISweepWorker"/>: runs the item on the thread pool (its draws use every core of the silo's
/// machine), says on the silo's log when it starts and ends, and deactivates once done. A failure of the item itself comes
/// back as <see cref="WorkResult.Error"/>; only a failure of the cluster (a silo lost) reaches the caller as an exception.
/// </summary>
[ActivationCountBasedPlacement]
internal sealed class SweepWorkerGrain(WorkerLog log) : Grain, ISweepWorker
{
    /// <summary>Set to a number of milliseconds to make this silo wait that long before each item (tests only).</summary>
    public const string PauseVariable = "PARLEY_WORKER_PAUSE_MS";

    private static readonly int PauseMs = int.TryParse(Environment.GetEnvironmentVariable(PauseVariable), out int ms) ? Math.Clamp(ms, 0, 600_000) : 0;

    public async Task<WorkResult> Run(string item)
    {
        string worker = RuntimeIdentity;
        SweepItem parsed;
        try
        {
            parsed = SweepItem.FromJson(item);
        }
        catch (FormatException e)
        {
            DeactivateOnIdle();
            return new WorkResult { Worker = worker, Error = e.Message };
        }

        log.Write($"started item {parsed.Sweep}/{parsed.Key}");
        try
        {
            if (PauseMs > 0)
            {
                // a test hook: a silo that holds its items long enough to be killed with them unfinished
                await Task.Delay(PauseMs).ConfigureAwait(true);
            }

            string tally = await Task.Run(() => Sweep.RunItem(parsed)).ConfigureAwait(true);
            log.Write($"finished item {parsed.Sweep}/{parsed.Key}");
            return new WorkResult { Tally = tally, Worker = worker };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or Parley.Core.Domain.WorkRefusedException)
        {
            log.Write($"refused item {parsed.Sweep}/{parsed.Key}: {e.Message}");
            return new WorkResult { Worker = worker, Error = e.Message };
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}

/// <summary>Where a silo says what it does (its standard error, in <c>parley worker</c>).</summary>
/// <param name="writer">The writer.</param>
public sealed class WorkerLog(TextWriter writer)
{
    private readonly object gate = new();

    /// <summary>Writes one line with the time.</summary>
    /// <param name="line">The line.</param>
    public void Write(string line)
    {
        lock (gate)
        {
            writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            writer.Flush();
        }
    }
}
