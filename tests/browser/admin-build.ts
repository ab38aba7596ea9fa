// The production build of the Admin UI that the browser journeys and bench/admin.ts serve. Built once
// per state of its inputs (admin/, the GraphQL schema the lists make, the lockfile): a hash of them is
// kept beside the build, so a second run (e.g. CI's PostgreSQL pass) reuses it.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const BUILD_DIR = path.join(ROOT, '.keystone/admin')
const STAMP = path.join(BUILD_DIR, '.inputs-hash')

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? files(full) : [full]
  })
}

export function adminBuildInputsHash(): string {
  const hash = createHash('sha256')
  const inputs = [...files(path.join(ROOT, 'admin')).sort(), path.join(ROOT, 'generated/schema.graphql'), path.join(ROOT, 'package-lock.json')]
  for (const file of inputs) {
    hash.update(path.relative(ROOT, file))
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : '')
  }
  return hash.digest('hex')
}

export function adminBuildIsCurrent(): boolean {
  return fs.existsSync(path.join(BUILD_DIR, '.next/BUILD_ID')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === adminBuildInputsHash()
}

/**
 * Runs `keystone build` (client and Admin UI) unless the build matches its inputs. The build generates
 * the Prisma client for `env`'s DATABASE_URL (SQLite when unset), so a PostgreSQL caller passes its own.
 */
export function ensureAdminBuild(log: (line: string) => void = () => {}, env: NodeJS.ProcessEnv = process.env) {
  if (adminBuildIsCurrent()) return
  log('Building the Admin UI (keystone build)...')
  const started = Date.now()
  execFileSync('sh', [path.join(ROOT, 'bin/keystone.sh'), 'build', '--quiet'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] })
  fs.writeFileSync(STAMP, adminBuildInputsHash())
  log(`Admin UI built in ${Math.round((Date.now() - started) / 1000)} s`)
}
