// Built-in contact roles: shared by every organization, seeded on start, named in each supported locale.
import type { KeystoneContext } from '@keystone-6/core/types'
import { DEFAULT_LOCALE, type Locale } from '../shared/locale'

export const BUILT_IN_ROLES: Record<string, Record<Locale, string>> = {
  owner: { en: 'Owner', ru: 'Собственник' },
  tenant: { en: 'Tenant', ru: 'Арендатор' },
  family_member: { en: 'Family member', ru: 'Член семьи' },
  guest: { en: 'Guest', ru: 'Гость' },
}

/** A built-in role's name in `locale`; an organization's own role keeps the name it was given. */
export function roleName(role: { key?: string | null; name?: string | null }, locale: Locale): string {
  const names = role.key ? BUILT_IN_ROLES[role.key] : undefined
  return names?.[locale] ?? names?.[DEFAULT_LOCALE] ?? role.name ?? ''
}

/**
 * Creates the built-in roles that are missing. Idempotent, and safe when several processes start at
 * once: `key` is unique, so a concurrent insert fails and the role the other process wrote stands.
 */
export async function seedBuiltInRoles(context: KeystoneContext<any>) {
  const prisma = context.sudo().prisma
  const existing = new Set((await prisma.contactRole.findMany({ where: { key: { not: null } }, select: { key: true } })).map((r: any) => r.key))
  for (const [key, names] of Object.entries(BUILT_IN_ROLES)) {
    if (existing.has(key)) continue
    try {
      await prisma.contactRole.create({ data: { key, name: names[DEFAULT_LOCALE], nameKey: names[DEFAULT_LOCALE].toLowerCase() } })
    } catch (error) {
      if (!(await prisma.contactRole.findFirst({ where: { key } }))) throw error
    }
  }
}
