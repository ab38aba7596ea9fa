// `npm run files:rotate-key`: re-wraps every file's data key with the current master key.
// Rotation: put the new key in FILES_MASTER_KEY and the old one in FILES_MASTER_KEY_PREVIOUS (every
// process), run this once, then drop the old key. Files stay readable throughout; no file is re-encrypted.
import { getContext } from '@keystone-6/core/context'
import * as PrismaModule from '../generated/prisma/client'
import { buildConfig } from '../config'
import { configRegistry } from '../plugins/kernel'
import { rewrapFileKeys } from '../schema/files/rotate'
import { fileServices } from '../tasks/sweep-files'

export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<number> {
  const config = buildConfig(env)
  const registry = configRegistry(config)
  const context = getContext(config, PrismaModule)
  try {
    const { rewrapped, current } = await rewrapFileKeys(context.prisma, fileServices(registry).vault.keyring)
    log(`Re-wrapped ${rewrapped} file key(s) with the master key of version ${current}.`)
    log('Once every process runs with this FILES_MASTER_KEY, FILES_MASTER_KEY_PREVIOUS can be emptied.')
    return 0
  } finally {
    await registry.one('queue').close()
    for (const close of registry.all('closers')) await close()
    await context.prisma.$disconnect()
  }
}

if (require.main === module) {
  main().then(
    code => {
      process.exitCode = code
    },
    error => {
      console.error(`files:rotate-key: ${(error as Error).message}`)
      process.exitCode = 1
    }
  )
}
