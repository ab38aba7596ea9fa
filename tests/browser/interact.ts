// Clicks that must have an effect. A click that lands while the Admin UI is still wiring the page (after
// a navigation, during a re-render) does nothing; seen in CI for a picker and a sidebar link. These
// helpers click again, at most three times, until the effect shows, so a journey fails only when the
// page really does not do it.
import type { Locator, Page } from 'playwright-core'

/** Chooses an option of a keystar picker (a button that opens a listbox). */
export async function pick(page: Page, label: string | RegExp, option: string) {
  const name = typeof label === 'string' ? new RegExp(`\\b${label}\\b`) : label
  const opener = page.getByRole('button', { name }).first()
  const choice = page.getByRole('option', { name: option, exact: true })
  for (let attempt = 1; ; attempt++) {
    await opener.click()
    try {
      await choice.waitFor({ timeout: 8_000 })
      break
    } catch (error) {
      if (attempt === 3) throw error
      await page.keyboard.press('Escape')
    }
  }
  await choice.click()
}

/** Follows a link (the Admin UI navigates client-side) until the address is the one expected. */
export async function follow(page: Page, link: Locator, url: RegExp) {
  for (let attempt = 1; ; attempt++) {
    await link.click()
    try {
      await page.waitForURL(url, { timeout: 10_000 })
      return
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}
