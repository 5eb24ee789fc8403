using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Parley.Core.Domain;
using Parley.Core.Scenarios.Yaml;

namespace Parley.Core.Scenarios.Import;

/// <summary>
/// Reads Genius XML: a domain (<c>negotiation_template</c>) and one utility profile (<c>utility_space</c>)
/// per party. Each profile becomes an actor: its issue weights become saliences and its item evaluations
/// the actor's option values, both exactly as written (weights may sum to slightly more than 1);
/// the reservation value becomes the actor's alternative and the discount factor its patience per session.
/// Only discrete issues are supported.
/// </summary>
public static class GeniusImporter
{
    private sealed record Profile(string File, string Name, XElement Root);

    /// <summary>Imports every Genius XML file in a folder (one domain, several profiles).</summary>
    /// <param name="folder">The folder.</param>
    public static LoadResult ImportFolder(string folder)
    {
        var diags = new List<Diagnostic>();
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*.xml");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diags.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, folder, 0, 0, "the folder cannot be read: " + ex.Message, null));
            return new LoadResult(null, diags, ScenarioFormat.Genius);
        }

        Array.Sort(files, StringComparer.Ordinal);
        var inputs = new List<(string, byte[])>();
        foreach (string f in files)
        {
            byte[]? b = ScenarioLoader.ReadCapped(f, diags);
            if (b is not null)
            {
                inputs.Add((f, b));
            }
        }

        if (inputs.Count == 0 && diags.Count == 0)
        {
            diags.Add(ImportHelpers.Error(folder, 0, 0, "the folder holds no .xml files", "a Genius domain folder holds a domain XML and one XML profile per party"));
        }

