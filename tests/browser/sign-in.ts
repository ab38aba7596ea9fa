// Signs a staff member (or an admin) in through the Admin UI's /signin page, as a person would, and
// waits for the dashboard: the first step of every browser journey after the sign-in page's own test.
import type { Page } from 'playwright-core'

export async function signInAsStaff(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/signin`)
  await page.getByLabel('Email').fill(email)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
}
