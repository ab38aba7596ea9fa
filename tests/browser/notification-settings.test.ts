// Notification settings in Chromium on the production build of the Admin UI: the message type and the
// channel are choices among the installed ones (adminNotificationChoices), not free text, and the channel
// order is an ordered pick (add, move, remove) stored comma-separated. Fails on any page error, console
// error or request to a host other than loopback.
import { as, createOrganization, createStaff } from '../harness/factories'
import type { Watched } from './chromium'
import { adminJourney } from './journey'
import { pick } from './interact'
import { signInAsStaff } from './sign-in'
import { screenshots } from './screenshots'

jest.setTimeout(240_000)

const shoot = screenshots('notification-settings')

const j = adminJourney({}, async app => {
  const organization = await createOrganization(app.context, { name: 'Maple Management', country: 'US' })
  const staff = await createStaff(app.context, organization.id, [])
  const { adminNotificationChoices: choices } = (await as(app.context, staff).graphql.run({
    query: `{ adminNotificationChoices { messageTypes { type title } channels } }`,
  })) as any
  return { staff, choices }
})

/** The options of a keystar picker, opened then closed. */
async function optionsOf(page: Watched['page'], label: RegExp) {
  await page.getByRole('button', { name: label }).first().click()
  const listbox = page.getByRole('listbox')
  await listbox.waitFor()
  const options = await listbox.getByRole('option').allInnerTexts()
  await page.keyboard.press('Escape')
  await listbox.waitFor({ state: 'hidden' })
  return options.map(o => o.trim())
}


test('message type and channel are picked among the installed ones; the channel order is an ordered pick', async () => {
  const { page } = j.browser
  const { messageTypes, channels } = j.world.choices as { messageTypes: { type: string; title: string }[]; channels: string[] }
  expect(channels.length).toBeGreaterThanOrEqual(2) // the env channels: enough to order
  await signInAsStaff(page, j.server.url, j.world.staff.email, 'password-123')
  await page.goto(`${j.server.url}/notification-user-settings/create`)

  // the choices are exactly the installed ones, after "every"
  expect(await optionsOf(page, /Message type$/i)).toEqual(['Every type', ...messageTypes.map(t => `${t.title} (${t.type})`)])
  expect(await optionsOf(page, /Channel$/i)).toEqual(['Every channel', ...channels])
  expect(await page.getByRole('textbox', { name: /Message type|Channel/i }).count()).toBe(0) // no free text
  const type = messageTypes.find(t => t.type === 'CUSTOM_MESSAGE') ?? messageTypes[0]
  await pick(page, /Message type$/i, `${type.title} (${type.type})`)

  // the order: add two channels, move the second up, add and remove a third when there is one
  const [first, second, third] = channels
  const chosen = page.getByRole('list', { name: /chosen channels/ })
  await page.getByRole('button', { name: `Add ${first}` }).click()
  await page.getByRole('button', { name: `Add ${second}` }).click()
  expect(await chosen.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining(`1. ${first}`), expect.stringContaining(`2. ${second}`)])
  expect(await page.getByRole('button', { name: `Add ${first}` }).count()).toBe(0) // a channel is chosen once
  await page.getByRole('button', { name: `Move ${second} up` }).click()
  if (third) {
    await page.getByRole('button', { name: `Add ${third}` }).click()
    await page.getByRole('button', { name: `Remove ${third}` }).click()
  }
  expect(await chosen.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining(`1. ${second}`), expect.stringContaining(`2. ${first}`)])
  await shoot(page, 'create-setting')

  await page.getByRole('button', { name: /^Create/ }).click()
  await page.waitForURL(/\/notification-user-settings\/(?!create)\w+$/)
  const stored = await j.app.context.sudo().prisma.notificationUserSetting.findMany({ where: { userId: j.world.staff.id } })
  expect(stored).toEqual([expect.objectContaining({ messageType: type.type, channel: '', channelOrder: `${second},${first}`, isEnabled: true })])
  // the saved order reads back in the same order on the item page
  await page.getByRole('list', { name: /chosen channels/ }).getByText(`1. ${second}`).waitFor()
  await shoot(page, 'setting-saved')
})
