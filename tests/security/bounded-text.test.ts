// Bounded text on representative lists: over-long values, control characters, bidirectional overrides,
// line breaks in single-line fields and invisible-only names are refused with typed errors naming the
// field, on create and on update, and nothing is written. Line breaks stay allowed in multi-line fields.
import type { KeystoneContext } from '@keystone-6/core/types'
import { startTestApp, type TestApp } from '../harness/app'
import { as, createOrganization, createProperty, createUser } from '../harness/factories'
import { clientFor, codeOf, usPhone } from '../harness/contacts'

let app: TestApp
let admin: KeystoneContext<any>
let ids: { organization: string; property: string }

beforeAll(async () => {
  app = await startTestApp({ http: true })
  admin = as(app.context, await createUser(app.context, { isAdmin: true }))
  const organization = await createOrganization(app.context)
  ids = { organization: organization.id, property: (await createProperty(app.context, organization.id)).id }
})
afterAll(() => app.close())

/** `collapses`: the list normalizes white space in it (names): a line break becomes a space, not an error. */
type Field = { key: string; max: number; multiline?: boolean; collapses?: boolean }
type ListRow = {
  list: string
  /** A valid create input (the abused field is set on top of it). */
  valid: () => Record<string, unknown>
  fields: Field[]
  /** The required name field and the code an invisible-only value gets. */
  name?: { key: string; code: string }
}

const LISTS: ListRow[] = [
  {
    list: 'Contact',
    valid: () => ({ organization: { connect: { id: ids.organization } }, type: 'vendor', name: `Vendor ${Math.random()}` }),
    fields: [{ key: 'name', max: 200, collapses: true }, { key: 'notes', max: 10_000, multiline: true }, { key: 'serviceScope', max: 500 }],
    name: { key: 'name', code: 'CONTACT_NAME_REQUIRED' },
  },
  {
    list: 'Property',
    valid: () => ({ organization: { connect: { id: ids.organization } }, name: 'Tower', address: '1 Main St' }),
    fields: [{ key: 'name', max: 200 }, { key: 'address', max: 500 }],
    name: { key: 'name', code: 'TEXT_REQUIRED' },
  },
  {
    list: 'Organization',
    valid: () => ({ name: 'Acme Management', country: 'US' }),
    fields: [{ key: 'name', max: 200 }],
    name: { key: 'name', code: 'TEXT_REQUIRED' },
  },
  {
    list: 'ContactRole',
    valid: () => ({ organization: { connect: { id: ids.organization } }, name: `Role ${Math.random()}` }),
    fields: [{ key: 'name', max: 200, collapses: true }],
    name: { key: 'name', code: 'CONTACT_ROLE_NAME_REQUIRED' },
  },
  {
    list: 'NotificationUserSetting',
    valid: () => ({ isEnabled: false, channelOrder: 'push,sms' }),
    fields: [{ key: 'channelOrder', max: 500 }],
  },
]

const BAD_VALUES = (field: Field): [string, string, string][] => [
  ['one character too long', 'x'.repeat(field.max + 1), 'TEXT_TOO_LONG'],
  ['a 90 KB value', 'x'.repeat(90 * 1024), 'TEXT_TOO_LONG'],
  ['a NUL byte', 'Before\u0000after', 'INVALID_CHARACTERS'],
  ['an escape sequence', 'Red \u001b[31m text', 'INVALID_CHARACTERS'],
  ['a right-to-left override', 'invoice\u202Efdp.exe', 'INVALID_CHARACTERS'],
  ['a bidirectional isolate', 'a\u2066b\u2069c', 'INVALID_CHARACTERS'],
  ['a lone surrogate', 'broken \uD800 text', 'INVALID_CHARACTERS'],
  ...(field.multiline || field.collapses ? [] : ([['a line break', 'two\nlines', 'INVALID_CHARACTERS'], ['a tab', 'a\tb', 'INVALID_CHARACTERS']] as [string, string, string][])),
]

const CASES = LISTS.flatMap(row => row.fields.flatMap(field => BAD_VALUES(field).map(([what, value, code]) => ({ ...row, field, what, value, code }))))

const rows = new Map<string, string>()
/** One valid row per list, created on first use: refused updates leave it as it was. */
async function existingRow(list: string, valid: () => Record<string, unknown>): Promise<string> {
  if (!rows.has(list)) {
    const created = await create(list, valid())
    expect(created.errors).toBeUndefined()
    rows.set(list, (created.data as any).item.id)
  }
  return rows.get(list)!
}

async function countRows(list: string) {
  return app.context.sudo().db[list].count()
}

