using System.CommandLine;
using Parley.Core.Analyses;
using Parley.Cli.Commands;

namespace Parley.Cli;

/// <summary>
/// A computing command line as a typed request: the one mapping from options to requests, used when a command runs and
/// when a run stored before requests were kept is run again from its command line.
/// </summary>
/// <param name="Request">The request.</param>
/// <param name="Files">The scenario files.</param>
/// <param name="PackageFile">With <c>durability --package</c>: the package file, read once the scenario is loaded.</param>
internal sealed record CommandRequest(AnalysisRequest Request, IReadOnlyList<string> Files, string? PackageFile = null);

/// <summary>Binds parsed command lines to requests.</summary>
internal static class CommandRequests
{
    /// <summary>The commands whose runs are requests.</summary>
    public static IReadOnlySet<string> Computing { get; } = new HashSet<string>(StringComparer.Ordinal) { "forecast", "analyze", "simulate", "durability", "compare", "sensitivity", "run", "experiment", "brief", "tournament" };

    /// <summary>The request of a parsed computing command; null after saying on <paramref name="err"/> why an option is malformed.</summary>
    /// <param name="p">The parse result.</param>
    /// <param name="err">Where to say what is wrong.</param>
    public static CommandRequest? Bind(ParseResult p, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(p);
        string command = p.CommandResult.Command.Name;
        string[] files = p.GetValue<string[]>("file") ?? [];
        string? variant = command is "compare" or "experiment" ? null : p.GetValue<string?>("--variant");
        ulong seed = p.GetValue<ulong>("--seed");
        switch (command)
        {
            case "forecast":
                return Params(p, err, "forecast", "eum.q=0.5") is { } fp
                    ? new CommandRequest(new ForecastRequest { Variant = variant, Model = p.GetValue<string>("--model")!, Draws = p.GetValue<long>("--draws"), Seed = seed, Threads = p.GetValue<int?>("--threads"), Parameters = fp }, files)
                    : null;
            case "analyze":
                return Params(p, err, "analyze", "deal.shape=quadratic") is { } dp
                    ? new CommandRequest(new DealRequest { Variant = variant, Actors = List(p.GetValue<string?>("--actors")), Step = p.GetValue<double?>("--step"), Draws = p.GetValue<long>("--draws"), Seed = seed, Threads = p.GetValue<int?>("--threads"), Parameters = dp }, files)
                    : null;
            case "simulate":
                var strategies = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (string a in p.GetValue<string[]>("--strategy") ?? [])
                {
                    int eq = a.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        err.WriteLine($"parley simulate: --strategy '{a}' is not actor=NAME with NAME one of {string.Join(", ", NegotiationAnalysis.StrategyNames)}");
                        return null;
                    }

                    strategies[a[..eq].Trim()] = a[(eq + 1)..].Trim();
                }

                return new CommandRequest(new NegotiationRequest
                {
                    Variant = variant, Protocol = p.GetValue<string?>("--protocol"), Actors = List(p.GetValue<string?>("--actors")), Strategies = strategies,
                    Deadline = p.GetValue<int>("--deadline"), Step = p.GetValue<double?>("--step"), Seed = seed, Draws = p.GetValue<long>("--draws"), Threads = p.GetValue<int?>("--threads"),
                    Compare = p.GetValue<bool>("--compare"),
                }, files);
            case "durability":
                if (files.Length == 0 || p.GetValue<bool>("--validate"))
                {
                    return new CommandRequest(new ValidationRequest { Seed = seed }, []);
                }

                string horizon = p.GetValue<string>("--horizon")!;
                if (!DurabilityAnalysis.TryParseHorizon(horizon, out double years))
                {
                    err.WriteLine($"parley durability: --horizon '{horizon}' is not a horizon such as 5y, 18m or 2.5 (years, at most 50)");
                    return null;
                }

                var guarantees = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (string g in p.GetValue<string[]>("--guarantee") ?? [])
                {
                    int eq = g.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || !double.TryParse(g[(eq + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
                    {
                        err.WriteLine($"parley durability: --guarantee '{g}' is not ACTOR=K with a known actor and K >= 0");
                        return null;
                    }

                    guarantees[g[..eq]] = v;
                }

                if (p.GetValue<bool>("--compare") && p.GetValue<string?>("--package") is not null)
                {
                    err.WriteLine("parley durability: --compare tests the same deal for the scenario as written and every variant; it takes no --package (drop --compare to test the package)");
                    return null;
                }

                return new CommandRequest(new DurabilityRequest
                {
                    Variant = variant, Solution = p.GetValue<string>("--solution")!, Actors = List(p.GetValue<string?>("--actors")), Years = years, Guarantees = guarantees,
                    Draws = p.GetValue<long>("--draws"), Seed = seed, Compare = p.GetValue<bool>("--compare"),
                }, files, p.GetValue<string?>("--package"));
            case "compare":
                return new CommandRequest(new ComparisonRequest { Variants = p.GetValue<string[]>("--variant") ?? [], Draws = p.GetValue<long>("--draws"), Seed = seed }, files);
            case "sensitivity":
                return new CommandRequest(new SensitivityRequest { Variant = variant, Seed = seed, Draws = p.GetValue<long>("--draws"), Grid = List(p.GetValue<string?>("--grid")), GridSteps = p.GetValue<int?>("--grid-steps") }, files);
            case "experiment":
                return new CommandRequest(new ExperimentRequest
                {
                    Claim = p.GetValue<string?>("--claim"), Draws = p.GetValue<long>("--draws"), Seed = seed, Threads = p.GetValue<int?>("--threads"),
                    SwitchedOff = p.GetValue<string[]>("--without") ?? [], Robustness = !p.GetValue<bool>("--no-robustness"),
                }, files);
            case "brief":
                return new CommandRequest(new BriefRequest { Actor = p.GetValue<string>("--for")!, Variant = variant, Draws = p.GetValue<long>("--draws"), Seed = seed, Threads = p.GetValue<int?>("--threads") }, files);
            case "tournament":
                return new CommandRequest(new TournamentRequest
                {
                    Variant = variant, Strategies = List(p.GetValue<string?>("--strategies")) ?? [], Protocols = List(p.GetValue<string?>("--protocols")) ?? [],
                    Seeds = p.GetValue<int>("--seeds"), Seed = seed, Deadline = p.GetValue<int>("--deadline"), Threads = p.GetValue<int?>("--threads"),
                }, files);
            case "run":
                return new CommandRequest(new MainJobRequest { Variant = variant, Draws = p.GetValue<long>("--draws"), Seed = seed }, files);
            default:
                err.WriteLine($"parley: '{command}' computes nothing that can be run as a request");
                return null;
        }
    }

    /// <summary>The request of a stored command line (the store options already taken out).</summary>
    /// <param name="args">The command line after the program name.</param>
    /// <param name="err">Where to say what is wrong.</param>
    public static CommandRequest? Bind(IReadOnlyList<string> args, TextWriter err)
    {
        ParseResult p = CliApp.Build(new Output(TextWriter.Null, err)).Parse([.. args]);
        if (p.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError e in p.Errors)
            {
                err.WriteLine("parley: " + e.Message);
            }

            return null;
        }

        return Bind(p, err);
    }

    private static List<KeyValuePair<string, string>>? Params(ParseResult p, TextWriter err, string command, string example)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (string a in p.GetValue<string[]>("--param") ?? [])
        {
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                err.WriteLine($"parley {command}: --param '{a}' is not KEY=VALUE (e.g. --param {example})");
                return null;
            }

            result.Add(new(a[..eq].Trim(), a[(eq + 1)..].Trim()));
        }

        return result;
    }

    private static string[]? List(string? csv) => csv?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
