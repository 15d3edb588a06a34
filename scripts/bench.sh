#!/usr/bin/env bash
# Sync benchmarks (`make bench`, not a test): starts DynamoDB Local in memory on a free port, runs
# tests/GistCloud.Benchmarks in Release against it and the fakes, and always stops DynamoDB Local at the end.
# Arguments go to the benchmark:  scripts/bench.sh --users 1000 --concurrency 8,16   (--help lists them).
# BENCH_ARTIFACTS_PATH=/tmp/x builds into that folder instead of the default bin/obj.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PROJECT="tests/GistCloud.Benchmarks"
cd "${ROOT}"

artifacts=()
if [[ -n "${BENCH_ARTIFACTS_PATH:-}" ]]; then
  artifacts=(--artifacts-path "${BENCH_ARTIFACTS_PATH}")
fi
run_benchmark() {
  dotnet run --project "${PROJECT}" -c Release --no-build "${artifacts[@]}" -- "$@"
}
# Quiet unless it fails: the benchmark's output is the figures.
if ! build_output="$(dotnet build "${PROJECT}" -c Release --nologo -v quiet -clp:ErrorsOnly "${artifacts[@]}" 2>&1)"; then
  echo "${build_output}" >&2
  exit 1
fi
# Scenario 3 runs the real sync worker (app/SyncLambda, as `dotnet run --project app/SyncLambda` would) as its own
# process, to measure its peak memory apart from the fakes.
if ! build_output="$(dotnet build app/SyncLambda -c Release --nologo -v quiet -clp:ErrorsOnly "${artifacts[@]}" 2>&1)"; then
  echo "${build_output}" >&2
  exit 1
fi
if [[ -n "${BENCH_ARTIFACTS_PATH:-}" ]]; then
  export BENCH_SYNC_WORKER="${BENCH_ARTIFACTS_PATH}/bin/GistCloud.SyncLambda/release/GistCloud.SyncLambda.dll"
else
  export BENCH_SYNC_WORKER="${ROOT}/app/SyncLambda/bin/Release/net10.0/GistCloud.SyncLambda.dll"
fi
for arg in "$@"; do
  if [[ "${arg}" == "-h" || "${arg}" == "--help" ]]; then
    run_benchmark --help
    exit 0
  fi
done

"${ROOT}/scripts/dynamodb-local.sh" fetch

# DynamoDB Local in memory on a free port, started and stopped as the demo and the browser tests do.
source "${ROOT}/scripts/stack-lib.sh"
trap stack_cleanup EXIT
trap 'exit 130' INT TERM
start_dynamodb "$(free_port)"
echo "DynamoDB Local: in memory on ${STACK_DYNAMODB_URL} ($(java -version 2>&1 | head -1); -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)"

export AWS_ENDPOINT_URL_DYNAMODB="${STACK_DYNAMODB_URL}"
export DYNAMODB_LOCAL_PID="${STACK_PIDS[0]}"
# Not exec: the EXIT trap must still stop DynamoDB Local when the benchmark ends, fails or is interrupted.
status=0
run_benchmark "$@" || status=$?
exit "${status}"
