#!/usr/bin/env bash
# The offline demo (`make demo`): DynamoDB Local in memory, the fake GitHub and Pipedrive (seeded), the local OpenID
# provider (tools/oidc-server: demo accounts ada and grace) and the API serving the web app with a 30-second sync and
# sign-in on — no cloud accounts, no network. Ctrl+C stops all of it; nothing is kept.
# The seeding uses the API key (Api__Key, or one made up here): keys stay for scripts; people sign in.
# DEMO_SIGN_IN=off runs it as before sign-in existed: no provider, writes open unless Api__Key is set (the web app then
# asks for it).
# Ports: DEMO_PORT (API, 5090), DEMO_DYNAMODB_PORT (8001), DEMO_FAKES_PORT (5091; Pipedrive +1, control +2),
# DEMO_OIDC_PORT (the provider, 5094).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly API_PORT="${DEMO_PORT:-5090}"
readonly DYNAMODB_PORT="${DEMO_DYNAMODB_PORT:-8001}"
readonly FAKES_PORT="${DEMO_FAKES_PORT:-5091}"
readonly OIDC_PORT="${DEMO_OIDC_PORT:-5094}"
readonly SIGN_IN="${DEMO_SIGN_IN:-on}"
source "${ROOT}/scripts/stack-lib.sh"
cd "${ROOT}"

trap stack_cleanup EXIT
trap 'echo; echo "Stopping the demo…"; exit 0' INT TERM

stack_build
start_dynamodb "${DYNAMODB_PORT}"
start_fakes "${FAKES_PORT}" $((FAKES_PORT + 1)) $((FAKES_PORT + 2))
auth_settings=()
if [[ "${SIGN_IN}" != off ]]; then
  # Seeding needs a key once sign-in is on; the web app never sees it.
  export Api__Key="${Api__Key:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
  start_oidc "${OIDC_PORT}" "http://localhost:${API_PORT}" "http://127.0.0.1:${API_PORT}"
  auth_settings=(Auth__Authority="${STACK_OIDC_URL}" Auth__Audience=urn:gistcloud:api Auth__ClientId=gistcloud-web Auth__RolesClaim=groups)
fi
start_api "${API_PORT}" Sync__Interval=00:00:30 Storage__TablePrefix=demo- "${auth_settings[@]}"

# The API inherits Api__Key from this environment; the seeding sends it when it is set.
key_header=()
if [[ -n "${Api__Key:-}" ]]; then
  key_header=(-H "X-Api-Key: ${Api__Key}")
fi
for user in octocat monalisa; do
  status="$(curl -s -o "${STACK_LOGS}/seed.json" -w '%{http_code}' -X POST "${STACK_API_URL}/api/users" \
    -H 'content-type: application/json' "${key_header[@]}" -d "{\"username\":\"${user}\"}")"
  [[ "${status}" == 201 ]] || { echo "Adding ${user} answered ${status}: $(cat "${STACK_LOGS}/seed.json")" >&2; exit 1; }
done
if [[ "${SIGN_IN}" != off ]]; then
  writes="Sign in (provider ${STACK_OIDC_URL}) as
    grace / grace-admin-gists   an admin: adds and removes users, starts syncs
    ada   / ada-reads-gists     a reader: sees everything, changes nothing
  Scripts use the API key: X-Api-Key: ${Api__Key}"
elif [[ -n "${Api__Key:-}" ]]; then
  writes="Writes need the key in Api__Key: the web app asks for it on the first write (kept for this tab)."
else
  writes="Writes are open (no Api__Key)."
fi

cat <<TEXT

  GistCloud demo: ${STACK_API_URL}   (API reference: ${STACK_API_URL}/docs)

  Tracking octocat and monalisa; try adding gistcloud-demo. The sync runs every 30 s.
  ${writes}
  Add a gist on the fake GitHub — it shows under "New since your last visit" after the next sync:

    curl -X POST ${STACK_CONTROL_URL}_fake/github/users/octocat/gists -d '{"description":"My new gist"}' -H 'content-type: application/json'

  More fake controls: curl ${STACK_CONTROL_URL}_fake      Logs: ${STACK_LOGS}
  Press Ctrl+C to stop everything.

TEXT
wait -n "${STACK_PIDS[@]}" || true  # any one stopping ends the stack
