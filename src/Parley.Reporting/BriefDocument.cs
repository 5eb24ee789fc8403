using System.Globalization;
using System.Net;
using System.Text;
using Parley.Core.Analyses;
using static Parley.Reporting.Display;

namespace Parley.Reporting;

/// <summary>One part of a brief: a paragraph, a table or a list (every format renders the same parts).</summary>
public abstract record BriefPart;

/// <summary>A paragraph.</summary>
/// <param name="Text">Its text.</param>
public sealed record BriefParagraph(string Text) : BriefPart;

/// <summary>A table.</summary>
/// <param name="Header">Column heads.</param>
/// <param name="Rows">Rows of cells.</param>
public sealed record BriefTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : BriefPart;

/// <summary>A bulleted list.</summary>
/// <param name="Items">Its items.</param>
public sealed record BriefList(IReadOnlyList<string> Items) : BriefPart;

/// <summary>A section of a brief.</summary>
/// <param name="Id">Anchor id.</param>
/// <param name="Title">Its heading.</param>
/// <param name="Parts">Its parts.</param>
/// <param name="Level">2 for a section, 3 for a subsection.</param>
public sealed record BriefSection(string Id, string Title, IReadOnlyList<BriefPart> Parts, int Level = 2);

/// <summary>
/// A party's brief as a document: the one place that decides what a brief says and in what order; the terminal, Markdown,
/// HTML and PDF writers only lay it out. <see cref="Executive"/> is the one-page cut for the PDF.
/// </summary>
public static class BriefDocument
{
    /// <summary>The brief's title.</summary>
    /// <param name="r">The brief.</param>
    public static string Title(BriefOutcome r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"Brief for {r.Name}: {r.Scenario}" + (r.Variant is string v ? $" (variant {v})" : string.Empty);
    }

    /// <summary>The whole brief.</summary>
    /// <param name="r">The brief.</param>
    public static IReadOnlyList<BriefSection> Sections(BriefOutcome r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sections = new List<BriefSection>
        {
            Stand(r),
            Zone(r, full: true),
        };
        if (r.Trades.Count > 0)
        {
            sections.Add(new BriefSection("trades", "Trades you could offer", [Trades(r)]));
        }

        sections.Add(Partners(r));
        sections.Add(new BriefSection("others", "The other parties as you can see them", [new BriefParagraph("What each wants and how much it cares (salience, 0 to 1); another party's private numbers show only as the range the scenario states, or as unknown.")]));
        foreach (BriefCounterpart c in r.Others)
        {
            sections.Add(Counterpart(c));
        }

        sections.Add(Risks(r, full: true));
        if (r.Disagreements.Count > 0)
        {
            sections.Add(new BriefSection("disagreements", "Where the analyses behind the numbers disagree", [new BriefList([.. r.Disagreements.Select(Disagreement)])]));
        }

        return sections;
    }

    /// <summary>The one-page cut: where the party stands, the zone, its partners, the levers on each counterpart and the risks.</summary>
    /// <param name="r">The brief.</param>
    public static IReadOnlyList<BriefSection> Executive(BriefOutcome r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var levers = r.Others.Where(c => c.Levers.Count > 0)
            .Select(c => $"{c.Name}: " + string.Join("; ", c.Levers.Take(2).Select(l => $"{l.Name} — {l.Effect}")) + (c.Levers.Count > 2 ? $" (+{c.Levers.Count - 2} more)" : string.Empty))
            .ToList();
        var sections = new List<BriefSection> { Stand(r), Zone(r, full: false), Partners(r) };
        if (levers.Count > 0)
        {
            sections.Add(new BriefSection("levers", "What moves the others", [new BriefList(levers)]));
        }

        sections.Add(Risks(r, full: false));
        return sections;
    }

    private static BriefSection Stand(BriefOutcome r)
    {
        var parts = new List<BriefPart>
        {
            new BriefTable(["issue", "your position", "salience", "red line"], [.. r.Own.Select(s => (IReadOnlyList<string>)[s.Name, s.Position.Text, s.Salience.Text, s.RedLine ?? "none"])]),
            new BriefParagraph(string.Create(CultureInfo.InvariantCulture, $"Your alternative to agreement is worth {U(r.Alternative.Value)} to you now, on the central values ({r.Alternative.Basis}). {r.Alternative.Reading}")),
        };
        if (r.Alternative.OverTime.Count > 0)
        {
            parts.Add(new BriefTable(["steps from now", r.Draws > 0 ? "alternative (median over draws)" : "alternative", "10th–90th percentile"],
                [.. r.Alternative.OverTime.Select(p => (IReadOnlyList<string>)[p.Step.ToString(CultureInfo.InvariantCulture), U(p.Median), $"{U(p.Low)}–{U(p.High)}"])]));
        }

        return new BriefSection("stand", "Where you stand", parts);
    }

