// Shared by the files tests: a file kind whose readers the test decides, HTTP downloads with a session
// cookie from a chosen loopback address, signing in.
import crypto from 'node:crypto'
import { request } from 'node:http'
import { definePlugin } from '../../../plugins/kernel'
import '../../../plugins/files'
import { signIn } from '../../harness/http'

export const TEST_MASTER_KEY = crypto.randomBytes(32).toString('base64')

/** Kind `testDoc`: readable by the user ids in `readers` (remove one to revoke access). */
export function testDocPlugin(readers: Set<string>) {
  return definePlugin({
    name: 'test-docs',
    requires: ['files'],
    contributes: { fileKinds: [{ kind: 'testDoc', mayRead: async context => readers.has(String(context.session?.itemId)) }] },
  })
}

export type Download = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; complete: boolean }

export function download(url: string, path: string, cookie?: string, localAddress = '127.0.0.1'): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { localAddress, headers: cookie ? { cookie } : {} }, res => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }))
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: false }))
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: false }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The session cookie of a user (password 'password-123', the factories' default). */
export async function cookieOf(url: string, email: string, password = 'password-123') {
  const { setCookie } = await signIn(url, email, password)
  if (!setCookie) throw new Error(`sign-in of ${email} failed`)
  return setCookie.split(';')[0]
}
