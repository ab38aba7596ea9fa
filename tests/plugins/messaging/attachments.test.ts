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

describe('images on the first message (starting a conversation)', () => {
  const START_WITH = `mutation($topicId: ID!, $subject: String!, $body: String!, $images: [Upload!]) {
    startConversation(topicId: $topicId, subject: $subject, body: $body, images: $images) { id status messages { id body attachments { id name contentType } } } }`
  const STAFF_START_WITH = `mutation($r: ID!, $t: ID!, $body: String!, $images: [Upload!]) {
    startConversationWithResident(residentId: $r, topicId: $t, subject: "Meter photo", body: $body, images: $images) { id messages { id attachments { id name } } } }`
  const conversations = () => app.context.sudo().prisma.conversation.count()

  test('a resident starts a thread with two photos: re-encoded, claimed by the first message, readable by the routed bookkeeper', async () => {
    const data = await ok(app, resident, START_WITH, { topicId: s.billing, subject: 'Water on the floor', body: '', images: [upload(await photo(), 'a.jpg'), upload(await photo(32, 32), 'b.jpg')] })
    const [first] = data.startConversation.messages
    expect(first.body).toBe('')
    expect(first.attachments.map((a: any) => a.name)).toEqual(['a.jpg', 'b.jpg'])
    const rows = await app.context.sudo().prisma.storedFile.findMany({ where: { id: { in: first.attachments.map((a: any) => a.id) } } })
    expect(rows.map((row: any) => [row.ownerId, row.expiresAt])).toEqual([[first.id, null], [first.id, null]])
    const chunks: Buffer[] = []
    for await (const chunk of await readFile(app.context, first.attachments[0].id)) chunks.push(chunk as Buffer)
    expect((await sharp(Buffer.concat(chunks)).metadata()).exif).toBeUndefined()
    // routing made the bookkeeper a participant from the start: the photos' message is theirs to see
    const seen = await ok(app, s.bookkeeper, `query($id: ID!) { conversationMessages(where: { conversation: { id: { equals: $id } } }) { id attachments { id } } }`, { id: data.startConversation.id })
    expect(seen.conversationMessages).toEqual([{ id: first.id, attachments: first.attachments.map((a: any) => ({ id: a.id })) }])
  })

  test('staff start a thread with a resident and a photo', async () => {
    const data = await ok(app, s.manager, STAFF_START_WITH, { r: resident.residentId, t: s.billing, body: 'This meter?', images: [upload(await photo(), 'meter.jpg')] })
    expect(data.startConversationWithResident.messages[0].attachments.map((a: any) => a.name)).toEqual(['meter.jpg'])
  })

  test('no text and no image is still MESSAGE_BODY_REQUIRED', async () => {
    expect((await call(app, resident, START_WITH, { topicId: s.billing, subject: 'Empty', body: ' ', images: [] })).code).toBe('MESSAGE_BODY_REQUIRED')
  })

  const bad: [string, () => Promise<any[]>, string][] = [
    ['a 6th image', async () => Array.from({ length: 6 }, async (_, i) => upload(await photo(), `p${i}.jpg`)), 'TOO_MANY_ATTACHMENTS'],
    ['a 6 MB image', async () => [upload(await photo(), 'ok.jpg'), upload(Buffer.concat([await photo(), Buffer.alloc(6 * 1024 * 1024)]), 'big.jpg')], 'ATTACHMENT_TOO_LARGE'],
    ['a PDF renamed .jpg', async () => [upload(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF'), 'photo.jpg', 'image/jpeg')], 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a truncated JPEG', async () => [upload((await photo(400, 300)).subarray(0, 600), 'cut.jpg')], 'ATTACHMENT_UNREADABLE'],
  ]
  test.each(bad)('%s: a typed error, no conversation, no message, no file', async (_name, make, code) => {
    const before = [await stored(), await messages(), await conversations()]
    const images = await Promise.all(await make())
    expect((await call(app, resident, START_WITH, { topicId: s.billing, subject: 'Photos', body: 'x', images })).code).toBe(code)
    expect((await call(app, s.manager, STAFF_START_WITH, { r: resident.residentId, t: s.billing, body: 'x', images: await Promise.all(await make()) })).code).toBe(code)
    expect([await stored(), await messages(), await conversations()]).toEqual(before)
  })

  test('a refusal after the images were stored (an inactive topic) deletes them', async () => {
    const topic = await app.context.sudo().prisma.conversationTopic.create({ data: { organizationId: s.org.id, key: 'gone', name: 'Gone', isActive: true } })
    // an inactive topic is refused inside the thread's transaction, after the images were stored pending
    await app.context.sudo().prisma.conversationTopic.update({ where: { id: topic.id }, data: { isActive: false } })
    const before = [await stored(), await messages(), await conversations()]
    expect((await call(app, resident, START_WITH, { topicId: topic.id, subject: 'Late', body: 'x', images: [upload(await photo(), 'late.jpg')] })).code).toBe('TOPIC_NOT_FOUND')
    expect([await stored(), await messages(), await conversations()]).toEqual(before)
  })
})
