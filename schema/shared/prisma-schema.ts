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
