// Encrypted files on any storage backend: write encrypts on the way in, read decrypts on the way out.
// Neither holds a whole file: both are streams of 64 KiB segments.
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { decryptStream, encryptStream, newEnvelope, unwrapDataKey, type Binding, type Envelope } from './envelope'
import type { MasterKeyring } from './keyring'
import { SNIFF_BYTES, sniffContentType } from './sniff'
import type { FileStorage } from './types'

export type WrittenFile = { envelope: Envelope; size: number; storedSize: number; contentType: string }

export class FileVault {
  constructor(
    readonly storage: FileStorage,
    readonly keyring: MasterKeyring
  ) {}

  /** Encrypts `plain` into `key`; the content type is sniffed from the first bytes on the way. */
  async write(key: string, plain: Readable, binding: Binding): Promise<WrittenFile> {
    const { dataKey, envelope } = newEnvelope(this.keyring, binding.fileId)
    let size = 0
    let head = Buffer.alloc(0)
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)])
        done(null, chunk)
      },
    })
    const encrypt = encryptStream(dataKey, envelope, binding)
    const stored = this.storage.put(key, encrypt)
    // both settle before this returns: a failed write has removed its partial object by then
    const [piped, put] = await Promise.allSettled([pipeline(plain, measure, encrypt), stored])
    if (put.status === 'rejected') throw put.reason
    if (piped.status === 'rejected') throw piped.reason
    return { envelope, size, storedSize: (await stored).size, contentType: await sniffContentType(head) }
  }

  /**
   * The decrypted content. Resolves once the key is unwrapped and the first segment is authenticated, so a
   * wrong key or a changed file is refused before anything is served; a later segment that fails its check
   * errors the stream (the reader must abort, not finish the response).
   */
  async read(key: string, envelope: Envelope, binding: Binding): Promise<Readable> {
    const dataKey = unwrapDataKey(this.keyring, envelope, binding.fileId)
    const source = await this.storage.get(key)
    const decrypted = source.pipe(decryptStream(dataKey, envelope, binding))
    source.on('error', error => decrypted.destroy(error))
    const chunks = decrypted[Symbol.asyncIterator]()
    const first = await chunks.next()
    return Readable.from(
      (async function* () {
        if (!first.done) yield first.value as Buffer
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer
      })()
    )
  }
}
