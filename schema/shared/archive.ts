// "Archive instead of delete": two read-only fields and a GraphQL transformer that hides archived
// items from a list's many-query and count unless the caller filters on the archive field.
import { relationship, timestamp } from '@keystone-6/core/fields'
import type { GraphQLSchema } from 'graphql'

const readOnly = {
  access: { create: () => false, update: () => false },
  graphql: { omit: { create: true, update: true } },
  ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const, fieldPosition: 'sidebar' as const } },
}

/** `archivedAt` and `archivedBy`; written only by the list's archive/restore actions (through sudo). */
export function archiveFields() {
  return {
    archivedAt: timestamp({ db: { isNullable: true }, ...readOnly }),
    archivedBy: relationship({ ref: 'User', many: false, ...readOnly }),
  }
}

/** Whether a Keystone `where` input filters on `field` anywhere (inside AND / OR / NOT too). */
export function mentionsField(where: unknown, field: string): boolean {
  if (Array.isArray(where)) return where.some(part => mentionsField(part, field))
  if (!where || typeof where !== 'object') return false
  return Object.entries(where).some(([key, value]) => key === field || (['AND', 'OR', 'NOT'].includes(key) && mentionsField(value, field)))
}

/** Wraps `Query.<queryField>` and `Query.<countField>`: without a filter on `field`, only live items. */
export function hideArchivedByDefault(options: { queryField: string; countField: string; field?: string }) {
  const field = options.field ?? 'archivedAt'
  return (schema: GraphQLSchema): GraphQLSchema => {
    const fields = schema.getQueryType()?.getFields() ?? {}
    for (const name of [options.queryField, options.countField]) {
      const target = fields[name]
      const resolve = target?.resolve
      if (!target || !resolve) throw new Error(`hideArchivedByDefault: Query.${name} does not exist`)
      target.resolve = (source, args, context, info) => {
        if (mentionsField(args.where, field)) return resolve(source, args, context, info)
        const where = { AND: [args.where ?? {}, { [field]: { equals: null } }] }
        return resolve(source, { ...args, where }, context, info)
      }
    }
    return schema
  }
}
