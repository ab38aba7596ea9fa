// `npm run admin:reset-password -- <email> [--force]`: gives the user with this email a new generated
// password and prints it once. Meant for the development database (DATABASE_URL, default SQLite under
// data/); with NODE_ENV=production it refuses unless --force is given.
import { getContext } from '@keystone-6/core/context'
import * as PrismaModule from '../generated/prisma/client'
import { buildConfig } from '../config'
import { configRegistry } from '../plugins/kernel'
import { resetPassword } from '../plugins/auth/reset-password'

const USAGE = 'usage: npm run admin:reset-password -- <email> [--force]'

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<number> {
  const force = args.includes('--force')
  const [email, ...extra] = args.filter(arg => arg !== '--force')
  if (!email || extra.length || email.startsWith('-')) throw new Error(USAGE)
  if (env.NODE_ENV === 'production' && !force) {
    throw new Error('NODE_ENV=production: this resets a password in the production database. If that is what you mean, add --force')
  }
  const config = buildConfig(env)
  const context = getContext(config, PrismaModule)
  try {
    const reset = await resetPassword(context, email)
    log(`New password for ${reset.email}${reset.isAdmin ? ' (admin)' : ''}: ${reset.password}`)
    log('It is shown once. Every session of that user has ended (a new password signs all their devices out).')
    return 0
  } finally {
    const registry = configRegistry(config)
    await registry.one('queue').close()
    for (const close of registry.all('closers')) await close()
    await context.prisma.$disconnect()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code
    },
    error => {
      console.error(`admin:reset-password: ${(error as Error).message}`)
      process.exitCode = 1
    }
  )
}
