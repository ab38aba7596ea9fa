// A Prisma client for a config that config.ts does not describe, so a plugin with lists or fields can be
// tested before it is registered there (docs examples, a plugin being written):
// startTestApp({ plugins: [examplePlugin()], generateClient: true }). Generated once per schema into
// generated/variants/<hash>/ (`prisma generate`, a few seconds the first time), shared by later runs.
import crypto from 'node:crypto'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { buildArtifacts } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'

const ROOT = path.resolve(__dirname, '../..')
export const VARIANTS_DIR = path.join(ROOT, 'generated/variants')
const OUTPUT = '__VARIANT_CLIENT__'
const MAX_AGE_MS = 24 * 60 * 60 * 1000

export type VariantClient = { PrismaModule: any; datamodel: string; dir: string }

type System = Parameters<typeof buildArtifacts>[1]

function prismaEnv() {
  // Prisma's CLI only checks that a schema engine exists (see bin/keystone.sh); client generation needs none
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(ROOT, 'bin/prisma-engine-stub.sh'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  }
}

async function generate(dir: string, datamodel: string) {
  const building = `${dir}.${process.pid}-${crypto.randomBytes(3).toString('hex')}.tmp`
  fs.mkdirSync(building, { recursive: true })
  try {
    fs.writeFileSync(path.join(building, 'schema.prisma'), datamodel.replace(`"${OUTPUT}"`, '"./client"'))
    const cli = require.resolve('prisma/build/index.js', { paths: [ROOT] })
    await promisify(execFile)(process.execPath, [cli, 'generate', '--schema', path.join(building, 'schema.prisma')], { cwd: ROOT, env: prismaEnv() })
    try {
      fs.renameSync(building, dir) // atomic: a parallel worker that got there first keeps its copy
    } catch (error) {
      if (!fs.existsSync(path.join(dir, 'client/client.ts'))) throw error
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true })
  }
}

/** Variants of other schemas older than a day (a younger one may serve a concurrent run). */
function removeStale(keep: string) {
  for (const name of fs.existsSync(VARIANTS_DIR) ? fs.readdirSync(VARIANTS_DIR) : []) {
    const dir = path.join(VARIANTS_DIR, name)
    if (dir !== keep && Date.now() - fs.statSync(dir).mtimeMs > MAX_AGE_MS) fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The Prisma schema Keystone prints for a system, unformatted. buildArtifacts formats it with the Prisma
 * CLI it resolves from `cwd` (seconds per call); resolved from this folder the "CLI" does nothing, and the
 * schema comes back as printed, which `prisma generate` and the schema engine take as well.
 */
async function printedSchema(system: System): Promise<string> {
  const cwd = path.join(os.tmpdir(), 'cms-test-unformatted-prisma')
  const cli = path.join(cwd, 'node_modules/prisma/build/index.js')
  if (!fs.existsSync(cli)) {
    fs.mkdirSync(path.dirname(cli), { recursive: true })
    fs.writeFileSync(`${cli}.${process.pid}`, '// leaves the schema as Keystone printed it (tests/harness/variant-client.ts)\n')
    fs.renameSync(`${cli}.${process.pid}`, cli)
  }
  return (await buildArtifacts(cwd, system, OUTPUT)).prisma
}

export async function variantClient(system: System): Promise<VariantClient> {
  const prisma = await printedSchema(system)
  const hash = crypto.createHash('sha256').update(prisma).digest('hex').slice(0, 16)
  const dir = path.join(VARIANTS_DIR, hash)
  if (!fs.existsSync(path.join(dir, 'client/client.ts'))) await generate(dir, prisma)
  removeStale(dir)
  const datamodel = fs.readFileSync(path.join(dir, 'schema.prisma'), 'utf8')
  return { PrismaModule: require(path.join(dir, 'client/client.ts')), datamodel, dir }
}
