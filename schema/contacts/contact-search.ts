// The Admin UI's contacts search box sends one OR of `contains` conditions over ui.searchFields (name,
// unit, phone, email). Phones are stored in E.164, so "(415) 555-2000" as typed would find nothing: a
// search term that parses as a phone in a country of the caller's organizations becomes an `in` over its
// E.164 forms. Phone and email are sensitive (a filter is a read): for a caller without readContacts in
// every organization that employs them, those two conditions are dropped from the search (name and unit
// still match) rather than failing the whole search with KS_ACCESS_DENIED. On PostgreSQL the search's
// terms are taken literally (a typed % or _ is not a wildcard: adapters/database/like.ts). Explicit
// filters are untouched.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { GraphQLSchema } from 'graphql'
import { providerOf } from '../../adapters/database'
import { likeEscaped } from '../../adapters/database/like'
import { normalizePhone } from '../shared/normalize'
import { holdsPermissionEverywhere } from '../shared/request-cache'
import type { Session } from '../shared/session'

const SENSITIVE = ['phone', 'email'] as const
type Where = Record<string, any>

/** `{ phone: { contains } }` or `{ email: { contains } }`: one search condition on a sensitive field. */
function sensitiveSearch(condition: Where): { field: (typeof SENSITIVE)[number]; term: string } | null {
  const keys = Object.keys(condition ?? {})
  if (keys.length !== 1 || !(SENSITIVE as readonly string[]).includes(keys[0])) return null
  const term = condition[keys[0]]?.contains
  return typeof term === 'string' ? { field: keys[0] as (typeof SENSITIVE)[number], term } : null
}

function hasSearch(where: unknown): boolean {
  if (!where || typeof where !== 'object') return false
  if (Array.isArray(where)) return where.some(hasSearch)
  const { OR, AND } = where as Where
  return (Array.isArray(OR) && OR.some(c => sensitiveSearch(c))) || hasSearch(AND) || hasSearch(OR)
}

async function callerCountries(context: KeystoneContext<any>): Promise<string[]> {
  const session = context.session as Session | undefined
  if (!session) return []
  const rows = await context.sudo().prisma.organization.findMany({
    where: session.data?.isAdmin ? {} : { employees: { some: { userId: session.itemId } } },
    select: { country: true },
    distinct: ['country'],
  })
  return rows.map((row: { country: string }) => row.country).filter(Boolean)
}

type Rewrite = { mayReadSensitive: boolean; countries: string[]; postgres: boolean }

function rewrite(where: unknown, how: Rewrite): unknown {
  if (!where || typeof where !== 'object') return where
  if (Array.isArray(where)) return where.map(w => rewrite(w, how))
  const out: Where = { ...(where as Where) }
  if (Array.isArray(out.AND)) out.AND = out.AND.map(w => rewrite(w, how))
  if (Array.isArray(out.OR)) {
    const literal = (term: string) => (how.postgres ? likeEscaped(term) : term)
    out.OR = out.OR.flatMap((condition: Where) => {
      const search = sensitiveSearch(condition)
      if (!search) return [literalContains(rewrite(condition, how) as Where, literal)]
      if (!how.mayReadSensitive) return []
      if (search.field === 'email') return [{ email: { contains: literal(search.term.trim().toLowerCase()) } }]
      const phones = [...new Set(how.countries.map(country => normalizePhone(search.term, country)).concat(normalizePhone(search.term)))].filter(
        (p): p is string => !!p
      )
      // a full number in any local format, else the digits as typed (a part of an international number)
      return phones.length ? [{ phone: { in: phones } }] : [{ phone: { contains: literal(search.term.replace(/[^\d+]/g, '') || search.term) } }]
    })
  }
  return out
}

/** A search box condition on one text field (`{ name: { contains, mode } }`) with its term made literal. */
function literalContains(condition: Where, literal: (term: string) => string): Where {
  const keys = Object.keys(condition ?? {})
  const filter = keys.length === 1 ? condition[keys[0]] : undefined
  if (!filter || typeof filter !== 'object' || typeof filter.contains !== 'string') return condition
  return { [keys[0]]: { ...filter, contains: literal(filter.contains) } }
}

/** Wraps Query.contacts and Query.contactsCount (composed with the other wrappers of those fields). */
export function searchContactsByPhoneAndEmail(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()?.getFields() ?? {}
  for (const name of ['contacts', 'contactsCount']) {
    const target = fields[name]
    const resolve = target?.resolve
    if (!target || !resolve) throw new Error(`searchContactsByPhoneAndEmail: Query.${name} does not exist`)
    target.resolve = async (source, args, context, info) => {
      if (!hasSearch(args.where)) return resolve(source, args, context, info)
      const mayReadSensitive = await holdsPermissionEverywhere(context, 'readContacts')
      const countries = mayReadSensitive ? await callerCountries(context) : []
      const postgres = providerOf(context.prisma) === 'postgresql'
      return resolve(source, { ...args, where: rewrite(args.where, { mayReadSensitive, countries, postgres }) }, context, info)
    }
  }
  return schema
}
