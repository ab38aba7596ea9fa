// `npm run scaffold` writes code that passes the typecheck and its own tests as generated. Each kind is
// generated into a copy of the project (its files, node_modules linked), which is then built, type-checked
// and tested as a developer would (SQLite), and removed. The registry-driven tests of existing code run
// there too: adding a provider and channels must not mean editing them.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { planFor, scaffold } from '../../bin/scaffold'

const ROOT = path.resolve(__dirname, '../..')
const run = promisify(execFile)

/** The project's files (tracked and new, not ignored) copied to a temporary folder, node_modules linked. */
async function copyOfProject(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-scaffold-'))
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, maxBuffer: 16 << 20 })
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!fs.existsSync(path.join(ROOT, file))) continue // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file))
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

/** Runs a command in the copy on SQLite with the inline queue; its output is the failure message. */
async function sh(cwd: string, command: string, args: string[]) {
  const env = { ...process.env, DATABASE_URL: '', REDIS_URL: '', NODE_ENV: 'test' }
  try {
    return await run(command, args, { cwd, env, maxBuffer: 64 << 20 })
  } catch (error: any) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`.slice(-8000))
  }
}

describe('in a copy of the project', () => {
  let dir: string
  beforeAll(async () => {
    dir = await copyOfProject()
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('every kind generates code that type-checks and passes its tests, with the existing registry tests', async () => {
    const root = { root: dir }
    // names nobody gives a real extension, so this holds whatever the project gains
    const written = [
      await scaffold(['sms-provider', 'probe-sms'], root),
      await scaffold(['channel', 'probe-room', '--address', 'env'], root),
      await scaffold(['channel', 'probe-inbox'], { ...root, ask: async () => 'field' }),
      await scaffold(['plugin', 'probe-feature', '--list', 'ProbeItem'], root),
    ]
    expect(written.flatMap(w => w.changed).sort()).toEqual(['config.ts', 'config.ts', 'config.ts', 'plugins/sms/index.ts', 'tests/security/tenant-rows.ts'])
    const config = fs.readFileSync(path.join(dir, 'config.ts'), 'utf8')
    expect(config).toMatch(/export function channelPluginsFromEnv[\s\S]*?return \[[^\n]*, probeRoomPluginFromEnv\(env\), probeInboxPluginFromEnv\(env\)\]\n/)
    expect(config).toMatch(/\n {6}probeFeaturePlugin\(\),\n {6}\.\.\.\(options\.channels \?\? channelPluginsFromEnv\(env\)\),/)

    await sh(dir, 'npm', ['run', 'generate'])
    await sh(dir, 'npx', ['tsc', '-p', 'tsconfig.json'])
    const tests = [
      ...written.flatMap(w => w.created).filter(file => file.endsWith('.test.ts')),
      'tests/plugins/channels-config.test.ts',
      // the new list joins the table-driven tenant suite
      'tests/security/tenant-boundary.test.ts',
    ]
    expect(tests).toHaveLength(6)
    const { stderr } = await sh(dir, 'npx', ['jest', '--ci', ...tests])
    expect(stderr).toMatch(/Test Suites: 6 passed, 6 total/)
  }, 600_000)

  test('nothing is written when one change cannot be made: a config.ts without its channel list', async () => {
    const config = path.join(dir, 'config.ts')
    const original = fs.readFileSync(config, 'utf8')
    fs.writeFileSync(config, original.replace('export function channelPluginsFromEnv', 'export function otherName'))
    try {
      await expect(scaffold(['channel', 'probe-pager', '--address', 'env'], { root: dir })).rejects.toThrow(
        'Cannot find where to edit config.ts; nothing was written. Add probePagerPluginFromEnv(env) to the list channelPluginsFromEnv returns in config.ts.'
      )
      expect(fs.existsSync(path.join(dir, 'plugins/probe-pager'))).toBe(false)
      expect(fs.readFileSync(config, 'utf8')).not.toContain('probePager')
    } finally {
      fs.writeFileSync(config, original)
    }
  })
})

describe('refusals, before anything is planned', () => {
  test('a name that is not kebab-case, or already taken', async () => {
    await expect(planFor(['plugin', 'Parking'])).rejects.toThrow('The plugin name must be kebab-case, starting with a letter (a-z, 0-9, single dashes): got "Parking"')
    await expect(planFor(['sms-provider', 'twilio'])).rejects.toThrow('adapters/sms/twilio.ts already exists: choose another name')
    await expect(planFor(['channel', 'sms', '--address', 'env'])).rejects.toThrow('plugins/sms already exists: choose another name')
  })

  test('a channel without its address source, a plugin with an unknown permission or list name, an unknown kind', async () => {
    await expect(planFor(['channel', 'probe-pager'])).rejects.toThrow('Say where the address comes from: --address env or --address field (got nothing)')
    await expect(planFor(['channel', 'probe-pager'], { ask: async () => 'database' })).rejects.toThrow('(got "database")')
    await expect(planFor(['plugin', 'probe-feature', '--permission', 'parkCars'])).rejects.toThrow(/^--permission must be one of readContacts, /)
    await expect(planFor(['plugin', 'probe-feature', '--list', 'parking_spot'])).rejects.toThrow('The list name must be PascalCase')
    await expect(planFor(['plugin', 'probe-feature', '--list', 'Property'])).rejects.toThrow('The list Property already exists (schema/organizations/property.ts): choose another with --list')
    await expect(planFor(['widget', 'x'])).rejects.toThrow('Unknown kind "widget"')
    await expect(planFor([])).rejects.toThrow(/^usage: npm run scaffold -- sms-provider <name>/)
  })
})
