#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed, N skipped".
# Installs what the tests need on a fresh Debian machine, only when it is missing.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

need=()
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }
# Fonts for the report charts (ScottPlot) and Debian's Chromium for the dashboard's browser tests (Playwright).
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 \
      || echo "test.sh: could not install ${need[*]}; continuing" >&2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
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

if [ $projects -eq 0 ]; then
  echo "test.sh: no test results found" >&2
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ $status -ne 0 ] || [ $failed -ne 0 ]; then
  exit 1
fi
exit 0
