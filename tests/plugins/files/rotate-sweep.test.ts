// `npm run files:rotate-key` re-wraps data keys only, and old files stay readable; the sweeper deletes
// expired files and abandoned uploads, object and row.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { main as rotate } from '../../../bin/rotate-file-keys'
import { masterKeyringFromEnv } from '../../../adapters/storage/keyring'
import { FileVault } from '../../../adapters/storage/vault'
import { storeFile } from '../../../plugins/files'
import { registryOf } from '../../../plugins/kernel'
import { openStoredFile } from '../../../schema/files/store'
import { fileServices, sweepFiles } from '../../../tasks/sweep-files'
import { startTestApp, type TestApp } from '../../harness/app'
import { testDocPlugin, TEST_MASTER_KEY } from './helpers'

let app: TestApp
let directory: string

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-files-'))
  app = await startTestApp({ plugins: [testDocPlugin(new Set())], env: { FILES_DIR: directory, FILES_MASTER_KEY: TEST_MASTER_KEY } })
}, 60_000)

afterAll(async () => {
  await app?.close()
  fs.rmSync(directory, { recursive: true, force: true })
})

async function readAll(stream: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const put = (text: string, data: { expiresAt?: Date } = {}) =>
  storeFile(app.context, { kind: 'testDoc', ownerId: 'doc', name: 'a.txt', stream: Readable.from([Buffer.from(text)]), ...data })

test('rotation: every data key re-wrapped by the new master key, objects untouched, content readable with the new key alone', async () => {
  const files = [await put('first file'), await put('second file')]
  const objectsBefore = files.map(file => fs.readFileSync(path.join(directory, file.storageKey)))
  const newKey = crypto.randomBytes(32).toString('base64')
  const lines: string[] = []
  const env = { ...app.env, FILES_MASTER_KEY: newKey, FILES_MASTER_KEY_PREVIOUS: TEST_MASTER_KEY }
  expect(await rotate(env, line => lines.push(line))).toBe(0)
  const keyring = masterKeyringFromEnv({ FILES_MASTER_KEY: newKey })
  expect(lines[0]).toMatch(new RegExp(`^Re-wrapped \\d+ file key\\(s\\) with the master key of version ${keyring.current.version}\\.$`))
  const vault = new FileVault(fileServices(registryOf(app.context)).vault.storage, keyring)
  for (const [i, file] of files.entries()) {
    const row = await app.context.prisma.storedFile.findUniqueOrThrow({ where: { id: file.id } })
    expect(row.keyVersion).toBe(keyring.current.version)
    expect(row.wrappedKey).not.toBe(file.wrappedKey)
    expect(fs.readFileSync(path.join(directory, file.storageKey)).equals(objectsBefore[i])).toBe(true)
    expect((await readAll(await openStoredFile(vault, row))).toString()).toBe(i === 0 ? 'first file' : 'second file')
  }
  // a second run finds nothing left to do
  lines.length = 0
  expect(await rotate(env, line => lines.push(line))).toBe(0)
  expect(lines[0]).toMatch(/^Re-wrapped 0 file key/)
})

test('the sweeper deletes expired files and abandoned uploads, and leaves the rest', async () => {
  const expired = await put('old export', { expiresAt: new Date(Date.now() - 1000) })
  const live = await put('fresh export', { expiresAt: new Date(Date.now() + 3_600_000) })
  const abandoned = await app.context.prisma.storedFile.create({
    data: { kind: 'testDoc', ownerId: 'doc', name: 'x', contentType: 'x', status: 'uploading', storage: 'local', storageKey: `testDoc/${crypto.randomUUID()}`, createdAt: new Date(Date.now() - 2 * 3_600_000) },
  })
  fs.writeFileSync(path.join(directory, abandoned.storageKey), 'partial')
  const { deleted } = await sweepFiles(app.context.prisma, fileServices(registryOf(app.context)))
  expect(deleted).toBe(2)
  expect(await app.context.prisma.storedFile.count({ where: { id: { in: [expired.id, abandoned.id] } } })).toBe(0)
  expect(fs.existsSync(path.join(directory, expired.storageKey))).toBe(false)
  expect(fs.existsSync(path.join(directory, abandoned.storageKey))).toBe(false)
  expect(fs.existsSync(path.join(directory, live.storageKey))).toBe(true)
})

test('StoredFile is read by admins only and written by nobody through the API; key material never appears in it', async () => {
  const file = await put('secret')
  const { as, createOrganization, createStaff, createUser } = await import('../../harness/factories')
  const org = await createOrganization(app.context)
  const staff = await createStaff(app.context, org.id, ['readContacts', 'manageContacts', 'exportContacts'])
  const admin = await createUser(app.context, { isAdmin: true })
  expect(await as(app.context, staff).query.StoredFile.findOne({ where: { id: file.id }, query: 'id' })).toBeNull()
  expect(await as(app.context, admin).query.StoredFile.findOne({ where: { id: file.id }, query: 'id name' })).toEqual({ id: file.id, name: 'a.txt' })
  await expect(as(app.context, admin).query.StoredFile.findOne({ where: { id: file.id }, query: 'wrappedKey' })).rejects.toThrow(/Cannot query field "wrappedKey"/)
  await expect(as(app.context, admin).query.StoredFile.deleteOne({ where: { id: file.id }, query: 'id' })).rejects.toMatchObject({ extensions: { code: 'KS_ACCESS_DENIED' } })
})
