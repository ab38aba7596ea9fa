// The encryption envelope of a stored file: AES-256-GCM under a random data key per file, the data key
// wrapped (AES-256-GCM) by a master key whose version is stored beside it.
//
// The file is encrypted in segments of 64 KiB, each with its own tag (the STREAM construction), so it is
// encrypted and decrypted as a stream and a reader never gets a byte that was not authenticated: each
// segment's nonce is the file's random prefix, the segment number and a last-segment flag (reordered,
// dropped or truncated segments fail), and every segment's authenticated data binds the file's id and
// owner (a file copied onto another row fails).
import crypto from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import type { MasterKeyring } from './keyring'

export const SEGMENT_BYTES = 64 * 1024
const TAG_BYTES = 16
const PREFIX_BYTES = 7

/** Decryption refused: the bytes or the data they are bound to were changed, or the key is wrong. */
export class FileIntegrityError extends Error {
  name = 'FileIntegrityError'
}

/** What the row keeps to decrypt the object (never the data key itself). */
export type Envelope = { wrappedKey: string; keyVersion: string; noncePrefix: string }

export type Binding = { fileId: string; owner: string }

const boundData = ({ fileId, owner }: Binding) => Buffer.from(`cms-file\0${fileId}\0${owner}`, 'utf8')
const wrapData = (fileId: string) => Buffer.from(`cms-file-key\0${fileId}`, 'utf8')

function wrap(masterKey: Buffer, dataKey: Buffer, fileId: string) {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', masterKey, iv)
  cipher.setAAD(wrapData(fileId))
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')
}

/** A fresh data key and its envelope, wrapped by the keyring's current master key. */
export function newEnvelope(keyring: MasterKeyring, fileId: string): { dataKey: Buffer; envelope: Envelope } {
  const dataKey = crypto.randomBytes(32)
  const { version, key } = keyring.current
  return {
    dataKey,
    envelope: { wrappedKey: wrap(key, dataKey, fileId), keyVersion: version, noncePrefix: crypto.randomBytes(PREFIX_BYTES).toString('base64') },
  }
}

export function unwrapDataKey(keyring: MasterKeyring, envelope: Pick<Envelope, 'wrappedKey' | 'keyVersion'>, fileId: string): Buffer {
  const masterKey = keyring.get(envelope.keyVersion).key
  const raw = Buffer.from(envelope.wrappedKey, 'base64')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', masterKey, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 12 + TAG_BYTES))
    decipher.setAAD(wrapData(fileId))
    return Buffer.concat([decipher.update(raw.subarray(12 + TAG_BYTES)), decipher.final()])
  } catch {
    throw new FileIntegrityError('The file key cannot be unwrapped: wrong master key or a changed key record')
  }
}

/** Rotation: the same data key wrapped by the current master key (the object itself is untouched). */
export function rewrap(keyring: MasterKeyring, envelope: Envelope, fileId: string): Envelope {
  const dataKey = unwrapDataKey(keyring, envelope, fileId)
  const { version, key } = keyring.current
  return { ...envelope, wrappedKey: wrap(key, dataKey, fileId), keyVersion: version }
}

function nonce(prefix: Buffer, counter: number, last: boolean) {
  const value = Buffer.alloc(12)
  prefix.copy(value, 0, 0, PREFIX_BYTES)
  value.writeUInt32BE(counter, PREFIX_BYTES)
  value[11] = last ? 1 : 0
  return value
}

/** Collects chunks and hands them out in pieces of a given size without copying more than needed. */
class ChunkQueue {
  private chunks: Buffer[] = []
  length = 0
  push(chunk: Buffer) {
    this.chunks.push(chunk)
    this.length += chunk.length
  }
  take(bytes: number): Buffer {
    const parts: Buffer[] = []
    let needed = Math.min(bytes, this.length)
    this.length -= needed
    while (needed > 0) {
      const head = this.chunks[0]
      if (head.length <= needed) {
        parts.push(this.chunks.shift()!)
        needed -= head.length
      } else {
        parts.push(head.subarray(0, needed))
        this.chunks[0] = head.subarray(needed)
        needed = 0
      }
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts)
  }
}

abstract class SegmentTransform extends Transform {
  protected readonly queue = new ChunkQueue()
  protected counter = 0
  protected readonly prefix: Buffer
  protected readonly aad: Buffer
  constructor(
    protected readonly dataKey: Buffer,
    envelope: Pick<Envelope, 'noncePrefix'>,
    binding: Binding,
    private readonly inputSegment: number
  ) {
    super()
    this.prefix = Buffer.from(envelope.noncePrefix, 'base64')
    this.aad = boundData(binding)
  }
  protected abstract segment(input: Buffer, last: boolean): Buffer

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.queue.push(chunk)
    try {
      // strictly more than one segment: the last one is only known at the end
      while (this.queue.length > this.inputSegment) this.push(this.segment(this.queue.take(this.inputSegment), false))
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  _flush(done: TransformCallback) {
    try {
      this.push(this.segment(this.queue.take(this.inputSegment), true))
      done()
    } catch (error) {
      done(error as Error)
    }
  }
}

class EncryptSegments extends SegmentTransform {
  constructor(dataKey: Buffer, envelope: Pick<Envelope, 'noncePrefix'>, binding: Binding) {
    super(dataKey, envelope, binding, SEGMENT_BYTES)
  }
  protected segment(plain: Buffer, last: boolean) {
    const cipher = crypto.createCipheriv('aes-256-gcm', this.dataKey, nonce(this.prefix, this.counter++, last))
    cipher.setAAD(this.aad)
    const sealed = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
    return sealed
  }
}

class DecryptSegments extends SegmentTransform {
  constructor(dataKey: Buffer, envelope: Pick<Envelope, 'noncePrefix'>, binding: Binding) {
    super(dataKey, envelope, binding, SEGMENT_BYTES + TAG_BYTES)
  }
  protected segment(sealed: Buffer, last: boolean) {
    if (sealed.length < TAG_BYTES) throw new FileIntegrityError('The stored file is truncated')
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.dataKey, nonce(this.prefix, this.counter++, last))
    decipher.setAAD(this.aad)
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()])
    } catch {
      throw new FileIntegrityError('The stored file fails its integrity check (changed, truncated or bound to another file)')
    }
  }
}

export const encryptStream = (dataKey: Buffer, envelope: Pick<Envelope, 'noncePrefix'>, binding: Binding): Transform =>
  new EncryptSegments(dataKey, envelope, binding)

export const decryptStream = (dataKey: Buffer, envelope: Pick<Envelope, 'noncePrefix'>, binding: Binding): Transform =>
  new DecryptSegments(dataKey, envelope, binding)

/** Bytes the stored object takes for `plainBytes` of content. */
export const sealedSize = (plainBytes: number) => plainBytes + TAG_BYTES * Math.max(1, Math.ceil(plainBytes / SEGMENT_BYTES))
