// Screenshots of each step of a journey, for people and CI to look at: artifacts/screenshots/<journey>/.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'

export const SCREENSHOTS_DIR = path.resolve(__dirname, '../../artifacts/screenshots')

export function screenshots(journey: string) {
  const dir = path.join(SCREENSHOTS_DIR, journey)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  let step = 0
  return async (page: Page, name: string) => {
    step += 1
    await page.screenshot({ path: path.join(dir, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true })
  }
}
