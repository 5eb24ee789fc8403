using Parley.Core.Domain;

namespace Parley.Core.Scenarios.Import;

/// <summary>
/// Reads KTAB's SMP CSV input: line 1 holds name, description, number of actors and of dimensions;
/// line 2 a header; then one row per actor (name, description, capability, then position and salience
/// per dimension, both on 0–100). Positions keep the 0–100 scale; saliences become 0–1 exactly.
/// </summary>
public static class KtabImporter
{
    /// <summary>Imports KTAB CSV text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="file">The name used in diagnostics and in the scenario's source list.</param>
    public static LoadResult Import(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diags = new List<Diagnostic>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        List<string> head = Csv.Split(lines[0]);
        if (head.Count < 4 || !int.TryParse(head[2].Trim(), out int nActors) || !int.TryParse(head[3].Trim(), out int nDims) || nActors < 1 || nDims < 1)
        {
            diags.Add(ImportHelpers.Error(file, 1, 1, "the first line of a KTAB file must be: name, description, number of actors, number of dimensions"));
            return new LoadResult(null, diags, ScenarioFormat.Ktab);
        }

        if (nActors > 10_000 || nDims > 1_000)
        {
            diags.Add(ImportHelpers.Error(file, 1, 1, $"{nActors} actors and {nDims} dimensions is more than Parley imports (10,000 and 1,000)"));
            return new LoadResult(null, diags, ScenarioFormat.Ktab);
        }

        List<string> header = lines.Length > 1 ? Csv.Split(lines[1]) : [];
        if (header.Count < 3 + (2 * nDims))
        {
            diags.Add(ImportHelpers.Error(file, 2, 1, $"the header has {header.Count} columns; {3 + (2 * nDims)} are needed for {nDims} dimension(s)",
                "the header is: Actor, Description, Influence, then a position and a salience column per dimension"));
            return new LoadResult(null, diags, ScenarioFormat.Ktab);
        }

        var source = new Source { Id = "ktab-input", Title = $"KTAB input file {ImportHelpers.FileLabel(file)}", Outlet = "KAPSARC Toolkit for Behavioral Analysis (KTAB)" };
        var prov = new Provenance { Sources = [source.Id], Note = "imported from KTAB CSV" };
        var issueIds = new HashSet<string>(StringComparer.Ordinal);
        var issues = new List<Issue>();
        for (int d = 0; d < nDims; d++)
        {
            string name = header[3 + (2 * d)].Trim();
            string baseName = name.EndsWith(" Position", StringComparison.OrdinalIgnoreCase) ? name[..^" Position".Length] : name;
            issues.Add(new Issue { Id = ImportHelpers.ToId(baseName, issueIds), Name = name, Kind = IssueKind.Continuous, Min = 0, Max = 100 });
        }

        var actors = new List<Actor>();
        var actorIds = new HashSet<string>(StringComparer.Ordinal);
        int row = 0;
        for (int li = 2; li < lines.Length && row < nActors; li++)
        {
            if (string.IsNullOrWhiteSpace(lines[li]))
            {
                continue;
            }

            row++;
            List<string> f = Csv.Split(lines[li], out List<int> cols);
            if (f.Count < 3 + (2 * nDims))
            {
                diags.Add(ImportHelpers.Error(file, li + 1, 1, $"actor row has {f.Count} fields; {3 + (2 * nDims)} are needed"));
                continue;
            }

            string actorName = f[0].Trim();
            bool ok = true;
            if (!ImportHelpers.TryNumber(f[2], out double capability) || capability < 0)
            {
                diags.Add(ImportHelpers.Error(file, li + 1, cols[2], $"capability '{f[2].Trim()}' of actor '{actorName}' is not a non-negative number"));
                ok = false;
            }

            var stances = new List<Stance>();
            for (int d = 0; d < nDims; d++)
            {
                int pc = 3 + (2 * d);
                if (!ImportHelpers.TryNumber(f[pc], out double pos) || pos < 0 || pos > 100)
                {
                    diags.Add(ImportHelpers.Error(file, li + 1, cols[pc], $"position '{f[pc].Trim()}' of actor '{actorName}' is not a number in [0, 100]"));
                    ok = false;
                    continue;
                }

                if (!ImportHelpers.TryPercent(f[pc + 1], out double sal) || sal < 0 || sal > 1)
                {
                    diags.Add(ImportHelpers.Error(file, li + 1, cols[pc + 1], $"salience '{f[pc + 1].Trim()}' of actor '{actorName}' is not a number in [0, 100]"));
                    ok = false;
                    continue;
                }

                stances.Add(new Stance { IssueId = issues[d].Id, Position = ImportHelpers.Q(pos, prov), Salience = ImportHelpers.Q(sal, prov) });
            }

            if (ok)
            {
                actors.Add(new Actor
                {
                    Id = ImportHelpers.ToId(actorName, actorIds),
                    Name = actorName,
                    Description = f[1].Trim(),
                    Capability = ImportHelpers.Q(capability, prov),
                    Stances = stances,
                });
            }
        }

        if (row < nActors)
        {
            diags.Add(ImportHelpers.Error(file, lines.Length, 1, $"the file declares {nActors} actors but has {row} actor rows"));
        }

        if (diags.Count > 0)
        {
            return new LoadResult(null, diags, ScenarioFormat.Ktab);
        }

        var scenario = new Scenario
        {
            Name = head[0].Trim(),
            Description = head[1].Trim(),
            TimeStep = "round",
            Sources = [source],
            Issues = issues,
            Actors = actors,
        };
        return new LoadResult(scenario, diags, ScenarioFormat.Ktab);
    }
}
