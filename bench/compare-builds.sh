#!/usr/bin/env bash
# Times whole processes of two builds of Parley side by side on this machine: paired and alternating,
# best of N, wall time and CPU time (user + sys).
#
#   bench/compare-builds.sh [-n N] REV_A REV_B -- ARGS…
#
# REV_A and REV_B are git revisions ("WORK" means the working tree as it is). Each is built once in
# Release (a revision in a temporary git worktree), then `dotnet parley.dll ARGS…` runs N times per
# build, A then B, in a fresh temporary folder each time (a relative scenario path is taken from the
# repository root, so the store and report each run writes start empty). Output: one line per run and
# the best of each build.
set -euo pipefail
n=5
if [ "${1:-}" = "-n" ]; then n=$2; shift 2; fi
if [ $# -lt 3 ] || [ "$3" != "--" ]; then
  echo "usage: bench/compare-builds.sh [-n N] REV_A REV_B -- ARGS…" >&2
  exit 1
fi
a=$1 b=$2
shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'for t in "$work"/tree-*; do [ -d "$t" ] && git -C "$root" worktree remove --force "$t" >/dev/null 2>&1; done; rm -rf "$work"' EXIT

build() { # revision label -> prints the path of parley.dll
  local rev=$1 label=$2 dir
  if [ "$rev" = "WORK" ]; then
    dir=$root
  else
    dir="$work/tree-$label"
    git -C "$root" worktree add --detach "$dir" "$rev" >/dev/null 2>&1
  fi
  dotnet build "$dir/src/Parley.Cli/Parley.Cli.csproj" -c Release -nologo -v quiet >/dev/null
  echo "$dir/src/Parley.Cli/bin/Release/net10.0/parley.dll"
}

dll_a=$(build "$a" A)
dll_b=$(build "$b" B)
args=()
for x in "$@"; do
  if [ -e "$root/$x" ] && [[ "$x" != /* ]]; then args+=("$root/$x"); else args+=("$x"); fi
done

one() { # dll -> "wall cpu"
  local dir; dir=$(mktemp -d -p "$work")
  (cd "$dir" && /usr/bin/time -f "%e %U %S" -o "$dir/time" dotnet "$1" "${args[@]}" >/dev/null 2>&1) || true
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$dir/time"
  rm -rf "$dir"
}

# one unmeasured run each, so that both start from the same warm disk cache
one "$dll_a" >/dev/null; one "$dll_b" >/dev/null
best_a="" best_b=""
printf '%-4s %-22s %-22s\n' run "A $a (wall cpu s)" "B $b (wall cpu s)"
for i in $(seq 1 "$n"); do
  ra=$(one "$dll_a"); rb=$(one "$dll_b")
  printf '%-4s %-22s %-22s\n' "$i" "$ra" "$rb"
  best_a=$(printf '%s\n%s\n' "$best_a" "$ra" | awk 'NF' | sort -n | head -1)
  best_b=$(printf '%s\n%s\n' "$best_b" "$rb" | awk 'NF' | sort -n | head -1)
done
echo "best of $n (wall, cpu): A $best_a | B $best_b"
awk -v x="${best_a%% *}" -v y="${best_b%% *}" 'BEGIN { if (x > 0) printf "B / A wall time: %.2f\n", y / x }'
