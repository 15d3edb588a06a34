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
for arg in "$@"; do
  if [[ "${arg}" == "-h" || "${arg}" == "--help" ]]; then
    run_benchmark --help
    exit 0
  fi
done

"${ROOT}/scripts/dynamodb-local.sh" fetch

# A port nothing listens on (DynamoDB Local fails to start, and the wait below says so, in the rare race).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return 0
    fi
  done
  echo "No free port found." >&2
  return 1
}

readonly PORT="$(free_port)"
readonly DYNAMODB_URL="http://127.0.0.1:${PORT}"
LOG="$(mktemp -t gistcloud-bench-dynamodb.XXXXXX.log)"
dynamodb_pid=""
cleanup() {
  if [[ -n "${dynamodb_pid}" ]]; then
    kill "${dynamodb_pid}" 2>/dev/null || true
    wait "${dynamodb_pid}" 2>/dev/null || true
  fi
  rm -f "${LOG}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${ROOT}/scripts/dynamodb-local.sh" start-memory "${PORT}" >"${LOG}" 2>&1 &
dynamodb_pid=$!

dynamodb_answers() {
  # Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is up.
  curl -s -o /dev/null "${DYNAMODB_URL}" 2>/dev/null
}
for _ in $(seq 1 120); do
  dynamodb_answers && break
  if ! kill -0 "${dynamodb_pid}" 2>/dev/null; then
    echo "DynamoDB Local exited before answering:" >&2
    cat "${LOG}" >&2
    exit 1
  fi
  sleep 0.5
done
dynamodb_answers || { echo "DynamoDB Local did not answer on ${DYNAMODB_URL} within 60 s:" >&2; cat "${LOG}" >&2; exit 1; }
echo "DynamoDB Local: in memory on ${DYNAMODB_URL}, pid ${dynamodb_pid} ($(java -version 2>&1 | head -1); -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)"

export AWS_ENDPOINT_URL_DYNAMODB="${DYNAMODB_URL}"
export DYNAMODB_LOCAL_PID="${dynamodb_pid}"
# Not exec: the EXIT trap must still stop DynamoDB Local when the benchmark ends, fails or is interrupted.
status=0
run_benchmark "$@" || status=$?
exit "${status}"
