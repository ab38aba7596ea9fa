// Images on a message. Everything is checked before anything is stored: the count (the organization's
// conversationMaxImages), the size while reading (conversationMaxImageMb; the stream stops at the limit),
// the type from the bytes (file-type: JPEG, PNG, WebP, GIF; never the name or the client's type), and a
// full decode and re-encode with sharp under a pixel limit (decompression bombs; truncated files fail),
// which also drops EXIF and GPS metadata. The files are then stored encrypted (plugins/files) under the id
// the message will have (the encryption binds the owner, so it is chosen first), expiring in an hour; the
// message's transaction claims them (no expiry). A failed write deletes them; a crash leaves them to the
// files sweeper. Until the message exists nobody may download them (mayRead finds no message).
import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import type { KeystoneContext } from '@keystone-6/core/types'
import type sharp from 'sharp'
import { DEFAULT_MAX_IMAGES, DEFAULT_MAX_IMAGE_MB } from '../../schema/messaging/organization-settings'
import { typedError } from '../../schema/shared/errors'
import { deleteFile, storeFile } from '../files'

export const ATTACHMENT_KIND = 'conversation-image'
/** 40 megapixels: any phone photo, not a 50,000 x 50,000 bomb. */
export const MAX_PIXELS = 40_000_000

type Upload = Promise<{ filename: string; mimetype: string; createReadStream(): Readable }>
type Format = 'jpeg' | 'png' | 'webp' | 'gif'
const ALLOWED: Record<string, Format> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' }
const EXTENSION: Record<Format, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' }

export type PreparedImage = { name: string; bytes: Buffer }

async function readCapped(stream: Readable, maxBytes: number, index: number, maxMb: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.length
    if (size > maxBytes) {
      stream.destroy()
      throw typedError('ATTACHMENT_TOO_LARGE', `Image ${index + 1} is larger than ${maxMb} MB`, { index, maxMb })
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function reencode(bytes: Buffer, format: Format, index: number): Promise<Buffer> {
  try {
    const animated = format === 'gif' || format === 'webp'
    // rotate(): bake the EXIF orientation into the pixels before the metadata goes (sharp keeps none by default)
    // sharp (libvips) is loaded on the first image: the worker and API processes that never see one skip it
    return await (require('sharp') as typeof sharp)(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'truncated', animated }).rotate().toFormat(format).toBuffer()
  } catch (error) {
    if (/pixel limit/i.test((error as Error).message)) {
      throw typedError('ATTACHMENT_TOO_MANY_PIXELS', `Image ${index + 1} has more than ${MAX_PIXELS / 1_000_000} megapixels`, { index })
    }
    throw typedError('ATTACHMENT_UNREADABLE', `Image ${index + 1} could not be read (damaged or incomplete)`, { index })
  }
}

/** Checks and re-encodes every upload, or throws the first problem's typed error; stores nothing. */
export async function prepareImages(context: KeystoneContext<any>, organizationId: string, uploads: readonly Upload[] | null | undefined): Promise<PreparedImage[]> {
  if (!uploads?.length) return []
  const settings = await context.sudo().prisma.organization.findUnique({ where: { id: organizationId }, select: { conversationMaxImages: true, conversationMaxImageMb: true } })
  const maxImages = settings?.conversationMaxImages ?? DEFAULT_MAX_IMAGES
  const maxMb = settings?.conversationMaxImageMb ?? DEFAULT_MAX_IMAGE_MB
  if (uploads.length > maxImages) throw typedError('TOO_MANY_ATTACHMENTS', `A message carries at most ${maxImages} images`, { max: maxImages })
  const { fileTypeFromBuffer } = await import('file-type')
  const prepared: PreparedImage[] = []
  for (const [index, upload] of uploads.entries()) {
    const file = await upload
    const bytes = await readCapped(file.createReadStream(), maxMb * 1024 * 1024, index, maxMb)
    const format = ALLOWED[(await fileTypeFromBuffer(bytes))?.mime ?? '']
    if (!format) throw typedError('ATTACHMENT_TYPE_NOT_ALLOWED', `Image ${index + 1} is not a JPEG, PNG, WebP or GIF image`, { index })
    const clean = await reencode(bytes, format, index)
    const base = (file.filename || 'image').replace(/\.[^.]*$/, '').replace(/[^\w\- ]+/g, '_').slice(0, 80) || 'image'
    prepared.push({ name: `${base}.${EXTENSION[format]}`, bytes: clean })
  }
  return prepared
}

/** An id for a message about to be written (cuid-shaped, like Keystone's own). */
export const newMessageId = () => `c${crypto.randomBytes(12).toString('hex')}`

/** Stores the images encrypted for the message `messageId` (expiring in an hour unless it claims them). */
export async function storePending(context: KeystoneContext<any>, images: readonly PreparedImage[], owner: { messageId: string; organizationId: string; userId: string }) {
  const ids: string[] = []
  try {
    for (const image of images) {
      const row = await storeFile(context, {
        kind: ATTACHMENT_KIND, ownerId: owner.messageId, organizationId: owner.organizationId, uploadedById: owner.userId, name: image.name,
        stream: Readable.from([image.bytes]), expiresAt: new Date(Date.now() + 60 * 60 * 1000),
      })
      ids.push(row.id)
    }
  } catch (error) {
    await discard(context, ids)
    throw error
  }
  return ids
}

export async function discard(context: KeystoneContext<any>, ids: readonly string[]) {
  for (const id of ids) await deleteFile(context, id).catch(() => undefined)
}

/** Inside the message's transaction: its files stay for good. */
export async function claim(tx: any, ids: readonly string[], messageId: string) {
  if (ids.length) await tx.storedFile.updateMany({ where: { id: { in: [...ids] }, ownerId: messageId }, data: { expiresAt: null } })
}

/** Downloads: whoever may read the message (the Conversation visibility rule) may read its images. */
export const attachmentFileKind = {
  kind: ATTACHMENT_KIND,
  async mayRead(context: KeystoneContext<any>, file: { ownerId: string }) {
    const message = await context.db.ConversationMessage.findOne({ where: { id: file.ownerId } }).catch(() => null)
    return !!message
  },
}
