// Home: the resident's units and the latest notices addressed to them. Read with the resident's own
// session (the Resident list's access and the app's `myMessages`), so the portal sees what the app sees.
import type { KeystoneContext } from '@keystone-6/core/types'
import { renderTemplates } from '../../../../tasks/delivery/templates'
import type { MessageTypeDefinition } from '../../../../tasks/delivery/contracts'
import { textFromHtml } from '../../../email/channel'
import { html } from '../html'

export const LATEST_NOTICES = 10

type Unit = { id: string; unitName: string; unitType: string; propertyName: string; propertyAddress: string; organizationName: string }
type Notice = { id: string; title: string; body: string; createdAt: Date; unread: boolean }

export async function loadUnits(context: KeystoneContext<any>): Promise<Unit[]> {
  const rows = await context.db.Resident.findMany({ orderBy: [{ createdAt: 'asc' }] })
  const prisma = context.sudo().prisma as any
  const ids = (key: string) => [...new Set(rows.map((row: any) => row[key]).filter(Boolean))] as string[]
  // names of the residents' own property and organization: theirs to know, not theirs to query
  const [properties, organizations] = await Promise.all([
    prisma.property.findMany({ where: { id: { in: ids('propertyId') } }, select: { id: true, name: true, address: true } }),
    prisma.organization.findMany({ where: { id: { in: ids('organizationId') } }, select: { id: true, name: true } }),
  ])
  const property = new Map<string, any>(properties.map((p: any) => [p.id, p]))
  const organization = new Map<string, any>(organizations.map((o: any) => [o.id, o]))
  return rows.map((row: any) => ({
    id: String(row.id),
    unitName: row.unitName,
    unitType: row.unitType,
    propertyName: property.get(row.propertyId)?.name ?? '',
    propertyAddress: property.get(row.propertyId)?.address ?? '',
    organizationName: organization.get(row.organizationId)?.name ?? '',
  }))
}

const MY_MESSAGES = `query($take: Int!) { myMessages(take: $take) { id type locale meta createdAt readAt } }`

/** A message as a notice: the type's portal template, else its default, push or email one; secret ones say nothing. */
export function noticeText(type: MessageTypeDefinition | undefined, message: { type: string; locale: string; meta: unknown }): { title: string; body: string } {
  if (!type || !message.meta) return { title: 'Notice', body: '' }
  const channel = ['portal', 'default', 'push', 'email', 'sms'].find(name => type.templates[name])
  if (!channel) return { title: 'Notice', body: '' }
  try {
    const { parts } = renderTemplates(type, channel, message.locale, message.meta as Record<string, unknown>)
    const title = (parts.title ?? parts.subject ?? 'Notice').trim()
    const body = (parts.body ?? parts.text ?? (parts.html ? textFromHtml(parts.html) : '')).trim()
    return { title: title || 'Notice', body: body === title ? '' : body }
  } catch {
    return { title: 'Notice', body: '' }
  }
}

export async function loadNotices(context: KeystoneContext<any>, types: Map<string, MessageTypeDefinition>): Promise<Notice[]> {
  const { myMessages } = (await context.graphql.run({ query: MY_MESSAGES, variables: { take: LATEST_NOTICES } })) as { myMessages: any[] }
  return myMessages.map(message => ({
    id: message.id,
    ...noticeText(types.get(message.type), message),
    createdAt: new Date(message.createdAt),
    unread: !message.readAt,
  }))
}

const day = (date: Date) => date.toISOString().slice(0, 10)

export function dashboardBody(data: { name: string; units: Unit[]; notices: Notice[]; welcome: boolean }) {
  return html`<h1>Hello, ${data.name}</h1>
${data.welcome ? html`<p class="notice" role="status">Your account is ready. You are signed in.</p>` : ''}
<section aria-labelledby="units-heading">
  <h2 id="units-heading">Your homes</h2>
  ${
    data.units.length
      ? html`<ul class="cards" id="units">${data.units.map(
          unit => html`<li>
            <h3>${unit.propertyName}, unit ${unit.unitName}</h3>
            <p class="muted">${[unit.propertyAddress, unit.unitType, unit.organizationName].filter(Boolean).join(' · ')}</p>
          </li>`
        )}</ul>`
      : html`<p class="muted">No homes are linked to your account yet.</p>`
  }
</section>
<section aria-labelledby="notices-heading">
  <h2 id="notices-heading">Latest notices</h2>
  ${
    data.notices.length
      ? html`<ul class="cards" id="notices">${data.notices.map(
          notice => html`<li>
            <h3>${notice.unread ? html`<span class="muted">New · </span>` : ''}${notice.title}</h3>
            <p class="muted"><time datetime="${notice.createdAt.toISOString()}">${day(notice.createdAt)}</time></p>
            ${notice.body ? html`<p>${notice.body}</p>` : ''}
          </li>`
        )}</ul>`
      : html`<p class="muted">No notices yet.</p>`
  }
</section>`
}
