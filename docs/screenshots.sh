#!/usr/bin/env bash
# Regenerates the README's screenshots: docs/report.png (the flagship's 'parley run' report, top of the page)
# docs/brief-ukraine.png (Ukraine's one-page brief on the freeze) and docs/whatif.png (the dashboard's what-if page
# after moving a slider, taken by the browser test) and docs/exercise-facilitator.png, exercise-player.png and
# exercise-debrief.png (an exercise played to an agreement, taken by the exercise's browser test).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./parley run scenarios/ukraine-2025.yaml --no-store --out "$tmp/report.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2000 \
  --screenshot="$tmp/report.png" "file://$tmp/report.html" 2>/dev/null
cp "$tmp/report.png" docs/report.png
./parley brief scenarios/ukraine-2025.yaml --for ukraine --variant freeze-on-the-line --no-store --out docs/brief-ukraine.png >/dev/null
PARLEY_SCREENSHOTS="$tmp" dotnet test tests/Parley.Web.Tests -c Release --filter "FullyQualifiedName~BrowserTests" -nologo >/dev/null
cp "$tmp/whatif.png" docs/whatif.png
# the exercise's three views, taken by ExerciseBrowserTests (a facilitator and two players playing to an agreement)
cp "$tmp"/exercise-facilitator.png "$tmp"/exercise-player.png "$tmp"/exercise-debrief.png docs/
echo "wrote docs/report.png, docs/brief-ukraine.png, docs/whatif.png and docs/exercise-*.png"
