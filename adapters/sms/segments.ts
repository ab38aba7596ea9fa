// SMS segment counting (3GPP TS 23.038 / 23.040). A text that fits the GSM 7-bit alphabet costs one
// septet per character (two for the extension table); any other character switches the whole message to
// UCS-2, counted in UTF-16 code units. A single SMS holds 160 septets or 70 units; a concatenated one
// loses room to its header: 153 septets or 67 units per segment. Providers never split an escape
// sequence or a surrogate pair across segments, so packing is greedy rather than a plain division.

// The GSM 03.38 basic character set, minus ESC (0x1B), which only introduces the extension table.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
)
// Extension table characters: sent as ESC + char, so each costs two septets.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€')

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export const SMS_LIMITS = {
  'GSM-7': { single: 160, perSegment: 153 },
  'UCS-2': { single: 70, perSegment: 67 },
} as const

export type SegmentCount = {
  encoding: SmsEncoding
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies. */
  units: number
  segments: number
  /** Characters that forced UCS-2, deduplicated, in order of appearance (empty for GSM-7). */
  nonGsmCharacters: string[]
}

export function countSegments(text: string): SegmentCount {
  const chars = Array.from(text) // code points: a surrogate pair stays one item
  const nonGsm = [...new Set(chars.filter(c => !GSM_BASIC.has(c) && !GSM_EXTENSION.has(c)))]
  const encoding: SmsEncoding = nonGsm.length ? 'UCS-2' : 'GSM-7'
  // Cost of each character in this encoding's units.
  const costs = chars.map(c => (encoding === 'GSM-7' ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length))
  const units = costs.reduce((sum, cost) => sum + cost, 0)
  const limits = SMS_LIMITS[encoding]
  return { encoding, units, segments: units <= limits.single ? (units ? 1 : 0) : pack(costs, limits.perSegment), nonGsmCharacters: nonGsm }
}

/** Greedy packing: a character that does not fit whole in the current segment opens the next one. */
function pack(costs: number[], perSegment: number): number {
  let segments = 1
  let used = 0
  for (const cost of costs) {
    if (used + cost > perSegment) {
      segments++
      used = 0
    }
    used += cost
  }
  return segments
}

/** A rendered SMS longer than the configured number of segments. `code` is stable for traces and GraphQL errors. */
export class SmsTooLongError extends Error {
  readonly code = 'SMS_TOO_LONG'
  name = 'SmsTooLongError'
  constructor(
    readonly count: SegmentCount,
    readonly maxSegments: number,
    label?: string
  ) {
    super(describeTooLong(count, maxSegments, label))
  }
}

function describeTooLong(count: SegmentCount, maxSegments: number, label?: string): string {
  const { encoding, units, segments, nonGsmCharacters } = count
  const limits = SMS_LIMITS[encoding]
  const capacity = maxSegments === 1 ? limits.single : maxSegments * limits.perSegment
  const unitName = encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'
  const why =
    encoding === 'UCS-2'
      ? ` It is sent as UCS-2 because of ${nonGsmCharacters.slice(0, 5).map(c => JSON.stringify(c)).join(', ')}` +
        `${nonGsmCharacters.length > 5 ? ' and others' : ''}, which the GSM 7-bit alphabet lacks.`
      : ''
  return (
    `${label ? `${label}: ` : ''}the SMS text needs ${segments} segments (${units} ${unitName} in ${encoding}), ` +
    `more than the limit of ${maxSegments} (${capacity} ${unitName}).${why} Shorten the template.`
  )
}

/** Returns the count, or throws SmsTooLongError naming the encoding, the size and the limit. */
export function assertSmsFits(text: string, maxSegments: number, label?: string): SegmentCount {
  const count = countSegments(text)
  if (count.segments > maxSegments) throw new SmsTooLongError(count, maxSegments, label)
  return count
}
