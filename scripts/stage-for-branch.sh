#!/usr/bin/env bash
# Prints the stage (Pulumi stack) a branch's build deploys to: main → stg, anything else → dev.
# Never prd: prd only takes an artifact that stg runs, through the pipeline's approval (buildspec-promote.yml).
# Takes a branch name or a ref (refs/heads/main), as CodeBuild's CODEBUILD_WEBHOOK_HEAD_REF gives it.
set -euo pipefail
branch="${1:-}"
branch="${branch#refs/heads/}"
case "${branch}" in
  main) echo stg ;;
  *) echo dev ;;
esac