        return diags.Count > 0 ? new LoadResult(null, diags, ScenarioFormat.Genius) : ImportFiles(inputs);
    }

    /// <summary>Imports a single Genius file: a domain file brings in the profiles beside it; a profile alone makes a one-actor scenario.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="file">Its path.</param>
    public static LoadResult ImportSingle(string text, string file)
    {
        var diags = new List<Diagnostic>();
        XElement? root = Parse(text, file, diags);
        if (root is null)
        {
            return new LoadResult(null, diags, ScenarioFormat.Genius);
        }

        string? dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (root.Name.LocalName == "negotiation_template" && dir is not null && File.Exists(file))
        {
            return ImportFolder(dir);
        }

        return Build(null, [new Profile(file, Path.GetFileNameWithoutExtension(file), root)], file, diags);
    }

    /// <summary>Imports a set of Genius files given together (a domain and profiles, in any order).</summary>
    /// <param name="inputs">Paths and contents.</param>
    public static LoadResult ImportFiles(IReadOnlyList<(string Path, byte[] Bytes)> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var diags = new List<Diagnostic>();
        XElement? domain = null;
        string domainFile = inputs.Count > 0 ? inputs[0].Path : "(none)";
        var profiles = new List<Profile>();
        foreach ((string path, byte[] bytes) in inputs)
        {
            string? text = SafeYamlReader.DecodeText(bytes, path, diags, "Genius XML");
            if (text is null)
            {
                continue;
            }

            if (FormatDetector.Detect(text) != ScenarioFormat.Genius)
            {
                diags.Add(ImportHelpers.Error(path, 0, 0, "several files make one scenario only when they are a Genius domain and its profiles; this file is not Genius XML",
                    "pass other formats one at a time"));
                continue;
            }

            XElement? root = Parse(text, path, diags);
            if (root is null)
            {
                continue;
            }

            if (root.Name.LocalName == "negotiation_template")
            {
                if (domain is not null)
                {
                    diags.Add(ImportHelpers.Error(path, 1, 1, "a second Genius domain file; pass one domain with its profiles"));
                    continue;
                }

                domain = root;
                domainFile = path;
            }
            else if (root.Name.LocalName == "utility_space")
            {
                profiles.Add(new Profile(path, Path.GetFileNameWithoutExtension(path), root));
            }
            else
            {
                diags.Add(ImportHelpers.Error(path, 1, 1, $"root element <{root.Name.LocalName}> is neither a Genius domain (<negotiation_template>) nor a profile (<utility_space>)"));
            }
        }

        if (diags.Count > 0)
        {
            return new LoadResult(null, diags, ScenarioFormat.Genius);
        }

        if (profiles.Count == 0)
        {
            diags.Add(ImportHelpers.Error(domainFile, 0, 0, "no Genius utility profile found", "pass the domain together with the parties' profile files, or their folder"));
            return new LoadResult(null, diags, ScenarioFormat.Genius);
        }

        return Build(domain, profiles, domainFile, diags);
    }

    private static XElement? Parse(string text, string file, List<Diagnostic> diags)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = SafeYamlReader.MaxBytes,
            IgnoreComments = true,
        };
        try
        {
            // first a cheap pass that bounds the tree as the YAML reader does (deep XML makes every later walk quadratic)
            using (var scan = XmlReader.Create(new StringReader(text), settings))
            {
                long nodes = 0;
                while (scan.Read())
                {
                    if (scan.Depth > SafeYamlReader.MaxDepth || ++nodes > SafeYamlReader.MaxExpandedNodes)
                    {
                        var at = (IXmlLineInfo)scan;
                        diags.Add(new Diagnostic(Severity.Error, scan.Depth > SafeYamlReader.MaxDepth ? DiagnosticCodes.TooDeep : DiagnosticCodes.AliasExpansion, file, at.LineNumber, at.LinePosition,
                            scan.Depth > SafeYamlReader.MaxDepth
                                ? $"the XML is nested deeper than {SafeYamlReader.MaxDepth} levels; a Genius file needs four"
                                : $"the XML has more than {SafeYamlReader.MaxExpandedNodes:N0} nodes",
                            "check that this is a Genius domain or profile file"));
                        return null;
                    }
                }
            }

            using var sr = new StringReader(text);
            using var reader = XmlReader.Create(sr, settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root;
        }
        catch (XmlException ex)
        {
            // .NET's own message about DTDs tells the reader to turn them on: the user cannot, and must not
            bool dtd = ex.Message.Contains("DTD", StringComparison.Ordinal);
            diags.Add(new Diagnostic(Severity.Error, DiagnosticCodes.ImportFormat, file, ex.LineNumber, ex.LinePosition,
                dtd ? "the XML declares a document type (<!DOCTYPE …>); Parley never reads DTDs, which can expand entities without end or read other files" : "XML error: " + ex.Message,
                dtd ? "remove the <!DOCTYPE …> declaration: Genius files do not need one" : "check that the file is complete, well-formed Genius XML"));
            return null;
        }
    }

    private static (int Line, int Column) Where(XObject o) => o is IXmlLineInfo li && li.HasLineInfo() ? (li.LineNumber, li.LinePosition) : (0, 0);

    private static LoadResult Build(XElement? domain, List<Profile> profiles, string domainFile, List<Diagnostic> diags)
    {
        // Issues come from the domain when given, otherwise from the first profile.
        XElement issueSource = domain ?? profiles[0].Root;
        string issueFile = domain is not null ? domainFile : profiles[0].File;
        var issueIds = new HashSet<string>(StringComparer.Ordinal);
        var issues = new List<Issue>();
        var issueIndexToPos = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (XElement ie in issueSource.Descendants("issue"))
        {
            string name = (string?)ie.Attribute("name") ?? "?";
            string type = ((string?)ie.Attribute("type")) ?? ((string?)ie.Attribute("etype")) ?? "discrete";
            if (type != "discrete")
            {
                (int l, int c) = Where(ie);
                diags.Add(ImportHelpers.Error(issueFile, l, c, $"Genius issue '{name}' is of type '{type}'; Parley imports discrete Genius issues only",
                    "convert the issue to discrete items, or describe it as a continuous issue in Parley YAML"));
                continue;
            }

            var options = new List<string>();
            foreach (XElement item in ie.Elements("item"))
            {
                string? v = (string?)item.Attribute("value");
                if (v is not null && !options.Contains(v))
                {
                    options.Add(v);
                }
            }

            if (options.Count < 2)
            {
                (int l, int c) = Where(ie);
                diags.Add(ImportHelpers.Error(issueFile, l, c, $"Genius issue '{name}' has fewer than two items"));
                continue;
            }

            issueIndexToPos[(string?)ie.Attribute("index") ?? name] = issues.Count;
            issues.Add(new Issue { Id = ImportHelpers.ToId(name, issueIds), Name = name, Kind = IssueKind.Discrete, Min = 0, Max = options.Count - 1, Options = options });
        }

        var sources = new List<Source>();
        var actors = new List<Actor>();
        var actorIds = new HashSet<string>(StringComparer.Ordinal);
        var sourceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (Profile p in profiles)
        {
            string sourceId = ImportHelpers.ToId("genius-" + p.Name, sourceIds);
            sources.Add(new Source { Id = sourceId, Title = $"Genius utility profile {ImportHelpers.FileLabel(p.File)}", Outlet = "Genius negotiation platform" });
            var prov = new Provenance { Sources = [sourceId] };
            Actor? actor = BuildActor(p, issues, issueIndexToPos, prov, actorIds, diags);
            if (actor is not null)
            {
                actors.Add(actor);
            }
        }

        if (diags.Count > 0 || issues.Count == 0)
        {
            if (issues.Count == 0 && diags.Count == 0)
            {
                diags.Add(ImportHelpers.Error(issueFile, 0, 0, "the Genius domain defines no issues"));
            }

            return new LoadResult(null, diags, ScenarioFormat.Genius);
        }

        string title = domain is not null ? Path.GetFileNameWithoutExtension(domainFile) : profiles[0].Name;
        var scenario = new Scenario
        {
            Name = title,
            Description = "Imported from Genius XML (domain and utility profiles)",
            TimeStep = "session",
            Sources = sources,
            Issues = issues,
            Actors = actors,

            // Genius adds weight × evaluation without renormalising the weights (sums such as 1.0001 stay)
            ModelParameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["deal.weights"] = "raw" },
        };
        return new LoadResult(scenario, diags, ScenarioFormat.Genius);
    }

    private static Actor? BuildActor(Profile p, List<Issue> issues, Dictionary<string, int> issueIndexToPos, Provenance prov, HashSet<string> actorIds, List<Diagnostic> diags)
    {
        var evaluations = new double[issues.Count][];
        var weights = new double?[issues.Count];
        var weightByIndex = new Dictionary<string, double>(StringComparer.Ordinal);
        XElement? objective = p.Root.Element("objective") ?? p.Root.Descendants("objective").FirstOrDefault();
        if (objective is null)
        {
            diags.Add(ImportHelpers.Error(p.File, 1, 1, "the Genius profile has no <objective>"));
            return null;
        }

        foreach (XElement w in objective.Elements("weight"))
        {
            string? idx = (string?)w.Attribute("index");
            if (idx is not null && ImportHelpers.TryNumber((string?)w.Attribute("value") ?? string.Empty, out double wv))
            {
                weightByIndex[idx] = wv;
            }
        }

        foreach (XElement ie in objective.Elements("issue"))
        {
            string name = (string?)ie.Attribute("name") ?? "?";
            int pos = issues.FindIndex(i => i.Name == name);
            (int l, int c) = Where(ie);
            if (pos < 0)
            {
                diags.Add(ImportHelpers.Error(p.File, l, c, $"profile issue '{name}' is not in the domain"));
                continue;
            }

            Issue issue = issues[pos];
            var ev = new double[issue.Options.Count];
            foreach (XElement item in ie.Elements("item"))
            {
                string value = (string?)item.Attribute("value") ?? string.Empty;
                int oi = -1;
                for (int k = 0; k < issue.Options.Count; k++)
                {
                    if (issue.Options[k] == value)
                    {
                        oi = k;
                    }
                }

                (int il, int ic) = Where(item);
                if (oi < 0)
                {
                    diags.Add(ImportHelpers.Error(p.File, il, ic, $"item '{value}' of issue '{name}' is not in the domain"));
                    continue;
                }

                if (!ImportHelpers.TryNumber((string?)item.Attribute("evaluation") ?? string.Empty, out double e) || e < 0)
                {
                    diags.Add(ImportHelpers.Error(p.File, il, ic, $"item '{value}' of issue '{name}' has no non-negative evaluation"));
                    continue;
                }

                ev[oi] = e;
            }

            evaluations[pos] = ev;
            string index = (string?)ie.Attribute("index") ?? string.Empty;
            if (weightByIndex.TryGetValue(index, out double wt))
            {
                weights[pos] = wt;
            }
            else
            {
                diags.Add(ImportHelpers.Error(p.File, l, c, $"issue '{name}' (index {index}) has no <weight>"));
            }
        }

        var stances = new List<Stance>();
        for (int i = 0; i < issues.Count; i++)
        {
            if (evaluations[i] is null || weights[i] is null)
            {
                continue;
            }

            if (weights[i] is < 0 or > 1)
            {
                diags.Add(ImportHelpers.Error(p.File, 0, 0, $"weight {weights[i]} of issue '{issues[i].Name}' lies outside [0, 1]"));
                continue;
            }

            int best = 0;
            for (int k = 1; k < evaluations[i].Length; k++)
            {
                if (evaluations[i][k] > evaluations[i][best])
                {
                    best = k;
                }
            }

            stances.Add(new Stance
            {
                IssueId = issues[i].Id,
                Position = ImportHelpers.Q(best, prov with { Note = "the option with the highest evaluation" }),
                Salience = ImportHelpers.Q(weights[i]!.Value, prov),
                OptionValues = evaluations[i],
            });
        }

        Quantity? alternative = null;
        XElement? reservation = p.Root.Descendants("reservation").FirstOrDefault();
        if (reservation is not null && ImportHelpers.TryNumber((string?)reservation.Attribute("value") ?? string.Empty, out double rv))
        {
            alternative = ImportHelpers.Q(rv, prov, Visibility.Private);
        }

        Quantity? patience = null;
        XElement? discount = p.Root.Descendants("discount_factor").FirstOrDefault();
        if (discount is not null && ImportHelpers.TryNumber((string?)discount.Attribute("value") ?? string.Empty, out double df))
        {
            patience = df is > 0 and <= 1
                ? ImportHelpers.Q(df, prov, Visibility.Private)
                : ImportHelpers.Q(1, prov with { Note = $"Genius discount factor {df.ToString(CultureInfo.InvariantCulture)} means no discounting" }, Visibility.Private);
        }

        return new Actor
        {
            Id = ImportHelpers.ToId(p.Name, actorIds),
            Name = p.Name,
            Capability = ImportHelpers.Q(1, new Provenance { IsEstimate = true, Note = "Genius profiles carry no capability; parties weigh equally" }),
            Patience = patience,
            Alternative = alternative,
            Stances = stances,
        };
    }
}
