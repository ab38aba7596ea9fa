// resolveInput for Contact: normalize identity fields (with the organization's country as the default
// phone region) and derive the live-uniqueness key from the contact as it will be stored.
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from '../shared/errors'
import { normalizeEmail, normalizeName, normalizePhone } from '../shared/normalize'
import { perRequest } from '../shared/request-cache'
import { liveUniqueKey, resolvedRelationId } from './contact-key'

type ResolveArgs = {
  operation: 'create' | 'update'
  resolvedData: Record<string, any>
  item?: Record<string, any>
  context: KeystoneContext<any>
}

const blank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '')

/** Once per request and organization: a bulk create of 1,000 contacts asks it 1,000 times. */
function organizationCountry(context: KeystoneContext<any>, organizationId: string | null): Promise<string | undefined> {
  if (!organizationId) return Promise.resolve(undefined)
  return perRequest(context, `organization-country:${organizationId}`, async () => {
    const organization = await context.prisma.organization.findUnique({ where: { id: organizationId }, select: { country: true } })
    return organization?.country || undefined
  })
}

export async function resolveContactInput({ operation, resolvedData, item, context }: ResolveArgs) {
  const data = { ...resolvedData }
  const organizationId = resolvedRelationId(data.organization, item?.organizationId)

  if (typeof data.name === 'string') data.name = normalizeName(data.name)
  if (typeof data.unitName === 'string') data.unitName = normalizeName(data.unitName) || null
  if (data.email !== undefined) {
    if (blank(data.email)) data.email = null
    else {
      const email = normalizeEmail(data.email)
      // the message never repeats the input: it may be someone's address
      if (!email) throw typedError('WRONG_EMAIL_FORMAT', 'The email address is not valid', { field: 'email' })
      data.email = email
    }
  }
  if (data.phone !== undefined) {
    if (blank(data.phone)) data.phone = null
    else {
      const country = await organizationCountry(context, organizationId)
      const phone = normalizePhone(String(data.phone), country)
      if (!phone) {
        const hint = country ? ` (a number without a country code is read as a ${country} number)` : ''
        throw typedError('WRONG_PHONE_FORMAT', `The phone number is not valid${hint}`, { field: 'phone' })
      }
      data.phone = phone
    }
  }

  // Keystone passes every field in resolvedData, undefined when the input leaves it alone
  const current = (key: string) => (data[key] !== undefined ? data[key] : (item?.[key] ?? null))
  data.liveUniqueKey = liveUniqueKey({
    propertyId: resolvedRelationId(data.property, item?.propertyId),
    unitName: current('unitName'),
    name: current('name'),
    phone: current('phone'),
    archivedAt: current('archivedAt'),
  })
  if (operation === 'update' && data.liveUniqueKey === item?.liveUniqueKey) delete data.liveUniqueKey
  return data
}
