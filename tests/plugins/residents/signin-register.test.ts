// Sign-in of residents by verified phone, and idempotent registration at a unit with its Contact.
import { gql } from '../../harness/http'
import { createOrganization, createProperty, createUser } from '../../harness/factories'
import { codeOf, REGISTER, SIGNIN, signedInResident, START, startResidentApp, verifiedToken, type ResidentApp } from './helpers'

let r: ResidentApp
beforeAll(async () => {
  r = await startResidentApp({ CONFIRM_PHONE_SMS_PER_IP_PER_DAY: '100' })
})
afterAll(() => r.app.close())

let n = 0
const nextPhone = () => `+1415555${String(3100 + ++n).padStart(4, '0')}`
const ME = `{ authenticatedItem { ... on User { id phone type } } }`

test('a verified token signs in (creating the resident user) and the bearer session works', async () => {
  const phone = nextPhone()
  const token = await verifiedToken(r, phone)
  const res = await gql(r.app.url, SIGNIN, { token, name: '  Ann   Lee ' })
  const { sessionToken, item } = res.body.data.signinResidentUser
  // like Keystone's own sign-in, the result is read with the caller's (anonymous) rights: phone hidden
  expect(item).toMatchObject({ phone: null, type: 'resident' })
  const me = await gql(r.app.url, ME, {}, { authorization: `Bearer ${sessionToken}` })
  expect(me.body.data.authenticatedItem).toMatchObject({ id: item.id, phone })
  const user = await r.app.context.sudo().db.User.findOne({ where: { id: item.id } })
  expect(user!.name).toBe('Ann Lee')
})

test('the same phone signs in to the same user; a token works once', async () => {
  const phone = nextPhone()
  const first = await signedInResident(r, phone)
  const token = await verifiedToken(r, phone)
  const again = await gql(r.app.url, SIGNIN, { token })
  expect(again.body.data.signinResidentUser.item.id).toBe(first.userId)
  expect(codeOf((await gql(r.app.url, SIGNIN, { token })).body)).toBe('CONFIRM_PHONE_ACTION_USED')
})

test('parallel sign-ins with one token: exactly one session', async () => {
  const phone = nextPhone()
  const token = await verifiedToken(r, phone)
  const results = await Promise.all(Array.from({ length: 5 }, () => gql(r.app.url, SIGNIN, { token })))
  expect(results.filter(res => res.body.data?.signinResidentUser).length).toBe(1)
  expect(results.filter(res => codeOf(res.body) === 'CONFIRM_PHONE_ACTION_USED').length).toBe(4)
})

test('an unverified token does not sign in; a staff phone never opens by SMS', async () => {
  const phone = nextPhone()
  const token = (await gql(r.app.url, START, { phone })).body.data.startConfirmPhoneAction.token
  expect(codeOf((await gql(r.app.url, SIGNIN, { token })).body)).toBe('PHONE_NOT_VERIFIED')

  const staffPhone = nextPhone()
  await createUser(r.app.context, { phone: staffPhone, type: 'staff' })
  const staffToken = await verifiedToken(r, staffPhone)
  const res = await gql(r.app.url, SIGNIN, { token: staffToken })
  expect(codeOf(res.body)).toBe('NOT_A_RESIDENT_ACCOUNT')
  expect(res.body.data).toBeNull()
})

