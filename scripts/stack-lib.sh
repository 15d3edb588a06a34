#!/usr/bin/env bash
# Pieces shared by demo.sh and e2e-stack.sh (sourced, not run): a whole GistCloud on this machine with no network —
# DynamoDB Local in memory, the fake GitHub + fake Pipedrive process, and the API serving web/dist.
# The caller sets ROOT, calls stack_cleanup from its EXIT trap, and reads STACK_* after each start_*.

readonly STACK_GITHUB_TOKEN="demo-github-token"
readonly STACK_PIPEDRIVE_TOKEN="demo-pipedrive-token"
STACK_PIDS=()
STACK_LOGS="$(mktemp -d -t gistcloud-stack.XXXXXX)"

# A port nothing listens on (a rare race is caught by the waits below).
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

# wait_for NAME PID LOG SECONDS COMMAND...: retries COMMAND until it succeeds; fails early if PID died.
wait_for() {
  local name="$1" pid="$2" log="$3" seconds="$4"
  shift 4
  for _ in $(seq 1 $((seconds * 2))); do
    # Our process must be alive AND answering: a server someone else left on the port does not count.
    kill -0 "${pid}" 2>/dev/null && "$@" 2>/dev/null && return 0
    if ! kill -0 "${pid}" 2>/dev/null; then
      echo "${name} exited before it was ready:" >&2
      tail -n 40 "${log}" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "${name} was not ready within ${seconds} s:" >&2
  tail -n 40 "${log}" >&2
  return 1
}

stack_build() {
  "${ROOT}/scripts/dynamodb-local.sh" fetch
  echo "Building the API and the fakes…"
  # No build servers: they would outlive this script holding its output open (and the caller waiting on it).
  local project
  for project in app/Api tests/GistCloud.Fakes; do
    dotnet build "${ROOT}/${project}" --disable-build-servers --nologo -v quiet >"${STACK_LOGS}/build.log" 2>&1 \
      || { cat "${STACK_LOGS}/build.log" >&2; return 1; }
  done
  oidc_install
  if [[ "${SKIP_WEB_BUILD:-}" != 1 ]]; then
    echo "Building the web app…"
    # Installed, and newer than the lock file (a pull may have added packages): otherwise install again.
    [[ "${ROOT}/web/node_modules/.package-lock.json" -nt "${ROOT}/web/package-lock.json" ]] \
      || (cd "${ROOT}/web" && npm ci --no-audit --no-fund --loglevel=error)
    (cd "${ROOT}/web" && npm run --silent build) >"${STACK_LOGS}/web-build.log" 2>&1 \
      || { cat "${STACK_LOGS}/web-build.log" >&2; return 1; }
  fi
}

# tools/oidc-server's packages, installed again when its lock file is newer than node_modules (as for web/).
oidc_install() {
  [[ "${ROOT}/tools/oidc-server/node_modules/.package-lock.json" -nt "${ROOT}/tools/oidc-server/package-lock.json" ]] \
    || (cd "${ROOT}/tools/oidc-server" && npm ci --no-audit --no-fund --loglevel=error)
}

