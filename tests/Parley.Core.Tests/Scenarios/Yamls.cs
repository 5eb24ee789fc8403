using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Small scenario texts for tests; line numbers matter to the diagnostics tests.</summary>
internal static class Yamls
{
    public const string Valid = """
parley: 1
scenario:
  name: Test
  time_step: month
sources:
  - {id: S, title: A source}
issues:
  - id: land
    name: Land
    scale: {min: 0, max: 100}
    anchors: {0: none, 100: all}
  - id: pact
    name: Pact
    options: [none, partial, full]
    ordered: true
actors:
  - id: a
    name: A
    source: S
    capability: {value: 50, range: [40, 60]}
    patience: 0.9
    stances:
      land: {position: {value: 80, range: [70, 90]}, salience: 0.8, red_line: {at_least: 50}}
      pact: {position: full, salience: 0.5}
  - id: b
    name: B
    estimate: true
    capability: 30
    stances:
      land: {position: 20, salience: {value: 0.6, sd: 0.1}}
      pact: {position: none, salience: 1, red_line: {at_most: partial}}
channels:
  mediator: a
  links:
    - [a, b]
dynamics:
  belligerents: [a, b]
  estimate: true
  p_prevail: 0.5
  trend: 0
  volatility: 0.02
  costs: {a: 0.01, b: 0.02}
variants:
  - id: stronger-b
    name: B stronger
    estimate: true
    shift:
      actors.b.capability: 10
      dynamics.trend: -0.01
    set:
      actors.a.stances.pact.position: partial
models:
  eum: {q: 0.5, rounds: 20}
  smp: {voting: binary}
""";

    public static LoadResult Load(string yaml, string? variant = null) => ScenarioLoader.LoadYaml(yaml, "t.yaml", variant);

    /// <summary>Replaces the first occurrence of <paramref name="from"/> in the valid scenario.</summary>
    public static string ValidWith(string from, string to)
    {
        int i = Valid.IndexOf(from, StringComparison.Ordinal);
        if (i < 0)
        {
            throw new ArgumentException($"'{from}' not in the valid scenario");
        }

        return Valid[..i] + to + Valid[(i + from.Length)..];
    }
}
