namespace Parley.Core.Negotiation;

/// <summary>
/// How the mediator drafts and amends a single negotiating text, working only from its view: its own
/// utilities, the parties' public numbers and its beliefs about their private ones.
/// </summary>
public static class MediatorText
{
    /// <summary>
    /// The first text: among the candidates within the mediator's own red lines that it believes every party
    /// accepts (within their believed red lines, at or above their believed reservation values), the one
    /// with the largest product of believed gains, its own included (a Nash solution on beliefs). When it
    /// believes no candidate is acceptable to all, it opens with its own best and lets the answers guide it.
    /// </summary>
    /// <param name="view">The mediator's view.</param>
    public static int[] Initial(NegotiatorView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        int others = view.Parties.Count - 1;
        int[]? best = null;
        double score = double.NegativeInfinity;
        foreach (int[] c in view.Candidates)
        {
            if (!view.WithinMyRedLines(c))
            {
                continue;
            }

            (int count, double product) = Believed(view, c);
            if (count == others && product > 0 && product > score)
            {
                score = product;
                best = c;
            }
        }

        return best ?? Offers.Best(view);
    }

    /// <summary>How many other parties the mediator believes accept a text, and the product of all believed gains.</summary>
    /// <param name="view">The mediator's view.</param>
    /// <param name="text">A package.</param>
    public static (int Count, double Product) Believed(NegotiatorView view, int[] text)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(text);
        int count = 0;
        double product = Math.Max(0, view.MyUtility(text) - view.MyReservation);
        foreach (string p in view.Parties)
        {
            if (p == view.Self)
            {
                continue;
            }

            double r = view.BelievedReservation(p), u = view.EstimatedUtility(p, text);
            if (view.BelievedAcceptable(p, text) && u >= r)
            {
                count++;
            }

            product *= Math.Max(0, u - r);
        }

