// The content type of a stored file, decided from its first bytes, never from the name or the type a
// client claimed: the download route serves this type with nosniff, so a file cannot pass for HTML.
// A short table of the kinds the CMS stores (spreadsheets, documents, images); anything else is
// application/octet-stream. (file-type would know more kinds, but it is ESM-only and jest cannot load
// it here; these signatures are all the product needs.)

export const SNIFF_BYTES = 4096

const OCTET = 'application/octet-stream'

type Signature = { type: string; at?: number; bytes: number[] }

const SIGNATURES: Signature[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
]

const matches = (head: Buffer, { at = 0, bytes }: Signature) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b)

/** Office Open XML files are ZIP archives whose part names say what they are. */
function zipType(head: Buffer) {
  const names = head.toString('latin1')
  if (names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (names.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  return 'application/zip'
}

export function sniffContentType(head: Buffer): string {
  for (const signature of SIGNATURES) if (matches(head, signature)) return signature.type
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12)
    if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return 'image/heic'
    if (brand === 'avif') return 'image/avif'
  }
  if (matches(head, { type: '', bytes: [0x50, 0x4b, 0x03, 0x04] })) return zipType(head)
  return OCTET
}
