#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, M failed" over all of them.
# Each suite leaves machine-readable results under TestResults/: .NET writes TRX, JavaScript suites write
# JUnit XML (Vitest: --reporter=junit). The totals are read from those files, not from console output.
set -uo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly RESULTS="${ROOT}/TestResults"
cd "${ROOT}"

rm -rf "${RESULTS}"
mkdir -p "${RESULTS}"
status=0

# suite NAME COMMAND...: runs one suite; a failing command fails the whole run (its counts still add up).
suite() {
  local name="$1"
  shift
  echo
  echo "== ${name}"
  "$@" || { echo "!! ${name} failed"; status=1; }
}

"${ROOT}/scripts/dynamodb-local.sh" fetch || exit 1
suite ".NET (unit + integration)" dotnet test GistCloud.sln --logger trx --results-directory "${RESULTS}/dotnet"

# --- JavaScript suites (web, infra) add themselves here, writing JUnit XML into ${RESULTS}/junit/ ---
suite "web (unit)" bash -c 'cd web && npm ci --no-audit --no-fund && npm test -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/web-unit.xml"
suite "web (browser, Chromium against the real API)" bash -c 'cd web && npm run e2e -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/web-e2e.xml"
suite "infra" bash -c 'cd infra/PulumiStack && npm ci --no-audit --no-fund && npm run build && npm test -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/infra.xml"

passed=0
failed=0
attribute() { grep -o "$1=\"[0-9]*\"" "$2" | head -1 | grep -o '[0-9]*' || echo 0; }
shopt -s nullglob
for trx in "${RESULTS}"/dotnet/*.trx; do
  passed=$((passed + $(attribute passed "${trx}")))
  failed=$((failed + $(attribute failed "${trx}")))
done
for junit in "${RESULTS}"/junit/*.xml; do
  tests=$(attribute tests "${junit}")
  failures=$(( $(attribute failures "${junit}") + $(attribute errors "${junit}") ))
  skipped=$(attribute skipped "${junit}")
  passed=$((passed + tests - failures - skipped))
  failed=$((failed + failures))
done
if [[ -z "$(ls "${RESULTS}"/dotnet/*.trx 2>/dev/null)" ]]; then
  echo "No .NET test results were written." >&2
  status=1
fi

echo
echo "${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 && ${status} -eq 0 ]]
