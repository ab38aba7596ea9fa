// The kernel bounds the text fields of every list, whoever contributes it: a list from a plugin, a field
// added to another plugin's list; a field tunes its bounds with Keystone's own options.
import { list } from '@keystone-6/core'
import { text, integer } from '@keystone-6/core/fields'
import { allowAll } from '@keystone-6/core/access'
import { createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import { composeConfig, definePlugin } from '../../../plugins/kernel'
import { keystoneDbConfig } from '../../../adapters/database'

const base = { db: keystoneDbConfig({ provider: 'sqlite', url: 'file:./data/never-opened.db' }) }

const parking = definePlugin({
  name: 'parking',
  lists: {
    ParkingSpot: list({
      access: allowAll,
      fields: {
        label: text({ validation: { isRequired: true } }),
        code: text({ validation: { length: { max: 8 } } }),
        notes: text({ ui: { displayMode: 'textarea' } }),
        level: integer(),
      },
    }),
  },
})
const gates = definePlugin({ name: 'gates', extendLists: { ParkingSpot: { fields: { gateName: text() } } } })

const system = createSystem(composeConfig(base, [parking, gates]))

/** The code the field's validate hooks answer for this value on create (undefined: accepted). */
async function refusal(fieldKey: string, value: unknown): Promise<string | undefined> {
  const field = (system.lists as any).ParkingSpot.fields[fieldKey]
  try {
    await field.hooks.validate.create({ operation: 'create', resolvedData: { [fieldKey]: value }, inputData: { [fieldKey]: value }, addValidationError: () => {} })
    return undefined
  } catch (error) {
    return (error as any).extensions?.code
  }
}

test.each([
  ['label', '501 characters', 'x'.repeat(501), 'TEXT_TOO_LONG'],
  ['label', '500 characters', 'x'.repeat(500), undefined],
  ['label', 'a NUL', 'a\u0000', 'INVALID_CHARACTERS'],
  ['label', 'a line break', 'one\ntwo', 'INVALID_CHARACTERS'],
  ['label', 'only a zero-width space', '\u200B', 'TEXT_REQUIRED'],
  ['code', '9 characters (its own max is 8)', 'x'.repeat(9), 'TEXT_TOO_LONG'],
  ['code', '8 characters', 'x'.repeat(8), undefined],
  ['code', 'only a zero-width space (not required)', '\u200B', undefined],
  ['notes', 'a line break (textarea)', 'one\ntwo', undefined],
  ['notes', '10,001 characters', 'x'.repeat(10_001), 'TEXT_TOO_LONG'],
  ['gateName', 'a right-to-left override (added by another plugin)', 'North\u202Egate', 'INVALID_CHARACTERS'],
  ['level', 'a number (not text)', 5, undefined],
])('ParkingSpot.%s with %s: %s', async (fieldKey, _what, value, code) => {
  expect(await refusal(fieldKey, value as unknown)).toBe(code)
})
