using System.Text.Json.Serialization;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Negotiation;

namespace Parley.Core.Analyses;

/// <summary>A strategy tournament: the request.</summary>
public sealed record TournamentRequest : AnalysisRequest
{
    /// <summary>The variant to apply, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The strategies that compete (empty: every strategy the engine has).</summary>
    public IReadOnlyList<string> Strategies { get; init; } = [];

    /// <summary>The protocols played (empty: the table's default).</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    /// <summary>Seeds per pairing (each run of a pairing on its own seed: the base seed plus 0, 1, …).</summary>
    public int Seeds { get; init; } = TournamentAnalysis.DefaultSeeds;

    /// <summary>The base seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The last time step of each session.</summary>
    public int Deadline { get; init; } = 24;

    /// <summary>Worker threads (null: all cores; the result does not depend on it).</summary>
    public int? Threads { get; init; }
}

/// <summary>One strategy's record over the tournament.</summary>
/// <param name="Strategy">Its name.</param>
/// <param name="Runs">Sessions it played.</param>
/// <param name="AgreementRate">Share of its sessions that reached an agreement.</param>
/// <param name="AgreementInterval">90% interval of that share (Wilson).</param>
/// <param name="Utility">Mean utility of the seat it played (its alternative when there was no agreement).</param>
/// <param name="Gain">Mean gain of that seat over its alternative.</param>
/// <param name="WelfareLoss">Mean welfare lost against the signatories' utilitarian package (their summed utility), or null without a zone.</param>
/// <param name="NashLoss">Mean Nash product lost against the signatories' Nash package (the product of their gains), or null without a zone.</param>
/// <param name="Rank">Median rank by gain over the seeds (1: best).</param>
/// <param name="RankRange">10th and 90th percentile of that rank over the seeds.</param>
public sealed record TournamentEntry(string Strategy, int Runs, double AgreementRate, IReadOnlyList<double> AgreementInterval, double Utility, double Gain,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? WelfareLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NashLoss,
    double Rank, IReadOnlyList<double> RankRange);

/// <summary>
/// A strategy tournament (<c>parley tournament</c>): each strategy in turn takes each seat while the other seats keep the
/// scenario's own strategies (or, with two parties at the table, every ordered pair of strategies), on each protocol and
/// each seed; per strategy, the agreement rate, the seat's utility and gain, the losses against the utilitarian and Nash
/// packages, and its rank with an interval over the seeds.
/// </summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Variant">The variant applied, or null.</param>
/// <param name="Field">How the strategies met: "each seat" or "ordered pairs".</param>
/// <param name="Seats">The seats played.</param>
/// <param name="Protocols">The protocols played.</param>
/// <param name="Seeds">Seeds per pairing.</param>
/// <param name="Seed">The base seed.</param>
/// <param name="Runs">Sessions played in all.</param>
/// <param name="Entries">The strategies, best rank first.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record TournamentOutcome(
    string Scenario,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Variant,
    string Field,
    IReadOnlyList<string> Seats,
    IReadOnlyList<string> Protocols,
    int Seeds,
    ulong Seed,
    int Runs,
    IReadOnlyList<TournamentEntry> Entries,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult;

/// <summary>A tournament's figures in words, as every output writes them.</summary>
public static class TournamentText
{
    /// <summary>What the columns mean.</summary>
    public static string Legend { get; } = "Rank: median over the seeds of the strategy's rank by mean gain (1: best), with the 10th-90th percentile; agreements: share of its sessions with an agreement [90% interval]; utility and gain: of the seat it played, as the session ended (its alternative then when there was no agreement; side-deal transfers included); welfare lost: the signatories' summed utility short of their utilitarian package, and Nash product lost: the product of their gains short of their Nash package, both scored on the starting utilities and alternatives (below zero: an agreement outside the starting zone that the talks made acceptable; 'no zone': the signatories start without one). In a scenario with no uncertain input, dynamics or events, every seed gives the same sessions, so the intervals there are too narrow.";

    /// <summary>A loss, or "no zone".</summary>
    /// <param name="loss">The loss, or null.</param>
    /// <param name="format">The number's format.</param>
    public static string Loss(double? loss, string format) => loss is double x ? x.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "no zone";

