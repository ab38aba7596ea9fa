// The request's preferred locale among the ones we translate, from Accept-Language (RFC 9110 q-values).
import type { KeystoneContext } from '@keystone-6/core/types'
import { BoundedMap } from './bounded-map'

export const SUPPORTED_LOCALES = ['en', 'ru'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';')
      const q = Number(params.find(p => p.trim().startsWith('q='))?.trim().slice(2) ?? '1')
      return { language: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, index }
    })
    .filter(entry => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  const match = ranked.find(entry => (SUPPORTED_LOCALES as readonly string[]).includes(entry.language))
  return (match?.language as Locale | undefined) ?? DEFAULT_LOCALE
}

// A page of 50 contacts asks each row's role label for the request's locale: the few headers clients
// send are parsed once, not once per row (bounded: the header is the client's to choose)
const picked = new BoundedMap<string, Locale>(100)

export function requestLocale(context: Pick<KeystoneContext<any>, 'req'>): Locale {
  const raw = context.req?.headers?.['accept-language']
  const header = Array.isArray(raw) ? raw.join(',') : raw
  if (!header) return DEFAULT_LOCALE
  let locale = picked.get(header)
  if (locale === undefined) {
    locale = pickLocale(header)
    picked.set(header, locale)
  }
  return locale
}
