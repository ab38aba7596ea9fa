// The portal suites: the real app over HTTP with the real email channel, whose one transport records what
// it was handed (the invitation link is read from there), plus a cookie-keeping form client for the pages.
import type { KeystoneContext } from '@keystone-6/core/types'
import { emailPlugin } from '../../../plugins/email'
import { startTestApp, type TestApp } from '../../harness/app'
import { createContact, usPhone } from '../../harness/contacts'
import { createOrganization, createProperty, createStaff } from '../../harness/factories'
import { drain, RecordingTransport } from '../notifications/fixtures'

/** Records like RecordingTransport; `hold()` keeps the next sends waiting (the provider has not answered) until released. */
export class GatedTransport extends RecordingTransport {
  private gate: Promise<void> | undefined
  hold(): () => void {
    let release!: () => void
    this.gate = new Promise(resolve => (release = resolve))
    return () => {
      this.gate = undefined
      release()
    }
  }
  async send(address: string, content: any, options: any) {
    await this.gate
    return super.send(address, content, options)
  }
}

export type PortalApp = { app: TestApp; email: GatedTransport; linkTo(address: string): Promise<string> }

/** `channels: 'env'`: the production channel plugins with no provider configured (the embedded dev outbox). */
export async function startPortalApp(env: NodeJS.ProcessEnv = {}, options: { channels?: 'env' } = {}): Promise<PortalApp> {
  const email = new GatedTransport('email-test')
  const channels = options.channels ?? [emailPlugin({ transports: [() => email] })]
  const app = await startTestApp({ http: true, channels, env: { PUBLIC_URL: 'http://portal.test', ...env } })
  return {
    app,
    email,
    /** The link in the last invitation email to `address` (after the queue drained), as a path on the test server. */
    async linkTo(address) {
      await drain(app)
      const sent = email.sent.filter(s => s.address === address).at(-1)
      if (!sent) throw new Error(`no email was sent to ${address}`)
      const url = String(sent.content.text).match(/http:\/\/portal\.test(\/portal\/invite\/[A-Za-z0-9_-]+)/)
      if (!url) throw new Error('the email has no invitation link')
      return url[1]
    },
  }
}

let sequence = 0
export const nextEmail = (label = 'tenant') => `${label}${++sequence}-${process.pid}@example.org`

/** An organization with a property, a staff member who may invite, and an invitable resident contact. */
export async function invitationWorld(context: KeystoneContext<any>) {
  const organization = await createOrganization(context, { name: 'Maple Management', country: 'US' })
  const property = await createProperty(context, organization.id, { name: 'Maple Court' })
  const staff = await createStaff(context, organization.id, ['readContacts', 'manageContacts'])
  const contact = await createContact(context, { organization: organization.id, property: property.id, name: 'Tina Tenant', unitName: '12B', email: nextEmail(), phone: usPhone() })
  return { organization, property, staff, contact }
}

export const SEND = `mutation($id: ID!) { sendPortalInvitation(where: { id: $id }) { id portalInvitationStatus } }`
export const SEND_MANY = `mutation($data: [SendPortalInvitationArgs!]!) { sendPortalInvitations(data: $data) { id } }`

export const codeOf = (body: any) => body.errors?.[0]?.extensions?.code

/** A browser-like client for the portal pages: keeps cookies, reads the CSRF field, posts forms. */
export class FormClient {
  private readonly cookies = new Map<string, string>()
  constructor(private readonly base: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = pair.split('=')
      if (/max-age=0/i.test(line) || value.join('=') === '') this.cookies.delete(name.trim())
      else this.cookies.set(name.trim(), value.join('='))
    }
  }

  cookie(name: string) {
    return this.cookies.get(name)
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value)
  }

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    return { ...(cookie ? { cookie } : {}), ...extra }
  }

  async get(path: string) {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' })
    this.remember(res)
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, html: await res.text() }
  }

  async post(path: string, fields: Record<string, string>, extra: Record<string, string> = {}) {
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }),
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })
    this.remember(res)
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, html: await res.text() }
  }

  /** Opens the page, then posts its form (first CSRF field on the page) with `fields`. */
  async submit(pagePath: string, fields: Record<string, string>, action = pagePath) {
    const page = await this.get(pagePath)
    return this.post(action, { _csrf: csrfIn(page.html), ...fields })
  }
}

export function csrfIn(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/)
  if (!match) throw new Error('no CSRF field on the page')
  return match[1]
}

export const STRONG_PASSWORD = 'violet kayak under winter moss'

/** A resident with a portal account (email + password) registered at a unit, signed in through the portal's form. */
export async function signedInResident(app: TestApp, label = 'resident') {
  const { context } = app
  const sudo = context.sudo()
  const organization = await createOrganization(context, { name: `${label} Management` })
  const property = await createProperty(context, organization.id, { name: `${label} House` })
  const email = nextEmail(label)
  const user = await sudo.db.User.createOne({ data: { name: `${label} Person`, email, password: STRONG_PASSWORD, type: 'resident' } })
  const contact = await createContact(context, { organization: organization.id, property: property.id, name: `${label} Person`, unitName: `${label}-7`, email })
  await sudo.db.Contact.updateOne({ where: { id: contact.id }, data: { portalUser: { connect: { id: user.id } } } })
  await sudo.db.Resident.createOne({
    data: {
      user: { connect: { id: user.id } },
      organization: { connect: { id: organization.id } },
      property: { connect: { id: property.id } },
      unitName: `${label}-7`,
      unitType: 'flat',
      contact: { connect: { id: contact.id } },
    },
  })
  const browser = new FormClient(app.url)
  const res = await browser.submit('/portal/signin', { email, password: STRONG_PASSWORD })
  if (res.location !== '/portal') throw new Error(`could not sign in as ${email}: ${res.status}`)
  return { user, email, organization, property, contact, browser }
}

/** A browser holding a staff (or admin) Keystone session, as after signing in to the Admin UI. */
export async function staffBrowser(app: TestApp, user: { email?: string | null }) {
  const { gql } = await import('../../harness/http')
  const auth = await gql(
    app.url,
    `mutation($email: String!) { authenticateUserWithPassword(email: $email, password: "password-123") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
    { email: user.email }
  )
  const browser = new FormClient(app.url)
  browser.setCookie('keystonejs-session', auth.body.data.authenticateUserWithPassword.sessionToken)
  return browser
}
