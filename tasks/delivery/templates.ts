// Renders a message type's templates with Handlebars: the channel's own templates or 'default',
// the recipient's locale, then its language ('ru' for 'ru-RU'), then English.
import Handlebars from 'handlebars'
import { DEFAULT_LOCALE, type MessageTypeDefinition, type TemplateParts } from './contracts'

// One isolated instance: plugins registering helpers on the global one cannot change our output.
const engine = Handlebars.create()
const compiled = new Map<string, Handlebars.TemplateDelegate>()

/** HTML-escapes only parts named `html`: an SMS or a push title must not read "Tom &amp; Jerry". */
function compile(part: string, source: string) {
  const escape = part === 'html'
  const key = `${escape ? 'h' : 't'}${source}`
  let template = compiled.get(key)
  if (!template) {
    template = engine.compile(source, { noEscape: !escape })
    compiled.set(key, template)
  }
  return template
}

/** 'ru-RU' → ['ru-RU', 'ru', 'en'] (without repeats). */
export function localeChain(locale: string): string[] {
  const chain = [locale, locale.split(/[-_]/)[0], DEFAULT_LOCALE].filter(Boolean)
  return [...new Set(chain)]
}

/** The template parts for this channel and locale, with the locale actually used. */
export function pickTemplates(type: MessageTypeDefinition, channel: string, locale: string): { locale: string; parts: TemplateParts } {
  const byLocale = type.templates[channel] ?? type.templates.default
  if (!byLocale) throw new Error(`Message type ${type.type} has no template for channel "${channel}" and no default`)
  for (const candidate of localeChain(locale)) {
    if (byLocale[candidate]) return { locale: candidate, parts: byLocale[candidate] }
  }
  throw new Error(`Message type ${type.type} has no "${DEFAULT_LOCALE}" template for channel "${channel}"`)
}

/** Renders every part. Variables: the meta's fields, plus `unsubscribeUrl` when the pipeline gives one. */
export function renderTemplates(
  type: MessageTypeDefinition,
  channel: string,
  locale: string,
  variables: Record<string, unknown>
): { locale: string; parts: Record<string, string> } {
  const picked = pickTemplates(type, channel, locale)
  const parts: Record<string, string> = {}
  for (const [name, source] of Object.entries(picked.parts)) parts[name] = compile(name, source)(variables)
  return { locale: picked.locale, parts }
}
