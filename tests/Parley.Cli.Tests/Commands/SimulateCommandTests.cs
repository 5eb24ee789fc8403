using System.Text.Json;

namespace Parley.Cli.Tests.Commands;

public class SimulateCommandTests
{
    private static readonly string Root = Cli.Root;
    private static readonly string Flagship = Cli.Flagship;

    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Runs_over_draws_say_how_often_each_event_fired()
    {
        (int code, string table, string err) = Cli.Run("simulate", Cli.Flagship, "--variant", "freeze-on-the-line", "--draws", "40", "--no-store");
        Assert.True(code == 0, err);
        Assert.Contains("Events over those runs", table, StringComparison.Ordinal);
        Assert.Contains("us-presses-ukraine", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Flagship_hub_and_spoke_prints_a_timeline_and_an_outcome()
    {
        (int code, string output, string err) = Run("simulate", Flagship);
        Assert.True(code == 0, err);
        Assert.Contains("Protocol hub-and-spoke; parties us, russia, ukraine", output, StringComparison.Ordinal);
        Assert.Contains("us -> table: offers", output, StringComparison.Ordinal);
        Assert.Contains("blocked by", output, StringComparison.Ordinal);
        Assert.Contains("estimates from published analyses, not intelligence", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, l));
    }

    [Fact]
    public void Hub_and_spoke_keeps_answers_private_and_single_text_shares_them()
    {
        (_, string hub, _) = Run("simulate", Flagship, "--format", "json", "--protocol", "hub-and-spoke");
        (_, string open, _) = Run("simulate", Flagship, "--format", "json", "--protocol", "single-text");
        // (the scenario's events are public, from no party to none: not messages between spokes)
        static int SpokeToSpoke(string json) => JsonDocument.Parse(json).RootElement.GetProperty("transcript").EnumerateArray()
            .Count(m => m.GetProperty("kind").GetString() != "event" && m.GetProperty("from").GetString() != "us" && m.GetProperty("to").GetString() != "us");
        Assert.Equal(0, SpokeToSpoke(hub));
        Assert.True(SpokeToSpoke(open) > 0);
    }

    [Fact]
    public void Same_seed_gives_the_same_run_and_the_transcript_csv_is_written()
    {
        string path = Path.Combine(Path.GetTempPath(), $"parley-talks-{Environment.ProcessId}.csv");
        try
        {
            (int code, string a, _) = Run("simulate", Flagship, "--format", "json", "--seed", "4", "--protocol", "alternating-offers", "--strategy", "russia=boulware", "--transcript", path);
            Assert.Equal(0, code);
            (_, string b, _) = Run("simulate", Flagship, "--format", "json", "--seed", "4", "--protocol", "alternating-offers", "--strategy", "russia=boulware");
            Assert.Equal(a, b);
            string[] lines = File.ReadAllLines(path);
            Assert.Equal("time,from,to,kind,issue,amount,package", lines[0]);
            Assert.Equal(JsonDocument.Parse(a).RootElement.GetProperty("transcript").GetArrayLength(), lines.Length - 1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Compare_puts_process_choices_and_variants_side_by_side()
    {
        (int code, string json, string err) = Run("simulate", Flagship, "--compare", "--format", "json");
        Assert.True(code == 0, err);
        string[] runs = [.. JsonDocument.Parse(json).RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run").GetString()!)];
        Assert.Contains("hub-and-spoke", runs);
        Assert.Contains("alternating-offers (direct talks)", runs);
        Assert.Contains("hub-and-spoke, variant aid-cut", runs);
    }

    [Fact]
    public void Bad_requests_are_usage_errors()
    {
        Assert.Equal(1, Run("simulate", Flagship, "--actors", "us").Code);
        Assert.Equal(1, Run("simulate", Flagship, "--actors", "russia,ukraine", "--protocol", "hub-and-spoke").Code);
        Assert.Equal(1, Run("simulate", Flagship, "--strategy", "russia=sly").Code);
        Assert.Equal(1, Run("simulate", Flagship, "--protocol", "telepathy").Code);
    }

    [Fact]
    public void The_levers_show_in_the_timeline_and_a_mediator_that_refuses_its_own_text_is_named()
    {
        string file = Path.Combine(Cli.Root, "tests", "fixtures", "levers", "all-levers.yaml");
        (int code, string table, string err) = Cli.Run("simulate", file, "--no-store");
        Assert.True(code == 0, err);
        Assert.Contains("red -> blue: escalates: raises its cost of war by 0.01 per month", table, StringComparison.Ordinal);
        Assert.Contains("offers on the direct track truce-talks: truce", table, StringComparison.Ordinal);
        Assert.Contains("event grey-joins", table, StringComparison.Ordinal);

        // blue's linkage (land at least 50 only with guarantees at most 40) blocks texts its red lines allow: named as such
        Assert.Contains(": its linkage, land at least 50 only with guarantees at most 40", table.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);

        // the direct track settles the truce where the mediator, who cares about it, prefers no deal: every party accepts
        // the last text and the summary says the mediator itself refused it
        Assert.Contains("by the mediator itself: every party accepted it", table.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

