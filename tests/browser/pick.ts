// Chooses an option of a keystar picker (a button that opens a listbox). A click that lands before the
// page has wired the picker opens nothing (seen once on a loaded CI machine), so the picker is opened
// again until its options show.
import type { Page } from 'playwright-core'

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
