// registerResident: the signed-in resident user at a unit, with the matching Contact, in one transaction.
import type { KeystoneContext } from '@keystone-6/core/types'
import { UNIT_TYPES } from '../../schema/contacts/contact'
import { typedError } from '../../schema/shared/errors'
import { normalizeName } from '../../schema/shared/normalize'

export type RegisterInput = { propertyId: string; unitName: string; unitType: string }

/** The role a contact created by self-registration gets; staff can change it afterwards. */
export const DEFAULT_RESIDENT_ROLE = 'tenant'

async function residentUser(context: KeystoneContext<any>) {
  const session = context.session
  if (!session) throw typedError('AUTHENTICATION_REQUIRED', 'Sign in as a resident first')
  const user = await context.sudo().db.User.findOne({ where: { id: session.itemId } })
  if (!user || user.type !== 'resident' || !user.phone) {
    throw typedError('NOT_A_RESIDENT_ACCOUNT', 'Only a resident with a verified phone can register at a unit')
  }
  return user
}

function validate(input: RegisterInput) {
  const unitName = normalizeName(input.unitName ?? '')
  if (!unitName || unitName.length > 50) throw typedError('WRONG_UNIT_NAME', 'Give the unit name, e.g. "42" (at most 50 characters)')
  if (!(UNIT_TYPES as readonly string[]).includes(input.unitType)) {
    throw typedError('WRONG_UNIT_TYPE', `The unit type must be one of ${UNIT_TYPES.join(', ')}`)
  }
  return { unitName, unitKey: unitName.toLowerCase(), unitType: input.unitType }
}

async function findResident(context: KeystoneContext<any>, userId: string, propertyId: string, unit: ReturnType<typeof validate>) {
  const [found] = await context.sudo().db.Resident.findMany({
    where: {
      user: { id: { equals: userId } },
      property: { id: { equals: propertyId } },
      unitKey: { equals: unit.unitKey },
      unitType: { equals: unit.unitType },
    },
  })
  return found
}

/**
 * The live contact for this person at this unit, or a new one. Units match case-insensitively, as the
 * contacts' duplicate key does ("9B" = "9b"); the contact that key would collide with (same name) comes
 * first whatever its type, then a resident contact of this phone under another name.
 */
async function findOrCreateContact(tx: KeystoneContext<any>, user: any, property: any, unit: ReturnType<typeof validate>) {
  const live = await tx.db.Contact.findMany({
    where: { property: { id: { equals: property.id } }, phone: { equals: user.phone }, archivedAt: { equals: null } },
  })
  const atUnit = live.filter(c => (c.unitName ?? '').toLowerCase() === unit.unitKey)
  const existing = atUnit.find(c => c.name.toLowerCase() === user.name.toLowerCase()) ?? atUnit.find(c => c.type === 'resident')
  if (existing) return existing
  const [role] = await tx.db.ContactRole.findMany({ where: { key: { equals: DEFAULT_RESIDENT_ROLE } } })
  return tx.db.Contact.createOne({
    data: {
      organization: { connect: { id: property.organizationId } },
      property: { connect: { id: property.id } },
      unitName: unit.unitName,
      unitType: unit.unitType,
      type: 'resident',
      name: user.name,
      phone: user.phone,
      ...(role ? { role: { connect: { id: role.id } } } : {}),
    },
  })
}

export async function registerResident(context: KeystoneContext<any>, input: RegisterInput) {
  const user = await residentUser(context)
  const unit = validate(input)
  const property = await context.sudo().db.Property.findOne({ where: { id: String(input.propertyId ?? '') } }).catch(() => null)
  if (!property || !property.organizationId) throw typedError('PROPERTY_NOT_FOUND', 'There is no such property')

  const existing = await findResident(context, user.id, property.id, unit)
  if (existing) return existing
  try {
    return await context.sudo().transaction(async tx => {
      const contact = await findOrCreateContact(tx.sudo(), user, property, unit)
      return tx.sudo().db.Resident.createOne({
        data: {
          user: { connect: { id: user.id } },
          organization: { connect: { id: property.organizationId } },
          property: { connect: { id: property.id } },
          unitName: unit.unitName,
          unitType: unit.unitType,
          contact: { connect: { id: contact.id } },
        },
      })
    })
  } catch (error) {
    // a parallel registration of the same unit won: its row is the answer (idempotent)
    const winner = await findResident(context, user.id, property.id, unit)
    if (winner) return winner
    throw error
  }
}
