// Serves the CMS with the production build of the Admin UI (.keystone/admin, `keystone build`) from the
// project's sources and the generated client of the current DATABASE_URL, as `keystone start` would.
// Run as a child process by the browser journeys and bench/admin.ts (`tsx tests/browser/serve-admin.ts`):
// it prints `ADMIN_UI_READY <url>` once it listens on 127.0.0.1 (PORT, or a free port). bench/admin.ts runs it
// bundled on plain Node (bench/lib/bundle.ts), from elsewhere: ADMIN_BUILD_DIR then says where the build is.
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { KeystoneConfig, KeystoneContext } from '@keystone-6/core/types'
import { createExpressServer, createSystem } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/artifacts'
import * as PrismaModule from '../../generated/prisma/client'
import { buildConfig } from '../../config'

export const ADMIN_BUILD_DIR = process.env.ADMIN_BUILD_DIR || path.resolve(__dirname, '../../.keystone/admin')

// the parts of Express's request and response this file uses (the project has no @types/express)
type Request = IncomingMessage & { path: string }
type Response = ServerResponse & { redirect(status: number, url: string): void; status(code: number): Response; send(body: string): void }
type NextApp = { prepare(): Promise<void>; getRequestHandler(): (req: Request, res: Response) => Promise<void>; render(req: Request, res: Response, page: string): Promise<void> }

/** Keystone's own Admin UI middleware (not exported by @keystone-6/core): access check, then Next. */
function adminUiMiddleware(config: KeystoneConfig<any>, context: KeystoneContext<any>, nextApp: NextApp) {
  const handle = nextApp.getRequestHandler()
  const ui = config.ui as Required<NonNullable<KeystoneConfig<any>['ui']>>
  return async (req: Request, res: Response) => {
    if (req.path.startsWith('/_next') || req.path.startsWith('/__next')) return handle(req, res)
    try {
      const requestContext = await context.withRequest(req, res)
      const allowed = ui.publicPages.includes(req.path) || (await ui.isAccessAllowed(requestContext))
      const redirect = await ui.pageMiddleware?.({ context: requestContext, wasAccessAllowed: allowed, basePath: '' })
      if (redirect) return res.redirect(302, redirect.to)
      if (!allowed) return nextApp.render(req, res, '/no-access')
      return handle(req, res)
    } catch (error) {
      console.error('Admin UI request failed:', error)
      res.status(500).send('Admin UI error')
    }
  }
}

async function main() {
  const system = createSystem(buildConfig(process.env))
  const keystone = system.getKeystone(PrismaModule)
  await keystone.connect()
  const { expressServer, httpServer } = await createExpressServer(system.config, keystone.context)
  // required, not imported: next's types make NODE_ENV a required key of every ProcessEnv in the project
  const nextServer = require('next')
  const createNext = (nextServer.default ?? nextServer) as (options: object) => NextApp
  const nextApp = createNext({ dev: false, dir: ADMIN_BUILD_DIR })
  await nextApp.prepare()
  expressServer.use(adminUiMiddleware(system.config, keystone.context, nextApp))
  await new Promise<void>(resolve => httpServer.listen(Number(process.env.PORT || 0), '127.0.0.1', resolve))
  console.log(`ADMIN_UI_READY http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`)
  const stop = async () => {
    httpServer.close()
    await keystone.disconnect().catch(() => {})
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

if (require.main === module) {
  main().catch(error => {
    console.error(error)
    process.exit(1)
  })
}
