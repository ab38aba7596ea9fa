// validate for Contact: what a contact of each type needs, that everything it points to belongs to
// its organization, and the duplicate check (the unique index settles races; this names the winner).
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../shared/errors'
import { findLiveDuplicateId, contactDuplicateError } from './contact-duplicates'
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
  const sudo = context.sudo()
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

  if (propertyId) {
    const property = await sudo.db.Property.findOne({ where: { id: propertyId } })
    if (property?.organizationId !== organizationId) {
      throw typedError('CONTACT_PROPERTY_ORGANIZATION_MISMATCH', "The property does not belong to the contact's organization")
    }
  }
  const roleId = relation('role')
  if (roleId) {
    const role = await sudo.db.ContactRole.findOne({ where: { id: roleId } })
    if (role?.organizationId && role.organizationId !== organizationId) {
      throw typedError('CONTACT_ROLE_ORGANIZATION_MISMATCH', "The role belongs to another organization")
    }
  }
  for (const field of ['paymentRoutingOwner', 'escalationOwner']) {
    const employeeId = relation(field)
    if (!employeeId) continue
    const employee = await sudo.db.OrganizationEmployee.findOne({ where: { id: employeeId } })
    if (employee?.organizationId !== organizationId) {
      throw typedError('CONTACT_OWNER_ORGANIZATION_MISMATCH', `The ${field} is not an employee of the contact's organization`)
    }
  }

  const key = resolvedData.liveUniqueKey
  if (key) {
    const existingId = await findLiveDuplicateId(context, key, item?.id ? String(item.id) : undefined)
    if (existingId) throw contactDuplicateError(existingId)
  }
}
