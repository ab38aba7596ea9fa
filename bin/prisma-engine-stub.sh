#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded offline.
# `prisma generate` only checks that it exists; schema changes go through `npm run db:*` (WebAssembly engine).
echo "The native Prisma schema engine is not used by this project: run npm run db:push / db:migrate / db:deploy" >&2
exit 1
