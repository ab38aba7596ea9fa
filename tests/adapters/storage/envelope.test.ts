// The encryption envelope on a real storage backend (local disk): what rests is unreadable without the
// key, and any change is refused rather than served.
import sharp from 'sharp'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { FileIntegrityError, rewrap, sealedSize, SEGMENT_BYTES } from '../../../adapters/storage/envelope'
import { MasterKeyring, masterKeyringFromEnv, parseMasterKey, UnknownKeyVersionError } from '../../../adapters/storage/keyring'
import { LocalFileStorage } from '../../../adapters/storage/local'
import { FileVault } from '../../../adapters/storage/vault'

const newKey = () => parseMasterKey(crypto.randomBytes(32).toString('base64'))
const binding = { fileId: 'file-1', owner: 'contactExport:task-1' }

async function readAll(stream: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

let directory: string
let storage: LocalFileStorage
beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-envelope-'))
  storage = new LocalFileStorage(directory)
})
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }))

const plain = Buffer.concat([Buffer.from('Name,Phone\nAda,+15550100\n'.repeat(200)), crypto.randomBytes(3 * SEGMENT_BYTES)])

async function stored(vault: FileVault, content = plain, key = `f/${crypto.randomUUID()}`) {
  const written = await vault.write(key, Readable.from([content]), binding)
  return { key, written, raw: () => fs.readFileSync(path.join(directory, key)) }
}

test('round trip; the stored bytes are not the content and contain none of its text', async () => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const { key, written, raw } = await stored(vault)
  expect(written.size).toBe(plain.length)
  expect(raw().length).toBe(sealedSize(plain.length))
  expect(raw().equals(plain)).toBe(false)
  expect(raw().includes(Buffer.from('Ada,+15550100'))).toBe(false)
  expect((await readAll(await vault.read(key, written.envelope, binding))).equals(plain)).toBe(true)
})

test.each([0, 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 2 * SEGMENT_BYTES])('content of %p bytes round-trips', async bytes => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const content = crypto.randomBytes(bytes)
  const { key, written } = await stored(vault, content)
  expect((await readAll(await vault.read(key, written.envelope, binding))).equals(content)).toBe(true)
})

test('one flipped byte in the first segment is refused before anything is read', async () => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const { key, written, raw } = await stored(vault)
  const bytes = raw()
  bytes[100] ^= 1
  fs.writeFileSync(path.join(directory, key), bytes)
  await expect(vault.read(key, written.envelope, binding)).rejects.toBeInstanceOf(FileIntegrityError)
})

test('one flipped byte in a later segment errors the stream before that segment is given out', async () => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const { key, written, raw } = await stored(vault)
  const bytes = raw()
  bytes[bytes.length - 5] ^= 0x80
  fs.writeFileSync(path.join(directory, key), bytes)
  const stream = await vault.read(key, written.envelope, binding)
  const received: Buffer[] = []
  await expect(
    (async () => {
      for await (const chunk of stream) received.push(chunk as Buffer)
    })()
  ).rejects.toBeInstanceOf(FileIntegrityError)
  // every byte given out was authenticated: only whole segments before the changed one
  expect(Buffer.concat(received).length % SEGMENT_BYTES).toBe(0)
  expect(Buffer.concat(received).length).toBeLessThan(plain.length)
})

test('a truncated file (last segment dropped) is refused', async () => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const { key, written, raw } = await stored(vault)
  fs.writeFileSync(path.join(directory, key), raw().subarray(0, 2 * (SEGMENT_BYTES + 16)))
  const stream = await vault.read(key, written.envelope, binding)
  await expect(readAll(stream)).rejects.toBeInstanceOf(FileIntegrityError)
})

test('a file bound to another id or owner is refused (a row cannot be pointed at another file)', async () => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const { key, written } = await stored(vault)
  await expect(vault.read(key, written.envelope, { ...binding, owner: 'contactExport:task-2' })).rejects.toBeInstanceOf(FileIntegrityError)
  await expect(vault.read(key, written.envelope, { ...binding, fileId: 'file-2' })).rejects.toBeInstanceOf(FileIntegrityError)
})

test('a wrong master key is refused; an unknown key version names itself', async () => {
  const right = newKey()
  const { key, written } = await stored(new FileVault(storage, new MasterKeyring(right)))
  const wrong = { version: right.version, key: crypto.randomBytes(32) }
  await expect(new FileVault(storage, new MasterKeyring(wrong)).read(key, written.envelope, binding)).rejects.toBeInstanceOf(FileIntegrityError)
  await expect(new FileVault(storage, new MasterKeyring(newKey())).read(key, written.envelope, binding)).rejects.toBeInstanceOf(UnknownKeyVersionError)
})

test('rotation re-wraps the data key only: old files stay readable under the new key, the object is untouched', async () => {
  const oldKey = newKey()
  const { key, written, raw } = await stored(new FileVault(storage, new MasterKeyring(oldKey)))
  const before = raw()
  const newOne = newKey()
  const during = new MasterKeyring(newOne, [oldKey])
  // before re-wrapping, the old key still reads it
  expect((await readAll(await new FileVault(storage, during).read(key, written.envelope, binding))).equals(plain)).toBe(true)
  const rewrapped = rewrap(during, written.envelope, binding.fileId)
  expect(rewrapped.keyVersion).toBe(newOne.version)
  expect(rewrapped.noncePrefix).toBe(written.envelope.noncePrefix)
  const after = new FileVault(storage, new MasterKeyring(newOne))
  expect((await readAll(await after.read(key, rewrapped, binding))).equals(plain)).toBe(true)
  expect(raw().equals(before)).toBe(true)
})

test('FILES_MASTER_KEY: required in production, validated, generated once under data/ in development', () => {
  expect(() => masterKeyringFromEnv({ NODE_ENV: 'production' }, directory)).toThrow('FILES_MASTER_KEY is required when NODE_ENV=production')
  expect(() => masterKeyringFromEnv({ FILES_MASTER_KEY: 'short' }, directory)).toThrow('FILES_MASTER_KEY must be 32 random bytes')
  const hex = crypto.randomBytes(32).toString('hex')
  expect(masterKeyringFromEnv({ FILES_MASTER_KEY: hex }).current.key.toString('hex')).toBe(hex)
  const dataDir = path.join(directory, 'dev-data')
  const first = masterKeyringFromEnv({}, dataDir).current
  expect(masterKeyringFromEnv({}, dataDir).current.key.equals(first.key)).toBe(true)
  expect(fs.statSync(path.join(dataDir, 'files-master-key')).mode & 0o777).toBe(0o600)
})

test('the sniffed content type comes from the bytes', async () => {
  const vault = new FileVault(storage, new MasterKeyring(newKey()))
  const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#c00' } }).png().toBuffer()
  expect((await stored(vault, png)).written.contentType).toBe('image/png')
  expect((await stored(vault, Buffer.from('<html><script>alert(1)</script>'))).written.contentType).toBe('application/octet-stream')
})
