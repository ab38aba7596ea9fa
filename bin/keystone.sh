#!/bin/sh
# Runs the Keystone CLI offline: no telemetry, and a stub for Prisma's native schema engine
# (client generation needs none; schema changes go through bin/db.ts and the WebAssembly engine).
export KEYSTONE_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
export PRISMA_SCHEMA_ENGINE_BINARY="$(cd "$(dirname "$0")" && pwd)/prisma-engine-stub.sh"
export PRISMA_HIDE_UPDATE_MESSAGE=1
# npm start: the API process's heap flags (bin/node-flags.sh); NODE_OPTIONS given by the caller come after
if [ "$1" = start ]; then
  export NODE_OPTIONS="$(sh "$(dirname "$0")/node-flags.sh" api) ${NODE_OPTIONS:-}" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
fi
exec keystone "$@"
