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
  ['label', '501 characters', 'TEXT_TOO_LONG', 'x'.repeat(501)],
  ['label', '500 characters', undefined, 'x'.repeat(500)],
  ['label', 'a NUL', 'INVALID_CHARACTERS', 'a\u0000'],
  ['label', 'a line break', 'INVALID_CHARACTERS', 'one\ntwo'],
  ['label', 'only a zero-width space', 'TEXT_REQUIRED', '\u200B'],
  ['code', '9 characters (its own max is 8)', 'TEXT_TOO_LONG', 'x'.repeat(9)],
  ['code', '8 characters', undefined, 'x'.repeat(8)],
  ['code', 'only a zero-width space (not required)', undefined, '\u200B'],
  ['notes', 'a line break (textarea)', undefined, 'one\ntwo'],
  ['notes', '10,001 characters', 'TEXT_TOO_LONG', 'x'.repeat(10_001)],
  ['gateName', 'a right-to-left override (added by another plugin)', 'INVALID_CHARACTERS', 'North\u202Egate'],
  ['level', 'a number (not text)', undefined, 5],
])('ParkingSpot.%s with %s: %s', async (fieldKey, _what, code, value) => {
  expect(await refusal(fieldKey, value as unknown)).toBe(code)
})
