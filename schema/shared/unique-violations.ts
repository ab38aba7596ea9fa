// Unique indexes are how the database settles races (two creates at once: one wins). The loser's
// Prisma error (P2002) would reach clients as "Prisma error"; these rules turn it into a typed error.
// Applied as a Prisma client extension, so GraphQL, context.db and transactions all get the same error.

import { isUniqueViolation } from '../../adapters/database/unique-violation'

export type UniqueViolationRule = {
  /** Prisma model name (the Keystone list key). */
  model: string
  /** Prisma field names whose unique index this rule explains (a composite index: any of its fields). */
  fields: readonly string[]
  /** The error to throw instead; `client` is the root client (outside any failed transaction). */
  toError: (args: { data: Record<string, any>; where?: Record<string, any>; client: any }) => Promise<Error> | Error
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
