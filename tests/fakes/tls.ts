// A self-signed certificate for the TLS fakes (APNs, FCM). node:crypto cannot issue X.509 certificates,
// so the `openssl` CLI makes one per test process into a temp dir; clients trust it through `ca`.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type TestCertificate = { key: string; cert: string }

let cached: TestCertificate | undefined

/** Valid for 127.0.0.1, ::1 and localhost: clients connect by IP or pass `servername: 'localhost'`. */
export function testCertificate(): TestCertificate {
  if (cached) return cached
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-tls-'))
  try {
    const keyFile = path.join(dir, 'key.pem')
    const certFile = path.join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      ],
      { stdio: 'pipe' }
    )
    cached = { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') }
    return cached
  } catch (error) {
    throw new Error(`tests/fakes/tls.ts: cannot create a test certificate with the openssl CLI: ${(error as Error).message}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
