// Resident tests go through the real HTTP API and the real pipeline; the SMS channel records what it sent.
import { definePlugin } from '../../../plugins/kernel'
import { startTestApp, type TestApp } from '../../harness/app'
import { gql } from '../../harness/http'
import { drain, RecordingTransport, recordingChannel } from '../notifications/fixtures'

export type ResidentApp = { app: TestApp; sms: RecordingTransport; lastCode(phone: string): Promise<string> }

export async function startResidentApp(env: NodeJS.ProcessEnv = {}): Promise<ResidentApp> {
  const sms = new RecordingTransport('sms-test')
  const plugin = definePlugin({
    name: 'test-sms',
    requires: ['notifications'],
    contributes: { channels: [recordingChannel('sms', { transports: [sms] })] },
  })
  const app = await startTestApp({ http: true, plugins: [plugin], env })
  return {
    app,
    sms,
    async lastCode(phone) {
      await drain(app)
      const sent = sms.sent.filter(s => s.address === phone).at(-1)
      if (!sent) throw new Error(`no SMS was sent to ${phone}`)
      return String(sent.content.text).match(/\d{6}/)![0]
    },
  }
}

export const START = `mutation($phone: String!, $locale: String) { startConfirmPhoneAction(phone: $phone, locale: $locale) { token } }`
export const RESEND = `mutation($token: String!) { resendConfirmPhoneActionSms(token: $token) }`
export const COMPLETE = `mutation($token: String!, $code: String!) { completeConfirmPhoneAction(token: $token, code: $code) { isPhoneVerified } }`
export const SIGNIN = `mutation($token: String!, $name: String) { signinResidentUser(token: $token, name: $name) { sessionToken item { id phone type } } }`
export const REGISTER = `mutation($property: ID!, $unitName: String!, $unitType: String!) {
  registerResident(property: $property, unitName: $unitName, unitType: $unitType) { id unitName unitType propertyName contact { id name type role { key } } }
}`

export const codeOf = (body: any) => body.errors?.[0]?.extensions?.code

/** Start, read the SMS, complete: a verified token for this phone. */
export async function verifiedToken(r: ResidentApp, phone: string) {
  const started = await gql(r.app.url, START, { phone })
  const token = started.body.data.startConfirmPhoneAction.token
  const code = await r.lastCode(phone)
  const done = await gql(r.app.url, COMPLETE, { token, code })
  expect(done.body.data?.completeConfirmPhoneAction.isPhoneVerified).toBe(true)
  return token as string
}

/** A signed-in resident: the bearer header for their requests and their user id. */
export async function signedInResident(r: ResidentApp, phone: string, name = 'Ann Resident') {
  const token = await verifiedToken(r, phone)
  const res = await gql(r.app.url, SIGNIN, { token, name })
  const { sessionToken, item } = res.body.data.signinResidentUser
  return { headers: { authorization: `Bearer ${sessionToken}` }, userId: item.id as string }
}
