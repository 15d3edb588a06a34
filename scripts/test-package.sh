#!/usr/bin/env bash
# The packaging suite: runs scripts/package.sh, then checks what the Lambda zips hold, one JUnit testcase per
# assertion, written to the file given as $1 (scripts/test.sh reads its totals from it). Exits non-zero when any
# assertion fails.
set -uo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly OUT="${ROOT}/artifacts"
readonly JUNIT="${1:?usage: test-package.sh JUNIT_FILE}"
cases=()
failures=0

# check NAME COMMAND...: one testcase, failed (with the command's output) unless COMMAND succeeds.
check() {
  local name="$1" output
  shift
  if output="$("$@" 2>&1)"; then
    cases+=("<testcase classname=\"package\" name=\"$(xml "${name}")\"/>")
    echo "  ok    ${name}"
  else
    cases+=("<testcase classname=\"package\" name=\"$(xml "${name}")\"><failure message=\"$(xml "${output:0:2000}")\"/></testcase>")
    failures=$((failures + 1))
    echo "  FAIL  ${name}: ${output}"
  fi
}
xml() { local s="${1//&/&amp;}"; s="${s//</&lt;}"; s="${s//>/&gt;}"; printf '%s' "${s//\"/&quot;}"; }

# has ZIP ENTRY [MODE]: the zip holds ENTRY, with permissions starting with MODE when given.
has() {
  local line
  line="$(unzip -Z "${OUT}/$1" "$2" 2>/dev/null | head -1)"
  [[ -n "${line}" ]] || { echo "$1 lacks $2"; return 1; }
  [[ -z "${3:-}" || "${line}" == "$3"* ]] || { echo "$1: $2 is ${line%% *}, expected $3"; return 1; }
}
# lacks ZIP PATTERN: no entry name matches the extended regex PATTERN.
lacks() {
  local found
  found="$(unzip -Z1 "${OUT}/$1" | grep -E "$2")"
  [[ -z "${found}" ]] || { echo "$1 holds: ${found//$'\n'/, }"; return 1; }
}
# arm64_elf ZIP ENTRY: the entry is an ELF executable for aarch64 (e_machine 0xB7 at offset 18, little-endian).
arm64_elf() {
  local header
  header="$(unzip -p "${OUT}/$1" "$2" | head -c 20 | od -An -tx1 | tr -d ' \n')"
  [[ "${header:0:8}" == 7f454c46 ]] || { echo "$2 is not ELF (starts ${header:0:8})"; return 1; }
  [[ "${header:36:4}" == b700 ]] || { echo "$2 has e_machine ${header:36:4}, expected b700 (aarch64)"; return 1; }
}

echo "== make package"
check "scripts/package.sh builds both zips" "${ROOT}/scripts/package.sh"

for entry in GistCloud.SyncLambda.dll GistCloud.SyncLambda.deps.json GistCloud.SyncLambda.runtimeconfig.json; do
  check "sync.zip holds ${entry}" has sync.zip "${entry}"
done
for entry in GistCloud.Api.dll GistCloud.Api.deps.json GistCloud.Api.runtimeconfig.json; do
  check "api.zip holds ${entry}" has api.zip "${entry}"
done
check "api.zip: the apphost GistCloud.Api is -rwxr-xr-x" has api.zip GistCloud.Api -rwxr-xr-x
check "api.zip: the apphost GistCloud.Api is an ELF aarch64 executable" arm64_elf api.zip GistCloud.Api
for zip in sync.zip api.zip; do
  check "${zip} has no debug symbols (*.pdb)" lacks "${zip}" '\.pdb$'
  check "${zip} has no XML documentation (*.xml)" lacks "${zip}" '\.xml$'
  check "${zip} has no Development settings" lacks "${zip}" '(^|/)appsettings\.Development\.json$'
  # sync.zip keeps Microsoft.Extensions.Logging.EventLog + System.Diagnostics.EventLog (72 KiB): Hosting's
  # AddDefaultServices lambda names EventLogLoggerProvider, so JIT-compiling it loads them even on Linux.
  check "${zip} has no static web assets manifest" lacks "${zip}" 'staticwebassets'
done
check "runtimeconfig: workstation GC (no server GC) in both zips" bash -c \
  'for z in sync:GistCloud.SyncLambda api:GistCloud.Api; do unzip -p "$1/${z%%:*}.zip" "${z#*:}.runtimeconfig.json" | grep -q "\"System.GC.Server\": false" || { echo "${z%%:*}.zip: System.GC.Server is not false"; exit 1; }; done' _ "${OUT}"

mkdir -p "$(dirname "${JUNIT}")"
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo "<testsuites name=\"package\" tests=\"${#cases[@]}\" failures=\"${failures}\" errors=\"0\">"
  echo "<testsuite name=\"package\" tests=\"${#cases[@]}\" failures=\"${failures}\" errors=\"0\" skipped=\"0\">"
  printf '%s\n' "${cases[@]}"
  echo '</testsuite>'
  echo '</testsuites>'
} > "${JUNIT}"
echo "${#cases[@]} checks, ${failures} failed"
[[ ${failures} -eq 0 ]]
