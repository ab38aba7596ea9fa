// Images on messages: each bad upload gets its typed error and nothing is stored; a good one is re-encoded
// without its EXIF/GPS, rests encrypted, and downloads only for people who may see that message.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import sharp from 'sharp'
import Upload from 'graphql-upload/Upload.js'
import { registryOf } from '../../../plugins/kernel'
import { fileDownloadPath, readFile } from '../../../plugins/files'
import { fileServices } from '../../../tasks/sweep-files'
import { startTestApp, type TestApp } from '../../harness/app'
import { as } from '../../harness/factories'
import { cookieOf, download, TEST_MASTER_KEY } from '../files/helpers'
import { START, call, createResident, ok, setupOrganization } from './helpers'

let app: TestApp
let s: Awaited<ReturnType<typeof setupOrganization>>
let resident: Awaited<ReturnType<typeof createResident>>
let neighbour: Awaited<ReturnType<typeof createResident>>
let conversationId: string
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-msg-files-'))

beforeAll(async () => {
  app = await startTestApp({ http: true, env: { FILES_STORAGE: 'local', FILES_DIR: filesDir, FILES_MASTER_KEY: TEST_MASTER_KEY, CONVERSATION_MESSAGES_PER_MINUTE: '1000' } })
  s = await setupOrganization(app)
  resident = await createResident(app.context, s.org.id, s.property.id)
  neighbour = await createResident(app.context, s.org.id, s.property.id, '99')
  conversationId = (await ok(app, resident, START, { topicId: s.billing, subject: 'Leak', body: 'See photos' })).startConversation.id
}, 60_000)
afterAll(async () => {
  await app?.close()
  fs.rmSync(filesDir, { recursive: true, force: true })
})

/** An upload as graphql-upload hands it to resolvers (the multipart request parsed). */
function upload(bytes: Buffer, filename: string, mimetype = 'image/jpeg') {
  const value = new Upload()
  value.resolve({ filename, mimetype, encoding: '7bit', createReadStream: () => Readable.from([bytes]), fieldName: 'images' } as any)
  return value
}

const photo = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Secret Camera Owner', Model: 'PhoneCam 3000' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1' } })
    .toBuffer()

const REPLY_WITH = `mutation($id: ID!, $body: String!, $images: [Upload!]) { replyToConversation(conversationId: $id, body: $body, images: $images) { id attachments { id name contentType size url } } }`
const stored = () => app.context.sudo().prisma.storedFile.count()
const messages = () => app.context.sudo().prisma.conversationMessage.count()

test('a photo is stored re-encoded without EXIF or GPS, encrypted at rest, listed on the message', async () => {
  const original = await photo()
  expect((await sharp(original).metadata()).exif).toBeDefined()
  const data = await ok(app, resident, REPLY_WITH, { id: conversationId, body: 'Kitchen ceiling', images: [upload(original, 'IMG_0001.HEIC.jpg')] })
  const [attachment] = data.replyToConversation.attachments
  expect(attachment).toMatchObject({ name: 'IMG_0001_HEIC.jpg', contentType: 'image/jpeg' })
  expect(attachment.url).toMatch(/^\/api\/files\//)

  const chunks: Buffer[] = []
  for await (const chunk of await readFile(app.context, attachment.id)) chunks.push(chunk as Buffer)
  const clean = Buffer.concat(chunks)
  const meta = await sharp(clean).metadata()
  expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 48 })
  expect(meta.exif).toBeUndefined()
  expect(clean.includes(Buffer.from('Secret Camera Owner'))).toBe(false)

  const row = await app.context.sudo().prisma.storedFile.findUnique({ where: { id: attachment.id } })
  const raw: Buffer[] = []
  for await (const chunk of await fileServices(registryOf(app.context)).vault.storage.get(row.storageKey)) raw.push(chunk as Buffer)
  const atRest = Buffer.concat(raw)
  expect(atRest.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false) // no JPEG magic
  expect(atRest.includes(clean.subarray(100, 140))).toBe(false)
  expect(row.expiresAt).toBeNull() // claimed by the message: the sweeper leaves it
})

test('downloads follow the message’s visibility: the participant yes, another resident a bare 403', async () => {
  const data = await ok(app, resident, REPLY_WITH, { id: conversationId, body: '', images: [upload(await photo(), 'second.jpg')] })
  const fileId = data.replyToConversation.attachments[0].id
  const mine = await download(app.url, fileDownloadPath(as(app.context, resident), fileId)!, await cookieOf(app.url, String(resident.email)))
  expect(mine.status).toBe(200)
  expect((await sharp(mine.body).metadata()).format).toBe('jpeg')
  // a link signed for the neighbour (as if leaked or guessed) is refused by the access check
  const theirs = await download(app.url, fileDownloadPath(as(app.context, neighbour), fileId)!, await cookieOf(app.url, String(neighbour.email)), '127.0.0.2')
  expect(theirs.status).toBe(403)
  // and the neighbour does not see the message to ask for a link
  expect((await ok(app, neighbour, `query { conversationMessagesCount }`)).conversationMessagesCount).toBe(0)
})

describe('bad uploads: a typed error, no message, no file', () => {
  const cases: [string, () => Promise<any[]>, string][] = [
    ['a 6th image', async () => Array.from({ length: 6 }, async (_, i) => upload(await photo(), `p${i}.jpg`)), 'TOO_MANY_ATTACHMENTS'],
    ['a 6 MB image', async () => [upload(Buffer.concat([await photo(), Buffer.alloc(6 * 1024 * 1024)]), 'big.jpg')], 'ATTACHMENT_TOO_LARGE'],
    ['a PDF renamed .jpg (with an image content type)', async () => [upload(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF'), 'photo.jpg', 'image/jpeg')], 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a truncated JPEG', async () => [upload((await photo(400, 300)).subarray(0, 600), 'cut.jpg')], 'ATTACHMENT_UNREADABLE'],
    ['a decompression bomb (over the pixel limit)', async () => [upload(await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png({ compressionLevel: 9 }).toBuffer(), 'bomb.png', 'image/png')], 'ATTACHMENT_TOO_MANY_PIXELS'],
  ]
  test.each(cases)('%s', async (_name, make, code) => {
    const [filesBefore, messagesBefore] = [await stored(), await messages()]
    const images = await Promise.all(await make())
    const result = await call(app, resident, REPLY_WITH, { id: conversationId, body: 'x', images })
    expect(result.code).toBe(code)
    expect([await stored(), await messages()]).toEqual([filesBefore, messagesBefore])
  })
})
