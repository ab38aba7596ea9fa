// `npm run scaffold -- <kind> <name> [options]`: the skeleton of an extension, with its test, in the
// project's own patterns; what it writes passes `npm run typecheck` and its test as generated.
//   sms-provider <name>                                   adapters/sms/<name>.ts, a fake, a test, SMS_PROVIDERS
//   channel <name> [--address env|field]                  a channel plugin, its transport, a fake, a test, config.ts
//   plugin <name> [--list <ListName>] [--permission <p>]  a feature plugin with one organization-owned list, its access test, config.ts
// It never overwrites a file, and writes nothing when it cannot make every change.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline/promises'
import { PERMISSIONS } from '../../schema/shared/permissions'
import { channelPlan, type AddressSource } from './channel'
import { listKeyOf, namesOf } from './names'
import { applyPlan, type Plan, type Written } from './plan'
import { pluginPlan } from './plugin'
import { smsProviderPlan } from './sms-provider'

export const USAGE = `usage: npm run scaffold -- sms-provider <name>
       npm run scaffold -- channel <name> [--address env|field]
       npm run scaffold -- plugin <name> [--list <ListName>] [--permission <${PERMISSIONS.join('|')}>]`

const ROOT = path.resolve(__dirname, '../..')

export type ScaffoldOptions = {
  root?: string
  /** Asks a question when an option is missing (the channel's address source); absent: the option is required. */
  ask?: (question: string) => Promise<string>
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  if (index === -1) return undefined
  const value = args[index + 1]
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`)
  return value
}

async function addressSource(args: string[], ask: ScaffoldOptions['ask']): Promise<AddressSource> {
  let answer = option(args, '--address')
  if (!answer && ask) {
    answer = (await ask('Where does a recipient\'s address come from?\n  env    one destination from the environment for every message (a team room)\n  field  a field each user sets on their own account\nenv or field? ')).trim()
  }
  if (answer !== 'env' && answer !== 'field') throw new Error(`Say where the address comes from: --address env or --address field (got ${answer ? `"${answer}"` : 'nothing'})`)
  return answer
}

/** Refuses a name the project already uses for that kind, before anything is planned. */
function assertNew(root: string, kind: string, name: string) {
  const taken: Record<string, string[]> = {
    'sms-provider': [`adapters/sms/${name}.ts`],
    channel: [`plugins/${name}`, `adapters/${name}`],
    plugin: [`plugins/${name}`, `schema/${name}`],
  }
  const existing = taken[kind].find(file => fs.existsSync(path.join(root, file)))
  if (existing) throw new Error(`${existing} already exists: choose another name`)
}

/** A list key some schema/ file already defines (`export const <List> = list(`). */
function listExists(root: string, list: string): string | undefined {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
  const pattern = new RegExp(`export const ${list} = list\\(`)
  const file = walk(path.join(root, 'schema')).find(file => file.endsWith('.ts') && pattern.test(fs.readFileSync(file, 'utf8')))
  return file && path.relative(root, file)
}

export async function planFor(args: string[], options: ScaffoldOptions = {}): Promise<Plan> {
  const [kind, rawName] = args
  if (!kind || !rawName || rawName.startsWith('--')) throw new Error(USAGE)
  const root = options.root ?? ROOT
  switch (kind) {
    case 'sms-provider': {
      const names = namesOf(rawName, 'provider')
      assertNew(root, kind, names.kebab)
      return smsProviderPlan(names)
    }
    case 'channel': {
      const names = namesOf(rawName, 'channel')
      assertNew(root, kind, names.kebab)
      return channelPlan(names, await addressSource(args, options.ask))
    }
    case 'plugin': {
      const names = namesOf(rawName, 'plugin')
      assertNew(root, kind, names.kebab)
      const list = listKeyOf(option(args, '--list') ?? names.pascal)
      const existing = listExists(root, list)
      if (existing) throw new Error(`The list ${list} already exists (${existing}): choose another with --list`)
      const permission = option(args, '--permission') ?? 'manageProperties'
      if (!(PERMISSIONS as readonly string[]).includes(permission)) {
        throw new Error(`--permission must be one of ${PERMISSIONS.join(', ')} (a new one is one more entry in schema/shared/permissions.ts)`)
      }
      return pluginPlan(names, { list, permission })
    }
    default:
      throw new Error(`Unknown kind "${kind}"\n${USAGE}`)
  }
}

export async function scaffold(args: string[], options: ScaffoldOptions = {}): Promise<Written & { next: string[] }> {
  const plan = await planFor(args, options)
  return { ...applyPlan(options.root ?? ROOT, plan), next: plan.next }
}

async function main() {
  const prompt = process.stdin.isTTY ? readline.createInterface({ input: process.stdin, output: process.stdout }) : undefined
  try {
    const result = await scaffold(process.argv.slice(2), { ask: prompt && (question => prompt.question(question)) })
    console.log(['Created:', ...result.created.map(file => `  ${file}`)].join('\n'))
    if (result.changed.length) console.log(['Changed:', ...result.changed.map(file => `  ${file}`)].join('\n'))
    console.log(['Next:', ...result.next.map((step, i) => `  ${i + 1}. ${step}`)].join('\n'))
  } finally {
    prompt?.close()
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(`scaffold: ${(error as Error).message}`)
    process.exitCode = 1
  })
}
