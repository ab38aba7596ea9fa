// Staff starting a conversation find the resident by name, unit or phone (registered residents of the
// organization: a thread needs a person who can sign in). Needs manageConversations there; phone
// matching also needs readContacts (a search by phone reads phones).
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../../schema/shared/errors'
import { holdsPermissionInRequest } from '../../schema/shared/request-cache'
import { containsFilter } from './contains'

export async function findResidents(context: KeystoneContext<any>, input: { organizationId: string; search: string; postgres: boolean }) {
  if (!(await holdsPermissionInRequest(context as any, input.organizationId, 'manageConversations'))) {
    throw typedError('CONVERSATION_FORBIDDEN', 'Finding residents to write to needs manageConversations in this organization')
  }
  const text = input.search.trim().slice(0, 100)
  if (text.length < 2) throw typedError('SEARCH_TOO_SHORT', 'Type at least 2 characters')
  const contains = containsFilter(text, input.postgres)
  const or: Record<string, unknown>[] = [{ unitName: contains }, { user: { name: contains } }, { contact: { name: contains } }]
  const digits = text.replace(/\D/g, '')
  if (digits.length >= 4 && (await holdsPermissionInRequest(context as any, input.organizationId, 'readContacts'))) {
    or.push({ user: { phone: { contains: digits } } }, { contact: { phone: { contains: digits } } })
  }
  const rows = await context.sudo().prisma.resident.findMany({
    where: { organizationId: input.organizationId, userId: { not: null }, OR: or },
    select: { id: true, unitName: true, userId: true, user: { select: { name: true } }, property: { select: { name: true } } },
    orderBy: [{ unitName: 'asc' }],
    take: 20,
  })
  return rows.map((row: any) => ({ residentId: row.id, userId: row.userId, name: row.user?.name ?? '', unitName: row.unitName, propertyName: row.property?.name ?? null }))
}