describe('registerResident', () => {
  test('creates the Resident and its Contact (resident, verified phone, default role) and is idempotent', async () => {
    const org = await createOrganization(r.app.context, { country: 'US' })
    const property = await createProperty(r.app.context, org.id)
    const phone = nextPhone()
    const { headers, userId } = await signedInResident(r, phone, 'Bo Tenant')
    const first = await gql(r.app.url, REGISTER, { property: property.id, unitName: ' 42A ', unitType: 'flat' }, headers)
    const resident = first.body.data.registerResident
    expect(resident).toMatchObject({ unitName: '42A', unitType: 'flat', propertyName: property.name })
    expect(resident.contact).toMatchObject({ name: 'Bo Tenant', type: 'resident', role: { key: 'tenant' } })

    const second = await gql(r.app.url, REGISTER, { property: property.id, unitName: '42a', unitType: 'flat' }, headers)
    expect(second.body.data.registerResident.id).toBe(resident.id)
    const sudo = r.app.context.sudo()
    expect(await sudo.db.Resident.count({ where: { user: { id: { equals: userId } } } })).toBe(1)
    const contacts = await sudo.db.Contact.findMany({ where: { property: { id: { equals: property.id } } } })
    expect(contacts.map(c => c.phone)).toEqual([phone])
  })

  test('parallel registrations of one unit leave one Resident and one Contact', async () => {
    const org = await createOrganization(r.app.context)
    const property = await createProperty(r.app.context, org.id)
    const { headers } = await signedInResident(r, nextPhone())
    const results = await Promise.all(
      Array.from({ length: 6 }, () => gql(r.app.url, REGISTER, { property: property.id, unitName: '7', unitType: 'apartment' }, headers))
    )
    const ids = new Set(results.map(res => res.body.data?.registerResident?.id))
    expect(ids.size).toBe(1)
    expect([...ids][0]).toEqual(expect.any(String))
    const sudo = r.app.context.sudo()
    expect(await sudo.db.Resident.count({ where: { property: { id: { equals: property.id } } } })).toBe(1)
    expect(await sudo.db.Contact.count({ where: { property: { id: { equals: property.id } } } })).toBe(1)
  })

  test('reuses a live contact staff already keep for this phone and unit', async () => {
    const org = await createOrganization(r.app.context)
    const property = await createProperty(r.app.context, org.id)
    const phone = nextPhone()
    const kept = await r.app.context.sudo().db.Contact.createOne({
      data: { organization: { connect: { id: org.id } }, property: { connect: { id: property.id } }, unitName: '9', unitType: 'flat', type: 'resident', name: 'Cy Owner', phone },
    })
    const { headers } = await signedInResident(r, phone, 'Cy Owner')
    const res = await gql(r.app.url, REGISTER, { property: property.id, unitName: '9', unitType: 'flat' }, headers)
    expect(res.body.data.registerResident.contact.id).toBe(kept.id)
  })

  test('finds the staff contact whatever the case of its unit, as the duplicate key does ("9B" = "9b")', async () => {
    const org = await createOrganization(r.app.context)
    const property = await createProperty(r.app.context, org.id)
    const phone = nextPhone()
    const kept = await r.app.context.sudo().db.Contact.createOne({
      data: { organization: { connect: { id: org.id } }, property: { connect: { id: property.id } }, unitName: '9B', unitType: 'flat', type: 'resident', name: 'Dee Owner', phone },
    })
    const { headers } = await signedInResident(r, phone, 'dee owner')
    const res = await gql(r.app.url, REGISTER, { property: property.id, unitName: '9b', unitType: 'flat' }, headers)
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.registerResident).toMatchObject({ unitName: '9b', contact: { id: kept.id } })
    expect(await r.app.context.sudo().db.Contact.count({ where: { property: { id: { equals: property.id } } } })).toBe(1)
  })

  test('reuses the contact the duplicate key points at even when staff filed it under another type', async () => {
    const org = await createOrganization(r.app.context)
    const property = await createProperty(r.app.context, org.id)
    const phone = nextPhone()
    const kept = await r.app.context.sudo().db.Contact.createOne({
      data: { organization: { connect: { id: org.id } }, property: { connect: { id: property.id } }, unitName: 'B2', unitType: 'flat', type: 'contractor', name: 'Eve Fixer', phone },
    })
    const { headers } = await signedInResident(r, phone, 'Eve Fixer')
    const res = await gql(r.app.url, REGISTER, { property: property.id, unitName: 'b2', unitType: 'flat' }, headers)
    expect(res.body.data?.registerResident.contact.id).toBe(kept.id)
  })

  test('bad input and callers who are not signed-in residents get typed errors and nothing is written', async () => {
    const org = await createOrganization(r.app.context)
    const property = await createProperty(r.app.context, org.id)
    const { headers } = await signedInResident(r, nextPhone())
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [{ property: property.id, unitName: '1', unitType: 'castle' }, headers, 'WRONG_UNIT_TYPE'],
      [{ property: property.id, unitName: '   ', unitType: 'flat' }, headers, 'WRONG_UNIT_NAME'],
      [{ property: 'no-such-property', unitName: '1', unitType: 'flat' }, headers, 'PROPERTY_NOT_FOUND'],
      [{ property: property.id, unitName: '1', unitType: 'flat' }, {}, 'AUTHENTICATION_REQUIRED'],
    ]
    for (const [variables, h, code] of cases) expect(codeOf((await gql(r.app.url, REGISTER, variables, h)).body)).toBe(code)
    const sudo = r.app.context.sudo()
    expect(await sudo.db.Resident.count({ where: { property: { id: { equals: property.id } } } })).toBe(0)
    expect(await sudo.db.Contact.count({ where: { property: { id: { equals: property.id } } } })).toBe(0)
  })
})