    /// <summary>The rank with its interval: "2 [1–3]".</summary>
    /// <param name="e">The entry.</param>
    public static string Rank(TournamentEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.Rank:0.#} [{e.RankRange[0]:0.#}–{e.RankRange[1]:0.#}]");
    }

    /// <summary>The agreement rate with its interval: "62% [55%–68%]".</summary>
    /// <param name="e">The entry.</param>
    public static string Agreements(TournamentEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.AgreementRate:0%} [{e.AgreementInterval[0]:0%}–{e.AgreementInterval[1]:0%}]");
    }
}

/// <summary>Runs strategy tournaments on a scenario's table (the deal space built once; the sessions in parallel, merged in a fixed order).</summary>
public static class TournamentAnalysis
{
    /// <summary>Seeds per pairing unless the request says otherwise.</summary>
    public const int DefaultSeeds = 10;

    /// <summary>The most sessions one tournament may play.</summary>
    public const int MaxRuns = 200_000;

    /// <summary>Plays the tournament.</summary>
    /// <param name="request">The field, protocols and seeds.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<TournamentOutcome> Run(TournamentRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        context ??= AnalysisContext.None;
        if (set.Resolve(request.Variant, out IReadOnlyList<Scenarios.Diagnostic> problems) is not { } varied)
        {
            return AnalysisOutcome<TournamentOutcome>.Fail([.. problems]);
        }

        string[] seats = [.. NegotiationAnalysis.DefaultTable(varied)];
        // backward induction solves two-party games only: at a larger table it sits the tournament out unless asked for
        string[] strategies = request.Strategies.Count == 0 ? [.. StrategyRegistry.Names.Where(n => seats.Length == 2 || n != "backward-induction")] : [.. request.Strategies.Distinct(StringComparer.Ordinal)];
        string[] protocols = request.Protocols.Count == 0 ? [NegotiationAnalysis.DefaultProtocol(varied, seats)] : [.. request.Protocols.Distinct(StringComparer.Ordinal)];
        string? bad = strategies.FirstOrDefault(s => !StrategyRegistry.Names.Contains(s)) is string unknown ? $"--strategies: '{unknown}' is not a strategy (known: {string.Join(", ", StrategyRegistry.Names)})"
            : protocols.FirstOrDefault(p => !Session.Protocols.Contains(p)) is string up ? $"--protocols: '{up}' is not a protocol (known: {string.Join(", ", Session.Protocols)})"
            : protocols.FirstOrDefault(p => p != "alternating-offers" && (varied.Channels.Mediator is not string m || !seats.Contains(m))) is string needs ? $"--protocols: {needs} needs the scenario's mediator at the table"
            : seats.Length > 2 && strategies.Contains("backward-induction") ? $"--strategies: backward-induction plays two-party talks only; this table seats {seats.Length} ({string.Join(", ", seats)})"
            : request.Seeds is < 1 or > 10_000 ? "--seeds must be 1 to 10000"
            : strategies.Length < 2 ? "--strategies: a tournament needs two or more strategies"
            : seats.Length < 2 ? $"the table seats {seats.Length} actor(s); a tournament needs two"
            : Limits.Deadline(request.Deadline) ?? (request.Threads is < 1 ? "--threads must be 1 or more" : null);
        if (bad is not null)
        {
            return AnalysisOutcome<TournamentOutcome>.Refuse(bad);
        }

        Scenario s = Coordination.Before(varied);
        DealSpace space = DealSpace.Build(s, ScenarioOptions.Deal(s));
        int[] parties = [.. seats.Select(space.IndexOf)];
        string[] own = [.. seats.Select(id => NegotiationAnalysis.StrategyOf(s, new Dictionary<string, string>(), id))];

        // the field: (the strategy scored, the seat it plays, the strategy of every seat)
        var pairings = new List<(int Scored, int Seat, string[] Play)>();
        bool pairs = seats.Length == 2;
        for (int i = 0; i < strategies.Length; i++)
        {
            for (int k = 0; k < seats.Length; k++)
            {
                if (pairs)
                {
                    foreach (string opponent in strategies)
                    {
                        string[] play = new string[2];
                        play[k] = strategies[i];
                        play[1 - k] = opponent;
                        pairings.Add((i, k, play));
                    }
                }
                else
                {
                    string[] play = (string[])own.Clone();
                    play[k] = strategies[i];
                    pairings.Add((i, k, play));
                }
            }
        }

