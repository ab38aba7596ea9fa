// The guard itself: outside addresses are refused whatever the client, loopback still works.
import dns from 'node:dns'
import http from 'node:http'
import http2 from 'node:http2'
import https from 'node:https'
import net from 'node:net'
import { isLoopbackHost } from './no-network'
import { closeServer, listen } from '../fakes/http'

// The guard is installed once per worker process, by whichever test file loaded first: its error class
// may come from another file's module registry, so match the message rather than the class.
const GUARD = /no-network guard/

describe('no-network guard', () => {
  test('is installed by jest setupFiles', () => {
    expect((net.Socket.prototype as unknown as Record<symbol, unknown>)[Symbol.for('cms.tests.noNetworkGuard')]).toBe(true)
  })

  test('refuses raw TCP, TLS, http, http2 and fetch to a non-loopback address', async () => {
    expect(() => net.connect(443, '203.0.113.10')).toThrow(GUARD)
    expect(() => net.connect({ host: 'api.twilio.com', port: 443 })).toThrow('tried to connect to api.twilio.com:443')
    expect(() => https.get('https://fcm.googleapis.com/')).toThrow(GUARD)
    expect(() => http.get('http://198.51.100.7/')).toThrow(GUARD)
    expect(() => http2.connect('https://api.push.apple.com')).toThrow(GUARD)
    const failure = await fetch('https://api.telegram.org/').catch((error: Error) => error)
    // undici rewraps what the socket threw, keeping its message as the cause.
    expect(String((failure as Error & { cause?: unknown }).cause)).toContain('no-network guard')
  })

  test('fails DNS lookups of outside names', async () => {
    await expect(dns.promises.lookup('example.com')).rejects.toThrow(GUARD)
    const error = await new Promise(resolve => dns.lookup('example.com', err => resolve(err)))
    expect(String(error)).toMatch(GUARD)
  })

  test('lets loopback connections through', async () => {
    const server = http.createServer((_req, res) => res.end('ok'))
    const port = await listen(server)
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
      expect(await (await fetch(`http://localhost:${port}/`)).text()).toBe('ok')
    } finally {
      await closeServer(server)
    }
  })

  test('knows which hosts are loopback', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1', undefined]) {
      expect(isLoopbackHost(host)).toBe(true)
    }
    for (const host of ['10.0.0.1', '192.168.1.1', 'example.com', '::ffff:8.8.8.8', '128.0.0.1', 'localhost.example.com']) {
      expect(isLoopbackHost(host)).toBe(false)
    }
  })
})
