// The frame every staff journey shares: once per test file the app (SQLite or PostgreSQL, as the run says)
// with the rows `setup` makes, the production Admin UI server on its database and Chromium; all closed
// after the file; and after every step, a check that nothing went wrong in the page and nothing left the
// machine (chromium.ts collects page errors, console errors and non-loopback requests).
import type { BrowserContextOptions } from 'playwright-core'
import { startTestApp, type TestApp } from '../harness/app'
import { startAdminServer, type AdminServer } from './admin-server'
import { openBrowser, type Watched } from './chromium'

type AppOptions = Parameters<typeof startTestApp>[0]

export type Journey<W> = { app: TestApp; server: AdminServer; browser: Watched; world: W }

export function adminJourney<W>(
  options: { app?: AppOptions; browser?: BrowserContextOptions },
  setup: (app: TestApp) => Promise<W>
): Journey<W> {
  const journey = {} as Journey<W>
  beforeAll(async () => {
    journey.app = await startTestApp(options.app ?? { channels: 'env' })
    journey.world = await setup(journey.app)
    journey.server = await startAdminServer(journey.app.env)
    journey.browser = await openBrowser({ viewport: { width: 1280, height: 900 }, ...options.browser })
  })
  afterAll(async () => {
    await journey.browser?.close()
    await journey.server?.close()
    await journey.app?.close()
  })
  afterEach(() => {
    expect(journey.browser.problems).toEqual([])
  })
  return journey
}
