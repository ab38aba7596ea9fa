// Unique indexes are how the database settles races (two creates at once: one wins). The loser's
// Prisma error (P2002) would reach clients as "Prisma error"; these rules turn it into a typed error.
// Applied as a Prisma client extension, so GraphQL, context.db and transactions all get the same error.

export type UniqueViolationRule = {
  /** Prisma model name (the Keystone list key). */
  model: string
  /** Prisma field names whose unique index this rule explains (a composite index: any of its fields). */
  fields: readonly string[]
  /** The error to throw instead; `client` is the root client (outside any failed transaction). */
  toError: (args: { data: Record<string, any>; where?: Record<string, any>; client: any }) => Promise<Error> | Error
}

/** P2002 on one of `fields`, as SQLite and PostgreSQL driver adapters report it (fields or index name). */
export function isUniqueViolation(error: any, fields: readonly string[]): boolean {
  if (error?.code !== 'P2002') return false
  const meta = error.meta ?? {}
  const constraint = meta.driverAdapterError?.cause?.constraint ?? {}
  const named = [...(meta.target ? [].concat(meta.target) : []), ...(constraint.fields ?? []), ...(constraint.index ? [constraint.index] : [])]
  return named.some((name: unknown) => typeof name === 'string' && fields.some(field => name === field || name.includes(field)))
}

const lowerFirst = (name: string) => name[0].toLowerCase() + name.slice(1)

export function mapUniqueViolations(rules: readonly UniqueViolationRule[]) {
  return (client: any) => {
    const query: Record<string, Record<string, (params: any) => Promise<unknown>>> = {}
    for (const rule of rules) {
      const guard = async ({ args, query: run }: any) => {
        try {
          return await run(args)
        } catch (error) {
          if (!isUniqueViolation(error, rule.fields)) throw error
          throw await rule.toError({ data: args.data ?? {}, where: args.where, client })
        }
      }
      query[lowerFirst(rule.model)] = { ...query[lowerFirst(rule.model)], create: guard, update: guard }
    }
    return client.$extends({ query })
  }
}