        long total = (long)pairings.Count * protocols.Length * request.Seeds;
        if (total > MaxRuns)
        {
            return AnalysisOutcome<TournamentOutcome>.Refuse($"the tournament would play {total:N0} sessions, more than {MaxRuns:N0}; play fewer strategies, protocols or --seeds");
        }

        // the references every outcome is measured against: the utilitarian and Nash packages of the signatories at the
        // table (as 'parley analyze' takes them), and each outcome scored on the same basis: the starting utility tables
        // and alternatives (a transfer in a side deal, or an alternative that moved during the talks, is not counted)
        int[] signers = [.. s.Signatories().Select(space.IndexOf).Where(parties.Contains)];
        Solution? utilitarian = signers.Length >= 2 ? TableDeal.Find(space, signers, "utilitarian") : null;
        Solution? nash = signers.Length >= 2 ? TableDeal.Find(space, signers, "nash") : null;
        double bestWelfare = utilitarian is null ? double.NaN : signers.Sum(a => utilitarian.Utilities[a]);
        double bestProduct = nash is null ? double.NaN : Product(signers.Select(a => nash.Gains[a]));

        // every session reads the same public estimates: fill them once, before the workers start
        _ = PublicEstimates.For(space, parties);
        // a session is a strategy for every seat: the field meets some twice (the pair [i, j] scores i in one seat and j in
        // the other; a strategy in the seat whose actor already plays it is the scenario as written), so each distinct
        // session is played once per protocol and seed, and read for every pairing that meets in it
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        var plays = new List<string[]>();
        int[] playOf = new int[pairings.Count];
        for (int p = 0; p < pairings.Count; p++)
        {
            string key = string.Join('\n', pairings[p].Play);
            if (!distinct.TryGetValue(key, out int at))
            {
                distinct[key] = at = plays.Count;
                plays.Add(pairings[p].Play);
            }

            playOf[p] = at;
        }

        int perPlay = protocols.Length * request.Seeds;
        long sessions = (long)plays.Count * perPlay;
        int np = parties.Length;
        Action<long>? progress = sessions >= 50 ? context.Reporter("tournament", sessions) : null;
        WorkGuard guard = WorkGuard.Current;
        Experiments.Tally tally = Experiments.DrawWorkers.Run(
            "tournament",
            sessions,
            request.Threads,
            t => (Agreed: t.Values("agreed", sessions), Utility: t.Values("utility", sessions * np), Reservation: t.Values("reservation", sessions * np), Welfare: t.Values("welfare", sessions), Product: t.Values("product", sessions)),
            (w, n) =>
            {
                guard.Check();
                context.Cancellation.ThrowIfCancellationRequested();
                string[] play = plays[(int)(n / perPlay)];
                int rest = (int)(n % perPlay);
                IStrategy[] players = [.. seats.Select((id, k) => StrategyRegistry.Create(play[k], StrategyRegistry.ScenarioParameter(s.FindActor(id)!, play[k])?.Value))];
                var session = new Session(space, parties, players, new SessionSettings { Deadline = request.Deadline, Seed = request.Seed + (ulong)(rest % request.Seeds) });
                SessionResult r = session.Run(protocols[rest / request.Seeds]);
                double welfare = 0, product = 1;
                foreach (int a in signers)
                {
                    double u = r.Agreement is null ? space.Reservation[a] : space.Utility(a, r.Agreement);
                    welfare += u;
                    product *= Math.Max(0, u - space.Reservation[a]);
                }

                Experiments.Tally.Set(w.Agreed, n, r.Agreement is null ? 0 : 1);
                for (int k = 0; k < np; k++)
                {
                    Experiments.Tally.Set(w.Utility, (n * np) + k, r.Utility[k]);
                    Experiments.Tally.Set(w.Reservation, (n * np) + k, r.Reservation[k]);
                }

                Experiments.Tally.Set(w.Welfare, n, welfare);
                Experiments.Tally.Set(w.Product, n, product);
            },
            progress);
        long[] tAgreed = tally.Values("agreed", sessions), tUtility = tally.Values("utility", sessions * np), tReservation = tally.Values("reservation", sessions * np),
            tWelfare = tally.Values("welfare", sessions), tProduct = tally.Values("product", sessions);

