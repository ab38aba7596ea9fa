// Small pure helpers behind contacts: locale choice, archive-filter detection, unique-violation
// recognition, the live-uniqueness key.
import { pickLocale, requestLocale } from '../../../schema/shared/locale'
import { mentionsField } from '../../../schema/shared/archive'
import { isUniqueViolation } from '../../../adapters/database/unique-violation'
import { liveUniqueKey } from '../../../schema/contacts/contact-key'

test.each([
  [undefined, 'en'],
  ['', 'en'],
  ['ru', 'ru'],
  ['RU-ru', 'ru'],
  ['de, ru;q=0.1', 'ru'],
  ['ru;q=0, en;q=0.1', 'en'],
  ['*', 'en'],
])('Accept-Language %p picks %s', (header, locale) => expect(pickLocale(header)).toBe(locale))

test('the request locale: each header answered as pickLocale answers it, asked again or after 150 others (the memo is bounded)', () => {
  const asked = (header?: string | string[]) => requestLocale({ req: { headers: { 'accept-language': header } } } as any)
  for (let round = 0; round < 2; round++) {
    expect([asked('ru'), asked('de, ru;q=0.1'), asked('ru;q=0, en;q=0.1'), asked(['de', 'ru']), asked(undefined)]).toEqual(['ru', 'ru', 'en', 'ru', 'en'])
    for (let i = 0; i < 150; i++) expect(asked(`x${i}, ${i % 2 ? 'ru' : 'en'}`)).toBe(i % 2 ? 'ru' : 'en')
  }
  expect(requestLocale({} as any)).toBe('en')
})

test('mentionsField finds the field at any depth of AND / OR / NOT, and only there', () => {
  expect(mentionsField({ archivedAt: { equals: null } }, 'archivedAt')).toBe(true)
  expect(mentionsField({ AND: [{ name: {} }, { OR: [{ NOT: [{ archivedAt: null }] }] }] }, 'archivedAt')).toBe(true)
  expect(mentionsField({ name: { equals: 'archivedAt' } }, 'archivedAt')).toBe(false)
  expect(mentionsField({ property: { archivedAt: { equals: null } } }, 'archivedAt')).toBe(false)
  expect(mentionsField(undefined, 'archivedAt')).toBe(false)
})

test('isUniqueViolation reads SQLite (fields) and PostgreSQL (index name) reports', () => {
  const sqlite = { code: 'P2002', meta: { driverAdapterError: { cause: { constraint: { fields: ['liveUniqueKey'] } } } } }
  const postgres = { code: 'P2002', meta: { driverAdapterError: { cause: { constraint: { index: 'Contact_liveUniqueKey_key' } } } } }
  const legacy = { code: 'P2002', meta: { target: ['organizationId', 'nameKey'] } }
  expect(isUniqueViolation(sqlite, ['liveUniqueKey'])).toBe(true)
  expect(isUniqueViolation(postgres, ['liveUniqueKey'])).toBe(true)
  expect(isUniqueViolation(legacy, ['nameKey'])).toBe(true)
  expect(isUniqueViolation(sqlite, ['email'])).toBe(false)
  expect(isUniqueViolation({ code: 'P2025', meta: sqlite.meta }, ['liveUniqueKey'])).toBe(false)
})

test('the live key ignores case of name and unit, and is null when archived or without phone', () => {
  const parts = { propertyId: 'p1', unitName: '4A', name: 'Ann Lee', phone: '+14155552671', archivedAt: null }
  const key = liveUniqueKey(parts)
  expect(key).toMatch(/^[0-9a-f]{64}$/)
  expect(liveUniqueKey({ ...parts, name: 'ANN LEE', unitName: '4a' })).toBe(key)
  expect(liveUniqueKey({ ...parts, propertyId: 'p2' })).not.toBe(key)
  expect(liveUniqueKey({ ...parts, archivedAt: new Date() })).toBeNull()
  expect(liveUniqueKey({ ...parts, phone: null })).toBeNull()
  expect(key).not.toContain('4155552671')
})
