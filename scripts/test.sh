#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, M failed" over all of them.
# Each suite leaves machine-readable results under TestResults/: .NET writes TRX, JavaScript suites write
# JUnit XML (Vitest: --reporter=junit). The totals are read from those files, not from console output; a suite
# that fails without writing its results counts as one failure, so a crash can never read as "0 failed".
set -uo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly RESULTS="${ROOT}/TestResults"
cd "${ROOT}"

rm -rf "${RESULTS}"
mkdir -p "${RESULTS}/dotnet" "${RESULTS}/junit"
status=0
crashed=0

# suite NAME RESULTS_GLOB COMMAND...: runs one suite; a failing command fails the whole run (its counts still
# add up), and a failing command that left no results behind is counted as one failed test.
suite() {
  local name="$1" results="$2"
  shift 2
  echo
  echo "== ${name}"
  if ! "$@"; then
    echo "!! ${name} failed"
    status=1
    if ! compgen -G "${results}" >/dev/null; then
      echo "!! ${name} wrote no results (${results}): counted as 1 failed"
      crashed=$((crashed + 1))
    fi
  fi
}

if ! "${ROOT}/scripts/dynamodb-local.sh" fetch; then
  echo "DynamoDB Local could not be fetched: no suite ran."
  echo "0 passed, 1 failed"
  exit 1
fi

suite ".NET (unit + integration)" "${RESULTS}/dotnet/*.trx" \
  dotnet test GistCloud.sln --logger trx --results-directory "${RESULTS}/dotnet"
suite "web (unit)" "${RESULTS}/junit/web-unit.xml" \
  bash -c 'cd web && npm ci --no-audit --no-fund && npm test -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/web-unit.xml"
suite "local OpenID provider (tools/oidc-server)" "${RESULTS}/junit/oidc-server.xml" \
  bash -c 'cd tools/oidc-server && npm ci --no-audit --no-fund && npm test -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/oidc-server.xml"
suite "web (browser, Chromium against the real API)" "${RESULTS}/junit/web-e2e.xml" \
  bash -c 'cd web && npm run e2e -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/web-e2e.xml"
suite "infra" "${RESULTS}/junit/infra.xml" \
  bash -c 'cd infra/PulumiStack && npm ci --no-audit --no-fund && npm run build && npm test -- --reporter=default --reporter=junit --outputFile.junit="$1"' _ "${RESULTS}/junit/infra.xml"
suite "package (the Lambda zips)" "${RESULTS}/junit/package.xml" \
  "${ROOT}/scripts/test-package.sh" "${RESULTS}/junit/package.xml"

# first ATTR FILE: the attribute on the file's first (summary) element; counter ATTR FILE: on TRX's <Counters>.
first() { grep -o " $1=\"[0-9]*\"" "$2" | head -1 | grep -o '[0-9]*' || echo 0; }
counter() { grep -o '<Counters [^>]*' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }

passed=0
failed=${crashed}
shopt -s nullglob
for trx in "${RESULTS}"/dotnet/*.trx; do
  # TRX <Counters>: error, timeout and aborted are failures too.
  passed=$((passed + $(counter passed "${trx}")))
  failed=$((failed + $(counter failed "${trx}") + $(counter error "${trx}") + $(counter timeout "${trx}") + $(counter aborted "${trx}")))
done
for junit in "${RESULTS}"/junit/*.xml; do
  # <testsuites> carries tests/failures/errors; skipped is only on each <testsuite>, so it is summed.
  tests=$(first tests "${junit}")
  failures=$(( $(first failures "${junit}") + $(first errors "${junit}") ))
  skipped=$(grep -o '<testsuite [^>]*' "${junit}" | grep -o ' skipped="[0-9]*"' | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }')
  passed=$((passed + tests - failures - skipped))
  failed=$((failed + failures))
done

echo
echo "${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 && ${status} -eq 0 ]]
