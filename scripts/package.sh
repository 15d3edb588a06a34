#!/usr/bin/env bash
# `make package`: everything `pulumi up` deploys, written to artifacts/ (ignored):
#   sync.zip  app/SyncLambda for the managed dotnet10 runtime (linux-arm64, framework-dependent)
#   api.zip   app/Api likewise; its apphost `GistCloud.Api` is the Lambda handler the Web Adapter starts,
#             so it must be a Linux arm64 binary with its execute bit (kept by zipping here, on Linux)
#   web/      the built SPA (web/dist), when web/ exists
# READY_TO_RUN=false publishes without ReadyToRun: zips about half the size, more JIT work at cold start.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly OUT="${ROOT}/artifacts"
readonly READY_TO_RUN="${READY_TO_RUN:-true}"
cd "${ROOT}"

command -v zip >/dev/null || { echo "zip is required (apt-get install zip)" >&2; exit 1; }
command -v unzip >/dev/null || { echo "unzip is required to check the zips (apt-get install unzip)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "${OUT}/publish" "${OUT}/web" "${OUT}"/*.zip "${OUT}/SHA256SUMS" "${OUT}/release.json"  # a release record describes older zips
mkdir -p "${OUT}/publish"

# publish NAME PROJECT: framework-dependent linux-arm64 build into artifacts/publish/NAME.
publish() {
  echo "== publish $1 (ReadyToRun: ${READY_TO_RUN})"
  dotnet publish "$2" -c Release -r linux-arm64 --self-contained false \
    -p:PublishReadyToRun="${READY_TO_RUN}" \
    --artifacts-path "${OUT}/build" -o "${OUT}/publish/$1" -v quiet -nologo
}

# zip_dir NAME: artifacts/NAME.zip from artifacts/publish/NAME, reproducibly (fixed order and times), so an
# unchanged build gives an identical zip and `pulumi up` leaves that function alone.
zip_dir() {
  local dir="${OUT}/publish/$1"
  find "${dir}" -exec touch -h -d '2000-01-01T00:00:00Z' {} +
  (cd "${dir}" && find . -type f | LC_ALL=C sort | TZ=UTC zip -q -X -D "${OUT}/$1.zip" -@)  # zip stores local times: UTC makes it machine-independent
}

# require_entry ZIP FILE [MODE]: fail unless the zip holds FILE (with permissions MODE, e.g. -rwxr-xr-x).
require_entry() {
  local line
  line="$(unzip -Z "${OUT}/$1" "$2" 2>/dev/null | head -1)" || true
  [[ -n "${line}" ]] || { echo "$1 lacks $2" >&2; exit 1; }
  [[ -z "${3:-}" || "${line}" == "$3"* ]] || { echo "$1: $2 is ${line%% *}, expected $3" >&2; exit 1; }
}

publish sync app/SyncLambda/GistCloud.SyncLambda.csproj
publish api app/Api/GistCloud.Api.csproj
zip_dir sync
zip_dir api

# The layouts the runtimes expect: the managed runtime loads <asm>.dll with its deps and runtimeconfig; the
# Web Adapter's /opt/bootstrap executes ${LAMBDA_TASK_ROOT}/${_HANDLER}.
for file in GistCloud.SyncLambda.dll GistCloud.SyncLambda.deps.json GistCloud.SyncLambda.runtimeconfig.json; do
  require_entry sync.zip "${file}"
done
require_entry api.zip GistCloud.Api -rwx
require_entry api.zip GistCloud.Api.runtimeconfig.json
file_type="$(cd "${OUT}/publish/api" && file -b GistCloud.Api 2>/dev/null || echo unknown)"
[[ "${file_type}" == unknown || "${file_type}" == *aarch64* || "${file_type}" == *ARM* ]] \
  || { echo "GistCloud.Api is not an arm64 executable: ${file_type}" >&2; exit 1; }

if [[ -f web/package.json ]]; then
  echo "== web"
  [[ -d web/node_modules ]] || (cd web && npm ci --no-audit --no-fund)
  (cd web && npm run build)
  cp -R web/dist "${OUT}/web"
else
  echo "== web: skipped (no web/package.json yet); pulumi up needs artifacts/web/index.html"
fi

echo
for zip in "${OUT}"/*.zip; do
  printf '%-10s %6s KiB zipped, %6s KiB unzipped\n' "$(basename "${zip}")" \
    "$(( $(stat -c %s "${zip}") / 1024 ))" "$(du -sk "${OUT}/publish/$(basename "${zip}" .zip)" | cut -f1)"
done
