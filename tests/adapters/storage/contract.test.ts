// One contract, two backends: the local filesystem and S3 through the real AWS SDK against s3rver.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { fileStorageFromEnv, InvalidStorageKeyError, LocalFileStorage, StorageNotFoundError, type FileStorage } from '../../../adapters/storage'
import { startFakeS3, type FakeS3 } from '../../fakes/s3'

async function readAll(stream: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** `total` bytes produced in 64 KiB chunks, never held at once; `digest` is their SHA-256. */
function generated(total: number) {
  const hash = crypto.createHash('sha256')
  let produced = 0
  const stream = new Readable({
    read() {
      if (produced >= total) return this.push(null)
      const chunk = crypto.randomBytes(Math.min(65536, total - produced))
      produced += chunk.length
      hash.update(chunk)
      this.push(chunk)
    },
  })
  return { stream, digest: () => hash.digest('hex') }
}

async function sha256(stream: Readable) {
  const hash = crypto.createHash('sha256')
  for await (const chunk of stream) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

let s3: FakeS3
let directory: string
const backends: Record<string, () => FileStorage> = {}

beforeAll(async () => {
  s3 = await startFakeS3()
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-files-'))
  backends.local = () => fileStorageFromEnv({}, directory)
  backends.s3 = () => fileStorageFromEnv({ ...s3.env })
})

afterAll(async () => {
  await s3?.close()
  if (directory) fs.rmSync(directory, { recursive: true, force: true })
})

describe.each(['local', 's3'])('%s storage', name => {
  let storage: FileStorage
  beforeAll(() => {
    storage = backends[name]()
  })
  afterAll(async () => {
    await storage.close?.()
  })

  test('round trip: what is put is what is got; exists says so', async () => {
    const key = `round/${crypto.randomUUID()}`
    expect(await storage.exists(key)).toBe(false)
    expect(await storage.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]))).toEqual({ size: 11 })
    expect(await storage.exists(key)).toBe(true)
    expect((await readAll(await storage.get(key))).toString()).toBe('hello world')
  })

  test('an empty object round-trips', async () => {
    const key = `empty/${crypto.randomUUID()}`
    await storage.put(key, Readable.from([]))
    expect((await readAll(await storage.get(key))).length).toBe(0)
  })

  test('a large file is streamed in and out (12 MB, more than one multipart part)', async () => {
    const key = `large/${crypto.randomUUID()}`
    const source = generated(12 * 1024 * 1024)
    expect(await storage.put(key, source.stream)).toEqual({ size: 12 * 1024 * 1024 })
    expect(await sha256(await storage.get(key))).toBe(source.digest())
  })

  test('put replaces; delete removes; deleting again is fine', async () => {
    const key = `replace/${crypto.randomUUID()}`
    await storage.put(key, Readable.from([Buffer.from('first')]))
    await storage.put(key, Readable.from([Buffer.from('second')]))
    expect((await readAll(await storage.get(key))).toString()).toBe('second')
    await storage.delete(key)
    expect(await storage.exists(key)).toBe(false)
    await expect(storage.delete(key)).resolves.toBeUndefined()
  })

  test('a missing key is StorageNotFoundError', async () => {
    await expect(storage.get(`missing/${crypto.randomUUID()}`)).rejects.toBeInstanceOf(StorageNotFoundError)
  })

  test.each(['../escape', 'a/../../b', '/absolute', 'a\\b', '.hidden', 'a//b', '', 'a/./b'])('key %p is refused', async key => {
    await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidStorageKeyError)
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
  })
})

test('local storage writes under its root only, with no partial file left by a failed stream', async () => {
  const storage = new LocalFileStorage(directory)
  const failing = new Readable({
    read() {
      this.destroy(new Error('source broke'))
    },
  })
  await expect(storage.put('broken/one', failing)).rejects.toThrow('source broke')
  expect(fs.existsSync(path.join(directory, 'broken'))).toBe(true)
  expect(fs.readdirSync(path.join(directory, 'broken'))).toEqual([])
})

test('an unknown FILES_STORAGE names the known backends', () => {
  expect(() => fileStorageFromEnv({ FILES_STORAGE: 'ftp' })).toThrow('FILES_STORAGE is "ftp", which is not a storage backend (known: local, s3)')
  expect(() => fileStorageFromEnv({ FILES_STORAGE: 's3' })).toThrow('FILES_STORAGE=s3 needs FILES_S3_BUCKET')
})