    private static BriefSection Zone(BriefOutcome r, bool full)
    {
        BriefZone z = r.Zone;
        var parts = new List<BriefPart>();
        string chance = z.Probability is double p
            ? string.Create(CultureInfo.InvariantCulture, $" Over {r.Draws:N0} draws of the numbers as you see them, a zone exists in {P(p)}") + (z.ProbabilityInterval is { Count: 2 } iv ? $" [{P(iv[0])}–{P(iv[1])}]." : ".")
            : string.Empty;
        parts.Add(new BriefParagraph(z.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"Among {string.Join(", ", z.Group)}: {z.Size:N0} packages are within every red line you know of and worth more to each party than its alternative ({z.WithinRedLines:N0} within the red lines).{chance}")
            : string.Create(CultureInfo.InvariantCulture, $"Among {string.Join(", ", z.Group)}: no package is within every red line you know of and worth more to each party than its alternative ({z.WithinRedLines:N0} within the red lines).{chance}")));
        BriefPackage?[] packages = [z.Best, z.Nash, z.Worst];
        if (packages.Any(x => x is not null))
        {
            // one column per package, one row per issue: packages are few, issues many
            BriefPackage[] shown = [.. packages.Where(x => x is not null).Select(x => x!)];
            string[] issues = [.. shown[0].Package.Keys];
            parts.Add(new BriefTable(["issue", .. shown.Select(x => PackageName(x.Name))],
            [
                .. issues.Select(i => (IReadOnlyList<string>)[i, .. shown.Select(x => F(x.Package[i].Value))]),
                ["your utility", .. shown.Select(x => U(x.Utility))],
                ["gain over your alternative", .. shown.Select(x => U(x.Gain))],
            ]));
            if (z.Nash is { Gain: < 0 } below)
            {
                string veto = z.Group.Contains(r.Actor) ? "." : " (without a seat, you have no veto: the zone is the signatories').";
                parts.Add(new BriefParagraph($"The Nash package is worth {U(-below.Gain)} less to you than your alternative: you would object to it{veto}"));
            }
            else if (z.Best is null)
            {
                parts.Add(new BriefParagraph("No package of the zone is within your red lines and worth your alternative."));
            }

            if (full && z.Nash is { } n)
            {
                parts.Add(new BriefParagraph("The Nash package in words: " + string.Join("; ", n.Package.Select(kv => $"{kv.Key} {kv.Value.Reading}")) + "."));
            }
        }

        if (full && z.Ranges.Count > 0)
        {
            parts.Add(new BriefParagraph("Each issue's range inside the zone: " + string.Join("; ", z.Ranges.Select(x => $"{x.Issue} {F(x.Min)}–{F(x.Max)}")) + "."));
        }

        if (z.Blockers.Count > 0)
        {
            parts.Add(new BriefParagraph("Single changes that would open a zone:"));
            parts.Add(new BriefList(z.Blockers));
        }

