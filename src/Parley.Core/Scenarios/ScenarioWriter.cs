using System.Globalization;
using Parley.Core.Domain;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Parley.Core.Scenarios;

/// <summary>Writes a <see cref="Scenario"/> as Parley YAML (format version 1), keeping every number exactly.</summary>
public static class ScenarioWriter
{
    /// <summary>Serialises the scenario; numbers use the shortest text that reads back to the same double.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="header">Optional comment lines written at the top (without '#').</param>
    public static string Write(Scenario scenario, IReadOnlyList<string>? header = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        if (header is not null)
        {
            foreach (string line in header)
            {
                sw.WriteLine("# " + line);
            }
        }

        var e = new Emitter(sw, new EmitterSettings(2, int.MaxValue, false, 1024));
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart());
        Map(e);
        Key(e, "parley", "1", plain: true);
        Scalar(e, "scenario");
        Map(e);
        Key(e, "name", scenario.Name);
        Opt(e, "description", scenario.Description);
        Opt(e, "as_of", scenario.AsOf);
        Key(e, "time_step", scenario.TimeStep);
        End(e);
        WriteSources(e, scenario.Sources);
        WriteIssues(e, scenario.Issues);
        WriteActors(e, scenario);
        WriteChannels(e, scenario.Channels);
        WriteDynamics(e, scenario.Dynamics);
        WriteEvents(e, scenario.Events);
        WriteClaims(e, scenario.Claims);
        WriteVariants(e, scenario);
        WriteModels(e, scenario);
        WriteAgreement(e, scenario.Agreement);
        WriteLimits(e, "stipulations", scenario.Stipulations);
        End(e);
        e.Emit(new DocumentEnd(true));
        e.Emit(new StreamEnd());
        return sw.ToString();
    }

    private static void WriteSources(IEmitter e, IReadOnlyList<Source> sources)
    {
        if (sources.Count == 0)
        {
            return;
        }

        Scalar(e, "sources");
        Seq(e);
        foreach (Source s in sources)
        {
            Map(e);
            Key(e, "id", s.Id);
            Key(e, "title", s.Title);
            Opt(e, "author", s.Author);
            Opt(e, "outlet", s.Outlet);
            Opt(e, "date", s.Date);
            Opt(e, "url", s.Url);
            End(e);
        }

        EndSeq(e);
    }

    private static void WriteIssues(IEmitter e, IReadOnlyList<Issue> issues)
    {
        Scalar(e, "issues");
        Seq(e);
        foreach (Issue i in issues)
        {
            Map(e);
            Key(e, "id", i.Id);
            Key(e, "name", i.Name);
            Opt(e, "description", i.Description);
            if (i.Kind == IssueKind.Discrete)
            {
                Scalar(e, "options");
                Seq(e, flow: true);
                foreach (string o in i.Options)
                {
                    Scalar(e, o);
                }

                EndSeq(e);
                if (i.Ordered)
                {
                    Key(e, "ordered", "true", plain: true);
                }
            }
            else
            {
                Scalar(e, "scale");
                Map(e, flow: true);
                Key(e, "min", Num(i.Min), plain: true);
                Key(e, "max", Num(i.Max), plain: true);
                End(e);
                if (i.Anchors.Count > 0)
                {
                    Scalar(e, "anchors");
                    Map(e);
                    foreach (Anchor a in i.Anchors)
                    {
                        Key(e, Num(a.Value), a.Label, plainKey: true);
                    }

                    End(e);
                }
            }

            End(e);
        }

        EndSeq(e);
    }

    private static void WriteActors(IEmitter e, Scenario scenario)
    {
        Scalar(e, "actors");
        Seq(e);
        foreach (Actor a in scenario.Actors)
        {
            Map(e);
            Key(e, "id", a.Id);
            Key(e, "name", a.Name);
            Opt(e, "description", a.Description);
            Key(e, "kind", a.Kind switch { ActorKind.Alliance => "alliance", ActorKind.Organisation => "organisation", ActorKind.Faction => "faction", _ => "state" });
            if (a.Role is ActorRole role)
            {
                Key(e, "role", Seating.Name(role));
            }

            Opt(e, "role_note", a.RoleNote);
            if (a.Signs is bool signs)
            {
                Key(e, "signs", signs ? "true" : "false", plain: true);
            }
            Provenance shared = SharedProvenance(a);
            WriteProvenance(e, shared);
            if ((a.StrategyParameter is not null || a.StrategyTo is not null) && a.Strategy is string sname)
            {
                Scalar(e, "strategy");
                Map(e);
                Key(e, "name", sname);
                QuantityField(e, "concession", a.StrategyParameter, ScenarioBinder.StrategyParameter, shared);
                Opt(e, "to", a.StrategyTo);
                End(e);
            }
            else
            {
                Opt(e, "strategy", a.Strategy);
            }

            QuantityField(e, "capability", a.Capability, ScenarioBinder.Capability, shared);
            QuantityField(e, "patience", a.Patience, ScenarioBinder.Patience, shared);
            QuantityField(e, "risk_attitude", a.RiskAttitude, ScenarioBinder.Risk, shared);
            QuantityField(e, "credibility", a.Credibility, ScenarioBinder.Credibility, shared);
            QuantityField(e, "alternative", a.Alternative, ScenarioBinder.Alternative, shared);
            if (a.Linkage.Count > 0)
            {
                Scalar(e, "linkage");
                Seq(e);
                foreach (IssueLinkage link in a.Linkage)
                {
                    Map(e);
                    WriteLimits(e, "if", new Dictionary<string, IssueLimit> { [link.IfIssue] = link.If });
                    WriteLimits(e, "then", new Dictionary<string, IssueLimit> { [link.ThenIssue] = link.Then });
                    WriteProvenance(e, link.Provenance);
                    End(e);
                }

                EndSeq(e);
            }

            if (a.Stances.Count > 0)
            {
                Scalar(e, "stances");
                Map(e);
                foreach (Stance s in a.Stances)
                {
                    Issue issue = scenario.FindIssue(s.IssueId)!;
                    Scalar(e, s.IssueId);
                    Map(e);
                    if (issue.Kind == IssueKind.Discrete)
                    {
                        OptionField(e, "position", s.Position, issue, shared);
                    }
                    else
                    {
                        QuantityField(e, "position", s.Position, new FieldSpec("position", issue.Min, issue.Max), shared);
                    }

                    QuantityField(e, "salience", s.Salience, ScenarioBinder.Salience, shared);
                    if (s.RedLine is not null)
                    {
                        WriteRedLine(e, s.RedLine, issue, shared);
                    }

                    if (s.OptionValues is not null)
                    {
                        Scalar(e, "values");
                        Map(e, flow: true);
                        for (int k = 0; k < issue.Options.Count; k++)
                        {
                            Key(e, issue.Options[k], Num(s.OptionValues[k]), plain: true);
                        }

                        End(e);
                    }

                    End(e);
                }

                End(e);
            }

            End(e);
        }

        EndSeq(e);
    }

    private static void WriteRedLine(IEmitter e, RedLine r, Issue issue, Provenance shared)
    {
        Scalar(e, "red_line");
        if (r.Bound == RedLineBound.Excludes)
        {
            Map(e, flow: true);
            Scalar(e, "excludes");
            Seq(e, flow: true);
            foreach (int x in r.Excluded)
            {
                Scalar(e, issue.Options[x]);
            }

            EndSeq(e);
            End(e);
            return;
        }

        Map(e);
        string key = r.Bound == RedLineBound.AtLeast ? "at_least" : "at_most";
        if (issue.Kind == IssueKind.Discrete)
        {
            OptionField(e, key, r.Limit!, issue, shared);
        }
        else
        {
            QuantityField(e, key, r.Limit, new FieldSpec("red line", issue.Min, issue.Max, DefaultVisibility: Visibility.Private), shared);
        }

        End(e);
    }

    private static void OptionField(IEmitter e, string key, Quantity q, Issue issue, Provenance inherited)
    {
        string label = issue.Options[(int)q.Value];
        Scalar(e, key);
        if (q.Provenance.Equals(inherited))
        {
            Scalar(e, label);
            return;
        }

        Map(e, flow: true);
        Key(e, "value", label);
        WriteProvenance(e, q.Provenance, inherited);
        End(e);
    }

    private static void WriteChannels(IEmitter e, Channels c)
    {
        if (c.Mediator is null && c.Links.Count == 0 && c.Pressure is null && c.SummitFailure is null && c.Coordination is null && c.Escalation is null && c.Tracks.Count == 0)
        {
            return;
        }

        Scalar(e, "channels");
        Map(e);
        Opt(e, "mediator", c.Mediator);
        if (c.Links.Count > 0)
        {
            Scalar(e, "links");
            Seq(e);
            foreach ((string a, string b) in c.Links)
            {
                Seq(e, flow: true);
                Scalar(e, a);
                Scalar(e, b);
                EndSeq(e);
            }

            EndSeq(e);
        }

        QuantityField(e, "summit_failure", c.SummitFailure, ScenarioBinder.SummitFailureCost);
        if (c.Coordination is { } k)
        {
            Scalar(e, "coordination");
            Map(e);
            FlowList(e, "parties", k.Parties);
            WriteProvenance(e, k.Provenance);
            QuantityField(e, "rate", k.Rate, ScenarioBinder.CoordinationRate, k.Provenance);
            Key(e, "rounds", k.Rounds.ToString(CultureInfo.InvariantCulture), plain: true);
            End(e);
        }

        if (c.Pressure is { } p)
        {
            Scalar(e, "pressure");
            Map(e);
            FlowList(e, "on", p.On);
            WriteProvenance(e, p.Provenance);
            QuantityField(e, "amount", p.Amount, ScenarioBinder.PressureAmount, p.Provenance);
            QuantityField(e, "cost", p.Cost, ScenarioBinder.PressureCost, p.Provenance);
            End(e);
        }

        if (c.Tracks.Count > 0)
        {
            Scalar(e, "tracks");
            Seq(e);
            foreach (DirectTrack track in c.Tracks)
            {
                Map(e);
                Key(e, "id", track.Id);
                FlowList(e, "parties", [track.Parties.A, track.Parties.B]);
                FlowList(e, "issues", track.Issues);
                Opt(e, "opens_with", track.OpensWith);
                WriteProvenance(e, track.Provenance);
                End(e);
            }

            EndSeq(e);
        }

        if (c.Escalation is { } x)
        {
            Scalar(e, "escalation");
            Map(e);
            Key(e, "by", x.By);
            Key(e, "on", x.On);
            Key(e, "issue", x.Issue);
            WriteProvenance(e, x.Provenance);
            QuantityField(e, "amount", x.Amount, ScenarioBinder.EscalationAmount, x.Provenance);
            QuantityField(e, "cost", x.Cost, ScenarioBinder.EscalationCost, x.Provenance);
            Key(e, "at", x.At.ToString(CultureInfo.InvariantCulture), plain: true);
            Key(e, "steps", x.Steps.ToString(CultureInfo.InvariantCulture), plain: true);
            End(e);
        }

        End(e);
    }

    private static void WriteDynamics(IEmitter e, Dynamics? d)
    {
        if (d is null)
        {
            return;
        }

        Scalar(e, "dynamics");
        Map(e);
        Scalar(e, "belligerents");
        Seq(e, flow: true);
        Scalar(e, d.Belligerents.A);
        Scalar(e, d.Belligerents.B);
        EndSeq(e);
        QuantityField(e, "p_prevail", d.PrevailProbability, ScenarioBinder.PrevailProbability);
        QuantityField(e, "trend", d.Trend, ScenarioBinder.Trend);
        QuantityField(e, "volatility", d.Volatility, ScenarioBinder.Volatility);
        ActorNumbers(e, "costs", d.Costs, ScenarioBinder.WarCost);
        if (d.AfterAgreement is AfterAgreement aa)
        {
            Scalar(e, "after_agreement");
            Map(e);
            ActorNumbers(e, "rearmament", aa.Rearmament, ScenarioBinder.PowerShift);
            ActorNumbers(e, "aid", aa.Aid, ScenarioBinder.PowerShift);
            ActorNumbers(e, "economy", aa.Economy, ScenarioBinder.CostChange);
            ActorNumbers(e, "defection", aa.Defection, ScenarioBinder.Defection);
            End(e);
        }

        if (d.Attrition is Attrition at)
        {
            Scalar(e, "attrition");
            Map(e);
            Key(e, "fire", at.Fire == FireKind.Area ? "area" : "aimed");
            QuantityField(e, "gamma", at.Gamma, ScenarioBinder.Gamma);
            Scalar(e, "forces");
            Map(e);
            foreach ((string id, ForceData f) in new[] { (d.Belligerents.A, at.A), (d.Belligerents.B, at.B) })
            {
                Scalar(e, id);
                Map(e);
                QuantityField(e, "strength", f.Strength, ScenarioBinder.Strength);
                QuantityField(e, "recruitment", f.Recruitment, ScenarioBinder.Recruitment);
                QuantityField(e, "effectiveness", f.Effectiveness, ScenarioBinder.Effectiveness);
                End(e);
            }

            End(e);
            End(e);
        }

        End(e);
    }

    private static void WriteAgreement(IEmitter e, AgreementTerms? a)
    {
        if (a is null)
        {
            return;
        }

        Scalar(e, "agreement");
        Map(e);
        Key(e, "type", a.Type switch { AgreementType.Full => "full", AgreementType.Process => "process", _ => "partial" });
        foreach (string term in AgreementTerms.TermNames)
        {
            Key(e, term, a.Holds(term) ? "true" : "false", plain: true);
        }

        if (a.Mandate != PeacekeepingMandate.None)
        {
            Key(e, "mandate", ScenarioBinder.Mandates[(int)a.Mandate]);
        }

        if (a.Links.Count > 0)
        {
            Scalar(e, "links");
            Map(e);
            foreach (TermLink l in a.Links)
            {
                Scalar(e, l.Term);
                Map(e);
                Key(e, "issue", l.IssueId);
                Key(e, l.Bound == RedLineBound.AtMost ? "at_most" : "at_least", l.Limit.ToString("R", System.Globalization.CultureInfo.InvariantCulture), plain: true);
                End(e);
            }

            End(e);
        }

        if (a.Conflict is { } cf)
        {
            Scalar(e, "conflict");
            Map(e);
            string Int(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (cf.Started is string st)
            {
                Key(e, "started", st);
            }

            foreach ((string key, int? v) in new[] { ("previous_episodes", cf.PreviousEpisodes), ("previous_agreement_endings", cf.PreviousAgreementEndings), ("previous_ceasefire_endings", cf.PreviousCeasefireEndings), ("earlier_agreements", cf.EarlierAgreements) })
            {
                if (v is int n)
                {
                    Key(e, key, Int(n), plain: true);
                }
            }

            foreach ((string key, bool? v) in new[] { ("internationalised", cf.Internationalised), ("interstate", cf.Interstate) })
            {
                if (v is bool b)
                {
                    Key(e, key, b ? "true" : "false", plain: true);
                }
            }

            if (cf.Region is string rg)
            {
                Key(e, "region", rg);
            }

            End(e);
        }

        ActorNumbers(e, "guarantees", a.Guarantees, ScenarioBinder.WarCost);
        ActorNumbers(e, "limits", a.Limits, ScenarioBinder.RearmamentShare);
        if (a.Deterrence.Count > 0)
        {
            Scalar(e, "deterrence");
            Map(e);
            foreach (KeyValuePair<string, IReadOnlyDictionary<string, Quantity>> kv in a.Deterrence)
            {
                Scalar(e, kv.Key);
                Map(e);
                foreach (KeyValuePair<string, Quantity> q in kv.Value)
                {
                    QuantityField(e, q.Key, q.Value, ScenarioBinder.WarCost);
                }

                End(e);
            }

            End(e);
        }

        End(e);
    }

    private static void ActorNumbers(IEmitter e, string key, IReadOnlyDictionary<string, Quantity> numbers, FieldSpec spec)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        Scalar(e, key);
        Map(e);
        foreach (KeyValuePair<string, Quantity> kv in numbers)
        {
            QuantityField(e, kv.Key, kv.Value, spec);
        }

        End(e);
    }

    private static void WriteModels(IEmitter e, Scenario scenario)
    {
        if (scenario.ModelParameters.Count == 0)
        {
            return;
        }

        Scalar(e, "models");
        Map(e);
        foreach (string model in ModelParameterCatalog.Models)
        {
            string prefix = model + ".";
            var entries = scenario.ModelParameters.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            if (entries.Count == 0)
            {
                continue;
            }

            Scalar(e, model);
            Map(e);
            foreach (KeyValuePair<string, string> kv in entries)
            {
                Key(e, kv.Key[prefix.Length..], kv.Value);
            }

            End(e);
        }

        End(e);
    }

    private static void WriteEvents(IEmitter e, IReadOnlyList<TalkEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        Scalar(e, "events");
        Seq(e);
        foreach (TalkEvent ev in events)
        {
            Map(e);
            Key(e, "id", ev.Id);
            Key(e, "name", ev.Name);
            Opt(e, "description", ev.Description);
            WriteProvenance(e, ev.Provenance);
            EventTiming t = ev.Timing;
            if (t.At is int at)
            {
                Key(e, "at", at.ToString(CultureInfo.InvariantCulture), plain: true);
            }
            else if (t.Range is (int first, int last))
            {
                Scalar(e, "at");
                Map(e, flow: true);
                Scalar(e, "range");
                Seq(e, flow: true);
                Scalar(e, first.ToString(CultureInfo.InvariantCulture), plain: true);
                Scalar(e, last.ToString(CultureInfo.InvariantCulture), plain: true);
                EndSeq(e);
                End(e);
            }
            else
            {
                Scalar(e, "when");
                Map(e, flow: true);
                if (t.Agreed is string issue)
                {
                    Key(e, "agreed", issue);
                }
                else if (t.WalkedOut is string who)
                {
                    Key(e, "walked_out", who);
                }
                else if (t.After is (string other, int steps))
                {
                    Scalar(e, "after");
                    Map(e, flow: true);
                    Key(e, "event", other);
                    Key(e, "steps", steps.ToString(CultureInfo.InvariantCulture), plain: true);
                    End(e);
                }
                else
                {
                    Scalar(e, "p_prevail");
                    Map(e, flow: true);
                    Key(e, t.PrevailBelow is not null ? "below" : "above", Num(t.PrevailBelow ?? t.PrevailAbove ?? 0), plain: true);
                    End(e);
                }

                End(e);
            }

            QuantityField(e, "probability", ev.Probability, ScenarioBinder.EventProbability, ev.Provenance);
            WriteChanges(e, ev.Changes, ev.Provenance);
            if (ev.Seat.Count > 0)
            {
                FlowList(e, "seat", ev.Seat);
            }

            if (ev.Unseat.Count > 0)
            {
                FlowList(e, "unseat", ev.Unseat);
            }

            End(e);
        }

        EndSeq(e);
    }

    /// <summary>The <c>set:</c> and <c>shift:</c> blocks of a variant or an event (numbers keep only provenance of their own).</summary>
    private static void WriteChanges(IEmitter e, IReadOnlyList<VariantChange> all, Provenance owner)
    {
        foreach (VariantOperation op in (VariantOperation[])[VariantOperation.Set, VariantOperation.Shift])
        {
            List<VariantChange> changes = all.Where(c => c.Operation == op).ToList();
            if (changes.Count == 0)
            {
                continue;
            }

            Scalar(e, op == VariantOperation.Set ? "set" : "shift");
            Map(e);
            foreach (VariantChange c in changes)
            {
                if (c.Label is not null)
                {
                    Key(e, c.Path, c.Label, plain: c.Label is "true" or "false");
                }
                else
                {
                    QuantityField(e, c.Path, c.Amount! with { Provenance = c.Amount.Provenance == owner ? Provenance.None : c.Amount.Provenance }, ScenarioBinder.Unbounded);
                }
            }

            End(e);
        }
    }

    private static void WriteClaims(IEmitter e, IReadOnlyList<Claim> claims)
    {
        if (claims.Count == 0)
        {
            return;
        }

        Scalar(e, "claims");
        Seq(e);
        foreach (Claim c in claims)
        {
            Map(e);
            Key(e, "id", c.Id);
            Key(e, "claim", c.Says);
            Opt(e, "variant", c.Variant);
            WriteProvenance(e, c.Provenance);
            foreach (ClaimCase k in (ClaimCase[])[c.Setting, c.Counter])
            {
                if (k.Which == "counter" && k.Changes.Count == 0 && k.Stipulates.Count == 0 && k.Protocol is null)
                {
                    continue;
                }

                Scalar(e, k.Which);
                Map(e);
                Opt(e, "protocol", k.Protocol);
                WriteLimits(e, "stipulates", k.Stipulates);
                WriteStructural(e, k.Changes);
                WriteChanges(e, k.Changes, c.Provenance);
                End(e);
            }

            Key(e, "measure", c.Measure.ToString());
            Key(e, "expect", c.Expect == ClaimDirection.Up ? "up" : "down");
            Scalar(e, "mechanism");
            Seq(e, flow: true);
            foreach (string m in c.Mechanisms)
            {
                Scalar(e, m);
            }

            EndSeq(e);
            End(e);
        }

        EndSeq(e);
    }

    private static void WriteVariants(IEmitter e, Scenario scenario)
    {
        if (scenario.Variants.Count == 0)
        {
            return;
        }

        Scalar(e, "variants");
        Seq(e);
        foreach (Variant v in scenario.Variants)
        {
            Map(e);
            Key(e, "id", v.Id);
            Key(e, "name", v.Name);
            Opt(e, "description", v.Description);
            WriteProvenance(e, v.Provenance);
            WriteLimits(e, "stipulates", v.Stipulates);
            WriteStructural(e, v.Changes);
            WriteChanges(e, v.Changes, v.Provenance);
            End(e);
        }

        EndSeq(e);
    }

    private static void QuantityField(IEmitter e, string key, Quantity? q, FieldSpec spec, Provenance? inherited = null)
    {
        inherited ??= Provenance.None;
        if (q is null)
        {
            return;
        }

        Scalar(e, key);
        bool ownProvenance = !q.Provenance.Equals(inherited);
        bool bare = q.Range is null && q.StandardDeviation is null && !ownProvenance && q.Visibility == spec.DefaultVisibility;
        if (bare)
        {
            Scalar(e, Num(q.Value), plain: true);
            return;
        }

        Map(e, flow: true);
        Key(e, "value", Num(q.Value), plain: true);
        if (q.Range is Interval r)
        {
            Scalar(e, "range");
            Seq(e, flow: true);
            Scalar(e, Num(r.Low), plain: true);
            Scalar(e, Num(r.High), plain: true);
            EndSeq(e);
        }

        if (q.StandardDeviation is double sd)
        {
            Key(e, "sd", Num(sd), plain: true);
        }

        if (ownProvenance)
        {
            WriteProvenance(e, q.Provenance, inherited);
        }
        if (q.Visibility != spec.DefaultVisibility)
        {
            Key(e, "visibility", q.Visibility == Visibility.Private ? "private" : "public");
        }

        End(e);
    }

    /// <summary>Writes the provenance keys that differ from what the number would inherit.</summary>
    private static void WriteProvenance(IEmitter e, Provenance p, Provenance? inherited = null)
    {
        inherited ??= Provenance.None;
        if (!p.Sources.SequenceEqual(inherited.Sources))
        {
            if (p.Sources.Count == 1)
            {
                Key(e, "source", p.Sources[0]);
            }
            else
            {
                Scalar(e, "source");
                Seq(e, flow: true);
                foreach (string s in p.Sources)
                {
                    Scalar(e, s);
                }

                EndSeq(e);
            }
        }

        if (p.IsEstimate != inherited.IsEstimate)
        {
            Key(e, "estimate", p.IsEstimate ? "true" : "false", plain: true);
        }

        if (p.Note != inherited.Note)
        {
            Key(e, "note", p.Note ?? string.Empty);
        }

        if (!p.Cites.SequenceEqual(inherited.Cites))
        {
            Scalar(e, "cite");
            Seq(e);
            foreach (Citation c in p.Cites)
            {
                Map(e);
                Key(e, "source", c.Source);
                Key(e, "quote", c.Quote);
                Opt(e, "locator", c.Locator);
                Opt(e, "supports", c.Supports);
                End(e);
            }

            EndSeq(e);
        }
    }

    /// <summary>The provenance most numbers of an actor share, written once at the actor (numbers inherit it).</summary>
    private static Provenance SharedProvenance(Actor a)
    {
        var all = new List<Provenance> { a.Capability.Provenance };
        foreach (Quantity? q in (Quantity?[])[a.Patience, a.RiskAttitude, a.Credibility, a.Alternative])
        {
            if (q is not null)
            {
                all.Add(q.Provenance);
            }
        }

        foreach (Stance s in a.Stances)
        {
            all.Add(s.Position.Provenance);
            all.Add(s.Salience.Provenance);
            if (s.RedLine?.Limit is Quantity l)
            {
                all.Add(l.Provenance);
            }
        }

        Provenance? best = all.GroupBy(p => p).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        return best is null || !best.IsDocumented ? Provenance.None : best;
    }

    internal static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A variant's 'remove' list and 'add' map, their items re-read from the flow text the binder kept.</summary>
    private static void WriteStructural(IEmitter e, IReadOnlyList<VariantChange> all)
    {
        List<VariantChange> removals = [.. all.Where(c => c.Operation == VariantOperation.Remove)];
        if (removals.Count > 0)
        {
            Scalar(e, "remove");
            Seq(e);
            foreach (VariantChange c in removals)
            {
                if (c.Label is null)
                {
                    Scalar(e, c.Path);
                    continue;
                }

                Map(e);
                Scalar(e, c.Path);
                Node(e, Flow(c.Label));
                End(e);
            }

            EndSeq(e);
        }

        List<VariantChange> additions = [.. all.Where(c => c.Operation == VariantOperation.Add)];
        if (additions.Count > 0)
        {
            Scalar(e, "add");
            Map(e);
            foreach (VariantChange c in additions)
            {
                Scalar(e, c.Path);
                Node(e, Flow(c.Label!));
            }

            End(e);
        }

        static Yaml.YNode Flow(string text) =>
            Yaml.SafeYamlReader.Parse(text, "variant", []) ?? new Yaml.YScalar(text, plain: false, 0, 0);
    }

    private static void Node(IEmitter e, Yaml.YNode node)
    {
        switch (node)
        {
            case Yaml.YScalar s:
                Scalar(e, s.Value, plain: s.IsPlain && (s.TryGetNumber(out _) || s.IsNull || s.TryGetBool(out _)));
                break;
            case Yaml.YSequence q:
                Seq(e, flow: true);
                foreach (Yaml.YNode item in q.Items)
                {
                    Node(e, item);
                }

                EndSeq(e);
                break;
            case Yaml.YMapping m:
                Map(e, flow: true);
                foreach (KeyValuePair<Yaml.YScalar, Yaml.YNode> entry in m.Entries)
                {
                    Scalar(e, entry.Key.Value);
                    Node(e, entry.Value);
                }

                End(e);
                break;
        }
    }

    private static void Map(IEmitter e, bool flow = false) =>
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, flow ? MappingStyle.Flow : MappingStyle.Block));

    private static void End(IEmitter e) => e.Emit(new MappingEnd());

    private static void Seq(IEmitter e, bool flow = false) =>
        e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));

    private static void EndSeq(IEmitter e) => e.Emit(new SequenceEnd());

    private static void Scalar(IEmitter e, string value, bool plain = false)
    {
        // Plain only for numbers and booleans we produce; text is plain when it reads back as the same text.
        bool safePlain = plain || IsSafePlainText(value);
        e.Emit(new YamlDotNet.Core.Events.Scalar(AnchorName.Empty, TagName.Empty, value,
            safePlain ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted, safePlain, !safePlain));
    }

    private static bool IsSafePlainText(string s)
    {
        if (s.Length == 0 || s.Length > 200 || s != s.Trim())
        {
            return false;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || s is "true" or "false" or "null" or "~" or "True" or "False" or "Null" or "TRUE" or "FALSE" or "NULL" or "yes" or "no")
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '(' or ')' or '/' or '\u2013') || c == '\u2013')
            {
                return false;
            }
        }

        return char.IsAsciiLetterOrDigit(s[0]);
    }

    /// <summary>Issue limits as <c>key: {issue: {at_least: N, at_most: N}}</c> (nothing when there are none).</summary>
    private static void WriteLimits(IEmitter e, string key, IReadOnlyDictionary<string, IssueLimit> limits)
    {
        if (limits.Count == 0)
        {
            return;
        }

        Scalar(e, key);
        Map(e);
        foreach ((string issue, IssueLimit limit) in limits)
        {
            Scalar(e, issue);
            Map(e, flow: true);
            if (limit.AtLeast is double lo)
            {
                Key(e, "at_least", Num(lo), plain: true);
            }

            if (limit.AtMost is double hi)
            {
                Key(e, "at_most", Num(hi), plain: true);
            }

            End(e);
        }

        End(e);
    }

    /// <summary><c>key: [a, b, …]</c>: a list of ids in flow style.</summary>
    private static void FlowList(IEmitter e, string key, IEnumerable<string> items)
    {
        Scalar(e, key);
        Seq(e, flow: true);
        foreach (string item in items)
        {
            Scalar(e, item);
        }

        EndSeq(e);
    }

    private static void Key(IEmitter e, string key, string value, bool plain = false, bool plainKey = false)
    {
        Scalar(e, key, plainKey);
        Scalar(e, value, plain);
    }

    private static void Opt(IEmitter e, string key, string? value)
    {
        if (value is not null)
        {
            Key(e, key, value);
        }
    }
}
