// GET /api/health: 200 when the database and the queue answer, 503 with a one-line reason otherwise.
import { startTestApp, type TestApp } from '../../harness/app'

const unreachableDatabase = process.env.DATABASE_URL?.startsWith('postgres')
  ? 'postgres://postgres@127.0.0.1:1/test'
  : 'file:/dev/null/cms.db'

async function health(app: TestApp) {
  const res = await fetch(`${app.url}/api/health`)
  return { status: res.status, body: (await res.json()) as any }
}

test('200 when the database and the queue answer', async () => {
  const app = await startTestApp({ http: true })
  try {
    const { status, body } = await health(app)
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, queue: { ok: true, kind: process.env.REDIS_URL ? 'bullmq' : 'inline' } })
  } finally {
    await app.close()
  }
})

test('503 when the queue (Redis) is unreachable', async () => {
  const app = await startTestApp({ http: true, env: { REDIS_URL: 'redis://127.0.0.1:1', WORKERS_IN_PROCESS: 'false' } })
  try {
    const { status, body } = await health(app)
    expect(status).toBe(503)
    expect(body).toMatchObject({ status: 'unavailable', database: { ok: true }, queue: { ok: false, kind: 'bullmq' } })
  } finally {
    await app.close()
  }
})

test('503 when the database is unreachable, with a one-line error', async () => {
  const app = await startTestApp({ http: true, connect: false, env: { DATABASE_URL: unreachableDatabase } })
  try {
    const { status, body } = await health(app)
    expect(status).toBe(503)
    expect(body.database.ok).toBe(false)
    expect(body.database.error).toEqual(expect.any(String))
    expect(body.database.error).not.toContain('\n')
  } finally {
    await app.close()
  }
})
