#!/usr/bin/env bash
# Storage outage latency (a measurement, not a test): starts the API (Release build) with DynamoDB "stopped"
# (AWS_ENDPOINT_URL_DYNAMODB on a port where nothing listens) and prints the status counts, median and max of
# N sequential GET /api/users answers.
#   outage-latency.sh [N] [API_DLL]   N defaults to 200; API_DLL to this repository's Release build (built if missing)
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly COUNT="${1:-200}"
DLL="${2:-${ROOT}/app/Api/bin/Release/net10.0/GistCloud.Api.dll}"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

if [[ -z "${2:-}" ]]; then
  dotnet build "${ROOT}/app/Api" -c Release -v q -nologo >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port="$(free_port)"
dead_port="$(free_port)" # bound and released: nothing listens there now

WORK="$(mktemp -d)"
trap 'kill "${API_PID:-0}" 2>/dev/null || true; rm -rf "${WORK}"' EXIT
trap 'exit 143' INT TERM
AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:${dead_port}" Storage__CreateTables=false Sync__Interval=00:00:00 \
  ASPNETCORE_URLS="http://127.0.0.1:${api_port}" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "${DLL}" >"${WORK}/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 200); do
  curl -fsS -o /dev/null "http://127.0.0.1:${api_port}/health" 2>/dev/null && break
  sleep 0.1
done

for _ in $(seq 1 "${COUNT}"); do
  curl -sS -m 120 -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:${api_port}/api/users" >>"${WORK}/times"
done

echo "GET /api/users with DynamoDB stopped, ${COUNT} sequential requests"
awk '{print $1}' "${WORK}/times" | sort | uniq -c | awk '{printf "  status %s: %s\n", $2, $1}'
sort -n -k2 "${WORK}/times" | awk '{t[NR]=$2} END {printf "  median %.0f ms, max %.0f ms\n", t[int((NR+1)/2)]*1000, t[NR]*1000}'
printf '  log: %s lines, %s with a stack trace (" at ")\n' "$(wc -l <"${WORK}/api.log")" "$(grep -c '   at ' "${WORK}/api.log" || true)"
