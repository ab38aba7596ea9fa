// Small transformers for Keystone's generated Prisma schema, for constraints list config cannot say.

/** Adds `@@unique([..])` to a model; fields are Prisma field names (a relation `user` is `userId`). */
export function addCompositeUnique(model: string, fields: readonly string[], name?: string) {
  return (schema: string) => {
    const start = schema.indexOf(`model ${model} {`)
    if (start === -1) throw new Error(`addCompositeUnique: model ${model} is not in the Prisma schema`)
    const end = schema.indexOf('\n}', start)
    const line = `\n  @@unique([${fields.join(', ')}]${name ? `, map: "${name}"` : ''})`
    return schema.slice(0, end) + line + schema.slice(end)
  }
}

/** Adds `@@index([..])` to a model (queries the list config cannot index, e.g. the sweeper's status + due time). */
export function addCompositeIndex(model: string, fields: readonly string[], name?: string) {
  return (schema: string) => {
    const start = schema.indexOf(`model ${model} {`)
    if (start === -1) throw new Error(`addCompositeIndex: model ${model} is not in the Prisma schema`)
    const end = schema.indexOf('\n}', start)
    const line = `\n  @@index([${fields.join(', ')}]${name ? `, map: "${name}"` : ''})`
    return schema.slice(0, end) + line + schema.slice(end)
  }
}

/**
 * PostgreSQL only: a GIN trigram index on a text column (pg_trgm), which `contains` with
 * `mode: 'insensitive'` (ILIKE '%term%') uses for terms of 3 characters or more. SQLite has no such
 * index: there the schema is unchanged and LIKE scans. The extension comes from the migration's SQL, or
 * from adapters/database/extensions.ts on a push.
 */
export function addTrigramIndex(model: string, field: string) {
  return (schema: string) => {
    if (!/provider\s*=\s*"postgresql"/.test(schema)) return schema
    const start = schema.indexOf(`model ${model} {`)
    if (start === -1) throw new Error(`addTrigramIndex: model ${model} is not in the Prisma schema`)
    const end = schema.indexOf('\n}', start)
    const line = `\n  @@index([${field}(ops: raw("gin_trgm_ops"))], type: Gin, map: "${model}_${field}_trgm_idx")`
    return schema.slice(0, end) + line + schema.slice(end)
  }
}

/**
 * PostgreSQL table storage parameters for a model (e.g. a fillfactor), as a comment line Prisma ignores:
 * adapters/database/storage-parameters.ts applies it after a push; a migration sets it in its own SQL.
 */
export function setStorage(model: string, parameters: { fillfactor: number }) {
  return (schema: string) => {
    if (!/provider\s*=\s*"postgresql"/.test(schema)) return schema
    const start = schema.indexOf(`model ${model} {`)
    if (start === -1) throw new Error(`setStorage: model ${model} is not in the Prisma schema`)
    const end = schema.indexOf('\n}', start)
    const line = `\n  // storage: ${Object.entries(parameters).map(([key, value]) => `${key}=${value}`).join(', ')}`
    return schema.slice(0, end) + line + schema.slice(end)
  }
}
