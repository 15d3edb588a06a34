#!/usr/bin/env bash
# The stack the browser tests drive (web/e2e/stack.ts starts it): DynamoDB Local in memory, the fakes and the API,
# each on a free port, an admin key set, Pipedrive failures final after one attempt, and the sync only on demand
# (POST /api/sync). Prints one line `E2E_READY {json}` when everything answers; SIGTERM stops it all.
# SKIP_WEB_BUILD=1 uses the web/dist already there.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly API_KEY="${E2E_API_KEY:-e2e-admin-key-0123456789}"
source "${ROOT}/scripts/stack-lib.sh"
cd "${ROOT}"

trap stack_cleanup EXIT
trap 'exit 0' INT TERM

stack_build >&2
start_dynamodb "$(free_port)"
start_fakes 0 0 0
start_api "$(free_port)" Api__Key="${API_KEY}" Sync__Interval=01:00:00 Pipedrive__MaxAttempts=1 Storage__TablePrefix=e2e-

printf 'E2E_READY {"api":"%s","control":"%s","apiKey":"%s","logs":"%s"}\n' \
  "${STACK_API_URL}" "${STACK_CONTROL_URL}" "${API_KEY}" "${STACK_LOGS}"
wait -n "${STACK_PIDS[@]}" || true  # any one stopping ends the stack
