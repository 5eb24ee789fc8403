using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>
/// Every quote a shipped scenario carries appears in its source, word for word (issue 16): the texts are read through
/// PARLEY_SOURCES_DIR (the project never carries them); both sides are normalised — Unicode NFKC, straight quotes, dashes as
/// '-', whitespace collapsed, case ignored — and each part of an elided quote ("[…]") must appear in order.
/// </summary>
public sealed partial class QuoteConformanceTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(TestPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Fact]
    public void Normalising_treats_typography_alike_and_elisions_as_gaps_in_order()
    {
        Assert.True(Appears("Putin’s — “strong”  position", "putin's - \"strong\" position"));
        Assert.True(Appears("one two three four five", "one […] four"));
        Assert.False(Appears("one two three four five", "four […] one"));
        Assert.False(Appears("one two three", "one three"));
    }

    [SourcesTheory]
    [MemberData(nameof(Files))]
    public void Every_quote_appears_verbatim_in_its_source(string file)
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Scenarios, file)).Scenario!;
        var missing = new List<string>();
        int checkedQuotes = 0;
        // every number's quotes, and each claim's
        IEnumerable<(string Path, Citation Cite)> quotes = ScenarioFacts.Flatten(s).SelectMany(f => (f.Number?.Provenance.Cites ?? []).Select(c => (f.Path, c)))
            .Concat(s.Claims.SelectMany(k => k.Provenance.Cites.Select(c => ($"claims.{k.Id}", c))));
        foreach (IGrouping<string, Citation> f in quotes.GroupBy(q => q.Path, q => q.Cite))
        {
            foreach (Citation c in f)
            {
                string? text = SourceText(c.Source);
                if (text is null)
                {
                    missing.Add($"{f.Key}: no text for source {c.Source} in {TestPaths.SourcesDir}");
                    continue;
                }

                checkedQuotes++;
                if (!Appears(text, c.Quote))
                {
                    missing.Add($"{f.Key}: \"{c.Quote}\" is not in {c.Source}");
                }

                // "para N": the N-th paragraph of the captured text (its non-empty lines, title lines included) holds the quote
                if (c.Locator is string locator && locator.StartsWith("para ", StringComparison.Ordinal))
                {
                    string[] paragraphs = [.. text.Split('\n').Where(l => l.Trim().Length > 0)];
                    int n = int.Parse(locator[5..], CultureInfo.InvariantCulture);
                    if (n < 1 || n > paragraphs.Length || !Appears(paragraphs[n - 1], c.Quote))
                    {
                        missing.Add($"{f.Key}: {c.Source} {locator} does not hold \"{c.Quote}\"");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        if (file == "ukraine-2025.yaml")
        {
            Assert.True(checkedQuotes >= 7, $"{checkedQuotes} quotes checked");
        }
    }

    private static string? SourceText(string id) =>
        Directory.GetFiles(TestPaths.SourcesDir!, id + "-*.txt").FirstOrDefault() is string path ? File.ReadAllText(path) : null;

    private static bool Appears(string text, string quote)
    {
        string t = Normalise(text);
        int at = 0;
        foreach (string part in quote.Split(["[…]", "[...]"], StringSplitOptions.None).Select(Normalise).Where(p => p.Length > 0))
        {
            int found = t.IndexOf(part, at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + part.Length;
        }

        return true;
    }

    private static string Normalise(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s.Normalize(NormalizationForm.FormKC))
        {
            sb.Append(c switch
            {
                '‘' or '’' or '‚' or '′' => '\'',
                '“' or '”' or '„' or '″' => '"',
                '–' or '—' or '‒' or '−' => '-',
                _ => char.ToLower(c, CultureInfo.InvariantCulture),
            });
        }

        return Whitespace().Replace(sb.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
