#!/bin/sh
# `npm run worker`: the worker bundle that `npm run build` writes (.keystone/worker.js), on plain Node
# with a bounded heap (bin/node-flags.sh). The benchmarks start their worker bundle through this file
# too (its path as $1). WORKER_NODE_OPTIONS: more Node flags (e.g. --cpu-prof).
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="${1:-$ROOT/.keystone/worker.js}"
if [ ! -f "$BUNDLE" ]; then
  echo "[worker] $BUNDLE does not exist: run \`npm run build\` first (it bundles the worker)." >&2
  exit 1
fi
# glibc otherwise gives each of V8's background threads a malloc arena of its own, which keeps what
# compilation freed
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# --liftoff-only: Prisma's query compiler is WebAssembly; V8's optimizing tier would compile it again in
# the background (about 55 MB more), for queries whose plans Prisma caches anyway.
# shellcheck disable=SC2046,SC2086
exec node $(sh "$ROOT/bin/node-flags.sh" worker) --liftoff-only --enable-source-maps $WORKER_NODE_OPTIONS "$BUNDLE"
