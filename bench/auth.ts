// Benchmark: what sign-in and sessions cost, over HTTP against the real server (SQLite, or PostgreSQL
// when the client was generated for it and BENCH_DATABASE_URL points at a server).
//
//   npx tsx bench/auth.ts [--signins 30] [--requests 500]        (npm run bench:auth)
//
// 1. Password sign-in answers, timed one at a time and interleaved: a wrong password for a real account,
//    an unknown email, an account without a password, the right password. The first three must answer
//    alike, in about the same time (Keystone's resolver runs bcrypt for each): their ratio is printed.
// 2. A request's session cost: `{ __typename }` anonymous, with a bearer token and with the cookie. The
//    signed-in requests read the session (one query); the difference to anonymous is that cost.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { flag } from './lib/args'


const SIGNINS = flag('signins', 30)
const REQUESTS = flag('requests', 500)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function main() {
  const schema = fs.readFileSync(path.resolve(__dirname, '../generated/schema.prisma'), 'utf8')
  const provider = /provider\s*=\s*"postgresql"/.test(schema) ? 'postgresql' : 'sqlite'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-auth-'))
  const url = provider === 'sqlite' ? `file:${path.join(dir, 'bench.db')}` : `${process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'}?schema=bench_auth_${process.pid}`

  const { prismaSchemaFor } = require('../bin/db') as typeof import('../bin/db')
  const { push } = require('../adapters/database/schema-engine') as typeof import('../adapters/database/schema-engine')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    REDIS_URL: '',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmnop',
      FILES_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    ADMIN_EMAIL: 'admin@bench.example',
    ADMIN_PASSWORD: 'bench-admin-password',
    // the limits are not what is measured here
    SIGN_IN_PER_ACCOUNT_PER_HOUR: '1000000',
    SIGN_IN_PER_IP_PER_HOUR: '1000000',
    NODE_ENV: 'production',
  }
  const target = new URL(url.startsWith('file:') ? 'file:///x' : url)
  await push({ provider, url, schema: target.searchParams.get('schema') ?? undefined }, await prismaSchemaFor(env))

  const { createExpressServer, createSystem } = require('@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts')
  const PrismaModule = require('../generated/prisma/client')
  const { buildConfig } = require('../config') as typeof import('../config')
  const { bindRegistry, configRegistry } = require('../plugins/kernel') as typeof import('../plugins/kernel')
  const config = buildConfig(env)
  const system = createSystem(config)
  const keystone = system.getKeystone(PrismaModule)
  bindRegistry(keystone.context, configRegistry(config))
  const log = console.log
  console.log = () => {}
  await keystone.connect()
  console.log = log
  const { httpServer } = await createExpressServer(system.config, keystone.context)
  await new Promise<void>(resolve => httpServer.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/api/graphql`

  try {
    const sudo = keystone.context.sudo()
    await sudo.db.User.createOne({ data: { name: 'Staff', email: 'staff@bench.example', password: 'bench-password-1', type: 'staff' } })
    await sudo.db.User.createOne({ data: { name: 'Resident', email: 'resident@bench.example', type: 'resident' } })

    const post = async (query: string, variables: object = {}, headers: Record<string, string> = {}) => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) })
      return { body: (await res.json()) as any, setCookie: res.headers.get('set-cookie') }
    }
    const SIGN_IN = `mutation($e: String!, $p: String!) { authenticateUserWithPassword(email: $e, password: $p) {
      ... on UserAuthenticationWithPasswordSuccess { sessionToken } ... on UserAuthenticationWithPasswordFailure { message } } }`

    const cases = {
      'wrong password': { e: 'staff@bench.example', p: 'not-the-password' },
      'unknown email': { e: 'nobody@bench.example', p: 'not-the-password' },
      'no password set': { e: 'resident@bench.example', p: 'not-the-password' },
      'right password': { e: 'staff@bench.example', p: 'bench-password-1' },
    }
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map(k => [k, []]))
    const answers: Record<string, string> = {}
    for (let i = 0; i < SIGNINS + 3; i++) {
      for (const [name, variables] of Object.entries(cases)) {
        const started = performance.now()
        const { body } = await post(SIGN_IN, variables)
        if (i >= 3) times[name].push(performance.now() - started) // the first rounds warm up
        answers[name] = JSON.stringify(body.data?.authenticateUserWithPassword?.message ?? (body.data?.authenticateUserWithPassword?.sessionToken ? 'session' : body))
      }
    }
    console.log(`\nPassword sign-in over HTTP (${provider}), ${SIGNINS} of each, interleaved; median ms, answer`)
    for (const name of Object.keys(cases)) console.log(`  ${name.padEnd(18)} ${median(times[name]).toFixed(1).padStart(8)}   ${answers[name]}`)
    const wrong = median(times['wrong password'])
    console.log(`  unknown email / wrong password:   ${(median(times['unknown email']) / wrong).toFixed(2)}`)
    console.log(`  no password set / wrong password: ${(median(times['no password set']) / wrong).toFixed(2)}`)

    const signedIn = await post(SIGN_IN, cases['right password'])
    const token = signedIn.body.data.authenticateUserWithPassword.sessionToken
    const cookie = signedIn.setCookie!.split(';')[0]
    const TYPENAME = `{ __typename }`
    const variants: Record<string, Record<string, string>> = { anonymous: {}, bearer: { authorization: `Bearer ${token}` }, cookie: { cookie } }
    const latencies: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map(k => [k, []]))
    for (let i = 0; i < REQUESTS + 50; i++) {
      for (const [name, headers] of Object.entries(variants)) {
        const started = performance.now()
        await post(TYPENAME, {}, headers)
        if (i >= 50) latencies[name].push(performance.now() - started)
      }
    }
    console.log(`\nA request's session cost: { __typename } over HTTP, ${REQUESTS} of each, interleaved; median ms`)
    const anonymous = median(latencies.anonymous)
    for (const name of Object.keys(variants)) {
      const m = median(latencies[name])
      console.log(`  ${name.padEnd(10)} ${m.toFixed(3).padStart(8)}   x${(m / anonymous).toFixed(2)} of anonymous, +${(m - anonymous).toFixed(3)} ms`)
    }
  } finally {
    await new Promise(resolve => httpServer.close(resolve))
    await configRegistry(config).one('queue').close()
    for (const close of configRegistry(config).all('closers')) await close()
    await keystone.disconnect()
    fs.rmSync(dir, { recursive: true, force: true })
    if (provider === 'postgresql') {
      const pg = require('pg') as typeof import('pg')
      const client = new pg.Client({ connectionString: url.replace(/\?.*$/, '') })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS bench_auth_${process.pid} CASCADE`)
      await client.end()
    }
  }
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
