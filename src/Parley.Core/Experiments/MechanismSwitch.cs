using Parley.Core.Domain;

namespace Parley.Core.Experiments;

/// <summary>
/// Switches mechanisms of the engine off (<see cref="Mechanisms"/>): the scenario as the engine would read it if the
/// mechanism did not exist. An experiment switches a claim's mechanisms off in both cases to show that its effect runs
/// through them: with them off, a setting that acts only through them changes nothing.
/// </summary>
public static class MechanismSwitch
{
    /// <summary>The scenario with the named mechanisms switched off.</summary>
    /// <param name="scenario">The scenario (a case of a claim, with its changes applied).</param>
    /// <param name="off">Names from <see cref="Mechanisms.Names"/>.</param>
    public static Scenario Without(Scenario scenario, IReadOnlyCollection<string> off)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(off);
        foreach (string name in off)
        {
            if (!Mechanisms.Names.Contains(name))
            {
                throw new ArgumentException($"'{name}' is not a mechanism ({string.Join(", ", Mechanisms.Names)})", nameof(off));
            }
        }

        Scenario s = scenario;
        if (s.Dynamics is { } dyn)
        {
            if (off.Contains(Mechanisms.CostsOfWar))
            {
                // no cost of war for anyone, now, after an event or under the mediator's pressure
                dyn = dyn with { Costs = new Dictionary<string, Quantity>(StringComparer.Ordinal) };
                s = s with
                {
                    Events = [.. s.Events.Select(e => e with { Changes = [.. e.Changes.Where(c => !c.Path.StartsWith(EventPaths.CostsPrefix, StringComparison.Ordinal))] })],
                    Channels = s.Channels with { Pressure = null, SummitFailure = null, Escalation = null },
                };
            }

            if (off.Contains(Mechanisms.BalanceOfPower))
            {
                // the war stands still: p keeps its value (no trend, no shocks) and events do not move it
                dyn = dyn with { Trend = Fixed(0), Volatility = Fixed(0), Attrition = null };
                s = s with
                {
                    Events = [.. s.Events.Select(e => e with
                    {
                        Changes = [.. e.Changes.Where(c => c.Path is not (EventPaths.Trend or EventPaths.Volatility or EventPaths.PrevailProbability))],
                    })],
                };
            }

            if (off.Contains(Mechanisms.Rearmament) && dyn.AfterAgreement is { } after)
            {
                dyn = dyn with
                {
                    AfterAgreement = after with
                    {
                        Rearmament = new Dictionary<string, Quantity>(StringComparer.Ordinal),
                        Aid = new Dictionary<string, Quantity>(StringComparer.Ordinal),
                    },
                };
            }

            s = s with { Dynamics = dyn };
        }

        if (off.Contains(Mechanisms.Deterrence) && s.Agreement is { } terms)
        {
            s = s with
            {
                Agreement = terms with
                {
                    Guarantees = new Dictionary<string, Quantity>(StringComparer.Ordinal),
                    Deterrence = new Dictionary<string, IReadOnlyDictionary<string, Quantity>>(StringComparer.Ordinal),
                },
            };
        }

        if (off.Contains(Mechanisms.BadFaith))
        {
            // nobody plans to renege, and every promise is taken at its word
            s = s with
            {
                Actors = [.. s.Actors.Select(a => a with { Credibility = null })],
                Dynamics = s.Dynamics is { AfterAgreement: { } after } d ? d with { AfterAgreement = after with { Defection = new Dictionary<string, Quantity>(StringComparer.Ordinal) } } : s.Dynamics,
            };
        }

        if (off.Contains(Mechanisms.EscalateThenSell))
        {
            s = s with { Channels = s.Channels with { Escalation = null } };
        }

        if (off.Contains(Mechanisms.Coordination))
        {
            s = s with { Channels = s.Channels with { Coordination = null } };
        }

        if (off.Contains(Mechanisms.UpFrontConcession))
        {
            // an up-front conceder gives nothing before the talks (it concedes over time like 'linear'), and nobody takes a
            // concession as a reference point
            s = s with
            {
                Actors = [.. s.Actors.Select(a => a.Strategy == "up-front" ? a with { StrategyParameter = Fixed(0) } : a)],
                ModelParameters = new Dictionary<string, string>(s.ModelParameters, StringComparer.Ordinal) { [Negotiation.Session.AnchoringParameter] = "none" },
            };
        }

        return s;
    }

    private static Quantity Fixed(double value) => new() { Value = value };
}
