// Debian's Chromium driven by playwright-core (PLATFORM.md): a fresh profile per run, no background
// traffic, and a watch on the page that the journey fails on: console errors, uncaught page errors and
// any request to a host other than loopback.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export type Watched = { page: Page; problems: string[]; close(): Promise<void> }

const isLoopback = (url: string) => {
  const { protocol, hostname } = new URL(url)
  if (protocol === 'data:' || protocol === 'about:' || protocol === 'blob:') return true
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
}

export async function openBrowser(options: BrowserContextOptions = {}): Promise<Watched> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-chromium-'))
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ARGS,
    headless: true,
    ...options,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const problems: string[] = []
  page.on('console', message => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', error => problems.push(`page error: ${error.message}`))
  context.on('request', request => {
    if (!isLoopback(request.url())) problems.push(`request to a non-loopback host: ${request.url()}`)
  })
  return {
    page,
    problems,
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}
