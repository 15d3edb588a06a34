#!/usr/bin/env bash
# The offline demo (`make demo`): DynamoDB Local in memory, the fake GitHub and Pipedrive (seeded), and the API serving
# the web app with a 30-second sync — no accounts, no network. Ctrl+C stops all of it; nothing is kept.
# Ports: DEMO_PORT (API, 5090), DEMO_DYNAMODB_PORT (8001), DEMO_FAKES_PORT (5091; Pipedrive +1, control +2).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly API_PORT="${DEMO_PORT:-5090}"
readonly DYNAMODB_PORT="${DEMO_DYNAMODB_PORT:-8001}"
readonly FAKES_PORT="${DEMO_FAKES_PORT:-5091}"
source "${ROOT}/scripts/stack-lib.sh"
cd "${ROOT}"

trap stack_cleanup EXIT
trap 'echo; echo "Stopping the demo…"; exit 0' INT TERM

stack_build
start_dynamodb "${DYNAMODB_PORT}"
start_fakes "${FAKES_PORT}" $((FAKES_PORT + 1)) $((FAKES_PORT + 2))
start_api "${API_PORT}" Sync__Interval=00:00:30 Storage__TablePrefix=demo-

for user in octocat monalisa; do
  curl -sf -o /dev/null -X POST "${STACK_API_URL}/api/users" -H 'content-type: application/json' -d "{\"username\":\"${user}\"}"
done

cat <<TEXT

  GistCloud demo: ${STACK_API_URL}   (API reference: ${STACK_API_URL}/docs)

  Tracking octocat and monalisa; try adding gistcloud-demo. The sync runs every 30 s.
  Add a gist on the fake GitHub — it shows under "New since your last visit" after the next sync:

    curl -X POST ${STACK_CONTROL_URL}_fake/github/users/octocat/gists -d '{"description":"My new gist"}' -H 'content-type: application/json'

  More fake controls: curl ${STACK_CONTROL_URL}_fake      Logs: ${STACK_LOGS}
  Press Ctrl+C to stop everything.

TEXT
wait -n "${STACK_PIDS[@]}" || true  # any one stopping ends the stack
