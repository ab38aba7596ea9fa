// Local filesystem storage (the embedded default, under data/files/). Writes go to a temporary file
// renamed into place, so a reader never sees half an object and a crash leaves no partial file under the key.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { assertStorageKey, StorageNotFoundError, type FileStorage } from './types'

export class LocalFileStorage implements FileStorage {
  readonly name = 'local'
  private readonly root: string

  constructor(root: string) {
    this.root = path.resolve(root)
  }

  private pathOf(key: string) {
    const full = path.resolve(this.root, assertStorageKey(key))
    // belt and braces: the key rule already forbids '..'
    if (!full.startsWith(this.root + path.sep)) throw new Error('storage key escapes the storage root')
    return full
  }

  async put(key: string, body: Readable) {
    const target = this.pathOf(key)
    await fs.promises.mkdir(path.dirname(target), { recursive: true })
    const temporary = `${target}.${crypto.randomBytes(6).toString('hex')}.partial`
    let size = 0
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        done(null, chunk)
      },
    })
    try {
      await pipeline(body, count, fs.createWriteStream(temporary, { mode: 0o600 }))
      await fs.promises.rename(temporary, target)
    } catch (error) {
      await fs.promises.rm(temporary, { force: true })
      throw error
    }
    return { size }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key)
    // open first, so a missing file rejects here rather than as a stream error later
    const handle = await fs.promises.open(file, 'r').catch(error => {
      if (error.code === 'ENOENT') throw new StorageNotFoundError(key)
      throw error
    })
    return handle.createReadStream()
  }

  async delete(key: string) {
    await fs.promises.rm(this.pathOf(key), { force: true })
  }

  async exists(key: string) {
    return fs.promises
      .stat(this.pathOf(key))
      .then(stat => stat.isFile())
      .catch(() => false)
  }
}
