namespace Parley.Web.Tests;

public sealed class ScenarioCatalogTests
{
    [Fact]
    public void A_scenario_is_parsed_once_and_again_when_its_file_changes_and_names_are_never_paths()
    {
        string dir = Directory.CreateTempSubdirectory("parley-catalog-").FullName;
        try
        {
            string file = Path.Combine(dir, "pie.yaml");
            string text = File.ReadAllText(Path.Combine(DashboardFactory.Root, "scenarios", "minsk-2015.yaml"));
            File.WriteAllText(file, text);
            var catalog = new ScenarioCatalog(new WebOptions { Scenarios = dir });
            Core.Scenarios.LoadResult first = catalog.Load("pie")!;
            Assert.Same(first, catalog.Load("pie"));
            File.WriteAllText(file, text.Replace("Minsk II 2015", "Minsk II (edited)", StringComparison.Ordinal));
            Core.Scenarios.LoadResult second = catalog.Load("pie")!;
            Assert.NotSame(first, second);
            Assert.Contains("edited", second.Scenario!.Name, StringComparison.Ordinal);
            Assert.Null(catalog.Load("../pie"));
            Assert.Null(catalog.Load(file));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
