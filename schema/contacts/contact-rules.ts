// validate for Contact: what a contact of each type needs, and the duplicate check (the unique index
// settles races; this names the winner). That everything it points to is its organization's is the
// shared tenant rule (schema/shared/tenant.ts), applied by the relationship fields themselves.
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../shared/errors'
import { findLiveDuplicate, contactDuplicateError } from './contact-duplicates'
import { resolvedRelationId } from './contact-key'

type ValidateArgs = {
  operation: 'create' | 'update' | 'delete'
  resolvedData: Record<string, any>
  item?: Record<string, any>
  context: KeystoneContext<any>
}

/** Fields that only make sense for one contact type. */
export const TYPE_FIELDS = {
  vendor: ['serviceScope', 'paymentRoutingOwner'],
  contractor: ['assignmentScope', 'escalationOwner'],
} as const

const ALL_TYPE_FIELDS = Object.values(TYPE_FIELDS).flat()

function merged(resolvedData: Record<string, any>, item: Record<string, any> | undefined) {
  // every field is in resolvedData, undefined when the input leaves it alone
  const value = (key: string) => (resolvedData[key] !== undefined ? resolvedData[key] : (item?.[key] ?? null))
  const relation = (key: string) => resolvedRelationId(resolvedData[key], item?.[`${key}Id`])
  return { value, relation }
}

const isSet = (value: unknown) => value !== null && value !== undefined && value !== ''

export async function validateContact({ operation, resolvedData, item, context }: ValidateArgs) {
  if (operation === 'delete') return
  const { value, relation } = merged(resolvedData, item)
  const organizationId = relation('organization')
  const type = value('type') ?? 'resident'

  if (!organizationId) throw typedError('CONTACT_ORGANIZATION_REQUIRED', 'A contact belongs to an organization')
  if (!value('name')) throw typedError('CONTACT_NAME_REQUIRED', 'A contact needs a name', { field: 'name' })

  const propertyId = relation('property')
  if (type === 'resident' && (!propertyId || !value('unitName'))) {
    throw typedError('CONTACT_UNIT_REQUIRED', 'A resident contact needs a property and a unit')
  }
  const allowed: readonly string[] = TYPE_FIELDS[type as keyof typeof TYPE_FIELDS] ?? []
  const misplaced = ALL_TYPE_FIELDS.filter(field => !allowed.includes(field) && isSet(field.endsWith('Owner') ? relation(field) : value(field)))
  if (misplaced.length) {
    throw typedError('CONTACT_FIELD_NOT_FOR_TYPE', `A ${type} contact has no ${misplaced.join(', ')}`, { fields: misplaced })
  }

  const key = resolvedData.liveUniqueKey
  if (key) {
    const existing = await findLiveDuplicate(context, key, item?.id ? String(item.id) : undefined)
    if (existing) throw contactDuplicateError(existing)
  }
}
