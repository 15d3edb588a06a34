#!/usr/bin/env bash
# The release record of one build, kept in artifacts/ next to what `make package` wrote:
#   release.sh seal                 SHA256SUMS over sync.zip, api.zip and every file of web/, and release.json
#                                   ({commit, builtAt, buildId, deployedTo: []}); run once, after `make package`.
#   release.sh record-deploy STAGE  adds STAGE to release.json's deployedTo, after that stage's `pulumi up` succeeded.
# scripts/promote.sh deploys prd from this record only: unchanged files, and deployedTo containing stg.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly OUT="${ARTIFACTS_DIR:-${ROOT}/artifacts}"
readonly RELEASE="${OUT}/release.json"

seal() {
  local file
  for file in sync.zip api.zip web/index.html; do
    [[ -f "${OUT}/${file}" ]] || { echo "release: ${OUT}/${file} is missing (run make package first)" >&2; exit 1; }
  done
  # Paths relative to artifacts/, so `sha256sum -c SHA256SUMS` works wherever the artifact is unpacked.
  (cd "${OUT}" && { printf '%s\n' sync.zip api.zip; find web -type f | LC_ALL=C sort; } | xargs -d '\n' sha256sum > SHA256SUMS)
  # CodePipeline builds may lack CODEBUILD_RESOLVED_SOURCE_VERSION; a git checkout still knows its commit.
  local commit="${CODEBUILD_RESOLVED_SOURCE_VERSION:-$(git -C "${ROOT}" rev-parse HEAD 2>/dev/null || echo unknown)}"
  node -e '
    const [file, commit, buildId] = process.argv.slice(1);
    const release = { commit, builtAt: new Date().toISOString(), buildId, deployedTo: [] };
    require("fs").writeFileSync(file, JSON.stringify(release, null, 2) + "\n");
  ' "${RELEASE}" "${commit}" "${CODEBUILD_BUILD_ID:-local}"
  echo "release: sealed $(wc -l < "${OUT}/SHA256SUMS") files of commit ${commit}"
}

record_deploy() {
  local stage="${1:?usage: release.sh record-deploy STAGE}"
  [[ -f "${RELEASE}" ]] || { echo "release: ${RELEASE} is missing (run release.sh seal first)" >&2; exit 1; }
  node -e '
    const fs = require("fs");
    const [file, stage] = process.argv.slice(1);
    const release = JSON.parse(fs.readFileSync(file, "utf8"));
    release.deployedTo = [...new Set([...(release.deployedTo ?? []), stage])];
    fs.writeFileSync(file, JSON.stringify(release, null, 2) + "\n");
  ' "${RELEASE}" "${stage}"
  echo "release: deployed to ${stage}"
}

case "${1:-}" in
  seal) seal ;;
  record-deploy) record_deploy "${2:-}" ;;
  *) echo "usage: release.sh seal | release.sh record-deploy STAGE" >&2; exit 2 ;;
esac
