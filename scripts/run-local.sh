#!/usr/bin/env bash
# Runs GistCloud locally: DynamoDB Local (data kept in .data/dynamodb) and, on one port, the API, the web app
# and the sync timer (every Sync__Interval, 3 h by default).
# Secrets come from the environment or `dotnet user-secrets` (see README); nothing here prints them.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly DYNAMODB_PORT="${DYNAMODB_PORT:-8000}"
readonly API_PORT="${API_PORT:-5080}"
readonly DYNAMODB_URL="http://127.0.0.1:${DYNAMODB_PORT}"

cd "${ROOT}"
"${ROOT}/scripts/dynamodb-local.sh" fetch

dynamodb_answers() {
  # DynamoDB (Local) answers a bare GET with 400 and an x-amzn-RequestId header; another server on the port does not.
  curl -s -D - -o /dev/null "${DYNAMODB_URL}" 2>/dev/null | grep -qi '^x-amzn-requestid:'
}

dynamodb_pid=""
api_pid=""
cleanup() {
  for pid in "${api_pid}" "${dynamodb_pid}"; do
    [[ -n "${pid}" ]] && kill "${pid}" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if dynamodb_answers; then
  echo "Using the DynamoDB Local already answering on ${DYNAMODB_URL}"
elif curl -s -o /dev/null "${DYNAMODB_URL}" 2>/dev/null; then
  echo "Port ${DYNAMODB_PORT} is taken by something that is not DynamoDB; set DYNAMODB_PORT to a free port." >&2
  exit 1
else
  mkdir -p .data
  (cd .data && exec "${ROOT}/scripts/dynamodb-local.sh" start "${DYNAMODB_PORT}" "${ROOT}/.data/dynamodb") \
    > .data/dynamodb-local.log 2>&1 &
  dynamodb_pid=$!
  for _ in $(seq 1 60); do
    dynamodb_answers && break
    kill -0 "${dynamodb_pid}" 2>/dev/null || { echo "DynamoDB Local did not start; see .data/dynamodb-local.log" >&2; exit 1; }
    sleep 0.5
  done
  dynamodb_answers || { echo "DynamoDB Local did not answer on ${DYNAMODB_URL}; see .data/dynamodb-local.log" >&2; exit 1; }
  echo "DynamoDB Local is on ${DYNAMODB_URL} (data in .data/dynamodb)"
fi

export AWS_ENDPOINT_URL_DYNAMODB="${DYNAMODB_URL}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The web app, served by the API at / (rebuilt each start: a few seconds, and never stale).
if [[ ! -d web/node_modules ]]; then
  (cd web && npm ci --no-audit --no-fund --silent)
fi
(cd web && npm run --silent build >/dev/null) || { echo "Building the web app failed (cd web && npm run build)" >&2; exit 1; }
dotnet build app/Api --nologo -v quiet -clp:ErrorsOnly
echo "GistCloud will answer on http://localhost:${API_PORT}  (API reference: http://localhost:${API_PORT}/docs)"
# The built app itself, not `dotnet run`, so stopping this script stops the API too.
(cd app/Api && exec dotnet bin/Debug/net10.0/GistCloud.Api.dll --urls "http://localhost:${API_PORT}") &
api_pid=$!
wait "${api_pid}"
