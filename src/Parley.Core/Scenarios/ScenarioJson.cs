using System.Text.Json.Nodes;
using Parley.Core.Domain;

namespace Parley.Core.Scenarios;

/// <summary>The scenario as a JSON document for programs (same field names as the YAML format).</summary>
public static class ScenarioJson
{
    /// <summary>The scenario as JSON.</summary>
    /// <param name="s">The scenario.</param>
    public static JsonObject ToJson(Scenario s)
    {
        var issues = new JsonArray();
        foreach (Issue i in s.Issues)
        {
            var o = new JsonObject { ["id"] = i.Id, ["name"] = i.Name, ["description"] = i.Description, ["kind"] = i.Kind == IssueKind.Discrete ? "discrete" : "continuous" };
            if (i.Kind == IssueKind.Discrete)
            {
                o["options"] = new JsonArray(i.Options.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
                o["ordered"] = i.Ordered;
            }
            else
            {
                o["scale"] = new JsonObject { ["min"] = i.Min, ["max"] = i.Max };
                var anchors = new JsonObject();
                foreach (Anchor a in i.Anchors)
                {
                    anchors[a.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)] = a.Label;
                }

                o["anchors"] = anchors;
            }

            issues.Add(o);
        }

        var actors = new JsonArray();
        foreach (Actor a in s.Actors)
        {
            var stances = new JsonObject();
            foreach (Stance st in a.Stances)
            {
                Issue issue = s.FindIssue(st.IssueId)!;
                var so = new JsonObject { ["position"] = Q(st.Position), ["salience"] = Q(st.Salience) };
                if (issue.Kind == IssueKind.Discrete)
                {
                    so["position_label"] = issue.Format(st.Position.Value);
                }

                if (st.RedLine is RedLine r)
                {
                    so["red_line"] = r.Bound == RedLineBound.Excludes
                        ? new JsonObject { ["excludes"] = new JsonArray(r.Excluded.Select(x => (JsonNode?)JsonValue.Create(issue.Options[x])).ToArray()) }
                        : new JsonObject { [r.Bound == RedLineBound.AtLeast ? "at_least" : "at_most"] = Q(r.Limit!) };
                }

                if (st.OptionValues is not null)
                {
                    var values = new JsonObject();
                    for (int k = 0; k < issue.Options.Count; k++)
                    {
                        values[issue.Options[k]] = st.OptionValues[k];
                    }

                    so["values"] = values;
                }

                stances[st.IssueId] = so;
            }

            actors.Add(new JsonObject
            {
                ["id"] = a.Id,
                ["name"] = a.Name,
                ["description"] = a.Description,
                ["kind"] = a.Kind.ToString().ToLowerInvariant(),
                ["capability"] = Q(a.Capability),
                ["patience"] = Q(a.Patience),
                ["risk_attitude"] = Q(a.RiskAttitude),
                ["credibility"] = Q(a.Credibility),
                ["alternative"] = Q(a.Alternative),
                ["stances"] = stances,
            });
        }

        var sources = new JsonArray();
        foreach (Source src in s.Sources)
        {
            sources.Add(new JsonObject { ["id"] = src.Id, ["title"] = src.Title, ["author"] = src.Author, ["outlet"] = src.Outlet, ["date"] = src.Date, ["url"] = src.Url });
        }

        var links = new JsonArray();
        foreach ((string x, string y) in s.Channels.Links)
        {
            links.Add(new JsonArray(x, y));
        }

        JsonObject? dynamics = null;
        if (s.Dynamics is Dynamics d)
        {
            var costs = new JsonObject();
            foreach (KeyValuePair<string, Quantity> kv in d.Costs)
            {
                costs[kv.Key] = Q(kv.Value);
            }

            dynamics = new JsonObject
            {
                ["belligerents"] = new JsonArray(d.Belligerents.A, d.Belligerents.B),
                ["p_prevail"] = Q(d.PrevailProbability),
                ["trend"] = Q(d.Trend),
                ["volatility"] = Q(d.Volatility),
                ["costs"] = costs,
            };
        }

        var variants = new JsonArray();
        foreach (Variant v in s.Variants)
        {
            variants.Add(new JsonObject
            {
                ["id"] = v.Id,
                ["name"] = v.Name,
                ["description"] = v.Description,
                ["changes"] = new JsonArray(v.Changes.Select(c => (JsonNode?)new JsonObject
                {
                    ["path"] = c.Path,
                    ["operation"] = c.Operation == VariantOperation.Set ? "set" : "shift",
                    ["amount"] = c.Label is not null ? JsonValue.Create(c.Label) : Q(c.Amount),
                }).ToArray()),
            });
        }

        return new JsonObject
        {
            ["name"] = s.Name,
            ["description"] = s.Description,
            ["as_of"] = s.AsOf,
            ["time_step"] = s.TimeStep,
            ["variant"] = s.AppliedVariant,
            ["sources"] = sources,
            ["issues"] = issues,
            ["actors"] = actors,
            ["channels"] = new JsonObject { ["mediator"] = s.Channels.Mediator, ["links"] = links },
            ["dynamics"] = dynamics,
            ["variants"] = variants,
        };
    }

    private static JsonObject? Q(Quantity? q)
    {
        if (q is null)
        {
            return null;
        }

        var o = new JsonObject { ["value"] = q.Value };
        if (q.Range is Interval r)
        {
            o["range"] = new JsonArray(r.Low, r.High);
        }

        if (q.StandardDeviation is double sd)
        {
            o["sd"] = sd;
        }

        if (q.Provenance.Sources.Count > 0)
        {
            o["source"] = new JsonArray(q.Provenance.Sources.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
        }

        o["estimate"] = q.Provenance.IsEstimate;
        if (q.Provenance.Note is not null)
        {
            o["note"] = q.Provenance.Note;
        }

        o["visibility"] = q.Visibility == Visibility.Private ? "private" : "public";
        return o;
    }
}
