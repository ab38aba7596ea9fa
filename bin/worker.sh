#!/bin/sh
# `npm run worker`: the worker bundle that `npm run build` writes (.keystone/worker.js), on plain Node
# with a bounded heap. The benchmarks start their worker bundle through this file too (its path as $1).
#   WORKER_HEAP_MB        V8 old space in MB (default 160). Without a bound V8 lets garbage pile up to
#                         several hundred MB before collecting; the worker's live heap is about 90 MB.
#   WORKER_SEMI_SPACE_MB  V8 young generation semi-space in MB (default 4, V8's own is 16; see docs/architecture.md).
#   WORKER_NODE_OPTIONS   more Node flags (e.g. --cpu-prof).
# Also: MALLOC_ARENA_MAX (default 2): glibc otherwise gives each of V8's background threads its own
# malloc arena, which keeps what compilation freed.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="${1:-$ROOT/.keystone/worker.js}"
if [ ! -f "$BUNDLE" ]; then
  echo "[worker] $BUNDLE does not exist: run \`npm run build\` first (it bundles the worker)." >&2
  exit 1
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# --liftoff-only: Prisma's query compiler is WebAssembly; V8's optimizing tier would compile it again in
# the background (about 55 MB more), for queries whose plans Prisma caches anyway.
# shellcheck disable=SC2086
exec node --max-old-space-size="${WORKER_HEAP_MB:-160}" --max-semi-space-size="${WORKER_SEMI_SPACE_MB:-4}" \
  --liftoff-only --enable-source-maps $WORKER_NODE_OPTIONS "$BUNDLE"
