using System.Globalization;
using System.Text;
using Parley.Core.Domain;

namespace Parley.Core.Scenarios;

/// <summary>One number or setting of a scenario, addressed by the same dotted path that variants use.</summary>
/// <param name="Path">E.g. <c>actors.russia.stances.territory.position</c>.</param>
/// <param name="Text">The value as displayed, with its uncertainty.</param>
public sealed record ScenarioFact(string Path, string Text)
{
    /// <summary>The number behind the fact, with its uncertainty and provenance (null for settings and labels).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Quantity? Number { get; init; }
}

/// <summary>A difference between two scenarios at one path.</summary>
/// <param name="Path">The path.</param>
/// <param name="Before">The value in the first scenario, or null when absent there.</param>
/// <param name="After">The value in the second scenario, or null when absent there.</param>
public sealed record FactChange(string Path, string? Before, string? After);

/// <summary>Flattens scenarios into path/value facts and compares them number by number.</summary>
public static class ScenarioFacts
{
    /// <summary>Every number and setting of the scenario, in a stable order.</summary>
    /// <param name="scenario">The scenario.</param>
    public static IReadOnlyList<ScenarioFact> Flatten(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var facts = new List<ScenarioFact>();
        facts.Add(new("scenario.name", scenario.Name));
        Add(facts, "scenario.as_of", scenario.AsOf);
        facts.Add(new("scenario.time_step", scenario.TimeStep));
        foreach (Issue i in scenario.Issues)
        {
            string p = $"issues.{i.Id}";
            facts.Add(new(p + ".name", i.Name));
            if (i.Kind == IssueKind.Discrete)
            {
                facts.Add(new(p + ".options", string.Join(" | ", i.Options) + (i.Ordered ? " (ordered)" : string.Empty)));
            }
            else
            {
                facts.Add(new(p + ".scale", $"[{Num(i.Min)}, {Num(i.Max)}]"));
            }
        }

        foreach (Actor a in scenario.Actors)
        {
            string p = $"actors.{a.Id}";
            facts.Add(new(p + ".name", a.Name));
            facts.Add(new(p + ".role", scenario.Describe(a)));
            Add(facts, p + ".capability", a.Capability);
            Add(facts, p + ".patience", a.Patience);
            Add(facts, p + ".risk_attitude", a.RiskAttitude);
            Add(facts, p + ".credibility", a.Credibility);
            Add(facts, p + ".alternative", a.Alternative);
            if (a.Strategy is string strategy)
            {
                facts.Add(new(p + ".strategy", strategy));
            }

            Add(facts, p + ".strategy_parameter", a.StrategyParameter);
            for (int k = 0; k < a.Linkage.Count; k++)
            {
                facts.Add(new(p + ".linkage." + k.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Linkage[k].ToString()));
            }

            if (a.StrategyTo is string to)
            {
                facts.Add(new(p + ".strategy_to", to));
            }
            foreach (Stance s in a.Stances)
            {
                Issue issue = scenario.FindIssue(s.IssueId)!;
                string sp = $"{p}.stances.{s.IssueId}";
                facts.Add(new(sp + ".position", Describe(s.Position, issue)) { Number = issue.Kind == IssueKind.Continuous ? s.Position : null });
                Add(facts, sp + ".salience", s.Salience);
                if (s.RedLine is RedLine r)
                {
                    string text = r.Bound == RedLineBound.Excludes
                        ? "not " + string.Join(", ", r.Excluded.Select(x => issue.Options[x]))
                        : Describe(r.Limit!, issue);
                    facts.Add(new(sp + ".red_line." + (r.Bound switch { RedLineBound.AtLeast => "at_least", RedLineBound.AtMost => "at_most", _ => "excludes" }), text) { Number = r.Limit });
                }

                if (s.OptionValues is not null)
                {
                    for (int k = 0; k < s.OptionValues.Count; k++)
                    {
                        facts.Add(new($"{sp}.values.{issue.Options[k]}", Num(s.OptionValues[k])));
                    }
                }
            }
        }

        if (scenario.Channels.Mediator is not null)
        {
            facts.Add(new("channels.mediator", scenario.Channels.Mediator));
        }

        foreach ((string a, string b) in scenario.Channels.Links)
        {
            facts.Add(new($"channels.links.{a}-{b}", "linked"));
        }

        Add(facts, "channels.summit_failure", scenario.Channels.SummitFailure);
        if (scenario.Channels.Coordination is { } coordination)
        {
            facts.Add(new("channels.coordination.parties", string.Join(", ", coordination.Parties)));
            Add(facts, "channels.coordination.rate", coordination.Rate);
            facts.Add(new("channels.coordination.rounds", coordination.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (DirectTrack track in scenario.Channels.Tracks)
        {
            facts.Add(new($"channels.tracks.{track.Id}", $"{track.Parties.A} and {track.Parties.B} on {string.Join(", ", track.Issues)}" + (track.OpensWith is string ev ? $", once {ev} fires" : string.Empty)));
        }

        if (scenario.Channels.Escalation is { } escalation)
        {
            facts.Add(new("channels.escalation", $"{escalation.By} against {escalation.On}, price on {escalation.Issue}, at step {escalation.At}, offer {escalation.Steps} step(s) later"));
            Add(facts, "channels.escalation.amount", escalation.Amount);
            Add(facts, "channels.escalation.cost", escalation.Cost);
        }

        if (scenario.Channels.Pressure is { } pressure)
        {
            facts.Add(new("channels.pressure.on", string.Join(", ", pressure.On)));
            Add(facts, "channels.pressure.amount", pressure.Amount);
            Add(facts, "channels.pressure.cost", pressure.Cost);
        }

        if (scenario.Dynamics is Dynamics d)
        {
            facts.Add(new("dynamics.belligerents", $"{d.Belligerents.A}, {d.Belligerents.B}"));
            Add(facts, "dynamics.p_prevail", d.PrevailProbability);
            Add(facts, "dynamics.trend", d.Trend);
            Add(facts, "dynamics.volatility", d.Volatility);
            AddAll(facts, "dynamics.costs.", d.Costs);
            if (d.AfterAgreement is AfterAgreement aa)
            {
                AddAll(facts, "dynamics.after_agreement.rearmament.", aa.Rearmament);
                AddAll(facts, "dynamics.after_agreement.aid.", aa.Aid);
                AddAll(facts, "dynamics.after_agreement.economy.", aa.Economy);
                AddAll(facts, "dynamics.after_agreement.defection.", aa.Defection);
            }
        }

        if (scenario.Agreement is AgreementTerms t)
        {
            facts.Add(new("agreement.type", t.Type.ToString().ToLowerInvariant()));
            foreach (string term in AgreementTerms.TermNames)
            {
                facts.Add(new("agreement." + term, t.Holds(term) ? "true" : "false"));
            }

            facts.Add(new("agreement.mandate", t.Mandate.ToString().ToLowerInvariant()));
            AddAll(facts, "agreement.guarantees.", t.Guarantees);
            AddAll(facts, "agreement.limits.", t.Limits);
            foreach (KeyValuePair<string, IReadOnlyDictionary<string, Quantity>> kv in t.Deterrence)
            {
                AddAll(facts, $"agreement.deterrence.{kv.Key}.", kv.Value);
            }
        }

        foreach (KeyValuePair<string, string> kv in scenario.ModelParameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            facts.Add(new("models." + kv.Key, kv.Value));
        }

        foreach ((string issue, IssueLimit limit) in scenario.Stipulations)
        {
            facts.Add(new("stipulations." + issue, limit.ToString()));
        }

        // events: when each fires, its chance and every change (so 'parley diff' and a variant's changes show them)
        foreach (TalkEvent e in scenario.Events)
        {
            string p = $"events.{e.Id}";
            facts.Add(new(p + ".when", e.Timing.ToString()));
            Add(facts, p + ".probability", e.Probability);
            foreach (VariantChange c in e.Changes.Where(c => c.Amount is not null))
            {
                Add(facts, $"{p}.{(c.Operation == VariantOperation.Set ? "set" : "shift")}.{c.Path}", c.Amount);
            }

            if (e.Seat.Count > 0)
            {
                facts.Add(new(p + ".seat", string.Join(", ", e.Seat)));
            }

            if (e.Unseat.Count > 0)
            {
                facts.Add(new(p + ".unseat", string.Join(", ", e.Unseat)));
            }
        }

        // claims: what each compares and measures (so 'parley diff' shows a claim that changed)
        foreach (Claim c in scenario.Claims)
        {
            string p = $"claims.{c.Id}";
            facts.Add(new(p + ".setting", (c.Variant is null ? string.Empty : $"on {c.Variant}: ") + c.Setting));
            facts.Add(new(p + ".counter", c.Counter.ToString()));
            facts.Add(new(p + ".expects", $"{c.Measure} {(c.Expect == ClaimDirection.Up ? "up" : "down")} through {string.Join(", ", c.Mechanisms)}"));
        }

        return facts;
    }

    /// <summary>The facts that differ between <paramref name="before"/> and <paramref name="after"/>, in path order of appearance.</summary>
    /// <param name="before">The first scenario.</param>
    /// <param name="after">The second scenario.</param>
    public static IReadOnlyList<FactChange> Compare(Scenario before, Scenario after)
    {
        IReadOnlyList<ScenarioFact> a = Flatten(before);
        IReadOnlyList<ScenarioFact> b = Flatten(after);
        var bMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ScenarioFact f in b)
        {
            bMap[f.Path] = f.Text;
        }

        var aPaths = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<FactChange>();
        foreach (ScenarioFact f in a)
        {
            aPaths.Add(f.Path);
            if (!bMap.TryGetValue(f.Path, out string? other))
            {
                changes.Add(new(f.Path, f.Text, null));
            }
            else if (other != f.Text)
            {
                changes.Add(new(f.Path, f.Text, other));
            }
        }

        foreach (ScenarioFact f in b)
        {
            if (!aPaths.Contains(f.Path))
            {
                changes.Add(new(f.Path, null, f.Text));
            }
        }

        return changes;
    }

    /// <summary>Formats a number with its uncertainty, e.g. <c>85 [75, 100]</c> or <c>0.8 ± 0.1</c>.</summary>
    /// <param name="q">The number.</param>
    public static string Describe(Quantity q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var sb = new StringBuilder(Num(q.Value));
        if (q.Range is Interval r)
        {
            sb.Append(CultureInfo.InvariantCulture, $" [{Num(r.Low)}, {Num(r.High)}]");
        }

        if (q.StandardDeviation is double sd)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ± {Num(sd)}");
        }

        return sb.ToString();
    }

    /// <summary>Formats a number on an issue's scale (option labels for discrete issues).</summary>
    /// <param name="q">The number.</param>
    /// <param name="issue">The issue.</param>
    public static string Describe(Quantity q, Issue issue)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Kind == IssueKind.Discrete ? issue.Format(q.Value) : Describe(q);
    }

    private static void Add(List<ScenarioFact> facts, string path, Quantity? q)
    {
        if (q is not null)
        {
            facts.Add(new(path, Describe(q)) { Number = q });
        }
    }

    private static void AddAll(List<ScenarioFact> facts, string prefix, IReadOnlyDictionary<string, Quantity> numbers)
    {
        foreach (KeyValuePair<string, Quantity> kv in numbers)
        {
            Add(facts, prefix + kv.Key, kv.Value);
        }
    }

    private static void Add(List<ScenarioFact> facts, string path, string? text)
    {
        if (text is not null)
        {
            facts.Add(new(path, text));
        }
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
