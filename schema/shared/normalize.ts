// Normalizers shared by every list that stores a phone, an email or a person's name.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import { trimInvisible } from './text-rules'

/** E.164, or null when the number is impossible for the region. */
export function normalizePhone(raw: string, defaultCountry?: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), (defaultCountry?.toUpperCase() as CountryCode) || undefined)
  if (!parsed || !parsed.isValid()) return null
  return parsed.number
}

// Deliberately simple shape check: one @, a dot in the domain, no spaces. Deliverability is the mailer's job.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase()
  return EMAIL_SHAPE.test(email) ? email : null
}

/** Trimmed of white space and invisible characters (a name of only zero-width characters is empty), inner spaces collapsed. */
export function normalizeName(raw: string): string {
  return trimInvisible(raw).replace(/\s+/g, ' ')
}

/** ISO 3166-1 alpha-2 code of a region that has phone numbers (used as the default phone region). */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && isSupportedCountry(value)
}
