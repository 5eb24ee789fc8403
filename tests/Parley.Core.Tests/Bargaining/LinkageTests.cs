using Parley.Core.Bargaining;
using Parley.Core.Domain;
using Parley.Core.Negotiation;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Bargaining;

/// <summary>
/// Linkage as conditional packages (issue 18): "X only together with Y" binds a party's offers and answers, the mediator's
/// text and every deal-space analysis of a group it is in, as its red lines do; a condition never widens the zone.
/// </summary>
public class LinkageTests
{
    private static readonly string Base = WideZone.Text;

    // south gives north more than 60 of the border only together with aid of at least 80
    private const string Link = "    linkage:\n      - {if: {border: {at_least: 60}}, then: {aid: {at_least: 80}}, estimate: true}\n";

    private static Scenario Load(string text) => WideZone.Load(text);

    private static string WithLink(string link) =>
        Base.Replace("  - id: south\n    name: South\n", "  - id: south\n    name: South\n" + link, StringComparison.Ordinal);

    private static bool Breaks(DealSpace space, int[] p) => space.Levels[0][p[0]] >= 60 - 1e-9 && space.Levels[1][p[1]] < 80 - 1e-9;

    [Fact]
    public void A_linkage_binds_and_survives_writing()
    {
        Scenario s = Load(WithLink(Link));
        IssueLinkage link = Assert.Single(s.FindActor("south")!.Linkage);
        Assert.Equal("border at least 60 only with aid at least 80", link.ToString());
        Assert.Equal(link.ToString(), Assert.Single(Load(ScenarioWriter.Write(s)).FindActor("south")!.Linkage).ToString());
    }

    [Theory]
    [InlineData("    linkage:\n      - {if: {border: {at_least: 60}}, then: {border: {at_most: 80}}}\n", "to itself")]
    [InlineData("    linkage:\n      - {if: {borders: {at_least: 60}}, then: {aid: {at_least: 80}}}\n", "'borders'")]
    [InlineData("    linkage:\n      - {if: {border: {at_least: 60}}}\n", "'then'")]
    [InlineData("    linkage:\n      - {if: {border: {at_least: 160}}, then: {aid: {at_least: 80}}}\n", "outside its scale")]
    public void A_bad_linkage_is_refused_at_its_line(string link, string message)
    {
        WideZone.Refused(WithLink(link), message, after: 20);
    }

    [Fact]
    public void The_zone_never_holds_a_package_that_breaks_a_members_linkage_and_never_widens()
    {
        Scenario free = Load(Base), linked = Load(WithLink(Link));
        DealSpace a = DealSpace.Build(free, new DealSettings()), b = DealSpace.Build(linked, new DealSettings());
        DealReport without = DealAnalysis.Run(a, [0, 1]), with = DealAnalysis.Run(b, [0, 1]);
        Assert.True(with.ZopaCount < without.ZopaCount, $"{with.ZopaCount} against {without.ZopaCount}");
        Assert.False(Breaks(b, with.Find("nash")!.Levels));
        Assert.True(Breaks(a, without.Find("nash")!.Levels) || with.Find("nash")!.Levels.SequenceEqual(without.Find("nash")!.Levels));

        // the group's space is the same as before but for the packages the condition forbids
        Assert.Equal(without.ZopaCount - with.ZopaCount, CountBroken(a, [0, 1]));
    }

    private static long CountBroken(DealSpace space, int[] group)
    {
        long n = 0;
        for (int x = 0; x < space.Levels[0].Length; x++)
        {
            for (int y = 0; y < space.Levels[1].Length; y++)
            {
                int[] p = [x, y];
                if (Breaks(space, p) && group.All(g => space.Accepts(g, p) || !space.Keeps(g, p)) && group.All(g => space.Utility(g, p) >= space.Reservation[g] - 1e-12))
                {
                    n++;
                }
            }
        }

        return n;
    }

    [Fact]
    public void Simulated_talks_agree_only_on_packages_that_keep_the_linkage()
    {
        Scenario s = Load(WithLink(Link));
        foreach (string protocol in new[] { "alternating-offers", "hub-and-spoke" })
        {
            for (ulong seed = 1; seed <= 4; seed++)
            {
                DealSpace space = DealSpace.Build(s, new DealSettings());
                int[] parties = protocol == "alternating-offers" ? [0, 1] : [2, 0, 1];
                var session = new Session(space, parties, [.. parties.Select(_ => StrategyRegistry.Create(protocol == "alternating-offers" ? "boulware" : "linear"))],
                    new SessionSettings { Deadline = 24, Seed = seed });
                SessionResult r = session.Run(protocol);
                if (r.Agreement is int[] deal)
                {
                    Assert.False(Breaks(space, deal), $"{protocol} seed {seed}: border {space.Levels[0][deal[0]]}, aid {space.Levels[1][deal[1]]}");
                }
            }
        }
    }

    [Fact]
    public void A_sampled_deal_space_keeps_the_linkage_too()
    {
        // above MaxExact the space is sampled and the solutions improved by coordinate ascent: they keep the condition as well
        Scenario s = Load(WithLink(Link));
        DealSpace space = DealSpace.Build(s, new DealSettings { MaxExact = 10, Samples = 2000 });
        DealReport sampled = DealAnalysis.Run(space, [0, 1]);
        Assert.False(sampled.Exact);
        Assert.All(sampled.Solutions, sol => Assert.False(Breaks(space, sol.Levels), $"{sol.Name}: border {space.Levels[0][sol.Levels[0]]}, aid {space.Levels[1][sol.Levels[1]]}"));
    }

    [Fact]
    public void The_scenario_document_carries_the_linkage()
    {
        ScenarioDocument doc = ScenarioJson.Document(Load(WithLink(Link)));
        LinkageDocument link = Assert.Single(doc.Actors.Single(a => a.Id == "south").Linkage!);
        Assert.Equal((60.0, 80.0), (link.If["border"].AtLeast!.Value, link.Then["aid"].AtLeast!.Value));
        Assert.Null(doc.Actors.Single(a => a.Id == "north").Linkage);
    }
}
