using System.Text.Json.Serialization;
using Parley.Core.Domain;
using Parley.Core.Experiments;
using Parley.Core.Scenarios;

namespace Parley.Core.Analyses;

/// <summary>The assumptions register of a scenario: every input with its evidence.</summary>
public sealed record SourcesRequest : AnalysisRequest
{
    /// <summary>Variant to apply first, or null.</summary>
    public string? Variant { get; init; }

    /// <summary>Seed of the sensitivity run that ranks the inputs.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>One input of the register.</summary>
/// <param name="Path">Its dotted path (as variants and <c>parley diff</c> use).</param>
/// <param name="Value">Its central value.</param>
/// <param name="Range">Its range (low, high), or null.</param>
/// <param name="Estimate">True when it is marked as an analyst's estimate.</param>
/// <param name="Sources">The sources it cites by id.</param>
/// <param name="Quotes">The quotes that support it.</param>
/// <param name="Disagrees">
/// Sources whose quotes pull its range apart: when an input with a range quotes two or more sources, each is listed here —
/// the range is where they disagree (empty otherwise).
/// </param>
/// <param name="SensitivityRank">Its rank in <c>parley sensitivity</c> (1 = moves the answers most), or null when it has no uncertainty.</param>
/// <param name="Note">The reasoning written beside it, or null.</param>
/// <param name="BlocksDeal">True for a red line that 'parley analyze' names as blocking a zone of agreement on its own.</param>
public sealed record RegisterInput(
    string Path,
    double Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Range,
    bool Estimate,
    IReadOnlyList<string> Sources,
    IReadOnlyList<Citation> Quotes,
    IReadOnlyList<string> Disagrees,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SensitivityRank,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool BlocksDeal = false);

/// <summary>The register: every input, how many carry a quote, and what to look at first.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Variant">The variant applied, or null.</param>
/// <param name="Inputs">Every number of the scenario, in file order.</param>
/// <param name="Quoted">Inputs with at least one quote.</param>
/// <param name="Warnings">What an analyst should fix: top-ten inputs without a quote, quotes that support more than three inputs.</param>
/// <param name="ProvenanceNote">The provenance line, for a sourced scenario.</param>
public sealed record SourcesOutcome(
    string Scenario,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Variant,
    IReadOnlyList<RegisterInput> Inputs,
    int Quoted,
    IReadOnlyList<string> Warnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProvenanceNote) : AnalysisResult
{
    /// <summary>The inputs in the order to read them: red lines that block any deal, then by sensitivity rank, then the rest by path.</summary>
    [JsonIgnore]
    public IEnumerable<RegisterInput> InReadingOrder =>
        Inputs.OrderBy(i => i.BlocksDeal ? 0 : 1).ThenBy(i => i.SensitivityRank ?? int.MaxValue).ThenBy(i => i.Path, StringComparer.Ordinal);
}

/// <summary>
/// The assumptions register (<c>parley sources</c>): every input of a scenario with its value and range, the sources it
/// cites, its quotes, whether it is an unquoted estimate, and its rank in the sensitivity analysis (computed here, one
/// input at a time on the central values, so that validation stays fast).
/// </summary>
public static class SourcesAnalysis
{
    /// <summary>Most inputs one quote may support before the register warns (a quote stretched over many numbers supports none of them well).</summary>
    public const int MaxInputsPerQuote = 3;

    /// <summary>The inputs whose lack of a quote the register warns about: the top of the sensitivity ranking.</summary>
    public const int TopRanked = 10;

