using System.Collections.Concurrent;
using Parley.Core.Analyses;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

/// <summary>
/// Sweeps: every kind of Monte Carlo analysis cut into work items, run through JSON as on another machine, and merged,
/// gives the bytes the analysis gives in one piece, whatever the number of items, threads and their order; a sweep run
/// again reuses what its ledger holds; an item counted twice is refused.
/// </summary>
public sealed class SweepTests
{
    private static readonly Lazy<ScenarioSet> Set = new(() => Engine.Load([Flagship.File]).Set ?? throw new InvalidOperationException("the flagship does not load"));

    public static TheoryData<string, AnalysisRequest> Requests() => new()
    {
        { "forecast", new ForecastRequest { Model = "all", Draws = 150, Seed = 7 } },
        { "deal space", new DealRequest { Variant = TestPaths.WithZone, Draws = 40, Seed = 3, Step = 25 } },
        { "talks", new NegotiationRequest { Variant = TestPaths.WithZone, Draws = 30, Seed = 5, Step = 25 } },
        { "durability", new DurabilityRequest { Variant = TestPaths.WithZone, Draws = 300, Seed = 2, Years = 2 } },
        { "tournament", new TournamentRequest { Variant = TestPaths.WithZone, Strategies = ["conceder", "boulware"], Seeds = 2, Deadline = 12 } },
    };

    private static string Json(AnalysisOutcome<AnalysisResult> outcome)
    {
        Assert.True(outcome.Result is not null, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return ParleyJson.SerializeResult(outcome.Result!);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_sweep_gives_the_bytes_of_the_analysis_in_one_piece(string what, AnalysisRequest request)
    {
        string whole = Json(Engine.Run(request, Set.Value));
        foreach (int slices in new[] { 1, 3, 7 })
        {
            var executor = new ShuffledExecutor(slices);
            string swept = Json(Sweep.Run(request, Set.Value, new SweepSettings { Slices = slices, Executor = executor }, out SweepSummary summary));
            Assert.True(whole == swept, $"{what} over {slices} items per call differs from the analysis in one piece");
            Assert.True(summary.Calls >= 1, $"{what} made no Monte Carlo call");
            Assert.True(executor.Items > 0);
        }
    }

    [Fact]
    public void A_sweep_run_again_reuses_the_items_its_ledger_holds_and_redoes_none()
    {
        var request = new ForecastRequest { Model = "smp", Draws = 120, Seed = 11 };
        var ledger = new MemoryLedger();
        string whole = Json(Engine.Run(request, Set.Value));

        // the first run stops after three items (as a cancelled or crashed sweep would)
        using var stop = new CancellationTokenSource();
        var failing = new ShuffledExecutor(0) { StopAfter = 3, Stop = stop };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Sweep.Run(request, Set.Value, new SweepSettings { Slices = 6, Executor = failing, Ledger = ledger, Cancellation = stop.Token }, out _));
        Assert.Equal(3, ledger.Count);

        var second = new ShuffledExecutor(1);
        string swept = Json(Sweep.Run(request, Set.Value, new SweepSettings { Slices = 6, Executor = second, Ledger = ledger }, out SweepSummary summary));
        Assert.Equal(whole, swept);
        Assert.Equal(3, summary.Reused);
        Assert.Equal(3, summary.Run);
        Assert.Equal(3, second.Items);

        // a third run finds every item finished and runs none
        var third = new ShuffledExecutor(2);
        Assert.Equal(whole, Json(Sweep.Run(request, Set.Value, new SweepSettings { Slices = 6, Executor = third, Ledger = ledger }, out SweepSummary again)));
        Assert.Equal(0, third.Items);
        Assert.Equal(6, again.Reused);
    }

    [Fact]
    public void An_item_that_finishes_twice_is_counted_once()
    {
        var request = new DealRequest { Variant = TestPaths.WithZone, Draws = 20, Seed = 9, Step = 25 };
        string whole = Json(Engine.Run(request, Set.Value));
        var twice = new ShuffledExecutor(4) { Twice = true };
        Assert.Equal(whole, Json(Sweep.Run(request, Set.Value, new SweepSettings { Slices = 4, Executor = twice }, out SweepSummary summary)));
        Assert.Equal(4, summary.Run);
    }

    [Fact]
    public void A_worker_refuses_an_item_of_an_analysis_that_does_not_replay_the_same_way()
    {
        var request = new ForecastRequest { Model = "smp", Draws = 40, Seed = 1 };
        var capture = new ShuffledExecutor(0);
        Sweep.Run(request, Set.Value, new SweepSettings { Slices = 2, Executor = capture }, out _);
        SweepItem item = capture.Seen[0];
        var wrong = item with { Site = "negotiation" };
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => Sweep.RunItem(wrong));
        Assert.Contains("does not replay the same way", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs items through JSON in a shuffled order, as a cluster would return them.</summary>
    private sealed class ShuffledExecutor(int seed) : ISweepExecutor
    {
        public int Items { get; private set; }

        public int StopAfter { get; init; } = int.MaxValue;

        public CancellationTokenSource? Stop { get; init; }

        public bool Twice { get; init; }

        public List<SweepItem> Seen { get; } = [];

        public string Name => "test";

        public Task RunAsync(IReadOnlyList<SweepItem> items, Action<SweepPiece> finished, CancellationToken cancellation)
        {
            var order = items.ToList();
            var rng = new Random(seed);
            rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
            foreach (SweepItem item in order)
            {
                cancellation.ThrowIfCancellationRequested();
                Seen.Add(item);
                string tally = Sweep.RunItem(SweepItem.FromJson(item.ToJson()));
                Items++;
                finished(new SweepPiece(item.Key, tally, "w" + (Items % 2)));
                if (Twice)
                {
                    finished(new SweepPiece(item.Key, tally, "again"));
                }

                if (Items >= StopAfter)
                {
                    Stop?.Cancel();
                }
            }

            return Task.CompletedTask;
        }
    }

    private sealed class MemoryLedger : ISweepLedger
    {
        private readonly ConcurrentDictionary<string, string> items = new(StringComparer.Ordinal);

        public int Count => items.Count;

        public IReadOnlyDictionary<string, string> Finished(string sweep) =>
            items.Where(kv => kv.Key.StartsWith(sweep + "|", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[(sweep.Length + 1)..], kv => kv.Value, StringComparer.Ordinal);

        public void Begin(string sweep, string request, int slices)
        {
        }

        public void Record(string sweep, SweepPiece piece) => items.TryAdd(sweep + "|" + piece.Key, piece.Tally);
    }
}
