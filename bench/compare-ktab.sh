#!/usr/bin/env bash
# Times KTAB's own spatial model (`smpc`, built from KTAB's source) and Parley's (`./parley forecast --model smp`) on
# the same KTAB input files, as whole processes side by side on this machine: paired and alternating, best of N, wall
# time and CPU time (user + sys).
#
#   bench/compare-ktab.sh [-n N] SMPC INPUT.csv…
#
# SMPC is the path of a built `smpc`. Neither program writes anything: KTAB's database is SQLite in memory (it has no
# option to skip it) and its log goes to /dev/null; Parley runs with --no-store. Each input runs once unmeasured per
# program first (warm disk cache, and ./parley's build). Output: one line per input with both best times and the ratio.
set -euo pipefail
n=3
if [ "${1:-}" = "-n" ]; then n=$2; shift 2; fi
if [ $# -lt 2 ]; then
  echo "usage: bench/compare-ktab.sh [-n N] SMPC INPUT.csv…" >&2
  exit 1
fi
smpc=$(realpath "$1"); shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

one() { # label input -> "wall cpu"
  local dir; dir=$(mktemp -d -p "$work")
  if [ "$1" = ktab ]; then
    (cd "$dir" && /usr/bin/time -f "%e %U %S" -o "$dir/time" "$smpc" --csv "$2" --logmin \
      --connstr "Driver=QSQLITE;Database=file:ktab?mode=memory&x=" >/dev/null 2>&1) || true
  else
    (cd "$dir" && /usr/bin/time -f "%e %U %S" -o "$dir/time" "$root/parley" forecast "$2" --model smp --no-store \
      >/dev/null 2>&1) || true
  fi
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$dir/time"
  rm -rf "$dir"
}

printf '%-22s %-20s %-20s %s\n' input "KTAB (wall cpu s)" "Parley (wall cpu s)" "KTAB/Parley (wall cpu)"
for input in "$@"; do
  file=$(realpath "$input")
  one ktab "$file" >/dev/null; one parley "$file" >/dev/null
  best_k="" best_p=""
  for _ in $(seq 1 "$n"); do
    rk=$(one ktab "$file"); rp=$(one parley "$file")
    best_k=$(printf '%s\n%s\n' "$best_k" "$rk" | awk 'NF' | sort -n | head -1)
    best_p=$(printf '%s\n%s\n' "$best_p" "$rp" | awk 'NF' | sort -n | head -1)
  done
  ratio=$(awk -v k="$best_k" -v p="$best_p" 'BEGIN { split(k, a, " "); split(p, b, " "); printf "%.2f %.2f", a[1] / b[1], a[2] / b[2] }')
  printf '%-22s %-20s %-20s %s\n' "$(basename "$input")" "$best_k" "$best_p" "$ratio"
done
