#!/usr/bin/env bash
# Prints what each README block marked "<!-- claims: ARGS -->" says today: `parley ARGS --no-store` for every
# claim, so that the README's figures can be refreshed from the engine. tests/Parley.Cli.Tests/ReadmeClaimsTests.cs
# fails whenever a README figure differs from this output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$(mktemp -d)"
grep -o '<!-- claims: .* -->' README.md | sed 's/<!-- claims: \(.*\) -->/\1/' | while read -r args; do
  echo "=== parley $args"
  extra=()
  [[ "$args" == run\ * ]] && extra=(--out "$out/report.html")
  # shellcheck disable=SC2086
  ./parley $args --no-store "${extra[@]}" 2>/dev/null
  echo
done
rm -rf "$out"
