using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Scenarios.Import;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Importing another tool's file, writing YAML and loading it again gives identical numbers.</summary>
public class ImportRoundTripTests
{
    public static TheoryData<string> KtabFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "ktab", "inputs"), "*.csv").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KtabFiles))]
    public void Ktab_file_round_trips_exactly(string name)
    {
        LoadResult imported = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "ktab", "inputs", name));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Diagnostics));
        Assert.Equal(ScenarioFormat.Ktab, imported.Format);
        AssertRoundTrip(imported.Scenario!);
    }

    [Fact]
    public void Ktab_numbers_are_kept_exactly()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "ktab", "inputs", "dummyData_3Dim.csv")).Scenario!;
        Assert.Equal(7, s.Actors.Count);
        Assert.Equal(["Pstn1", "Pstn2", "Pstn3"], s.Issues.Select(i => i.Name));
        Actor first = s.Actors[0];
        Assert.Equal("SActor-00", first.Id);
        Assert.Equal(102.543, first.Capability.Value);
        Assert.Equal(75.79, first.Stances[0].Position.Value);
        Assert.Equal(0.4953, first.Stances[0].Salience.Value);
    }

    [Fact]
    public void Genius_fixture_imports_with_exact_weights_and_evaluations()
    {
        LoadResult r = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "genius-mini"));
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Scenario s = r.Scenario!;
        Assert.Equal(["mini_north", "mini_south"], s.Actors.Select(a => a.Id));
        Assert.Equal(["upstream", "shared", "downstream"], s.Issues[0].Options);
        Actor south = s.Actors[1];
        Assert.Equal(0.5501, south.Stances[1].Salience.Value);
        Assert.Equal(1.0001, south.Stances.Sum(x => x.Salience.Value), 12);
        Assert.Equal([1.0, 7.0, 9.0], south.Stances[0].OptionValues!);
        Assert.Equal(2, south.Stances[0].Position.Value);
        Assert.Equal(1, south.Patience!.Value);
        Assert.Equal(0.25, s.Actors[0].Alternative!.Value);
        Assert.Equal(0.9, s.Actors[0].Patience!.Value);
        AssertRoundTrip(s);
    }

    [Fact]
    public void Genius_domain_file_alone_brings_in_its_profiles()
    {
        LoadResult r = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "genius-mini", "mini_domain.xml"));
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Equal(2, r.Scenario!.Actors.Count);
    }

    [Fact]
    public void Decide_fixture_imports_actors_without_all_rows()
    {
        LoadResult r = ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "decide-mini", "river.csv"));
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Scenario s = r.Scenario!;
        Assert.Equal(ScenarioFormat.Decide, r.Format);
        Assert.Equal(1000, s.Issues[0].Max);
        Assert.Equal(10, s.Issues[1].Min);
        Assert.Equal("south-delta", s.Actors[1].Id);
        Assert.Equal("South Delta", s.Actors[1].Name);
        Assert.Single(s.Actors[1].Stances);
        Assert.Equal(700.5, s.Actors[0].StanceOn("quota")!.Position.Value);
        Assert.Equal(0.6, s.Actors[0].Capability.Value);
        AssertRoundTrip(s);
    }

    [Fact]
    public void Malformed_ktab_row_is_reported_with_line_and_column()
    {
        string csv = "X, X issue, 2, 1,\nActor,Desc,Power,P,S\nA,a,10,50,40\nB,b,ten,60,30\n";
        Diagnostic d = Assert.Single(ScenarioLoader.LoadBytes(System.Text.Encoding.UTF8.GetBytes(csv), "k.csv").Diagnostics);
        Assert.Equal((DiagnosticCodes.ImportFormat, 4, 5), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Format_is_recognised_by_content_not_extension()
    {
        Assert.Equal(ScenarioFormat.Ktab, FormatDetector.Detect("a,b,3,1,\nActor,Desc,Power,P,S\n"));
        Assert.Equal(ScenarioFormat.Decide, FormatDetector.Detect("'#A'\t'x'\t'x'\t''\n"));
        Assert.Equal(ScenarioFormat.Genius, FormatDetector.Detect("  <utility_space/>"));
        Assert.Equal(ScenarioFormat.Yaml, FormatDetector.Detect("parley: 1\n"));
    }

    [ReferenceFact]
    public void Every_genius_reference_domain_round_trips()
    {
        foreach (string dir in Directory.GetDirectories(Path.Combine(TestPaths.ReferenceDir!, "genius")))
        {
            LoadResult r = ScenarioLoader.LoadPath(dir);
            Assert.True(r.Succeeded, dir + ": " + string.Join("\n", r.Diagnostics));
            AssertRoundTrip(r.Scenario!);
        }
    }

    [ReferenceFact]
    public void Genius_laptop_weights_are_kept_exactly()
    {
        Scenario s = ScenarioLoader.LoadPath(Path.Combine(TestPaths.ReferenceDir!, "genius", "laptop")).Scenario!;
        Actor buyer = s.Actors.Single(a => a.Id == "laptop_buyer_utility");
        Assert.Equal(0.4452125771655631, buyer.Stances[0].Salience.Value);
        Assert.Equal([12.0, 20.0, 30.0], buyer.Stances[0].OptionValues!);
        Assert.Equal(0.42441038, buyer.Patience!.Value);
    }

    [ReferenceFact]
    public void Every_decide_reference_file_round_trips()
    {
        foreach (string f in Directory.GetFiles(Path.Combine(TestPaths.ReferenceDir!, "decide"), "*.csv"))
        {
            LoadResult r = ScenarioLoader.LoadPath(f);
            Assert.True(r.Succeeded, f + ": " + string.Join("\n", r.Diagnostics));
            AssertRoundTrip(r.Scenario!);
        }

        Scenario cop = ScenarioLoader.LoadPath(Path.Combine(TestPaths.ReferenceDir!, "decide", "cop21.csv")).Scenario!;
        Assert.Equal((15, 13), (cop.Actors.Count, cop.Issues.Count));
        Assert.Equal(11, cop.Actors.Single(a => a.Name == "China").Stances.Count);
    }

    internal static void AssertRoundTrip(Scenario original)
    {
        string yaml = ScenarioWriter.Write(original);
        LoadResult again = ScenarioLoader.LoadYaml(yaml, "roundtrip.yaml");
        Assert.True(again.Succeeded, string.Join("\n", again.Diagnostics) + "\n" + yaml);
        Assert.Empty(ScenarioFacts.Compare(original, again.Scenario!));
        Scenario b = again.Scenario!;
        Assert.Equal(original.ModelParameters.OrderBy(kv => kv.Key, StringComparer.Ordinal), b.ModelParameters.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        for (int i = 0; i < original.Actors.Count; i++)
        {
            Actor x = original.Actors[i];
            Actor y = b.Actors[i];
            Assert.Equal(x.Capability, y.Capability);
            Assert.Equal(x.Alternative, y.Alternative);
            Assert.Equal(x.Patience, y.Patience);
            for (int k = 0; k < x.Stances.Count; k++)
            {
                Assert.Equal(x.Stances[k].Position, y.Stances[k].Position);
                Assert.Equal(x.Stances[k].Salience, y.Stances[k].Salience);
                Assert.Equal(x.Stances[k].OptionValues, y.Stances[k].OptionValues);
            }
        }
    }
}

/// <summary>An import never yields a scenario its own validator would reject.</summary>
public sealed class ImportValidationTests
{
    [Fact]
    public void A_genius_reservation_value_outside_zero_to_one_is_refused_as_the_validator_would()
    {
        string dir = Directory.CreateTempSubdirectory("parley-genius-").FullName;
        try
        {
            foreach (string f in Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "genius-mini")))
            {
                string text = File.ReadAllText(f).Replace("<reservation value=\"0.25\"/>", "<reservation value=\"5\"/>", StringComparison.Ordinal);
                File.WriteAllText(Path.Combine(dir, Path.GetFileName(f)), text);
            }

            LoadResult r = ScenarioLoader.LoadPath(dir);
            Assert.Null(r.Scenario);
            Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
            Assert.Equal(DiagnosticCodes.OutOfRange, d.Code);
            Assert.Contains("as imported, alternative of actor", d.Message, StringComparison.Ordinal);
            Assert.NotNull(ScenarioLoader.LoadPath(Path.Combine(TestPaths.Fixtures, "genius-mini")).Scenario);   // the original imports
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
