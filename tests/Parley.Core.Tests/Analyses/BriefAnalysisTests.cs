using Parley.Core.Analyses;
using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;

namespace Parley.Core.Tests.Analyses;

/// <summary>One party's brief: computed on its view, so blind to the others' private values; its numbers checked against the engines it reads.</summary>
public sealed class BriefAnalysisTests
{
    private static readonly string Text = File.ReadAllText(Flagship.File);

    /// <summary>Ukraine's private numbers in the flagship, each changed (values and notes only; no stated range changes).</summary>
    private static readonly (string From, string To)[] UkrainePrivateChanges =
    [
        // patience: private, no range
        ("    patience: 0.93\n", "    patience: 0.61\n"),
        // red lines on alignment and its military: private estimates, no range; their notes too
        ("          at_most: 67\n          note: \"keeps the EU path;", "          at_most: 60\n          note: \"a different note;"),
        ("          at_most: 40\n", "          at_most: 45\n"),
        // its cost of war and the change of it after an agreement
        ("    ukraine: 0.015\n", "    ukraine: 0.04\n"),
        ("      ukraine: 0\n", "      ukraine: 0.001\n"),
    ];

    private static (string Json, BriefOutcome Brief) Brief(string text, string actor, string? variant = null, long draws = 30, int? threads = null)
    {
        // one path for every run, so that the provenance line (which names the file) is the same
        string dir = Path.Combine(Path.GetTempPath(), $"parley-brief-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "ukraine-2025.yaml");
        File.WriteAllText(file, text);
        ScenarioSet set = Engine.Load([file]).Set ?? throw new InvalidOperationException("the scenario does not load");
        AnalysisOutcome<BriefOutcome> outcome = BriefAnalysis.Run(new BriefRequest { Actor = actor, Variant = variant, Draws = draws, Threads = threads }, set);
        Assert.True(outcome.Result is not null, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return (ParleyJson.SerializeResult(outcome.Result!), outcome.Result!);
    }

    private static string Changed(string text, IEnumerable<(string From, string To)> changes)
    {
        foreach ((string from, string to) in changes)
        {
            Assert.Contains(from, text);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("freeze-on-the-line")]
    public void Russias_brief_is_byte_identical_when_only_Ukraines_private_numbers_change(string? variant)
    {
        string before = Brief(Text, "russia", variant).Json;
        string after = Brief(Changed(Text, UkrainePrivateChanges), "russia", variant).Json;
        Assert.Equal(before, after);
    }

    [Fact]
    public void The_same_changes_do_move_Ukraines_own_brief_and_a_public_change_moves_Russias()
    {
        // the test above could pass by ignoring Ukraine altogether: these show it does not
        Assert.NotEqual(Brief(Text, "ukraine", "freeze-on-the-line").Json, Brief(Changed(Text, UkrainePrivateChanges), "ukraine", "freeze-on-the-line").Json);
        string publicChange = Changed(Text, [("        position: {value: 20, range: [10, 40]}\n", "        position: {value: 30, range: [10, 40]}\n")]);
        Assert.NotEqual(Brief(Text, "russia", "freeze-on-the-line").Json, Brief(publicChange, "russia", "freeze-on-the-line").Json);
    }

    [Fact]
    public void The_brief_does_not_depend_on_the_thread_count()
    {
        Assert.Equal(Brief(Text, "ukraine", "freeze-on-the-line", threads: 1).Json, Brief(Text, "ukraine", "freeze-on-the-line", threads: 3).Json);
    }

    [Fact]
    public void The_zone_is_the_deal_space_of_the_readers_view_and_its_packages_are_ordered()
    {
        BriefOutcome b = Brief(Text, "ukraine", "freeze-on-the-line", draws: 0).Brief;
        Scenario view = PartyView.Of(Flagship.Load("freeze-on-the-line"), "ukraine").Scenario;
        DealOutcome deal = DealSpaceAnalysis.Run(new DealRequest { Actors = b.Zone.Group }, view, Flagship.File).Result!;
        Assert.Equal(deal.ZoneSize, b.Zone.Size);
        Assert.True(b.Zone.Exists);
        Assert.Equal(deal.Nash!.Utility["ukraine"], b.Zone.Nash!.Utility);
        Assert.True(b.Zone.Best!.Utility >= b.Zone.Nash.Utility && b.Zone.Nash.Utility >= b.Zone.Worst!.Utility);
        Assert.True(b.Zone.Worst.Gain >= -1e-12);
        Assert.Equal(b.Zone.Best.Utility - deal.Reservation["ukraine"].Value, b.Zone.Best.Gain, 12);
    }

    [Fact]
    public void The_readers_best_package_is_the_best_in_the_zone_by_brute_force()
    {
        BriefOutcome b = Brief(Text, "russia", "freeze-on-the-line", draws: 0).Brief;
        Scenario view = PartyView.Of(Flagship.Load("freeze-on-the-line"), "russia").Scenario;
        DealSpace space = DealSpace.Build(view, ScenarioOptions.Deal(view));
        int[] group = [.. b.Zone.Group.Select(space.IndexOf)];
        int me = space.IndexOf("russia");
        double best = double.NegativeInfinity, worst = double.PositiveInfinity;
        long zone = 0;
        var levels = new int[space.Issues.Count];
        void Walk(int d)
        {
            if (d == levels.Length)
            {
                if (group.All(g => space.Accepts(g, levels) && space.Utility(g, levels) >= space.Reservation[g] - 1e-12))
                {
                    zone++;
                    best = Math.Max(best, space.Utility(me, levels));
                    worst = Math.Min(worst, space.Utility(me, levels));
                }

                return;
            }

            for (int l = 0; l < space.Levels[d].Length; l++)
            {
                levels[d] = l;
                Walk(d + 1);
            }
        }

        Walk(0);
        Assert.Equal(zone, b.Zone.Size);
        Assert.Equal(best, b.Zone.Best!.Utility, 12);
        Assert.Equal(worst, b.Zone.Worst!.Utility, 12);
    }

    [Fact]
    public void Affinity_is_one_minus_the_readers_salience_weighted_distance()
    {
        BriefOutcome b = Brief(Text, "ukraine", draws: 0).Brief;
        Scenario view = PartyView.Of(Flagship.Load(), "ukraine").Scenario;
        Actor me = view.FindActor("ukraine")!, them = view.FindActor("frontline")!;
        double distance = 0, weight = 0;
        foreach (Stance s in me.Stances)
        {
            Issue issue = view.FindIssue(s.IssueId)!;
            distance += s.Salience.Value * Math.Abs(s.Position.Value - them.StanceOn(issue.Id)!.Position.Value) / issue.Span;
            weight += s.Salience.Value;
        }

        Assert.Equal(1 - (distance / weight), b.Partners.Single(p => p.Actor == "frontline").Median, 12);
    }

    [Fact]
    public void Moving_a_counterparts_public_position_toward_the_reader_never_lowers_their_affinity()
    {
        // Russia's territory position moves from 85 toward Ukraine's 20, step by step
        double last = double.NegativeInfinity;
        foreach (int position in new[] { 85, 70, 50, 30, 20 })
        {
            string text = Changed(Text, [("        position: {value: 85, range: [75, 100]}\n        salience: {value: 0.8, range: [0.7, 0.9]}\n        red_line:\n          at_least: {value: 75",
                $"        position: {{value: {position}, range: [0, 100]}}\n        salience: {{value: 0.8, range: [0.7, 0.9]}}\n        red_line:\n          at_least: {{value: 75")]);
            double affinity = Brief(text, "ukraine", draws: 0).Brief.Partners.Single(p => p.Actor == "russia").Median;
            Assert.True(affinity >= last - 1e-12, $"affinity {affinity} at territory {position} fell from {last}");
            last = affinity;
        }
    }

    [Fact]
    public void Without_draws_the_alternative_now_is_the_reservation_value()
    {
        BriefOutcome b = Brief(Text, "ukraine", draws: 0).Brief;
        Assert.Equal(b.Alternative.Value, b.Alternative.OverTime[0].Median, 12);
        Assert.Equal(BriefAnalysis.AlternativeSteps, b.Alternative.OverTime.Select(p => p.Step));
        Assert.All(b.Alternative.OverTime, p => Assert.True(p.Low <= p.Median && p.Median <= p.High));
    }

    [Fact]
    public void Hidden_numbers_show_no_value_and_the_readers_own_show_theirs()
    {
        BriefOutcome b = Brief(Text, "russia", draws: 0).Brief;
        BriefCounterpart ukraine = b.Others.Single(o => o.Actor == "ukraine");
        Assert.Equal("at most: limit unknown", ukraine.Stances.Single(s => s.Issue == "alignment").RedLine);
        Assert.Equal("at most 50", ukraine.Stances.Single(s => s.Issue == "territory").RedLine);
        Assert.Contains("actors.ukraine.patience: unknown (left out)", ukraine.Unknown);
        Assert.All(b.Hidden, h => Assert.NotEqual("russia", h.Owner));
        Assert.Equal(85, b.Own.Single(s => s.Issue == "territory").Position.Value);
    }

    [Fact]
    public void A_variant_that_takes_a_counterpart_out_of_the_talks_is_a_lever_not_a_crash()
    {
        string text = Text.Replace("variants:\n", "variants:\n  - id: without-china\n    name: China stays out\n    estimate: true\n    remove: [actors.china]\n", StringComparison.Ordinal);
        BriefOutcome b = Brief(text, "ukraine", draws: 0).Brief;
        Assert.Contains(b.Others.Single(o => o.Actor == "china").Levers, l => l.Name == "without-china" && l.Effect.EndsWith("it leaves the talks", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_party_is_refused_with_the_list_of_actors()
    {
        ScenarioSet set = Engine.Load([Flagship.File]).Set!;
        AnalysisOutcome<BriefOutcome> outcome = BriefAnalysis.Run(new BriefRequest { Actor = "narnia" }, set);
        Assert.Null(outcome.Result);
        Assert.Contains("russia, ukraine", outcome.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_brief_runs_through_the_engines_front_door()
    {
        AnalysisOutcome<AnalysisResult> outcome = Engine.Run(new BriefRequest { Actor = "us", Draws = 5 }, Engine.Load([Flagship.File]).Set);
        Assert.IsType<BriefOutcome>(outcome.Result);
        Assert.Equal("brief", System.Text.Json.Nodes.JsonNode.Parse(ParleyJson.SerializeRequest(new BriefRequest { Actor = "us" }))!["analysis"]!.GetValue<string>());
    }
}
