#!/usr/bin/env bash
# Whole-process timings of one sweep: the command alone, the sweep in this process, and the sweep on 1, 2 and 3 local
# 'parley worker' silos (separate processes on loopback; on a 2-core machine they share the same two cores, so more
# silos cannot be faster here: this measures the cluster's overhead, not its scaling).
#
#   PARLEY_BENCH_POSTGRES=postgres://postgres@127.0.0.1:PORT/postgres bench/sweep-silos.sh [-n N] [-i ITEMS] -- COMMAND ARGS…
#
# The URL names a PostgreSQL server where the user may CREATE DATABASE (start one as ./test.sh does); each silo count
# gets a fresh membership database, dropped after. Uses the Release build (dotnet build -c Release), best of N runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=3; items=32
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    -i) items="$2"; shift 2 ;;
    *) echo "usage: $0 [-n N] [-i ITEMS] -- COMMAND ARGS…" >&2; exit 1 ;;
  esac
done
shift
[ $# -gt 0 ] || { echo "usage: $0 [-n N] [-i ITEMS] -- COMMAND ARGS…" >&2; exit 1; }
server="${PARLEY_BENCH_POSTGRES:?set PARLEY_BENCH_POSTGRES to a postgres:// URL of a server where you may create databases}"
cli=(dotnet src/Parley.Cli/bin/Release/net10.0/parley.dll)
export PARLEY_CLUSTER_FAST=1
hostport="${server#postgres://}"; user="${hostport%%@*}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"
psql_do() { psql -X -q -h "$host" -p "$port" -U "$user" -d postgres -c "$1" >/dev/null; }

best() { # best wall time of N runs of a command line, in seconds
  local b=""
  for _ in $(seq "$n"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>/tmp/sweep-bench.err || { cat /tmp/sweep-bench.err >&2; exit 1; }; e=$(date +%s.%N)
    b=$(python3 -c "print(min(float('${b:-1e9}'), $e - $s))")
  done
  printf '%.2f' "$b"
}

printf '%-34s %8s\n' "what (whole process, best of $n)" "wall s"
printf '%-34s %8s\n' "the command alone" "$(best "${cli[@]}" "$@" --no-store --max-seconds 3600)"
printf '%-34s %8s\n' "sweep in this process, $items items" "$(best "${cli[@]}" sweep --items "$items" "$@" --no-store --max-seconds 3600)"
for silos in 1 2 3; do
  db="parley_bench_$$_$silos"; psql_do "CREATE DATABASE $db"
  url="postgres://$user@$host:$port/$db"
  pids=(); logs=()
  for k in $(seq "$silos"); do
    log=$(mktemp); logs+=("$log")
    "${cli[@]}" worker --cluster "$url" --port $((21110 + k)) --gateway-port $((31110 + k)) >"$log" 2>&1 & pids+=($!)
    for _ in $(seq 120); do grep -q "joined cluster" "$log" && break; sleep 0.5; done
  done
  for per in "$items" 4; do
    printf '%-34s %8s\n' "sweep on $silos silo(s), $per items" "$(best "${cli[@]}" sweep --cluster "$url" --items "$per" "$@" --no-store --max-seconds 3600)"
  done
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
  rm -f "${logs[@]}"
  psql_do "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
