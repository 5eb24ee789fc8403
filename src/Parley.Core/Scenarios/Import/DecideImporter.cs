using Parley.Core.Domain;

namespace Parley.Core.Scenarios.Import;

/// <summary>
/// Reads the Decide exchange-model format: tab-separated records with single-quoted fields;
/// <c>#A</c> actor (id, name, description), <c>#P</c> issue (id, name, description), <c>#M</c> an issue
/// bound (two per issue), <c>#D</c> data (actor, issue, position, salience 0–1, power 0–1).
/// Actors may lack rows for some issues.
/// </summary>
public static class DecideImporter
{
    /// <summary>Imports Decide text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="file">The name used in diagnostics and in the scenario's source list.</param>
    public static LoadResult Import(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diags = new List<Diagnostic>();
        var source = new Source { Id = "decide-input", Title = $"Decide input file {ImportHelpers.FileLabel(file)}", Outlet = "Decide exchange model (Stokman)" };
        var prov = new Provenance { Sources = [source.Id], Note = "imported from Decide CSV" };
        var actorOrder = new List<(string Key, string Name, string Description)>();
        var issueOrder = new List<(string Key, string Name, string Description)>();
        var bounds = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var data = new List<(string Actor, string Issue, double Position, double Salience, double Power, int Line)>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] raw = line.Split('\t');
            var f = new string[raw.Length];
            for (int k = 0; k < raw.Length; k++)
            {
                string v = raw[k].Trim();
                f[k] = v.Length >= 2 && v[0] == '\'' && v[^1] == '\'' ? v[1..^1] : v;
            }

            int ln = i + 1;
            switch (f[0])
            {
                case "#A" when f.Length >= 2:
                    actorOrder.Add((f[1], f.Length > 2 && f[2].Length > 0 ? f[2] : f[1], f.Length > 3 ? f[3] : string.Empty));
                    break;
                case "#P" when f.Length >= 2:
                    issueOrder.Add((f[1], f.Length > 2 && f[2].Length > 0 ? f[2] : f[1], f.Length > 3 ? f[3] : string.Empty));
                    break;
                case "#M" when f.Length >= 3 && ImportHelpers.TryNumber(f[2], out double b):
                    if (!bounds.TryGetValue(f[1], out List<double>? list))
                    {
                        bounds[f[1]] = list = [];
                    }

                    list.Add(b);
                    break;
                case "#D" when f.Length >= 6:
                    if (!ImportHelpers.TryNumber(f[3], out double pos) || !ImportHelpers.TryNumber(f[4], out double sal) || !ImportHelpers.TryNumber(f[5], out double pow))
                    {
                        diags.Add(ImportHelpers.Error(file, ln, 1, "a #D record needs numbers for position, salience and power"));
                        break;
                    }

                    data.Add((f[1], f[2], pos, sal, pow, ln));
                    break;
                default:
                    diags.Add(ImportHelpers.Error(file, ln, 1, $"unrecognised Decide record '{(f[0].Length > 20 ? f[0][..20] : f[0])}'",
                        "records are #A actor, #P issue, #M bound, #D data, tab-separated"));
                    break;
            }
        }

        var issueIds = new HashSet<string>(StringComparer.Ordinal);
        var issues = new List<Issue>();
        var issueByKey = new Dictionary<string, Issue>(StringComparer.Ordinal);
        foreach ((string key, string name, string description) in issueOrder)
        {
            if (!bounds.TryGetValue(key, out List<double>? b) || b.Count != 2 || b[0] == b[1])
            {
                diags.Add(ImportHelpers.Error(file, 0, 0, $"issue '{key}' needs two distinct #M records (minimum and maximum)"));
                continue;
            }

            var issue = new Issue
            {
                Id = ImportHelpers.ToId(key, issueIds),
                Name = name,
                Description = string.IsNullOrEmpty(description) ? null : description,
                Kind = IssueKind.Continuous,
                Min = Math.Min(b[0], b[1]),
                Max = Math.Max(b[0], b[1]),
            };
            issues.Add(issue);
            issueByKey[key] = issue;
        }

        var actorIds = new HashSet<string>(StringComparer.Ordinal);
        var actors = new List<Actor>();
        foreach ((string key, string name, string description) in actorOrder)
        {
            var stances = new Dictionary<string, Stance>(StringComparer.Ordinal);
            double? power = null;
            foreach ((string actor, string issueKey, double pos, double sal, double pow, int line) in data)
            {
                if (actor != key)
                {
                    continue;
                }

                if (!issueByKey.TryGetValue(issueKey, out Issue? issue))
                {
                    diags.Add(ImportHelpers.Error(file, line, 1, $"data for undefined issue '{issueKey}'"));
                    continue;
                }

                if (pos < issue.Min || pos > issue.Max || sal < 0 || sal > 1 || pow < 0)
                {
                    diags.Add(ImportHelpers.Error(file, line, 1, $"data of '{actor}' on '{issueKey}' out of range (position within the issue's bounds, salience in [0, 1], power ≥ 0)"));
                    continue;
                }

                if (power is not null && power != pow)
                {
                    diags.Add(ImportHelpers.Error(file, line, 1, $"actor '{actor}' has power {pow} here but {power} on another issue; Parley keeps one capability per actor"));
                    continue;
                }

                power = pow;
                stances[issue.Id] = new Stance { IssueId = issue.Id, Position = ImportHelpers.Q(pos, prov), Salience = ImportHelpers.Q(sal, prov) };
            }

            var ordered = new List<Stance>();
            foreach (Issue issue in issues)
            {
                if (stances.TryGetValue(issue.Id, out Stance? s))
                {
                    ordered.Add(s);
                }
            }

            actors.Add(new Actor
            {
                Id = ImportHelpers.ToId(key, actorIds),
                Name = name,
                Description = string.IsNullOrEmpty(description) ? null : description,
                Capability = ImportHelpers.Q(power ?? 0, power is null ? prov with { IsEstimate = true, Note = "no #D record: capability unknown" } : prov),
                Stances = ordered,
            });
        }

        foreach ((string actor, string issueKey, _, _, _, int line) in data)
        {
            if (!actorOrder.Exists(a => a.Key == actor))
            {
                diags.Add(ImportHelpers.Error(file, line, 1, $"data for undefined actor '{actor}' (on issue '{issueKey}')", "add an #A record for it"));
            }
        }

        if (actors.Count == 0 || issues.Count == 0)
        {
            diags.Add(ImportHelpers.Error(file, 0, 0, "the Decide file defines no actors or no issues"));
        }

        if (diags.Count > 0)
        {
            return new LoadResult(null, diags, ScenarioFormat.Decide);
        }

        string title = Path.GetFileNameWithoutExtension(file);
        return new LoadResult(new Scenario { Name = title, Description = "Imported from a Decide exchange-model file", TimeStep = "round", Sources = [source], Issues = issues, Actors = actors }, diags, ScenarioFormat.Decide);
    }
}
