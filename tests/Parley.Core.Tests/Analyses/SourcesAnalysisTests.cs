using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Analyses;

/// <summary>Numbers with their evidence (issue 16): quotes per number, checked at their line, and the assumptions register.</summary>
public sealed class SourcesAnalysisTests
{
    private static ScenarioSet Flagship() => ScenarioSet.Load([Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")]).Set!;

    [Fact]
    public void The_flagship_register_quotes_every_red_line_and_both_readings_of_the_balance_of_power()
    {
        SourcesOutcome r = SourcesAnalysis.Run(new SourcesRequest(), Flagship()).Result!;
        var redLines = r.Inputs.Where(i => i.Path.Contains(".red_line.", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, redLines.Count);

        // four red lines are quoted; for Ukraine's on alignment and its military the analyses quote no Ukrainian limit, and
        // the notes say so instead of stretching a quote about something else
        Assert.Equal(4, redLines.Count(i => i.Quotes.Count > 0));
        Assert.All(redLines.Where(i => i.Quotes.Count == 0), i => Assert.Contains("quote no Ukrainian limit", i.Note, StringComparison.Ordinal));
        Assert.Equal(["RS"], r.Inputs.Single(i => i.Path == "actors.russia.stances.territory.red_line.at_least").Sources);

        // the two territorial red lines block any deal on their own, and the register says so
        Assert.Equal(["actors.russia.stances.territory.red_line.at_least", "actors.ukraine.stances.territory.red_line.at_most"], r.Inputs.Where(i => i.BlocksDeal).Select(i => i.Path));
        RegisterInput territory = r.Inputs.Single(i => i.Path == "actors.russia.stances.territory.red_line.at_least");
        Assert.Equal(75, territory.Value);
        Assert.Equal("RS", territory.Quotes[0].Source);
        Assert.Contains("Kherson and Zaporizhia", territory.Quotes[0].Quote, StringComparison.Ordinal);

        // where the analyses disagree, both are quoted and the range spans them
        RegisterInput p = r.Inputs.Single(i => i.Path == "dynamics.p_prevail");
        Assert.Equal(["FT", "CB"], p.Disagrees);
        Assert.Equal([0.45, 0.7], p.Range!);

        // every uncertain input has a rank; the influential ones without a quote are named
        Assert.All(r.Inputs.Where(i => i.SensitivityRank is not null), i => Assert.NotNull(i.Range));
        Assert.True(r.Inputs.Count(i => i.SensitivityRank is not null) >= 100);
        Assert.Contains(r.Warnings, w => w.Contains("ranks 2 in sensitivity but carries no quote", StringComparison.Ordinal));
        Assert.Equal(r.Inputs.Count(i => i.Quotes.Count > 0), r.Quoted);
        // four red lines, Russia's ceasefire salience, the balance of power, both sides' patience, the US stake and ten more of
        // the fifteen inputs that move the answers most, and two facts of the conflict's history (when it began, the earlier
        // agreements), and the fourteen numbers of the five events during the talks (their chances and changes, quoted by B,
        // FT and RS)
        Assert.Equal(36, r.Quoted);
        RegisterInput sanctions = r.Inputs.Single(i => i.Path == "events.energy-sanctions.probability");
        Assert.Equal("FT", Assert.Single(sanctions.Quotes).Source);

        // of the top fifteen in sensitivity, the five without a quote are estimates whose notes say no analysis quotes them
        RegisterInput[] unquoted = [.. r.Inputs.Where(i => i.SensitivityRank is <= 15 && i.Quotes.Count == 0)];
        Assert.Equal(5, unquoted.Length);
        Assert.All(unquoted, i => Assert.True(i.Estimate && i.Note is not null && (i.Note.Contains("no analysis", StringComparison.Ordinal) || i.Note.Contains("say nothing", StringComparison.Ordinal)), i.Path));
    }

    [Fact]
    public void A_quote_on_a_block_is_inherited_and_one_stretched_over_many_inputs_is_flagged()
    {
        string yaml = File.ReadAllText(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Replace(
            "    note: \"Russia's partner, watching whether aggression pays (CB); attention partly elsewhere, so lower intensities.\"",
            "    note: \"Russia's partner, watching whether aggression pays (CB); attention partly elsewhere, so lower intensities.\"\n    cite: [{source: CB, quote: \"the People's Republic of China\", locator: para 2}]",
            StringComparison.Ordinal);
        Assert.Contains("cite: [{source: CB", yaml, StringComparison.Ordinal);
        ScenarioSet set = ScenarioSet.FromInputs([new ScenarioInput("t.yaml", System.Text.Encoding.UTF8.GetBytes(yaml))]).Set!;
        SourcesOutcome r = SourcesAnalysis.Run(new SourcesRequest(), set).Result!;
        Assert.All(r.Inputs.Where(i => i.Path.StartsWith("actors.china.", StringComparison.Ordinal)), i => Assert.Single(i.Quotes));
        Assert.Contains(r.Warnings, w => w.StartsWith("one quote from CB", StringComparison.Ordinal) && w.Contains("more than 3", StringComparison.Ordinal));
    }

    [Fact]
    public void The_register_ranks_as_the_sensitivity_table_does_and_a_variants_number_keeps_no_old_quote()
    {
        ScenarioSet set = Flagship();
        SourcesOutcome r = SourcesAnalysis.Run(new SourcesRequest { Variant = TestPaths.WithZone }, set).Result!;
        SensitivityOutcome table = SensitivityAnalysis.Run(new SensitivityRequest { Variant = TestPaths.WithZone }, set).Result!;
        Assert.Equal(table.Swings.Select(w => w.Input), r.Inputs.Where(i => i.SensitivityRank is not null).OrderBy(i => i.SensitivityRank).Select(i => i.Path));

        // freeze-on-the-line sets Russia's territorial line to 50: the quote for 75 must not follow it
        RegisterInput line = r.Inputs.Single(i => i.Path == "actors.russia.stances.territory.red_line.at_least");
        Assert.Equal(50, line.Value);
        Assert.Empty(line.Quotes);
        Assert.Contains("Hypothetical", line.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_that_names_its_own_source_does_not_inherit_a_quote_from_another()
    {
        string yaml = File.ReadAllText(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Replace(
            "    capability: {value: 80, range: [65, 90]}",
            "    cite: [{source: CB, quote: \"Putin is not in a winning position here\"}]\n    capability: {value: 80, range: [65, 90], source: B}",
            StringComparison.Ordinal);
        Assert.Contains("source: B}", yaml, StringComparison.Ordinal);
        Scenario s = ScenarioLoader.LoadYaml(yaml, "t.yaml").Scenario!;
        Actor russia = s.FindActor("russia")!;
        Assert.Empty(russia.Capability.Provenance.Cites);
        Assert.Equal(["B"], russia.Capability.Provenance.Sources);
        Assert.Single(russia.Credibility!.Provenance.Cites);
    }

    [Theory]
    [InlineData("{source: XX, quote: \"a b c\"}", "source 'XX' is not defined")]
    [InlineData("{source: RS}", "quote")]
    [InlineData("{source: RS, quote: \"a b c\", page: 3}", "page")]
    [InlineData("{source: RS, quote: \" \"}", "the quote is empty")]
    public void A_wrong_citation_is_named_at_its_line(string cite, string expected)
    {
        string yaml = File.ReadAllText(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Replace(
            "  volatility: {value: 0.02, note: per month}", $"  volatility: {{value: 0.02, note: per month, cite: [{cite}]}}", StringComparison.Ordinal);
        LoadResult load = ScenarioLoader.LoadYaml(yaml, "t.yaml");
        Diagnostic d = Assert.Single(load.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Contains(expected, d.Message, StringComparison.Ordinal);
        Assert.True(d.Line > 0);
    }

    [Fact]
    public void A_quote_longer_than_forty_words_is_refused_and_an_elision_does_not_count()
    {
        string words = string.Join(' ', Enumerable.Range(0, 41).Select(k => "w" + k));
        Assert.Equal(41, new Citation("RS", words).Words);
        Assert.Equal(2, new Citation("RS", "one […] two").Words);
        string yaml = File.ReadAllText(Path.Combine(TestPaths.Scenarios, "ukraine-2025.yaml")).Replace(
            "  volatility: {value: 0.02, note: per month}", $"  volatility: {{value: 0.02, note: per month, cite: [{{source: RS, quote: \"{words}\"}}]}}", StringComparison.Ordinal);
        Diagnostic d = Assert.Single(ScenarioLoader.LoadYaml(yaml, "t.yaml").Diagnostics, x => x.Severity == Severity.Error);
        Assert.Contains("41 words", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quotes_survive_a_write_and_a_read()
    {
        Scenario s = Flagship().Get(null);
        Scenario again = ScenarioLoader.LoadYaml(ScenarioWriter.Write(s), "again.yaml").Scenario!;
        Quantity a = s.FindActor("russia")!.StanceOn("territory")!.RedLine!.Limit!, b = again.FindActor("russia")!.StanceOn("territory")!.RedLine!.Limit!;
        Assert.Equal(a.Provenance.Cites, b.Provenance.Cites);
        Assert.Equal(s.Dynamics!.PrevailProbability.Provenance.Cites, again.Dynamics!.PrevailProbability.Provenance.Cites);
    }
}
