// Issue 12's "done means", end to end through the API: a resident starts a Billing conversation; the
// bookkeeper, routed automatically, replies with a photo; the manager is added and sees from that point on;
// the thread is resolved with a category and re-opened by the resident's next reply; every step is in the
// audit trail.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import sharp from 'sharp'
import Upload from 'graphql-upload/Upload.js'
import { startTestApp, type TestApp } from '../../harness/app'
import { TEST_MASTER_KEY } from '../files/helpers'
import { ADD, READ, REPLY, RESOLVE, START, createResident, ok, setupOrganization, staffWith } from './helpers'

let app: TestApp
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-msg-done-'))
beforeAll(async () => {
  app = await startTestApp({ env: { FILES_STORAGE: 'local', FILES_DIR: filesDir, FILES_MASTER_KEY: TEST_MASTER_KEY } })
}, 60_000)
afterAll(async () => {
  await app?.close()
  fs.rmSync(filesDir, { recursive: true, force: true })
})

test('start (Billing) → routed bookkeeper replies with a photo → manager added mid-thread → resolved → re-opened by the resident', async () => {
  const s = await setupOrganization(app)
  const resident = await createResident(app.context, s.org.id, s.property.id, '3A')
  const manager = await staffWith(app, s.org.id, []) // no readConversations: sees only as a participant
  const { id } = (await ok(app, resident, START, { topicId: s.billing, subject: 'May invoice', body: 'Why is it twice the usual?' })).startConversation

  const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 10, g: 120, b: 200 } } }).jpeg().toBuffer()
  const image = new Upload()
  image.resolve({ filename: 'meter.jpg', mimetype: 'image/jpeg', encoding: '7bit', createReadStream: () => Readable.from([photo]) } as any)
  const replied = await ok(app, s.bookkeeper, `mutation($id: ID!, $images: [Upload!]) { replyToConversation(conversationId: $id, body: "The meter reading was estimated; see the photo.", images: $images) { attachments { name } } }`, { id, images: [image] })
  expect(replied.replyToConversation.attachments).toEqual([{ name: 'meter.jpg' }])

  await ok(app, s.manager, ADD, { id, userId: manager.id })
  await ok(app, resident, REPLY, { id, body: 'I read 4471 myself.' })
  const seenByManager = await ok(app, manager, `query($id: ID!) { conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: asc }) { body } }`, { id })
  expect(seenByManager.conversationMessages.map((m: any) => m.body)).toEqual(['I read 4471 myself.'])

  await ok(app, manager, READ, { id })
  expect((await ok(app, manager, RESOLVE, { id, category: 'resolved', note: 'Corrected to the real reading' })).resolveConversation).toMatchObject({ status: 'resolved' })
  await ok(app, resident, REPLY, { id, body: 'Thanks! One more question.' })
  const after = await app.context.sudo().db.Conversation.findOne({ where: { id } })
  expect(after).toMatchObject({ status: 'unread', reopenCount: 1, resolutionCategory: 'resolved' })

  const trail = await ok(app, s.manager, `query($id: ID!) { conversationActivities(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: asc }) { kind summary } }`, { id })
  expect(trail.conversationActivities.map((a: any) => a.kind)).toEqual([
    'participantAdded', // the resident
    'participantAdded', // routed to the bookkeeper (management only)
    'started',
    'statusChanged', // the bookkeeper replied: open
    'participantAdded', // the manager, by the manager with manageConversations
    'statusChanged', // the resident wrote: unread again
    'statusChanged', // the manager read it: open
    'resolved',
    'reopened',
  ])
  expect(trail.conversationActivities[1].summary).toContain('Routed to')
})
