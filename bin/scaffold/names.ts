// The spellings of one extension name: `sms-aero` is the plugin/transport name and the file name,
// `smsAero` a function prefix, `SmsAero` a class or list prefix, `SMS_AERO` an environment prefix.
export type Names = { kebab: string; camel: string; pascal: string; constant: string }

export function namesOf(raw: string, what: string): Names {
  const kebab = raw.trim()
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(kebab)) {
    throw new Error(`The ${what} name must be kebab-case, starting with a letter (a-z, 0-9, single dashes): got "${raw}"`)
  }
  const words = kebab.split('-')
  const pascal = words.map(word => word[0].toUpperCase() + word.slice(1)).join('')
  return { kebab, camel: pascal[0].toLowerCase() + pascal.slice(1), pascal, constant: words.join('_').toUpperCase() }
}

/** A list key (PascalCase, as Keystone wants it). */
export function listKeyOf(raw: string): string {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(raw)) throw new Error(`The list name must be PascalCase (e.g. ParkingSpot): got "${raw}"`)
  return raw
}

/** `ParkingSpot` → `parkingSpot` (Prisma's model accessor, GraphQL's item field). */
export const lowerFirst = (text: string) => text[0].toLowerCase() + text.slice(1)

/** `ParkingSpot` → `parking-spot` (file names). */
export const kebabOf = (pascal: string) => pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()

/** An object key as TypeScript needs it: bare when it is an identifier, quoted otherwise. */
export const propertyKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`)