        return (count, product);
    }

    /// <summary>
    /// The issue that blocks a party, from its own view: the first issue beyond its red lines, else the
    /// issue where moving the text one level towards its position would gain it the most.
    /// </summary>
    /// <param name="view">The rejecting party's view.</param>
    /// <param name="text">The text.</param>
    /// <param name="open">Issues on the table now (null: all).</param>
    public static string? BlockingIssue(NegotiatorView view, int[] text, bool[]? open = null) => Blocking(view, text, open).Issue;

    /// <summary>
    /// The issue that blocks a party, as <see cref="BlockingIssue"/>, and whether it names it because the text is beyond its
    /// red line there (a hard limit: the mediator gives that pull precedence over others on the same issue).
    /// </summary>
    /// <param name="view">The rejecting party's view.</param>
    /// <param name="text">The text.</param>
    /// <param name="open">Issues on the table now (null: all).</param>
    public static (string? Issue, bool RedLine) Blocking(NegotiatorView view, int[] text, bool[]? open = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(text);
        int[] probe = (int[])text.Clone();
        string? best = null;
        double gain = 0;
        for (int d = 0; d < text.Length; d++)
        {
            int step = Toward(view, view.Self, d, text[d]);
            if (step == text[d] || (open is not null && !open[d]))
            {
                continue;
            }

            probe[d] = step;
            double g = view.MyUtility(probe) - view.MyUtility(text);
            bool fixesLine = !view.WithinMyRedLines(text) && view.WithinMyRedLines(probe);
            probe[d] = text[d];
            if (fixesLine)
            {
                return (view.Issues[d].Id, true);
            }

            if (g > gain)
            {
                gain = g;
                best = view.Issues[d].Id;
            }
        }

        return (best, false);
    }

    /// <summary>
    /// The amended text: each blocked issue moves one level towards the public positions of the parties that named it, by the
    /// balance of their pulls (two parties pulling one issue in opposite directions cancel out, and the issue stays) — except
    /// that a pull named because the text is beyond the party's red line outweighs every other pull on that issue (a red line
    /// is a hard limit; a preference is not).
    /// </summary>
    /// <param name="view">The mediator's view.</param>
    /// <param name="text">The current text.</param>
    /// <param name="blocks">Rejecting parties, the issue each named, and whether it named it for a red line.</param>
    /// <param name="held">Issues the mediator holds and no longer amends (null: none).</param>
    public static int[] Amend(NegotiatorView view, int[] text, IReadOnlyList<(string Party, string? Issue, bool RedLine)> blocks, IReadOnlyList<bool>? held = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(blocks);
        var pull = new int[text.Length];
        var hard = new int[text.Length];
        var hardCount = new int[text.Length];
        foreach ((string party, string? issue, bool redLine) in blocks)
        {
            int d = issue is null ? -1 : IndexOf(view, issue);
            if (d < 0 || (held is not null && held[d]))
            {
                continue;
            }

            int sign = Math.Sign(Toward(view, party, d, text[d]) - text[d]);
            pull[d] += sign;
            if (redLine)
            {
                hard[d] += sign;
                hardCount[d]++;
            }
        }

        int[] next = (int[])text.Clone();
        for (int d = 0; d < next.Length; d++)
        {
            // red-line pulls decide when there are any (if they cancel, the issue stays: a preference may not push the text
            // further past someone's red line); otherwise the balance of the preferences
            int move = hardCount[d] > 0 ? Math.Sign(hard[d]) : Math.Sign(pull[d]);
            next[d] = Math.Clamp(text[d] + move, 0, view.LevelCount(d) - 1);
        }

        return next;
    }

    /// <summary>The amended text for blocks that name no red line (<see cref="Amend(NegotiatorView, int[], IReadOnlyList{ValueTuple{string, string, bool}}, IReadOnlyList{bool})"/>).</summary>
    /// <param name="view">The mediator's view.</param>
    /// <param name="text">The current text.</param>
    /// <param name="blocks">Rejecting parties and the issue each named.</param>
    public static int[] Amend(NegotiatorView view, int[] text, IReadOnlyList<(string Party, string? Issue)> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return Amend(view, text, [.. blocks.Select(b => (b.Party, b.Issue, false))]);
    }

    /// <summary>
    /// Settles the issues on which an amendment went back to a text already tabled: for each issue where the current text and
    /// the amended one differ, the mediator considers both levels and any level between them, and keeps the combination it
    /// believes best for everyone — the most parties believed to accept, then the largest product of believed gains (a Nash
    /// solution on its beliefs, <see cref="Believed"/>), then the combination nearest the current text. Those issues are then
    /// held. Returns the settled text and the issues settled.
    /// </summary>
    /// <param name="view">The mediator's view.</param>
    /// <param name="text">The current text.</param>
    /// <param name="amended">The amendment that returned to an earlier text.</param>
    public static (int[] Text, int[] Settled) Settle(NegotiatorView view, int[] text, int[] amended)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(amended);
        int[] issues = [.. Enumerable.Range(0, text.Length).Where(d => text[d] != amended[d])];

        // the levels from one text's to the other's on each contested issue. The combinations are capped: beyond 4,096 (more
        // than 12 contested issues, or wide steps) the mediator weighs only the two texts and each single issue moved from the
        // current text to the amended one, so no step can grow with the number of parties
        int[][] choices = [.. issues.Select(d => Between(text[d], amended[d]))];
        long combos = 1;
        foreach (int[] c in choices)
        {
            combos = Math.Min(long.MaxValue / 64, combos * c.Length);
        }

        if (combos > 4096)
        {
            return Few(view, text, amended, issues);
        }

        int[] probe = (int[])text.Clone(), best = (int[])text.Clone();
        (int Count, double Product, int Distance) bestScore = (-1, double.NegativeInfinity, int.MaxValue);
        var index = new int[issues.Length];
        while (true)
        {
            int distance = 0;
            for (int i = 0; i < issues.Length; i++)
            {
                probe[issues[i]] = choices[i][index[i]];
                distance += Math.Abs(probe[issues[i]] - text[issues[i]]);
            }

            if (view.WithinMyRedLines(probe))
            {
                (int count, double product) = Believed(view, probe);
                bool better = count > bestScore.Count
                    || (count == bestScore.Count && (product > bestScore.Product + 1e-12 || (Math.Abs(product - bestScore.Product) <= 1e-12 && distance < bestScore.Distance)));
                if (better)
                {
                    bestScore = (count, product, distance);
                    Array.Copy(probe, best, probe.Length);
                }
            }

            int j = 0;
            while (j < issues.Length && ++index[j] == choices[j].Length)
            {
                index[j] = 0;
                j++;
            }

            if (j == issues.Length)
            {
                break;
            }
        }

        return (best, issues);
    }

    private static (int[] Text, int[] Settled) Few(NegotiatorView view, int[] text, int[] amended, int[] issues)
    {
        var candidates = new List<int[]> { (int[])text.Clone(), (int[])amended.Clone() };
        foreach (int d in issues)
        {
            int[] one = (int[])text.Clone();
            one[d] = amended[d];
            candidates.Add(one);
        }

        int[] best = text;
        (int Count, double Product) score = (-1, double.NegativeInfinity);
        foreach (int[] c in candidates.Where(c => view.WithinMyRedLines(c)))
        {
            (int count, double product) = Believed(view, c);
            if (count > score.Count || (count == score.Count && product > score.Product + 1e-12))
            {
                score = (count, product);
                best = c;
            }
        }

        return ((int[])best.Clone(), issues);
    }

    private static int[] Between(int a, int b)
    {
        int lo = Math.Min(a, b), hi = Math.Max(a, b);
        return [.. Enumerable.Range(lo, hi - lo + 1)];
    }

    private static int Toward(NegotiatorView view, string actor, int d, int level)
    {
        double target = view.PublicPosition(actor, d);
        double here = view.LevelValue(d, level);
        if (Math.Abs(target - here) < 1e-9)
        {
            return level;
        }

        return target > here ? Math.Min(level + 1, view.LevelCount(d) - 1) : Math.Max(level - 1, 0);
    }

    private static int IndexOf(NegotiatorView view, string issue)
    {
        for (int d = 0; d < view.Issues.Count; d++)
        {
            if (view.Issues[d].Id == issue)
            {
                return d;
            }
        }

        return -1;
    }
}
