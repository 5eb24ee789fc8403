#!/usr/bin/env bash
# Writes the table of the flagship's claims into docs/claims.md (between its claims-table markers): runs
# 'parley experiment' on scenarios/ukraine-2025.yaml (default draws and seed) into a throwaway run store and takes the
# table from the run's Markdown report. tests/Parley.Reporting.Tests/ClaimsTableTests.cs fails whenever the table in
# docs/claims.md differs from what this script writes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./parley experiment scenarios/ukraine-2025.yaml --db "$tmp/runs.db" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
./parley report 1 --db "$tmp/runs.db" --format markdown --out "$tmp/report.md" >/dev/null
# the first table after the claims heading
awk '/^## The analyses. claims as experiments/ {on=1; next} on && /^\|/ {print; seen=1; next} on && seen {exit}' "$tmp/report.md" > "$tmp/table.md"
[[ -s "$tmp/table.md" ]] || { echo "docs/claims.sh: no claims table in the report" >&2; exit 1; }
awk -v table="$tmp/table.md" '
  /<!-- claims-table:start -->/ {print; while ((getline line < table) > 0) print line; skip=1; next}
  /<!-- claims-table:end -->/ {skip=0}
  !skip {print}' docs/claims.md > "$tmp/claims.md"
mv "$tmp/claims.md" docs/claims.md
echo "wrote docs/claims.md ($(($(wc -l < "$tmp/table.md") - 2)) claims)"
