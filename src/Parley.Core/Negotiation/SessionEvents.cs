using Parley.Core.Domain;
using Parley.Core.Randomness;

namespace Parley.Core.Negotiation;

/// <summary>
/// A session's schedule of the scenario's events: which fire in this run (each drawn against its probability) and
/// when (a fixed step, a step drawn from its range, or the first step at which its condition holds). The draws come
/// from each event's own stream (the session's seed mixed with a constant and the event's id), never from the stream
/// the war and the beliefs use, so that a scenario without events gives exactly what it gave before, and one event's
/// draws do not depend on the others.
/// </summary>
internal sealed class SessionEvents
{
    /// <summary>Mixed into the session's seed for the events stream.</summary>
    internal const ulong StreamSalt = 0xE7E9_75E5_A1B2_C3D4UL;

    private readonly IReadOnlyList<TalkEvent> events;
    private readonly bool[] happens;
    private readonly int[] step;
    private readonly bool[] done;
    private readonly Dictionary<string, int> firedAt = new(StringComparer.Ordinal);

    public SessionEvents(IReadOnlyList<TalkEvent> events, ulong seed)
    {
        this.events = events;
        happens = new bool[events.Count];
        step = new int[events.Count];
        done = new bool[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            // each event draws from its own stream, keyed by its id: adding, removing or reordering other events (a
            // variant's 'remove: [events.X]') leaves its draws as they were; one draw for whether, one for a range's step
            var rng = new RandomSource(seed ^ StreamSalt ^ IdKey(events[i].Id));
            double u = rng.NextDouble();
            happens[i] = events[i].Probability is not Quantity p || u < p.Value;
            EventTiming timing = events[i].Timing;
            step[i] = timing switch
            {
                { At: int at } => at,
                { Range: (int a, int b) } => a + rng.NextInt(b - a + 1),
                _ => -1,
            };
        }
    }

    /// <summary>A stable 64-bit key of an id (FNV-1a over its UTF-8 bytes; string hash codes differ from run to run).</summary>
    private static ulong IdKey(string id)
    {
        ulong h = 0xCBF2_9CE4_8422_2325UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(id))
        {
            h = (h ^ b) * 0x0000_0100_0000_01B3UL;
        }

        return h;
    }

    // the party walking out now, while the events that wait for it are looked at
    private string? walkedOut;

    /// <summary>
    /// A party walks out now: the events of this run that wait for its walk-out fire (in file order). True when one did, and
    /// the talks go on; false when none waits for it or none happens in this run, and the walk-out ends the talks.
    /// </summary>
    public bool WalkOut(Session session, string party)
    {
        // only an event that waits for this walk-out keeps the talks going (others due now fire too, as they would have)
        int before = walkOutsFired;
        walkedOut = party;
        FireDue(session);
        walkedOut = null;
        return walkOutsFired > before;
    }

    private int walkOutsFired;

    /// <summary>Fires, in file order, every event due at the session's current step.</summary>
    public void FireDue(Session session)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (done[i] || !happens[i])
            {
                continue;
            }

            TalkEvent e = events[i];
            bool due = step[i] >= 0 ? step[i] == session.Time : e.Timing switch
            {
                { PrevailBelow: double x } => session.PrevailNow < x,
                { PrevailAbove: double x } => session.PrevailNow > x,
                { Agreed: string issue } => session.Holds(issue),
                { After: (string other, int steps) } => firedAt.TryGetValue(other, out int t) && session.Time >= t + steps,
                { WalkedOut: string who } => walkedOut == who,
                _ => false,
            };
            if (due)
            {
                walkOutsFired += e.Timing.WalkedOut is null ? 0 : 1;
                done[i] = true;
                firedAt[e.Id] = session.Time;
                session.Fire(e);
            }
        }
    }
}
