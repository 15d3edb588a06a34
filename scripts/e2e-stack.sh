#!/usr/bin/env bash
# The stack the browser tests drive (web/e2e/stack.ts starts it): DynamoDB Local in memory, the fakes and the API,
# each on a free port, an admin key set, Pipedrive failures final after one attempt, and the sync only on demand
# (POST /api/sync). Beside it, for the sign-in tests: the local OpenID provider (tools/oidc-server, 60 s access
# tokens so renewal shows) and a second API with sign-in on, on its own tables (same DynamoDB Local and fakes).
# Prints one line `E2E_READY {json}` when everything answers; SIGTERM stops it all.
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
readonly OPEN_API_URL="${STACK_API_URL}"

# The provider needs the web app's origin (its redirect URIs) and the API the provider's issuer: port first.
auth_port="$(free_port)"
start_oidc "$(free_port)" "http://127.0.0.1:${auth_port}" --access-ttl "${E2E_ACCESS_TTL:-60}"
start_api "${auth_port}" Api__Key="${API_KEY}" Sync__Interval=01:00:00 Pipedrive__MaxAttempts=1 Storage__TablePrefix=e2e-auth- \
  Auth__Authority="${STACK_OIDC_URL}" Auth__Audience=urn:gistcloud:api Auth__ClientId=gistcloud-web Auth__RolesClaim=groups

printf 'E2E_READY {"api":"%s","authApi":"%s","oidc":"%s","control":"%s","apiKey":"%s","logs":"%s"}\n' \
  "${OPEN_API_URL}" "${STACK_API_URL}" "${STACK_OIDC_URL}" "${STACK_CONTROL_URL}" "${API_KEY}" "${STACK_LOGS}"
wait -n "${STACK_PIDS[@]}" || true  # any one stopping ends the stack
