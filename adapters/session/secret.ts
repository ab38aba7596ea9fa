// The session secret: SESSION_SECRET in production; in development one is generated once
// and kept under data/ so sessions survive restarts.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export function sessionSecretFromEnv(env: NodeJS.ProcessEnv = process.env, dataDir = path.resolve('data')): string {
  const fromEnv = env.SESSION_SECRET?.trim()
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters long')
    return fromEnv
  }
  if (env.NODE_ENV === 'production') {
    throw new Error('SESSION_SECRET is required when NODE_ENV=production (at least 32 random characters)')
  }
  const file = path.join(dataDir, 'session-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url')
    fs.mkdirSync(dataDir, { recursive: true })
    // wx: if another process wrote it first, keep theirs
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 })
      return secret
    } catch {
      return fs.readFileSync(file, 'utf8').trim()
    }
  }
}
