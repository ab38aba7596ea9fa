// GET /api/files/<id>: signed for one user, unexpired, access re-checked at download time; every refusal
// is a bare 403. Files rest in S3 (s3rver through the real SDK), encrypted.
import { Readable } from 'node:stream'
import { fileDownloadPath, readFile, storeFile } from '../../../plugins/files'
import { signedFilePath } from '../../../schema/files/signed-link'
import { fileServices } from '../../../tasks/sweep-files'
import { registryOf } from '../../../plugins/kernel'
import { as, createOrganization, createStaff } from '../../harness/factories'
import { startTestApp, type TestApp } from '../../harness/app'
import { startFakeS3, type FakeS3 } from '../../fakes/s3'
import { cookieOf, download, testDocPlugin, TEST_MASTER_KEY } from './helpers'

let app: TestApp
let s3: FakeS3
const readers = new Set<string>()
let alice: any
let bob: any
let aliceCookie: string
let bobCookie: string
const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 'x')])

beforeAll(async () => {
  s3 = await startFakeS3()
  app = await startTestApp({ http: true, plugins: [testDocPlugin(readers)], env: { ...s3.env, FILES_MASTER_KEY: TEST_MASTER_KEY, FILES_DOWNLOAD_REFUSALS_PER_IP: '3' } })
  const org = await createOrganization(app.context)
  alice = await createStaff(app.context, org.id)
  bob = await createStaff(app.context, org.id)
  readers.add(alice.id).add(bob.id)
  aliceCookie = await cookieOf(app.url, alice.email)
  bobCookie = await cookieOf(app.url, bob.email)
}, 60_000)

afterAll(async () => {
  await app?.close()
  await s3?.close()
})

const stored = (name = 'report "q1" ünïcode.pdf') =>
  storeFile(app.context, { kind: 'testDoc', ownerId: 'doc-1', name, stream: Readable.from([content]), uploadedById: alice.id })

test('a valid link of the signed-in user streams the decrypted file with safe headers', async () => {
  const file = await stored()
  const path = fileDownloadPath(as(app.context, alice), file.id)!
  const answer = await download(app.url, path, aliceCookie)
  expect(answer.status).toBe(200)
  expect(answer.body.equals(content)).toBe(true)
  expect(answer.headers['content-type']).toBe('application/pdf')
  expect(answer.headers['x-content-type-options']).toBe('nosniff')
  expect(answer.headers['cache-control']).toBe('private, no-store')
  expect(answer.headers['content-disposition']).toBe(`attachment; filename="report _q1_ _n_code.pdf"; filename*=UTF-8''${encodeURIComponent('report "q1" ünïcode.pdf')}`)
})

test('what rests in the bucket is not the content', async () => {
  const file = await stored()
  const raw = await fileServices(registryOf(app.context)).vault.storage.get(file.storageKey)
  const chunks: Buffer[] = []
  for await (const chunk of raw) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  expect(bytes.length).toBeGreaterThan(content.length)
  expect(bytes.includes(Buffer.from('%PDF'))).toBe(false)
  expect((await readFile(app.context, file.id)).readable).toBe(true)
})

describe('refusals are a bare 403', () => {
  const refused = (answer: { status: number; body: Buffer }) => {
    expect(answer.status).toBe(403)
    expect(answer.body.toString()).toBe('Forbidden')
  }
  // each refusal from its own address: the refusal limit (3 per address) is tested below
  let address = 10
  const from = () => `127.0.0.${address++}`

  test('expired', async () => {
    const file = await stored()
    const services = fileServices(registryOf(app.context))
    const path = signedFilePath(services.links, file.id, alice.id, Date.now() - 16 * 60_000)
    refused(await download(app.url, path, aliceCookie, from()))
  })

  test('forged signature, or one for another file', async () => {
    const file = await stored()
    const other = await stored()
    const path = fileDownloadPath(as(app.context, alice), file.id)!
    refused(await download(app.url, path.replace(/sig=.{4}/, 'sig=AAAA'), aliceCookie, from()))
    refused(await download(app.url, path.replace(file.id, other.id), aliceCookie, from()))
    refused(await download(app.url, path.replace(/exp=\d+/, m => `exp=${Number(m.slice(4)) + 3600}`), aliceCookie, from()))
  })

  test("another user's link, even one who may read the file", async () => {
    const file = await stored()
    const alicesLink = fileDownloadPath(as(app.context, alice), file.id)!
    refused(await download(app.url, alicesLink, bobCookie, from()))
    refused(await download(app.url, alicesLink, undefined, from()))
    expect((await download(app.url, fileDownloadPath(as(app.context, bob), file.id)!, bobCookie, from())).status).toBe(200)
  })

  test('access revoked after the link was made', async () => {
    const file = await stored()
    const path = fileDownloadPath(as(app.context, bob), file.id)!
    readers.delete(bob.id)
    try {
      refused(await download(app.url, path, bobCookie, from()))
    } finally {
      readers.add(bob.id)
    }
  })

  test('a file that does not exist or expired', async () => {
    refused(await download(app.url, fileDownloadPath(as(app.context, alice), '00000000-0000-4000-8000-000000000000')!, aliceCookie, from()))
    const file = await stored()
    await app.context.prisma.storedFile.update({ where: { id: file.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    refused(await download(app.url, fileDownloadPath(as(app.context, alice), file.id)!, aliceCookie, from()))
  })
})

test('refused links count per client address: the 4th refusal in 10 minutes is 429', async () => {
  const file = await stored()
  const bad = fileDownloadPath(as(app.context, alice), file.id)!.replace(/sig=.{4}/, 'sig=AAAA')
  for (let i = 0; i < 3; i++) expect((await download(app.url, bad, aliceCookie, '127.0.0.200')).status).toBe(403)
  const limited = await download(app.url, bad, aliceCookie, '127.0.0.200')
  expect(limited.status).toBe(429)
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  // successful downloads never count
  for (let i = 0; i < 5; i++) expect((await download(app.url, fileDownloadPath(as(app.context, alice), file.id)!, aliceCookie, '127.0.0.201')).status).toBe(200)
})

test('a file whose stored bytes were changed is not served', async () => {
  const file = await stored()
  const storage = fileServices(registryOf(app.context)).vault.storage
  const raw = await storage.get(file.storageKey)
  const chunks: Buffer[] = []
  for await (const chunk of raw) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  bytes[10] ^= 1
  await storage.put(file.storageKey, Readable.from([bytes]))
  const answer = await download(app.url, fileDownloadPath(as(app.context, alice), file.id)!, aliceCookie, '127.0.0.150')
  expect(answer.status).toBe(500)
  expect(answer.body.includes(Buffer.from('%PDF'))).toBe(false)
})
