using System.Text;
using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

/// <summary><c>parley brief FILE --for ACTOR</c>: the terminal, JSON and file outputs, and its refusals.</summary>
public class BriefCommandTests
{
    [Fact]
    public void The_brief_prints_its_sections_and_the_provenance_line()
    {
        (int code, string text, string err) = Cli.Run("brief", Cli.Flagship, "--for", "ukraine", "--draws", "20", "--no-store");
        Assert.True(code == 0, err);
        foreach (string heading in new[] { "Brief for Ukraine", "Where you stand", "The zone of agreement from your side", "Natural partners", "Russia (party)", "What could break the deal", "Where the analyses behind the numbers disagree" })
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }

        Assert.Contains("estimates from published analyses", text, StringComparison.Ordinal);
        // the flagship as written has no zone: the brief names the moves that would open one, Ukraine's own as "your"
        Assert.Contains("your red line on territory", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_the_result_document_and_names_the_hidden_numbers_without_their_values()
    {
        (int code, string json, string err) = Cli.Run("brief", Cli.Flagship, "--for", "russia", "--variant", "freeze-on-the-line", "--draws", "10", "--format", "json", "--no-store");
        Assert.True(code == 0, err);
        JsonElement root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("russia", root.GetProperty("actor").GetString());
        JsonElement patience = root.GetProperty("hidden").EnumerateArray().Single(h => h.GetProperty("path").GetString() == "actors.ukraine.patience");
        Assert.False(patience.TryGetProperty("prior", out JsonElement prior) && prior.ValueKind != JsonValueKind.Null);
        // Ukraine's red line on alignment (a private estimate, 67) shows only as unknown
        JsonElement ukraine = root.GetProperty("others").EnumerateArray().Single(o => o.GetProperty("actor").GetString() == "ukraine");
        Assert.Equal("at most: limit unknown", ukraine.GetProperty("stances").EnumerateArray().Single(st => st.GetProperty("issue").GetString() == "alignment").GetProperty("red_line").GetString());
    }

    [Theory]
    [InlineData("brief.pdf", "%PDF-")]
    [InlineData("brief.md", "# Brief for Ukraine")]
    [InlineData("brief.html", "<!DOCTYPE html>")]
    [InlineData("brief.png", "\u0089PNG")]
    public void Out_writes_the_brief_in_the_files_format(string name, string start)
    {
        string dir = Directory.CreateTempSubdirectory("parley-brief-").FullName;
        string file = Path.Combine(dir, name);
        (int code, _, string err) = Cli.Run("brief", Cli.Flagship, "--for", "ukraine", "--draws", "10", "--out", file, "--no-store");
        Assert.True(code == 0, err);
        Assert.StartsWith(start, Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_are_one_line_with_an_exit_code()
    {
        (int code, _, string err) = Cli.Run("brief", Cli.Flagship, "--for", "narnia", "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("is not an actor of", err, StringComparison.Ordinal);
        Assert.Contains("russia, ukraine", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("brief", Cli.Flagship, "--for", "ukraine", "--out", "brief.docx", "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("write a .html, .md, .pdf or .png file", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("brief", Cli.Flagship, "--no-store");
        Assert.Equal(1, code);
        Assert.Contains("--for", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_brief_can_be_reported_again()
    {
        string db = Path.Combine(Directory.CreateTempSubdirectory("parley-brief-db-").FullName, "runs.db");
        (int code, _, string err) = Cli.Run("brief", Cli.Flagship, "--for", "us", "--draws", "10", "--db", db);
        Assert.True(code == 0, err);
        string md = Path.Combine(Path.GetDirectoryName(db)!, "again.md");
        (code, _, err) = Cli.Run("report", "1", "--db", db, "--format", "markdown", "--out", md);
        Assert.True(code == 0, err);
        Assert.StartsWith("# Brief for United States", File.ReadAllText(md), StringComparison.Ordinal);
    }
}