        return new BriefSection("zone", "The zone of agreement from your side", parts);
    }

    private static string PackageName(string name) => name switch
    {
        "best" => "best for you",
        "worst" => "worst you gain from",
        _ => "Nash split",
    };

    private static BriefTable Trades(BriefOutcome r) => new(["with", "you get", "you give", "your gain", "their gain"],
        [.. r.Trades.Select(t => (IReadOnlyList<string>)[t.With, t.Gets, t.Gives, U(t.Gain), U(t.TheirGain)])]);

    private static BriefSection Partners(BriefOutcome r) => new("partners", "Natural partners",
    [
        new BriefParagraph("Affinity: how close each stands to you on what you care about (1: the same positions; 0: opposite ends of every scale), median [10th–90th percentile] over draws."),
        new BriefList([.. r.Partners.Take(3).Select(a => $"{a.Actor}: {U(a.Median)} [{U(a.Low)}–{U(a.High)}]" + (a.Shared.Count > 0 ? " — close on " + string.Join(", ", a.Shared) : string.Empty))]),
    ]);

    private static BriefSection Counterpart(BriefCounterpart c)
    {
        var parts = new List<BriefPart>
        {
            new BriefTable(["issue", "position", "salience", "red line"], [.. c.Stances.Select(s => (IReadOnlyList<string>)[s.Name, s.Position.Text, s.Salience.Text, s.RedLine ?? "none stated"])]),
            new BriefParagraph(string.Create(CultureInfo.InvariantCulture, $"Cares most about: {string.Join(", ", c.CaresMost.Take(3))}. Affinity with you {U(c.Affinity.Median)} [{U(c.Affinity.Low)}–{U(c.Affinity.High)}].")),
        };
        if (c.Levers.Count > 0)
        {
            parts.Add(new BriefParagraph("What moves it (computed on your view):"));
            parts.Add(new BriefList([.. c.Levers.Select(l => (l.Kind is "red-line" or "reservation" ? l.Name : $"{l.Kind} {l.Name}") + ": " + l.Effect)]));
        }

        if (c.Unknown.Count > 0)
        {
            parts.Add(new BriefParagraph("Hidden from you: " + string.Join("; ", c.Unknown) + "."));
        }

        return new BriefSection("actor-" + c.Actor, $"{c.Name} ({c.Role})", parts, 3);
    }

    private static BriefSection Risks(BriefOutcome r, bool full)
    {
        if (r.Durability is not { } d)
        {
            return new BriefSection("risks", "What could break the deal", [new BriefParagraph(r.Zone.Exists
                ? "The scenario has no war dynamics, so the strategic durability model has nothing to run."
                : "No zone of agreement from your side, so there is no deal to test yet; see the changes that would open one.")]);
        }

        string holding = string.Join(", ", d.Holding.Select(kv => $"{kv.Key} {P(kv.Value)}" + (d.HoldingRange?.TryGetValue(kv.Key, out double[]? rg) == true ? $" [{P(rg[0])}–{P(rg[1])}]" : string.Empty)));
        string range = d.HoldingRange is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (in brackets, the 10th–90th percentile over {d.InputDraws ?? 0} draws of the inputs; the share outside them is on the central inputs, which can lie at or beyond the range's end)");
        return new BriefSection("risks", "What could break the deal",
        [
            new BriefParagraph(string.Create(CultureInfo.InvariantCulture, $"The Nash package holds on this share of {d.Paths:N0} power paths of the strategic model: {holding}{range}.")),
            new BriefList(full ? d.Risks : [.. d.Risks.Take(3)]),
        ]);
    }

    private static string Disagreement(BriefDisagreement d) =>
        $"{d.Path} [{F(d.Range[0])}–{F(d.Range[1])}]: " + string.Join(" · ", d.Quotes.Select(q => $"{q.Reference()}: “{q.Quote}”" + (q.Supports is null ? string.Empty : $" ({q.Supports})")));

    /// <summary>The brief as Markdown.</summary>
    /// <param name="r">The brief.</param>
    /// <param name="meta">The line saying how it was made (command, seed, draws).</param>
    public static string Markdown(BriefOutcome r, string meta)
    {
        ArgumentNullException.ThrowIfNull(r);
        var md = new StringBuilder();
        md.Append("# ").Append(Exporters.MarkdownExporter.Esc(Title(r))).Append("\n\n");
        md.Append("> ").Append(Exporters.MarkdownExporter.Esc(r.ProvenanceNote ?? "Note: these numbers come from the scenario's inputs; check its sources before relying on them.")).Append("\n\n");
        md.Append('_').Append(Exporters.MarkdownExporter.Esc(meta)).Append("_\n\n").Append(Exporters.MarkdownExporter.Esc(r.View)).Append('\n');
        foreach (BriefSection s in Sections(r))
        {
            md.Append('\n').Append(new string('#', s.Level)).Append(' ').Append(Exporters.MarkdownExporter.Esc(s.Title)).Append("\n\n");
            foreach (BriefPart p in s.Parts)
            {
                switch (p)
                {
                    case BriefParagraph x:
                        md.Append(Exporters.MarkdownExporter.Esc(x.Text)).Append("\n\n");
                        break;
                    case BriefList x:
                        foreach (string item in x.Items)
                        {
                            md.Append("- ").Append(Exporters.MarkdownExporter.Esc(item)).Append('\n');
                        }

                        md.Append('\n');
                        break;
                    case BriefTable x:
                        md.Append("| ").AppendJoin(" | ", x.Header.Select(Exporters.MarkdownExporter.Esc)).Append(" |\n|").AppendJoin("|", x.Header.Select(_ => " --- ")).Append("|\n");
                        foreach (IReadOnlyList<string> row in x.Rows)
                        {
                            md.Append("| ").AppendJoin(" | ", row.Select(Exporters.MarkdownExporter.Esc)).Append(" |\n");
                        }

                        md.Append('\n');
                        break;
                }
            }
        }

        return md.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The brief's sections as HTML (inside a page's body).</summary>
    /// <param name="h">Where to write.</param>
    /// <param name="r">The brief.</param>
    public static void Html(StringBuilder h, BriefOutcome r)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(r);
        h.Append("<p>").Append(E(r.View)).Append("</p>");
        foreach (BriefSection s in Sections(r))
        {
            h.Append("<h").Append(s.Level).Append(" id=\"").Append(E(s.Id)).Append("\">").Append(E(s.Title)).Append("</h").Append(s.Level).Append('>');
            foreach (BriefPart p in s.Parts)
            {
                switch (p)
                {
                    case BriefParagraph x:
                        h.Append("<p>").Append(E(x.Text)).Append("</p>");
                        break;
                    case BriefList x:
                        h.Append("<ul>");
                        foreach (string item in x.Items)
                        {
                            h.Append("<li>").Append(E(item)).Append("</li>");
                        }

                        h.Append("</ul>");
                        break;
                    case BriefTable x:
                        h.Append("<table><tr>");
                        foreach (string head in x.Header)
                        {
                            h.Append("<th>").Append(E(head)).Append("</th>");
                        }

                        h.Append("</tr>");
                        foreach (IReadOnlyList<string> row in x.Rows)
                        {
                            h.Append("<tr>");
                            foreach (string cell in row)
                            {
                                h.Append("<td>").Append(E(cell)).Append("</td>");
                            }

                            h.Append("</tr>");
                        }

                        h.Append("</table>");
                        break;
                }
            }
        }
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
