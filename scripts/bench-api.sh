#!/usr/bin/env bash
# API benchmark (`make bench-api`, not a test): publishes app/Api and the empty minimal API of
# tests/GistCloud.Benchmarks/EmptyApi the same way (Release, ReadyToRun, framework-dependent, for this machine's
# runtime identifier, as scripts/package.sh does for Lambda), starts DynamoDB Local in memory on a free port, and runs
# tests/GistCloud.Benchmarks in its `api` mode: start-up and /health throughput of both as real processes in
# Production, and the two ratios against the targets. Arguments go to the benchmark (--help lists them).
#   READY_TO_RUN=false        publish both without ReadyToRun
#   API_PUBLISH_ARGS="..."    extra `dotnet publish` arguments for GistCloud.Api only, e.g. -p:TieredPGO=false
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PROJECT="tests/GistCloud.Benchmarks"
readonly BUILD="${ROOT}/artifacts/bench-api"
readonly READY_TO_RUN="${READY_TO_RUN:-true}"
cd "${ROOT}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "No runtime identifier for $(uname -m)" >&2; exit 1 ;;
esac

for arg in "$@"; do
  if [[ "${arg}" == "-h" || "${arg}" == "--help" ]]; then
    dotnet run --project "${PROJECT}" -c Release -- api --help
    exit 0
  fi
done

# Published outside the repository: the API looks for web/dist above itself, and Lambda's zip has no web app.
publish_dir="$(mktemp -d -t gistcloud-bench-api.XXXXXX)"
source "${ROOT}/scripts/stack-lib.sh"
cleanup() {
  stack_cleanup
  rm -rf "${publish_dir}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# publish NAME PROJECT [ARGS...]: quiet unless it fails.
publish() {
  local name="$1" project="$2" output
  shift 2
  if ! output="$(dotnet publish "${project}" -c Release -r "${rid}" --self-contained false -p:PublishReadyToRun="${READY_TO_RUN}" \
      --artifacts-path "${BUILD}/${name}" -o "${publish_dir}/${name}" -nologo -v quiet -clp:ErrorsOnly "$@" 2>&1)"; then
    echo "${output}" >&2
    exit 1
  fi
}
echo "Publishing GistCloud.Api and the empty API (Release, ${rid}, framework-dependent, ReadyToRun: ${READY_TO_RUN}${API_PUBLISH_ARGS:+; GistCloud.Api also ${API_PUBLISH_ARGS}})…"
# shellcheck disable=SC2086 # API_PUBLISH_ARGS is a list of arguments
publish api app/Api/GistCloud.Api.csproj ${API_PUBLISH_ARGS:-}
publish empty "${PROJECT}/EmptyApi/GistCloud.EmptyApi.csproj"
if ! build_output="$(dotnet build "${PROJECT}" -c Release -nologo -v quiet -clp:ErrorsOnly 2>&1)"; then
  echo "${build_output}" >&2
  exit 1
fi

"${ROOT}/scripts/dynamodb-local.sh" fetch
start_dynamodb "$(free_port)"
export AWS_ENDPOINT_URL_DYNAMODB="${STACK_DYNAMODB_URL}"

status=0
dotnet run --project "${PROJECT}" -c Release --no-build -- api --api "${publish_dir}/api" --empty "${publish_dir}/empty" "$@" || status=$?
exit "${status}"
