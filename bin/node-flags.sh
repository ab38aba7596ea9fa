#!/bin/sh
# The V8 heap flags of the production processes, in one place: bin/keystone.sh (npm start) and
# bin/worker.sh (npm run worker) use them, and the benchmarks start their processes with them
# (`sh bin/node-flags.sh api|worker`). Measured in docs/architecture.md (Memory).
#   API_HEAP_MB / WORKER_HEAP_MB            V8 old space in MB. Without a bound V8 lets garbage pile up to
#                                           several hundred MB under a high allocation rate before collecting.
#   API_SEMI_SPACE_MB / WORKER_SEMI_SPACE_MB  young generation semi-space in MB (V8's own: 16).
api_node_flags() {
  echo "--max-old-space-size=${API_HEAP_MB:-256} --max-semi-space-size=${API_SEMI_SPACE_MB:-8}"
}
worker_node_flags() {
  echo "--max-old-space-size=${WORKER_HEAP_MB:-160} --max-semi-space-size=${WORKER_SEMI_SPACE_MB:-16}"
}
case "$1" in
  api) api_node_flags ;;
  worker) worker_node_flags ;;
esac
