#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed, N skipped".
# Installs what the tests need on a fresh Debian machine, only when it is missing.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

need=()
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }
# Fonts for the report charts (ScottPlot), Debian's Chromium for the dashboard's browser tests (Playwright), and
# PostgreSQL for the run store's PostgreSQL tests (a throwaway server, below).
pg_initdb() { command -v initdb 2>/dev/null || ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1; }
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -n "$(pg_initdb)" ] || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 \
      || echo "test.sh: could not install ${need[*]}; continuing" >&2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# A throwaway PostgreSQL server on a free loopback port for the PostgreSQL tests, stopped and deleted at exit. When it
# cannot start, the tests that need it are skipped, except under CI=true, where that is a failure.
pg_dir=""; pg_ctl=""; pg_as=(); pg_failed=0; pg_why=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    "${pg_as[@]}" "$pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_dir"
  fi
}
start_postgres() {
  local initdb port p
  initdb=$(pg_initdb)
  if [ -z "$initdb" ] || [ ! -x "$initdb" ]; then
    pg_why="PostgreSQL's initdb is not installed (Debian: apt-get install postgresql)"; return 1
  fi
  pg_ctl=$(dirname "$initdb")/pg_ctl
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/parley-pg.XXXXXX") || return 1
  if [ "$(id -u)" = "0" ]; then
    # initdb and postgres refuse to run as root: the cluster is the postgres user's
    id postgres >/dev/null 2>&1 || { pg_why="running as root and there is no postgres user to run the server"; return 1; }
    chown postgres "$pg_dir" && pg_as=(runuser -u postgres --)
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null)
  if [ -z "$port" ]; then
    for p in $(shuf -i 20000-60000 -n 50); do
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
    done
  fi
  [ -n "$port" ] || { pg_why="no free loopback port found"; return 1; }
  if ! "${pg_as[@]}" "$initdb" -D "$pg_dir/data" -A trust -U postgres >"$pg_dir/initdb.log" 2>&1; then
    pg_why="initdb failed: $(tail -n 3 "$pg_dir/initdb.log" | tr '\n' ' ')"; return 1
  fi
  if ! "${pg_as[@]}" "$pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null 2>&1; then
    pg_why="the server did not start: $(tail -n 3 "$pg_dir/server.log" 2>/dev/null | tr '\n' ' ')"; return 1
  fi
  export PARLEY_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
}
trap stop_postgres EXIT
if [ -n "${PARLEY_TEST_POSTGRES:-}" ]; then
  echo "test.sh: PostgreSQL tests on the server of PARLEY_TEST_POSTGRES" >&2
elif start_postgres; then
  echo "test.sh: PostgreSQL tests on a throwaway server ($PARLEY_TEST_POSTGRES)" >&2
else
  unset PARLEY_TEST_POSTGRES
  if [ "${CI:-}" = "true" ]; then
    echo "test.sh: the PostgreSQL test server could not start: $pg_why; CI=true: counted as a failure" >&2
    pg_failed=1
  else
    echo "test.sh: the PostgreSQL test server could not start: $pg_why; the PostgreSQL tests are skipped" >&2
  fi
fi

log=$(mktemp)
dotnet build Parley.sln -c Release -nologo -v quiet >"$log" 2>&1
build=$?
if [ $build -ne 0 ]; then
  cat "$log"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test Parley.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0; projects=0
while IFS= read -r line; do
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); projects=$((projects + 1))
done < <(grep -E '^(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+' "$log")

# Smoke test of the ReadyToRun build that ./parley publishes and runs (a precompilation or trimming break shows only there).
rm -rf src/Parley.Cli/bin/publish src/Parley.Cli/bin/.parley-*.stamp src/Parley.Cli/bin/publish-failed.log
if ./parley validate scenarios/ukraine-2025.yaml >/dev/null 2>"$log" && [ ! -f src/Parley.Cli/bin/publish-failed.log ] \
    && ./parley forecast scenarios/ktab/dummyData_3Dim.yaml --model smp --no-store >/dev/null 2>>"$log" \
    && ./parley backtest backtests/ --draws 100 --no-store >/dev/null 2>>"$log"; then
  passed=$((passed + 1))
else
  echo "test.sh: the published build (./parley) failed its smoke test:" >&2
  cat "$log" src/Parley.Cli/bin/publish-failed.log 2>/dev/null | head -20 >&2
  failed=$((failed + 1))
fi
rm -f "$log"

failed=$((failed + pg_failed))
if [ $projects -eq 0 ]; then
  echo "test.sh: no test results found" >&2
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ $status -ne 0 ] || [ $failed -ne 0 ]; then
  exit 1
fi
exit 0
