using Parley.Core.Domain;

namespace Parley.Core.Scenarios;

/// <summary>
/// A number one party cannot see: another actor's private number (or a private number nobody owns), as the viewer's
/// scenario holds it instead.
/// </summary>
/// <param name="Owner">The actor whose number it is, or null when it belongs to no actor (a private lever of the talks).</param>
/// <param name="Path">Its dotted path, as variants and <c>parley diff</c> write it.</param>
/// <param name="Prior">Its public prior: the stated range, without the value; null when the file states none (unknown).</param>
/// <param name="UsedAs">What the viewer's computations take for it, in words ("the middle of its range", "left out: unknown").</param>
public sealed record HiddenNumber(string? Owner, string Path, Interval? Prior, string UsedAs);

/// <summary>The scenario as one party sees it, and what it cannot see.</summary>
/// <param name="Viewer">The party whose view it is.</param>
/// <param name="Scenario">The scenario it may compute on.</param>
/// <param name="Hidden">The numbers it cannot see, in the scenario's order.</param>
public sealed record ScenarioView(string Viewer, Scenario Scenario, IReadOnlyList<HiddenNumber> Hidden);

/// <summary>
/// The one rule for what a party may know (used by its brief and, in an exercise, by everything its player is shown): its
/// own numbers as they are; every public number as it is; every other private number only as its public prior — the range
/// the file states, without the value (the view takes the middle of the range and keeps the range, so that draws stay
/// inside it) — or, without a range, as unknown. An unknown number the models cannot do without (a position, a salience,
/// a chance of prevailing) spans its whole scale; an optional one (patience, an alternative, a red line's limit, a cost
/// of war) is left out, so the models use what they use when a file states none. A hidden number keeps the ids of the
/// sources it cites but loses its note and its quotes, which often say the value. A standard deviation says where the
/// value is, so a number with only a standard deviation counts as unknown. The view therefore does not change when only
/// another party's private values (or their notes) change.
/// </summary>
public static class PartyView
{
    /// <summary>The scenario as <paramref name="viewer"/> sees it.</summary>
    /// <param name="scenario">The scenario (with any variant already applied).</param>
    /// <param name="viewer">An actor of the scenario.</param>
    /// <exception cref="ArgumentException">When the scenario has no such actor.</exception>
    public static ScenarioView Of(Scenario scenario, string viewer)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.FindActor(viewer) is null)
        {
            throw new ArgumentException($"the scenario has no actor '{viewer}'", nameof(viewer));
        }

        var hidden = new List<HiddenNumber>();
        var v = new Viewing(viewer, hidden);
        double meanCapability = scenario.Actors.Where(a => a.Capability.Visibility == Visibility.Public).Select(a => a.Capability.Value).DefaultIfEmpty(1).Average();
        Actor[] actors = [.. scenario.Actors.Select(a => a.Id == viewer ? a : v.Actor(scenario, a, meanCapability))];
        Scenario seen = scenario with
        {
            Actors = actors,
            Dynamics = scenario.Dynamics is { } d ? v.Dynamics(d) : null,
            Agreement = scenario.Agreement is { } t ? v.Agreement(t) : null,
            Channels = v.Channels(scenario.Channels, scenario.Channels.Mediator),
        };
        return new ScenarioView(viewer, seen, hidden);
    }

    private sealed class Viewing(string viewer, List<HiddenNumber> hidden)
    {
        public Actor Actor(Scenario scenario, Actor a, double meanCapability)
        {
            string p = "actors." + a.Id;
            return a with
            {
                Capability = Required(a.Id, p + ".capability", a.Capability, 0, double.PositiveInfinity, meanCapability),
                Patience = Optional(a.Id, p + ".patience", a.Patience),
                RiskAttitude = Optional(a.Id, p + ".risk_attitude", a.RiskAttitude),
                Credibility = Optional(a.Id, p + ".credibility", a.Credibility),
                Alternative = Optional(a.Id, p + ".alternative", a.Alternative),
                StrategyParameter = Optional(a.Id, p + ".strategy_parameter", a.StrategyParameter),
                Stances = [.. a.Stances.Select(s => Stance(scenario.FindIssue(s.IssueId)!, a.Id, p + ".stances." + s.IssueId, s))],
            };
        }

        private Stance Stance(Issue issue, string owner, string p, Stance s)
        {
            bool positionHidden = s.Position.Visibility == Visibility.Private;
            RedLine? line = s.RedLine;
            if (line?.Limit is { } limit)
            {
                string which = line.Bound == RedLineBound.AtLeast ? ".red_line.at_least" : ".red_line.at_most";
                Quantity? seen = Optional(owner, p + which, limit);
                line = seen is null ? null : line with { Limit = seen };
            }

            return s with
            {
                Position = Required(owner, p + ".position", s.Position, issue.Min, issue.Max, issue.Min + (issue.Span / 2)),
                Salience = Required(owner, p + ".salience", s.Salience, 0, 1, 0.5),
                RedLine = line,
                OptionValues = positionHidden ? null : s.OptionValues,
            };
        }

        public Dynamics Dynamics(Dynamics d) => d with
        {
            PrevailProbability = Required(null, "dynamics.p_prevail", d.PrevailProbability, 0, 1, 0.5),
            Trend = Required(null, "dynamics.trend", d.Trend, -1, 1, 0),
            Volatility = Required(null, "dynamics.volatility", d.Volatility, 0, 1, 0.5),
            Costs = ByActor("dynamics.costs", d.Costs),
            Attrition = d.Attrition is { } at ? at with
            {
                Gamma = Required(null, "dynamics.attrition.gamma", at.Gamma, 0, 10, 1),
                A = Forces(d.Belligerents.A, "dynamics.attrition.forces." + d.Belligerents.A, at.A, at.B),
                B = Forces(d.Belligerents.B, "dynamics.attrition.forces." + d.Belligerents.B, at.B, at.A),
            } : null,
            AfterAgreement = d.AfterAgreement is { } after ? after with
            {
                Rearmament = ByActor("dynamics.after_agreement.rearmament", after.Rearmament),
                Aid = ByActor("dynamics.after_agreement.aid", after.Aid),
                Economy = ByActor("dynamics.after_agreement.economy", after.Economy),
                Defection = ByActor("dynamics.after_agreement.defection", after.Defection),
            } : null,
        };

        /// <summary>
        /// One side's force data: a hidden number becomes its range or, unknown, the other side's number when that one is
        /// public (the symmetric guess), else 1.
        /// </summary>
        private ForceData Forces(string owner, string path, ForceData f, ForceData other) => new(
            Required(owner, path + ".strength", f.Strength, 0, double.PositiveInfinity, Guess(other.Strength)),
            Required(owner, path + ".recruitment", f.Recruitment, 0, double.PositiveInfinity, Guess(other.Recruitment)),
            Required(owner, path + ".effectiveness", f.Effectiveness, 0, double.PositiveInfinity, Guess(other.Effectiveness)));

        private static double Guess(Quantity q) => q.Visibility == Visibility.Public ? q.Value : 1;

        public AgreementTerms Agreement(AgreementTerms t) => t with
        {
            Guarantees = ByActor("agreement.guarantees", t.Guarantees),
            Deterrence = t.Deterrence.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, Quantity>)ByActor("agreement.deterrence." + kv.Key, kv.Value), StringComparer.Ordinal),
            Limits = ByActor("agreement.limits", t.Limits),
        };

        public Channels Channels(Channels c, string? mediator) => c with
        {
            Pressure = c.Pressure is { } pr ? pr with
            {
                Amount = Required(mediator, "channels.pressure.amount", pr.Amount, 0, double.PositiveInfinity, 0),
                Cost = Required(mediator, "channels.pressure.cost", pr.Cost, 0, double.PositiveInfinity, 0),
            } : null,
            Escalation = c.Escalation is { } e ? e with
            {
                Amount = Required(e.By, "channels.escalation.amount", e.Amount, 0, double.PositiveInfinity, 0),
                Cost = Required(e.By, "channels.escalation.cost", e.Cost, 0, double.PositiveInfinity, 0),
            } : null,
            Coordination = c.Coordination is { } co ? co with { Rate = Required(null, "channels.coordination.rate", co.Rate, 0, 1, 0.5) } : null,
            SummitFailure = Optional(null, "channels.summit_failure", c.SummitFailure),
        };

        /// <summary>A map by actor id: another actor's private entry becomes its prior, or is left out when unknown.</summary>
        private Dictionary<string, Quantity> ByActor(string path, IReadOnlyDictionary<string, Quantity> map)
        {
            var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
            foreach ((string owner, Quantity q) in map)
            {
                if (Optional(owner, path + "." + owner, q) is { } seen)
                {
                    result[owner] = seen;
                }
            }

            return result;
        }

        private bool Sees(string? owner, Quantity q) => q.Visibility == Visibility.Public || owner == viewer;

        /// <summary>A number the models need: unknown, it spans [min, max] (when finite) around <paramref name="unknownValue"/>.</summary>
        private Quantity Required(string? owner, string path, Quantity q, double min, double max, double unknownValue)
        {
            if (Sees(owner, q))
            {
                return q;
            }

            if (Prior(owner, path, q) is { } prior)
            {
                return prior;
            }

            bool bounded = double.IsFinite(min) && double.IsFinite(max);
            hidden.Add(new HiddenNumber(owner, path, null, bounded ? "unknown: its whole scale" : "unknown: a neutral value"));
            return new Quantity { Value = unknownValue, Range = bounded ? new Interval(min, max) : null, Provenance = Stripped(q.Provenance), Visibility = Visibility.Private };
        }

        /// <summary>A number the models can do without: unknown, it is left out (null).</summary>
        private Quantity? Optional(string? owner, string path, Quantity? q)
        {
            if (q is null || Sees(owner, q))
            {
                return q;
            }

            if (Prior(owner, path, q) is { } prior)
            {
                return prior;
            }

            hidden.Add(new HiddenNumber(owner, path, null, "unknown: left out"));
            return null;
        }

        private Quantity? Prior(string? owner, string path, Quantity q)
        {
            if (q.Range is not Interval r)
            {
                return null;
            }

            hidden.Add(new HiddenNumber(owner, path, r, "the middle of its range"));
            return new Quantity { Value = (r.Low + r.High) / 2, Range = r, Provenance = Stripped(q.Provenance), Visibility = Visibility.Private };
        }

        private static Provenance Stripped(Provenance p) => new() { Sources = p.Sources, IsEstimate = p.IsEstimate };
    }
}
