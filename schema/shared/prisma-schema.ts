// Small transformers for Keystone's generated Prisma schema, for constraints list config cannot say.

const isPostgres = (schema: string) => /provider\s*=\s*"postgresql"/.test(schema)

/** The schema with `line` added as the last line of `model` (`by` names the caller in the error). */
function addModelLine(schema: string, model: string, line: string, by: string) {
  const start = schema.indexOf(`model ${model} {`)
  if (start === -1) throw new Error(`${by}: model ${model} is not in the Prisma schema`)
  const end = schema.indexOf('\n}', start)
  return schema.slice(0, end) + `\n  ${line}` + schema.slice(end)
}

/** Adds `@@unique([..])` to a model; fields are Prisma field names (a relation `user` is `userId`). */
export function addCompositeUnique(model: string, fields: readonly string[], name?: string) {
  return (schema: string) => addModelLine(schema, model, `@@unique([${fields.join(', ')}]${name ? `, map: "${name}"` : ''})`, 'addCompositeUnique')
}

/** Adds `@@index([..])` to a model (queries the list config cannot index, e.g. the sweeper's status + due time). */
export function addCompositeIndex(model: string, fields: readonly string[], name?: string) {
  return (schema: string) => addModelLine(schema, model, `@@index([${fields.join(', ')}]${name ? `, map: "${name}"` : ''})`, 'addCompositeIndex')
}

/**
 * PostgreSQL only: a GIN trigram index on a text column (pg_trgm), which `contains` with
 * `mode: 'insensitive'` (ILIKE '%term%') uses for terms of 3 characters or more. SQLite has no such
 * index: there the schema is unchanged and LIKE scans. The extension comes from the migration's SQL, or
 * from adapters/database/extensions.ts on a push.
 */
export function addTrigramIndex(model: string, field: string) {
  return (schema: string) =>
    isPostgres(schema)
      ? addModelLine(schema, model, `@@index([${field}(ops: raw("gin_trgm_ops"))], type: Gin, map: "${model}_${field}_trgm_idx")`, 'addTrigramIndex')
      : schema
}

/**
 * PostgreSQL table storage parameters for a model (e.g. a fillfactor), as a comment line Prisma ignores:
 * adapters/database/storage-parameters.ts applies it after a push; a migration sets it in its own SQL.
 */
export function setStorage(model: string, parameters: { fillfactor: number }) {
  const line = `// storage: ${Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(', ')}`
  return (schema: string) => (isPostgres(schema) ? addModelLine(schema, model, line, 'setStorage') : schema)
}

/**
 * PostgreSQL only: a table counting `of`'s rows per group of columns (`by`: column -> Prisma type), kept
 * by triggers (adapters/database/maintained-counts.ts applies them after a push; the migration that
 * creates the table holds the same SQL). No relations: a count row outlives nothing it counts.
 */
export function addMaintainedCount(model: string, { of, by }: { of: string; by: Record<string, string> }) {
  const columns = Object.entries(by).map(([column, type]) => `  ${column} ${type}`).join('\n')
  const text = `\nmodel ${model} {\n${columns}\n  count Int @default(0)\n  // counts: ${of} by ${Object.keys(by).join(', ')}\n\n  @@id([${Object.keys(by).join(', ')}])\n}\n`
  return (schema: string) => (isPostgres(schema) ? schema + text : schema)
}
