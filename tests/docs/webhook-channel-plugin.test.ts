// The example channel plugin from docs/plugins.md works through the whole pipeline: sendMessage →
// delivery task → the example transport → a tiny local "incoming webhook" server.
import http from 'node:http'
import { z } from 'zod'
import { opsChannelPlugin } from '../../docs/examples/webhook-channel-plugin'
import { definePlugin } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import { defineMessageType } from '../../tasks/delivery/contracts'
import { startTestApp, type TestApp } from '../harness/app'
import { closeServer, listen, readBody } from '../fakes/http'
import { drain, messageById } from '../plugins/notifications/fixtures'

// The tiny fake: records each POST; answers with the next planned status (200 by default).
const received: { path: string; body: any }[] = []
const planned: number[] = []
const server = http.createServer(async (req, res) => {
  received.push({ path: req.url!, body: JSON.parse(await readBody(req)) })
  const status = planned.shift() ?? 200
  res.writeHead(status, { 'content-type': 'text/plain', 'x-request-id': `req-${received.length}` })
  res.end(status === 200 ? 'ok' : status === 410 ? 'channel_is_archived' : 'invalid_payload')
})

const leak = defineMessageType({
  type: 'WATER_LEAK_REPORTED',
  meta: z.object({ unit: z.string(), reportedBy: z.string() }),
  templates: { ops: { en: { text: 'Leak reported in unit {{unit}} by {{reportedBy}}' } } },
  channels: ['ops'],
  critical: true,
  retry: { attempts: 3, backoffMs: 20 },
})

let app: TestApp
beforeAll(async () => {
  const port = await listen(server)
  app = await startTestApp({
    plugins: [opsChannelPlugin({ OPS_WEBHOOK_URL: `http://127.0.0.1:${port}/services/T000/B000/secret-path` }), definePlugin({ name: 'leaks', contributes: { messageTypes: [leak] } })],
  })
})
afterAll(async () => {
  await app.close()
  await closeServer(server)
})
beforeEach(() => received.splice(0))

async function report(unit: string) {
  const { id } = await sendMessage(app.context, { type: 'WATER_LEAK_REPORTED', to: { email: 'ops@example.com' }, meta: { unit, reportedBy: 'Anna' } })
  await drain(app)
  return messageById(app, id)
}

test('a message reaches the webhook as { text }, and the trace shows the host, not the secret path', async () => {
  const message = await report('12B')
  expect(message.status).toBe('sent')
  expect(received).toEqual([{ path: '/services/T000/B000/secret-path', body: { text: 'Leak reported in unit 12B by Anna' } }])
  expect(message.trace).toEqual([expect.objectContaining({ outcome: 'sent', channel: 'ops', transport: 'incoming-webhook', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/), providerMessageId: 'req-1' })])
})

test('a 500 is retried; a 410 (archived channel) is an invalid address', async () => {
  planned.push(500)
  expect((await report('3')).trace.map((e: any) => e.outcome)).toEqual(['transient', 'retry', 'sent'])
  planned.push(410)
  const gone = await report('4')
  expect(gone.status).toBe('error')
  expect(gone.trace[0]).toMatchObject({ outcome: 'invalidAddress', error: 'webhook: 410 channel_is_archived (410)' })
})