    /// <summary>Builds the register.</summary>
    /// <param name="request">Variant and seed.</param>
    /// <param name="set">The loaded scenario.</param>
    /// <param name="context">Progress and cancellation.</param>
    public static AnalysisOutcome<SourcesOutcome> Run(SourcesRequest request, ScenarioSet set, AnalysisContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(set);
        if (set.Resolve(request.Variant, out IReadOnlyList<Diagnostic> problems) is not { } s)
        {
            return AnalysisOutcome<SourcesOutcome>.Fail([.. problems]);
        }

        // the ranking is the sensitivity table's own, run as 'parley sensitivity' runs it (the same paths and seed)
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        int r = 0;
        foreach (Swing w in Sensitivity.Run(s, DurabilityAnalysis.DefaultYears, seed: request.Seed, options: ScenarioOptions.Forecast(s)))
        {
            rank[w.Input] = ++r;
        }

        // the red lines that alone keep the parties from any deal matter more than any swing of a forecast
        var blocking = new HashSet<string>(StringComparer.Ordinal);
        Bargaining.DealSpace space = Bargaining.DealSpace.Build(s, ScenarioOptions.Deal(s));
        int[] group = Bargaining.TableDeal.Group(space);
        if (group.Length >= 2)
        {
            foreach (Bargaining.Blocker b in Bargaining.DealAnalysis.Run(space, group, new Bargaining.DealAnalysisOptions { Frontier = false, Trades = 0 }).Blockers.Where(b => b.Kind != "reservation" && b.IssueId is not null))
            {
                if (s.FindActor(b.ActorId)?.StanceOn(b.IssueId!)?.RedLine is { } line)
                {
                    blocking.Add($"actors.{b.ActorId}.stances.{b.IssueId}.red_line.{(line.Bound == RedLineBound.AtLeast ? "at_least" : line.Bound == RedLineBound.AtMost ? "at_most" : "excludes")}");
                }
            }
        }

        var inputs = new List<RegisterInput>();
        var uses = new Dictionary<Citation, List<string>>();
        foreach (ScenarioFact f in ScenarioFacts.Flatten(s))
        {
            if (f.Number is not Quantity q)
            {
                continue;
            }

            Provenance p = q.Provenance;
            Use(p.Cites, f.Path);

            inputs.Add(new RegisterInput(
                f.Path,
                q.Value,
                q.Range is Interval iv ? [iv.Low, iv.High] : null,
                p.IsEstimate,
                p.Sources,
                p.Cites,
                Disagreeing(q),
                rank.TryGetValue(f.Path, out int k) ? k : null,
                p.Note,
                blocking.Contains(f.Path)));
        }

        // a note written on a block (an actor, a stance) reaches every number in it: the register keeps a number's own note
        // only, so that a block's sentence does not read as the reason for each of its numbers
        var shared = inputs.Where(i => i.Note is not null).GroupBy(i => i.Note!, StringComparer.Ordinal).Where(g => g.Count() > 3).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        for (int k = 0; k < inputs.Count; k++)
        {
            if (inputs[k].Note is string n && shared.Contains(n))
            {
                inputs[k] = inputs[k] with { Note = null };
            }
        }

        // what the scenario states about its conflict (the empirical durability model's history covariates) is evidence too
        if (s.Agreement?.Conflict is { } conflict)
        {
            Provenance cp = conflict.Provenance;
            foreach ((string key, double? value) in new (string, double?)[]
            {
                ("started", conflict.Started is string st ? PartialDate.First(st).Year : null),
                ("previous_episodes", conflict.PreviousEpisodes),
                ("previous_agreement_endings", conflict.PreviousAgreementEndings),
                ("previous_ceasefire_endings", conflict.PreviousCeasefireEndings),
                ("internationalised", conflict.Internationalised is bool i ? (i ? 1 : 0) : null),
                ("interstate", conflict.Interstate is bool t ? (t ? 1 : 0) : null),
                ("earlier_agreements", conflict.EarlierAgreements),
            })
            {
                if (value is double v)
                {
                    string path = "agreement.conflict." + key;
                    // a quote on the conflict block supports the fields its 'supports' line names
                    Citation[] own = [.. cp.Cites.Where(c => c.Supports?.Contains(key, StringComparison.Ordinal) == true)];
                    Use(own, path);

                    inputs.Add(new RegisterInput(path, v, null, cp.IsEstimate || own.Length == 0, cp.Sources, own, [], null, cp.Note, false));
                }
            }
        }

        // which inputs each quote supports (a quote may support at most three)
        void Use(IEnumerable<Citation> cites, string path)
        {
            foreach (Citation c in cites)
            {
                if (!uses.TryGetValue(c, out List<string>? paths))
                {
                    uses[c] = paths = [];
                }

                paths.Add(path);
            }
        }

        var warnings = new List<string>();
        foreach (RegisterInput i in inputs.Where(i => i.BlocksDeal && i.Quotes.Count == 0))
        {
            warnings.Add($"{i.Path} blocks any deal on its own but carries no quote");
        }

        foreach (RegisterInput i in inputs.Where(i => i.SensitivityRank is <= TopRanked && i.Quotes.Count == 0).OrderBy(i => i.SensitivityRank))
        {
            warnings.Add($"{i.Path} ranks {i.SensitivityRank} in sensitivity but carries no quote{(i.Estimate && i.Note is null ? " (an estimate: say why in its note)" : string.Empty)}");
        }

        foreach ((Citation c, List<string> paths) in uses.Where(kv => kv.Value.Count > MaxInputsPerQuote))
        {
            warnings.Add($"one quote from {c.Source} (\"{Shorten(c.Quote)}\") supports {paths.Count} inputs, more than {MaxInputsPerQuote}: cite it on the numbers it is about");
        }

        return AnalysisOutcome<SourcesOutcome>.Ok(new SourcesOutcome(s.Name, s.AppliedVariant, inputs, inputs.Count(i => i.Quotes.Count > 0), warnings,
            s.HasSources ? ProvenanceNote.For(set.MainFile) : null));
    }

    /// <summary>
    /// The sources whose quotes pull a number's range apart: every source quoted on a number with a range, when there are two
    /// or more (the range is where they disagree); empty otherwise.
    /// </summary>
    /// <param name="number">A number.</param>
    public static IReadOnlyList<string> Disagreeing(Quantity number)
    {
        ArgumentNullException.ThrowIfNull(number);
        string[] quoted = [.. number.Provenance.Cites.Select(c => c.Source).Distinct(StringComparer.Ordinal)];
        return number.Range is not null && quoted.Length >= 2 ? quoted : [];
    }

    private static string Shorten(string quote) => quote.Length <= 48 ? quote : quote[..47] + "…";
}
