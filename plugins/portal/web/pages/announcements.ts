// Announcements: the broadcasts that reached the resident, newest first (the app's `myAnnouncements`,
// read with the resident's own session), each marked read with a plain form. Without the broadcasts
// feature installed the schema has no such query and the page says there is nothing.
import type { KeystoneContext } from '@keystone-6/core/types'
import { html, raw } from '../html'

type Announcement = { id: string; title: string; bodyHtml: string; kind: string; publishedAt: string; isRead: boolean }

const MY_ANNOUNCEMENTS = `query { myAnnouncements(take: 50) { id title bodyHtml kind publishedAt isRead } }`

export async function loadAnnouncements(context: KeystoneContext<any>): Promise<Announcement[]> {
  if (!context.graphql.schema.getQueryType()?.getFields().myAnnouncements) return []
  const { myAnnouncements } = (await context.graphql.run({ query: MY_ANNOUNCEMENTS })) as { myAnnouncements: Announcement[] }
  return myAnnouncements
}

export async function markAnnouncementRead(context: KeystoneContext<any>, id: string) {
  await context.graphql.run({ query: 'mutation($id: ID!) { markMessageRead(id: $id) { id } }', variables: { id } })
}

const day = (iso: string) => iso.slice(0, 10)

export function announcementsBody(items: Announcement[], csrf: string) {
  return html`<h1>Announcements</h1>
${
  items.length
    ? html`<ul class="cards" id="announcements">${items.map(
        a => html`<li data-announcement="${a.id}"${a.isRead ? '' : html` class="unread"`}>
          <h3>${a.kind === 'emergency' ? html`<span class="emergency">Emergency · </span>` : ''}${a.isRead ? '' : html`<span class="muted">New · </span>`}${a.title}</h3>
          <p class="muted"><time datetime="${a.publishedAt}">${day(a.publishedAt)}</time></p>
          <div class="announcement">${raw(a.bodyHtml) /* made on the server from escaped text (schema/broadcasts/format.ts) */}</div>
          ${
            a.isRead
              ? ''
              : html`<form method="post" action="/portal/announcements/read">
              <input type="hidden" name="_csrf" value="${csrf}">
              <input type="hidden" name="id" value="${a.id}">
              <button type="submit" class="link">Mark as read</button>
            </form>`
          }
        </li>`
      )}</ul>`
    : html`<p class="muted">No announcements yet.</p>`
}`
}
