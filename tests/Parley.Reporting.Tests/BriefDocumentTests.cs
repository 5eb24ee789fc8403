using System.Text;
using System.Text.RegularExpressions;
using Parley.Core.Analyses;

namespace Parley.Reporting.Tests;

/// <summary>The brief as a document: the same parts in every format, one page as a PDF, blind to the others' private values.</summary>
public sealed partial class BriefDocumentTests
{
    private static readonly string Flagship = File.ReadAllText(Path.Combine(FindRoot(), "scenarios", "ukraine-2025.yaml"));

    private static BriefOutcome Brief(string text, string actor, string? variant = "freeze-on-the-line")
    {
        ScenarioSet set = ScenarioSet.FromInputs([new ScenarioInput("scenarios/ukraine-2025.yaml", Encoding.UTF8.GetBytes(text))]).Set!;
        return BriefAnalysis.Run(new BriefRequest { Actor = actor, Variant = variant, Draws = 20 }, set).Result!;
    }

    [Fact]
    public void The_markdown_and_the_pdf_of_russias_brief_do_not_change_when_only_ukraines_private_numbers_do()
    {
        // Ukraine's patience and its cost of war are private without a range: Russia sees them as unknown
        string changed = Flagship.Replace("    patience: 0.93\n", "    patience: 0.5\n", StringComparison.Ordinal).Replace("    ukraine: 0.015\n", "    ukraine: 0.05\n", StringComparison.Ordinal);
        Assert.NotEqual(Flagship, changed);
        Assert.Equal(BriefDocument.Markdown(Brief(Flagship, "russia"), "m"), BriefDocument.Markdown(Brief(changed, "russia"), "m"));
        Assert.Equal(Pdf(Brief(Flagship, "russia")), Pdf(Brief(changed, "russia")));
        // Ukraine's own brief does see them
        Assert.NotEqual(BriefDocument.Markdown(Brief(Flagship, "ukraine"), "m"), BriefDocument.Markdown(Brief(changed, "ukraine"), "m"));
    }

    [Fact]
    public void The_executive_pdf_is_one_page()
    {
        foreach (string actor in new[] { "ukraine", "russia", "us", "china" })
        {
            byte[] pdf = Pdf(Brief(Flagship, actor, variant: null));
            string text = Encoding.Latin1.GetString(pdf);
            Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
            Assert.Single(PageRegex().Matches(text));
        }
    }

    [Fact]
    public void Every_format_carries_the_same_sections()
    {
        BriefOutcome b = Brief(Flagship, "ukraine");
        string md = BriefDocument.Markdown(b, "m");
        var html = new StringBuilder();
        BriefDocument.Html(html, b);
        foreach (BriefSection s in BriefDocument.Sections(b))
        {
            Assert.Contains(new string('#', s.Level) + " " + s.Title.Replace("|", "\\|", StringComparison.Ordinal), md, StringComparison.Ordinal);
            Assert.Contains(">" + System.Net.WebUtility.HtmlEncode(s.Title) + "</h", html.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains(b.ProvenanceNote!, md, StringComparison.Ordinal);
    }

    private static byte[] Pdf(BriefOutcome b)
    {
        using var stream = new MemoryStream();
        BriefPdf.Write(b, stream);
        return stream.ToArray();
    }

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageRegex();

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Parley.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
