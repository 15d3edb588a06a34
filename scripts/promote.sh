#!/usr/bin/env bash
# Deploys the artifact of a build that stg already runs to TARGET_STAGE (default prd), without building or
# testing anything: buildspec-promote.yml runs it in the artifact's root, which has the layout of the repository
# (artifacts/, infra/PulumiStack, infra/manifest.json, scripts/), so the Pulumi program finds artifacts/ through
# its artifactsDir default (../../artifacts).
# Refuses, before any npm or pulumi call, unless artifacts/SHA256SUMS matches every file it lists (and web/ holds
# no unlisted file, since the whole folder is uploaded) and artifacts/release.json lists stg in deployedTo.
# Needs PULUMI_BACKEND_URL, the stack's secrets provider settings (PULUMI_CONFIG_PASSPHRASE or PULUMI_ACCESS_TOKEN),
# node, npm and the pulumi CLI.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly TARGET_STAGE="${TARGET_STAGE:-prd}"
readonly TESTED_ON=stg
cd "${ROOT}/artifacts"

refuse() { echo "promote: refusing to deploy ${TARGET_STAGE}: $*" >&2; exit 1; }

: "${PULUMI_BACKEND_URL:?promote: PULUMI_BACKEND_URL is not set}"
[[ -f SHA256SUMS ]] || refuse "artifacts/SHA256SUMS is missing (the artifact was not sealed by scripts/release.sh)"
[[ -f release.json ]] || refuse "artifacts/release.json is missing (the artifact was not sealed by scripts/release.sh)"

# --quiet prints only the failing lines: "api.zip: FAILED", "web/x.js: FAILED open or read".
if ! failures="$(sha256sum --check --strict --quiet SHA256SUMS 2>&1)"; then
  refuse "files differ from artifacts/SHA256SUMS:"$'\n'"${failures}"
fi
listed="$(sed -E 's/^[0-9a-f]{64} [ *]//' SHA256SUMS | LC_ALL=C sort)"
for required in sync.zip api.zip web/index.html; do
  grep -qxF "${required}" <<<"${listed}" || refuse "artifacts/SHA256SUMS does not list ${required}"
done
unlisted="$(comm -23 <(find web -type f | LC_ALL=C sort) <(printf '%s\n' "${listed}"))"
[[ -z "${unlisted}" ]] || refuse "files in artifacts/web that SHA256SUMS does not list:"$'\n'"${unlisted}"

release="$(node -e '
  const release = JSON.parse(require("fs").readFileSync("release.json", "utf8"));
  const tested = Array.isArray(release.deployedTo) && release.deployedTo.includes(process.argv[1]);
  console.log(tested ? `commit ${release.commit}, built ${release.builtAt} by ${release.buildId}` : "");
' "${TESTED_ON}")" || refuse "artifacts/release.json is not readable JSON"
[[ -n "${release}" ]] || refuse "artifacts/release.json does not list ${TESTED_ON} in deployedTo (only an artifact that ${TESTED_ON} runs is promoted)"

echo "promote: ${release}; checksums verified; deploying ${TARGET_STAGE}"
cd "${ROOT}/infra/PulumiStack"
npm ci --no-audit --no-fund
pulumi login "${PULUMI_BACKEND_URL}"
pulumi up --yes --stack "${TARGET_STAGE}"
