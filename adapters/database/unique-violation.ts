// Recognizes a unique-constraint violation however it arrives: from Prisma directly (P2002), wrapped by
// Keystone's database API (GraphQLError with the Prisma error as originalError), or from pg (23505).
// With `fields`, only a violation of an index over one of those Prisma fields counts.
export function isUniqueViolation(error: unknown, fields?: readonly string[]): boolean {
  if (fields) return isP2002On(error, fields)
  const seen = new Set<unknown>()
  let current: any = error
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    if (current.code === 'P2002') return true
    // PostgreSQL's own code, from a statement sent through the adapter's pool (raw-pool.ts)
    if (current.code === '23505') return true
    // a raw statement's violation (P2010), as the driver adapter classifies it
    if (current.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation') return true
    if (typeof current.message === 'string' && /Unique constraint failed/i.test(current.message)) return true
    current = current.originalError ?? current.cause
  }
  return false
}

/** P2002 on one of `fields`, as the SQLite and PostgreSQL driver adapters report it (fields or index name). */
function isP2002On(error: any, fields: readonly string[]): boolean {
  if (error?.code !== 'P2002') return false
  const meta = error.meta ?? {}
  const constraint = meta.driverAdapterError?.cause?.constraint ?? {}
  const named = [...(meta.target ? [].concat(meta.target) : []), ...(constraint.fields ?? []), ...(constraint.index ? [constraint.index] : [])]
  return named.some((name: unknown) => typeof name === 'string' && fields.some(field => name === field || name.includes(field)))
}
