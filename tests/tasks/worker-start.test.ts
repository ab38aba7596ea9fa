// `npm run worker` runs the bundle `npm run build` writes (bin/bundle.ts, bin/worker.sh): it says what to
// do when the bundle is missing, and it starts without loading the provider SDKs and libraries it may
// never use (they load on first use), which kept the idle worker at over 300 MB.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { bundle } from '../../bin/bundle'

const ROOT = path.resolve(__dirname, '../..')
// inside the project: the bundle's packages are resolved from its own location
const DIR = path.join(ROOT, 'node_modules/.cache/test', `worker-start-${process.pid}`)
const LAZY = ['twilio', 'telegraf', 'nodemailer', '@parse/node-apn', 'firebase-admin', '@aws-sdk/client-s3', 'sharp', 'exceljs', '@zxcvbn-ts/core']

afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }))

test('a missing bundle: one line saying to run npm run build, exit 1', () => {
  const result = spawnSync('sh', [path.join(ROOT, 'bin/worker.sh'), path.join(DIR, 'missing.js')], { encoding: 'utf8' })
  expect(result.status).toBe(1)
  expect(result.stderr.trim()).toBe(`[worker] ${path.join(DIR, 'missing.js')} does not exist: run \`npm run build\` first (it bundles the worker).`)
})

test('the bundled worker loads everything it imports, and none of the lazily loaded packages', async () => {
  const file = await bundle('tasks/worker.ts', path.join(DIR, 'worker.js'))
  // reports, on exit, which packages of node_modules were required
  const preload = path.join(DIR, 'report-packages.js')
  fs.writeFileSync(
    preload,
    `process.on('exit', () => process.stderr.write('PACKAGES ' + JSON.stringify([...new Set(Object.keys(require.cache)
      .map(f => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]).filter(Boolean))]) + '\\n'))\n`
  )
  // without REDIS_URL the worker stops right after loading, with its own message
  const result = spawnSync('sh', [path.join(ROOT, 'bin/worker.sh'), file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: '', SESSION_SECRET: 'worker-start-test-secret-0123456789abcdef', WORKER_NODE_OPTIONS: `--require ${preload}` },
  })
  expect(result.stderr).toContain('[worker] REDIS_URL is not set')
  expect(result.status).toBe(1)
  const loaded: string[] = JSON.parse(/PACKAGES (.*)/.exec(result.stderr)![1])
  expect(loaded).toEqual(expect.arrayContaining(['@prisma/client', 'handlebars', 'ioredis']))
  expect(loaded.filter(name => LAZY.includes(name))).toEqual([])
}, 120_000)
