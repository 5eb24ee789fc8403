using System.Text.RegularExpressions;

namespace Parley.Core.Tests.Architecture;

/// <summary>Dependencies point one way (ARCHITECTURE.md), and randomness has one home.</summary>
public class DependencyRulesTests
{
    private static IEnumerable<string> Sources(string sub) =>
        Directory.GetFiles(Path.Combine(TestPaths.Root, "src", sub), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void Core_references_no_host_project()
    {
        string csproj = File.ReadAllText(Path.Combine(TestPaths.Root, "src", "Parley.Core", "Parley.Core.csproj"));
        Assert.DoesNotContain("ProjectReference", csproj, StringComparison.Ordinal);
        foreach (var name in typeof(Parley.Core.Domain.Scenario).Assembly.GetReferencedAssemblies())
        {
            Assert.False(name.Name!.StartsWith("Parley.", StringComparison.Ordinal), name.Name);
        }
    }

    [Theory]
    [InlineData("Parley.Storage", "Parley.Core")]
    [InlineData("Parley.Reporting", "Parley.Core")]
    [InlineData("Parley.Web", "Parley.Cluster Parley.Core Parley.Reporting Parley.Storage")]
    [InlineData("Parley.Cluster", "Parley.Core")]
    [InlineData("Parley.Cli", "Parley.Cluster Parley.Core Parley.Reporting Parley.Storage Parley.Web")]
    public void Projects_reference_only_what_lies_below_them(string project, string allowed)
    {
        string csproj = File.ReadAllText(Path.Combine(TestPaths.Root, "src", project, project + ".csproj"));
        string[] references = [.. Regex.Matches(csproj, @"ProjectReference Include=""[^""]*?([A-Za-z.]+)\.csproj""").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        Assert.Equal(allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries), references);
    }

    [Fact]
    public void Domain_depends_on_nothing_else_in_core()
    {
        foreach (string f in Sources(Path.Combine("Parley.Core", "Domain")))
        {
            string text = File.ReadAllText(f);
            Assert.False(Regex.IsMatch(text, @"using Parley\.Core\.(?!Domain)"), f);
        }
    }

    [Theory]
    [InlineData("Forecasting", "Bargaining|Experiments|Scenarios")]
    [InlineData("Bargaining", "Forecasting|Experiments|Scenarios")]
    [InlineData("Randomness", "Forecasting|Bargaining|Experiments|Scenarios")]
    public void Model_namespaces_depend_only_on_the_domain_and_randomness(string folder, string forbidden)
    {
        foreach (string f in Sources(Path.Combine("Parley.Core", folder)))
        {
            string text = File.ReadAllText(f);
            Assert.False(Regex.IsMatch(text, $@"using Parley\.Core\.({forbidden});"), f);
        }
    }

    [Theory]
    [InlineData("Parley.Cli")]
    [InlineData("Parley.Web")]
    [InlineData("Parley.Cluster")]
    public void Hosts_build_no_json_by_hand_and_use_only_the_front_door_of_core(string host)
    {
        // the hosts map options and HTTP to typed requests and print typed results: Analyses (with the serialiser that
        // writes its results), Domain and Scenarios, never an engine directly, and no JSON DOM
        foreach (string f in Sources(host))
        {
            string text = File.ReadAllText(f);
            Assert.False(text.Contains("System.Text.Json.Nodes", StringComparison.Ordinal), $"{f} uses System.Text.Json.Nodes");
            Assert.False(Regex.IsMatch(text, @"\b(JsonObject|JsonArray|JsonNode|Utf8JsonWriter)\b"), $"{f} builds JSON by hand");
            foreach (Match m in Regex.Matches(text, @"Parley\.Core\.([A-Za-z]+)"))
            {
                Assert.Contains(m.Groups[1].Value, new[] { "Analyses", "Domain", "Scenarios", "Serialization" });
            }
        }
    }

    [Fact]
    public void No_result_is_built_as_a_json_dom()
    {
        // results are records written by the one serialiser; only the serialiser's schema export handles JSON nodes
        foreach (string f in Sources(string.Empty).Where(f => !f.EndsWith(Path.Combine("Serialization", "ParleyJson.cs"), StringComparison.Ordinal)))
        {
            Assert.False(File.ReadAllText(f).Contains("System.Text.Json.Nodes", StringComparison.Ordinal), $"{f} uses System.Text.Json.Nodes");
        }
    }

    [Fact]
    public void No_random_source_outside_the_randomness_folder()
    {
        foreach (string f in Sources(string.Empty))
        {
            if (f.Contains($"{Path.DirectorySeparatorChar}Randomness{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            string text = File.ReadAllText(f);
            Assert.False(text.Contains("new Random(", StringComparison.Ordinal) || text.Contains("Random.Shared", StringComparison.Ordinal), f);
        }
    }
}