function create(list: string, data: Record<string, unknown>) {
  return admin.graphql.raw({ query: `mutation ($data: ${list}CreateInput!) { item: create${list}(data: $data) { id } }`, variables: { data } })
}

function update(list: string, id: string, data: Record<string, unknown>) {
  return admin.graphql.raw({ query: `mutation ($id: ID!, $data: ${list}UpdateInput!) { item: update${list}(where: { id: $id }, data: $data) { id } }`, variables: { id, data } })
}

describe.each(CASES)('$list.$field.key with $what', ({ list, valid, field, value, code }) => {
  test(`create is refused with ${code} and writes nothing`, async () => {
    const before = await countRows(list)
    const result = await create(list, { ...valid(), [field.key]: value })
    expect(result.errors?.[0].extensions).toMatchObject({ code, field: field.key, ...(code === 'TEXT_TOO_LONG' ? { max: field.max } : {}) })
    expect(result.errors?.[0].message).toContain(`${list}.${field.key}`)
    expect(await countRows(list)).toBe(before)
  })

  test(`update is refused with ${code} and changes nothing`, async () => {
    const id = await existingRow(list, valid)
    const stored = await app.context.sudo().db[list].findOne({ where: { id } })
    const result = await update(list, id, { [field.key]: value })
    expect(result.errors?.[0].extensions?.code).toBe(code)
    expect(await app.context.sudo().db[list].findOne({ where: { id } })).toEqual(stored)
  })
})

describe.each(LISTS.filter(row => row.name))('$list with a name of only invisible characters', ({ list, valid, name }) => {
  test.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a zero-width joiner and a no-break space', '\u200D\u00A0'],
    ['a byte-order mark and spaces', ' \uFEFF '],
  ])('%s: refused with the list’s name-required code, nothing written', async (_what, value) => {
    const before = await countRows(list)
    const result = await create(list, { ...valid(), [name!.key]: value })
    expect(result.errors?.[0].extensions).toMatchObject({ code: name!.code, field: name!.key })
    expect(await countRows(list)).toBe(before)
  })
})

describe('what stays allowed', () => {
  test('at the maximum, line breaks and tabs in notes, right-to-left marks and joiners in names', async () => {
    const arabic = 'شركة\u200F الإدارة'
    const family = 'Family 👨\u200D👩\u200D👧'
    const notes = `Gate code on the left.\n\tCall before 9:00.\r\n${'n'.repeat(9_000)}`
    const result = await create('Contact', {
      organization: { connect: { id: ids.organization } },
      type: 'vendor',
      name: family,
      notes,
      serviceScope: 's'.repeat(500),
    })
    expect(result.errors).toBeUndefined()
    const stored = await app.context.sudo().db.Contact.findOne({ where: { id: (result.data as any).item.id } })
    expect(stored).toMatchObject({ name: family, notes, serviceScope: 's'.repeat(500) })
    const organization = await create('Organization', { name: arabic, country: 'US' })
    expect(organization.errors).toBeUndefined()
    // 200 characters counted as characters, not UTF-16 units: 200 emoji are 400 units
    const emoji = await create('Property', { organization: { connect: { id: ids.organization } }, name: '🏠'.repeat(200) })
    expect(emoji.errors).toBeUndefined()
  })

  test('names are trimmed of invisible characters at the ends, keep them inside, and come out on one line', async () => {
    const result = await create('Contact', { organization: { connect: { id: ids.organization } }, type: 'vendor', name: '\u200B Anna\u200DMaria\n\tSmith \uFEFF' })
    const stored = await app.context.sudo().db.Contact.findOne({ where: { id: (result.data as any).item.id } })
    expect(stored?.name).toBe('Anna\u200DMaria Smith')
  })

  test('a NUL anywhere in a request is refused before it runs (PostgreSQL cannot compare or store one)', async () => {
    // registerResident looks the unit up before any list hook sees it: without this, PostgreSQL fails the query
    const resident = await createUser(app.context, { type: 'resident', phone: usPhone() })
    const client = await clientFor(app, resident)
    for (const [query, variables] of [
      ['mutation ($p: ID!, $unit: String!) { registerResident(property: $p, unitName: $unit, unitType: "flat") { id } }', { p: ids.property, unit: '4\u0000B' }],
      ['query ($name: String!) { properties(where: { name: { equals: $name } }) { id } }', { name: 'a\u0000' }],
      ['{ properties(where: { name: { contains: "a\\u0000" } }) { id } }', {}],
    ] as const) {
      const { status, body } = await client(query, variables)
      expect({ status, code: codeOf(body) }).toEqual({ status: 400, code: 'INVALID_CHARACTERS' })
    }
    expect(await app.context.sudo().db.Resident.count()).toBe(0)
  })
})