        var results = new (bool Agreed, double Utility, double Gain, double Welfare, double Product)[total];
        for (long n = 0; n < total; n++)
        {
            int p = (int)(n / perPlay);
            long x = ((long)playOf[p] * perPlay) + (n % perPlay);
            int seat = pairings[p].Seat;
            double u = Experiments.Tally.Get(tUtility, (x * np) + seat);
            results[n] = (Experiments.Tally.Get(tAgreed, x) == 1, u, u - Experiments.Tally.Get(tReservation, (x * np) + seat), Experiments.Tally.Get(tWelfare, x), Experiments.Tally.Get(tProduct, x));
        }

        // per strategy, and per strategy and seed (for the rank's interval)
        int perStrategy = (int)(total / strategies.Length);
        var entries = new List<TournamentEntry>();
        var gainBySeed = new double[strategies.Length, request.Seeds];
        var countBySeed = new int[strategies.Length, request.Seeds];
        var agreed = new long[strategies.Length];
        var utility = new double[strategies.Length];
        var gain = new double[strategies.Length];
        var welfareLoss = new double[strategies.Length];
        var nashLoss = new double[strategies.Length];
        bool zone = !double.IsNaN(bestWelfare) && !double.IsNaN(bestProduct);
        for (long n = 0; n < total; n++)
        {
            int p = (int)(n / (protocols.Length * request.Seeds));
            int seed = (int)(n % (protocols.Length * request.Seeds)) % request.Seeds;
            int i = pairings[p].Scored;
            var x = results[n];
            agreed[i] += x.Agreed ? 1 : 0;
            utility[i] += x.Utility;
            gain[i] += x.Gain;
            welfareLoss[i] += double.IsNaN(bestWelfare) ? 0 : bestWelfare - x.Welfare;
            nashLoss[i] += double.IsNaN(bestProduct) ? 0 : bestProduct - x.Product;
            gainBySeed[i, seed] += x.Gain;
            countBySeed[i, seed]++;
        }

        // each seed ranks the strategies by their mean gain under it (ties share the better rank)
        var ranks = new double[strategies.Length][];
        for (int i = 0; i < strategies.Length; i++)
        {
            ranks[i] = new double[request.Seeds];
        }

        for (int seed = 0; seed < request.Seeds; seed++)
        {
            for (int i = 0; i < strategies.Length; i++)
            {
                double mine = gainBySeed[i, seed] / countBySeed[i, seed];
                int better = 0;
                for (int j = 0; j < strategies.Length; j++)
                {
                    if (gainBySeed[j, seed] / countBySeed[j, seed] > mine + 1e-12)
                    {
                        better++;
                    }
                }

                ranks[i][seed] = better + 1;
            }
        }

        for (int i = 0; i < strategies.Length; i++)
        {
            Array.Sort(ranks[i]);
            (double lo, double hi) = new Proportion(agreed[i], perStrategy).Interval90;
            entries.Add(new TournamentEntry(
                strategies[i],
                perStrategy,
                (double)agreed[i] / perStrategy,
                [lo, hi],
                utility[i] / perStrategy,
                gain[i] / perStrategy,
                zone ? welfareLoss[i] / perStrategy : null,
                zone ? nashLoss[i] / perStrategy : null,
                Quantiles.Of(ranks[i], 0.5),
                [Quantiles.Of(ranks[i], 0.1), Quantiles.Of(ranks[i], 0.9)]));
        }

        return AnalysisOutcome<TournamentOutcome>.Ok(new TournamentOutcome(
            varied.Name,
            varied.AppliedVariant,
            pairs ? "ordered pairs" : "each seat",
            seats,
            protocols,
            request.Seeds,
            request.Seed,
            (int)total,
            [.. entries.OrderBy(e => e.Rank).ThenByDescending(e => e.Gain).ThenBy(e => e.Strategy, StringComparer.Ordinal)],
            varied.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }

    private static double Product(IEnumerable<double> gains)
    {
        double p = 1;
        foreach (double g in gains)
        {
            p *= Math.Max(0, g);
        }

        return p;
    }

}
