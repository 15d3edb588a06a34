#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, M failed" over all of them.
set -uo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly RESULTS="${ROOT}/TestResults"
cd "${ROOT}"

"${ROOT}/scripts/dynamodb-local.sh" fetch || exit 1
rm -rf "${RESULTS}"
status=0

echo "== .NET tests"
dotnet test GistCloud.sln --logger "trx" --results-directory "${RESULTS}/dotnet" || status=1

passed=0
failed=0
count() { grep -o "$1=\"[0-9]*\"" "$2" | head -1 | grep -o '[0-9]*'; }
shopt -s nullglob
for trx in "${RESULTS}"/dotnet/*.trx; do
  passed=$((passed + $(count passed "${trx}")))
  failed=$((failed + $(count failed "${trx}")))
done
trx_files=("${RESULTS}"/dotnet/*.trx)
if [[ ${#trx_files[@]} -eq 0 ]]; then
  echo "No .NET test results were written." >&2
  status=1
fi

echo
echo "${passed} passed, ${failed} failed"
[[ ${failed} -eq 0 && ${status} -eq 0 ]]
