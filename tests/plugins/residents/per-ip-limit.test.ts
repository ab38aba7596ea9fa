// The daily limit per client address holds across phones.
import { gql } from '../../harness/http'
import { codeOf, START, startResidentApp, type ResidentApp } from './helpers'

let r: ResidentApp
beforeAll(async () => {
  r = await startResidentApp({ CONFIRM_PHONE_SMS_PER_IP_PER_DAY: '2' })
})
afterAll(() => r.app.close())

test('a third verification from one address in a day is refused, whatever the phone', async () => {
  expect((await gql(r.app.url, START, { phone: '+14155550101' })).body.data).toBeTruthy()
  expect((await gql(r.app.url, START, { phone: '+14155550102' })).body.data).toBeTruthy()
  const refused = await gql(r.app.url, START, { phone: '+14155550103' })
  expect(codeOf(refused.body)).toBe('TOO_MANY_REQUESTS')
  expect(refused.body.errors![0].message).toMatch(/from this address/)
  await r.lastCode('+14155550102')
  expect(r.sms.sent.map(s => s.address)).not.toContain('+14155550103')
})
