#!/usr/bin/env bash
# Prints the stage (Pulumi stack) a branch deploys to: main → stg, release/* → prd, anything else → dev.
# Takes a branch name or a ref (refs/heads/main), as CodeBuild's CODEBUILD_WEBHOOK_HEAD_REF gives it.
set -euo pipefail
branch="${1:-}"
branch="${branch#refs/heads/}"
case "${branch}" in
  main) echo stg ;;
  release/*) echo prd ;;
  *) echo dev ;;
esac
