// A broadcast's body: plain text with a small, safe formatting subset, rendered per channel.
//   **bold**, _italic_, lines starting with "- " (a list), blank lines (paragraphs), and bare
//   http(s) links. Nothing else is markup: "<b>" is shown as typed, never interpreted.
// Push, Telegram and SMS get plain text (markers removed); email gets HTML built from escaped text.
import { countSegments } from '../../adapters/sms/segments'

const BOLD = /\*\*(?=\S)([^*\n]*?\S)\*\*/g
const ITALIC = /(^|[\s(])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,!?:;])/g
const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,!?:;)]/g

/** The text without markers: what a push, a Telegram message and an SMS show. */
export function plainText(body: string) {
  return body.replace(BOLD, '$1').replace(ITALIC, '$1$2').replace(/\r\n?/g, '\n').trim()
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** Escaped first, then the subset's tags: the only HTML in the output is the HTML made here. */
function inlineHtml(line: string) {
  // links are found in the raw text so that an escaped "&amp;" inside one is kept whole
  const parts: string[] = []
  let last = 0
  for (const match of line.matchAll(LINK)) {
    parts.push(formatEscaped(line.slice(last, match.index)))
    const url = escapeHtml(match[0])
    parts.push(`<a href="${url}">${url}</a>`)
    last = match.index! + match[0].length
  }
  parts.push(formatEscaped(line.slice(last)))
  return parts.join('')
}

const formatEscaped = (text: string) => escapeHtml(text).replace(BOLD, '<strong>$1</strong>').replace(ITALIC, '$1<em>$2</em>')

/** Paragraphs, line breaks, lists, bold, italic and links, as email HTML. */
export function emailHtml(body: string) {
  const blocks = body.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/)
  return blocks.map(block => blockHtml(block.split('\n'))).join('\n')
}

/** A block's runs of "- " lines become lists, the other runs paragraphs with line breaks. */
function blockHtml(lines: string[]) {
  const out: string[] = []
  for (let i = 0; i < lines.length; ) {
    const isItem = lines[i].startsWith('- ')
    let end = i
    while (end < lines.length && lines[end].startsWith('- ') === isItem) end++
    const run = lines.slice(i, end)
    out.push(isItem ? `<ul>${run.map(line => `<li>${inlineHtml(line.slice(2))}</li>`).join('')}</ul>` : `<p>${run.map(inlineHtml).join('<br>')}</p>`)
    i = end
  }
  return out.join('')
}

/** Room kept for the unsubscribe link the SMS channel appends (a newline and PUBLIC_URL/u/<code>). */
export const SMS_LINK_RESERVE = 48
/** A broadcast SMS takes at most this many segments, the link included. */
export const SMS_MAX_SEGMENTS = 2

/** "Title: text", cut (with "...") to fit SMS_MAX_SEGMENTS with room for the link. */
export function smsText(title: string, body: string) {
  const full = `${title}: ${plainText(body).replace(/\s*\n\s*/g, ' ')}`
  const fits = (text: string) => countSegments(text + '\n' + 'x'.repeat(SMS_LINK_RESERVE)).segments <= SMS_MAX_SEGMENTS
  if (fits(full)) return full
  const chars = Array.from(full)
  let low = 0
  let high = chars.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (fits(chars.slice(0, mid).join('').trimEnd() + '...')) low = mid
    else high = mid - 1
  }
  return chars.slice(0, low).join('').trimEnd() + '...'
}

/** Everything the broadcast message types' templates use, computed once per broadcast. */
export function renderBroadcast(title: string, body: string) {
  return { title, body: plainText(body), html: emailHtml(body), sms: smsText(title, body) }
}