# start_oidc PORT ORIGIN... [--access-ttl SECONDS] → STACK_OIDC_URL (the issuer). The local OpenID provider, whose
# client gistcloud-web redirects to each web app ORIGIN's /auth/callback.
start_oidc() {
  local port="$1" log="${STACK_LOGS}/oidc.log" args=()
  shift
  while (($#)); do
    if [[ "$1" == --access-ttl ]]; then
      args+=(--access-ttl "$2")
      shift 2
    else
      args+=(--client-redirect "$1")
      shift
    fi
  done
  node "${ROOT}/tools/oidc-server/server.mjs" --port "${port}" "${args[@]}" >"${log}" 2>&1 &
  STACK_PIDS+=($!)
  wait_for "The OpenID provider" "$!" "${log}" 30 grep -q '^OIDC_READY' "${log}"
  STACK_OIDC_URL="$(sed -nE 's/^OIDC_READY .*"issuer":"([^"]+)".*/\1/p' "${log}")"
}

# start_dynamodb PORT → STACK_DYNAMODB_URL
start_dynamodb() {
  local log="${STACK_LOGS}/dynamodb.log"
  "${ROOT}/scripts/dynamodb-local.sh" start-memory "$1" >"${log}" 2>&1 &
  STACK_PIDS+=($!)
  STACK_DYNAMODB_URL="http://127.0.0.1:$1"
  # DynamoDB answers a bare GET with 400 and an x-amzn-RequestId header.
  wait_for "DynamoDB Local" "$!" "${log}" 60 bash -c 'curl -s -D - -o /dev/null "$1" | grep -qi "^x-amzn-requestid:"' _ "${STACK_DYNAMODB_URL}"
}

# start_fakes GITHUB_PORT PIPEDRIVE_PORT CONTROL_PORT (0 = any) → STACK_GITHUB_URL, STACK_PIPEDRIVE_URL, STACK_CONTROL_URL
start_fakes() {
  local log="${STACK_LOGS}/fakes.log"
  dotnet "${ROOT}/tests/GistCloud.Fakes/bin/Debug/net10.0/GistCloud.Fakes.dll" --GitHubPort "$1" --PipedrivePort "$2" \
    --ControlPort "$3" --GitHubToken "${STACK_GITHUB_TOKEN}" --PipedriveToken "${STACK_PIPEDRIVE_TOKEN}" >"${log}" 2>&1 &
  STACK_PIDS+=($!)
  wait_for "The fakes" "$!" "${log}" 60 grep -q '^FAKES_READY' "${log}"
  local ready
  ready="$(grep '^FAKES_READY' "${log}")"
  STACK_GITHUB_URL="$(sed -E 's/.*github=([^ ]+).*/\1/' <<<"${ready}")"
  STACK_PIPEDRIVE_URL="$(sed -E 's/.*pipedrive=([^ ]+).*/\1/' <<<"${ready}")"
  STACK_CONTROL_URL="$(sed -E 's/.*control=([^ ]+).*/\1/' <<<"${ready}")"
}

# start_api PORT [VAR=value ...] → STACK_API_URL. Extra settings go into the API's environment.
start_api() {
  local port="$1" log="${STACK_LOGS}/api-${1}.log"
  shift
  (
    cd "${ROOT}/app/Api"
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:${port}"
    export AWS_ENDPOINT_URL_DYNAMODB="${STACK_DYNAMODB_URL}"
    export GitHub__BaseUrl="${STACK_GITHUB_URL}" GitHub__Token="${STACK_GITHUB_TOKEN}"
    export Pipedrive__BaseUrl="${STACK_PIPEDRIVE_URL}" Pipedrive__ApiToken="${STACK_PIPEDRIVE_TOKEN}"
    export Site__Root="${ROOT}/web/dist"
    for setting in "$@"; do export "${setting?}"; done
    exec dotnet bin/Debug/net10.0/GistCloud.Api.dll
  ) >"${log}" 2>&1 &
  STACK_PIDS+=($!)
  STACK_API_URL="http://127.0.0.1:${port}"
  wait_for "The API" "$!" "${log}" 90 curl -sf -o /dev/null "${STACK_API_URL}/health/ready"
}

# Stops what was started, newest first, and waits for each so ports are free when the caller exits.
stack_cleanup() {
  local i
  for ((i = ${#STACK_PIDS[@]} - 1; i >= 0; i--)); do
    kill "${STACK_PIDS[i]}" 2>/dev/null || true
  done
  for pid in "${STACK_PIDS[@]}"; do
    wait "${pid}" 2>/dev/null || true
  done
  STACK_PIDS=()
  [[ -n "${KEEP_STACK_LOGS:-}" ]] || rm -rf "${STACK_LOGS}"
}
