// The content type of a stored file, decided from its first bytes by file-type, never from the name or
// the type a client claimed: the download route serves this type with nosniff, so a file cannot pass for
// HTML. Only the kinds the CMS stores are served as themselves (spreadsheets, documents, images);
// anything else, including every text format, is application/octet-stream.

export const SNIFF_BYTES = 4096

const OCTET = 'application/octet-stream'

const SERVED_AS_THEMSELVES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/avif',
  'application/pdf',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
])

/** Office Open XML files are ZIP archives whose part names say what they are (file-type may need more
 *  than the first bytes to tell, and then says zip). */
function zipType(head: Buffer) {
  const names = head.toString('latin1')
  if (names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (names.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  return 'application/zip'
}

export async function sniffContentType(head: Buffer): Promise<string> {
  // ESM-only: loaded when first needed (jest maps it to its buffer entry, see jest.config.js)
  const { fileTypeFromBuffer } = await import('file-type')
  const found = await fileTypeFromBuffer(head)
  if (!found) return OCTET
  const type = found.mime === 'application/zip' ? zipType(head) : found.mime
  return SERVED_AS_THEMSELVES.has(type) ? type : OCTET
}
