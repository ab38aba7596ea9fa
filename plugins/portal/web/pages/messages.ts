// The Messages area: the resident's conversations with the management, read and written with the
// resident's own session through the messaging feature's GraphQL (the same queries the app uses, so
// the visibility rule and the rate limits are the same). Without the messaging feature installed the
// area says so; the portal does not import messaging's code.
import type { KeystoneContext } from '@keystone-6/core/types'
import { html } from '../html'
import { problemsAlert } from '../layout'

type Ctx = KeystoneContext<any>
export type Topic = { id: string; name: string }
export type InboxRow = { id: string; subject: string; status: string; topic: string; unread: number; lastAt: Date | null; lastBody: string }
export type ThreadMessage = { id: string; author: string; body: string; createdAt: Date; images: { name: string; url: string | null }[] }
export type Thread = { id: string; subject: string; status: string; topic: string; messages: ThreadMessage[] }

const STATUS_LABELS: Record<string, string> = { unread: 'Waiting for a reply', open: 'Open', resolved: 'Resolved', archived: 'Archived' }
const statusLabel = (status: string) => STATUS_LABELS[status] ?? status
const when = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '')

/** Whether the messaging feature's resident queries are part of this CMS. */
export function messagingInstalled(context: Ctx): boolean {
  return !!context.graphql.schema.getQueryType()?.getFields().myConversations
}

const INBOX = `query {
  myConversations(take: 50) { unreadCount conversation { id subject status topic { name } } lastMessage { body createdAt } }
  conversationTopics(where: { isActive: { equals: true } }, orderBy: [{ order: asc }, { name: asc }], take: 50) { id name }
}`

export async function loadInbox(context: Ctx): Promise<{ rows: InboxRow[]; topics: Topic[] }> {
  const data = (await context.graphql.run({ query: INBOX })) as any
  return {
    rows: data.myConversations.map((row: any) => ({
      id: row.conversation.id,
      subject: row.conversation.subject,
      status: row.conversation.status,
      topic: row.conversation.topic?.name ?? '',
      unread: row.unreadCount,
      // the newest message the resident may see (the thread's own lastMessageAt is staff's: notes move it)
      lastAt: row.lastMessage?.createdAt ? new Date(row.lastMessage.createdAt) : null,
      lastBody: row.lastMessage?.body ?? '',
    })),
    // one name per topic: residents of several organizations see each organization's list
    topics: data.conversationTopics.map((topic: any) => ({ id: topic.id, name: topic.name })),
  }
}

const THREAD = `query($id: ID!) {
  conversation(where: { id: $id }) { id subject status topic { name } }
  conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: [{ createdAt: asc }], take: 100) {
    id body authorName createdAt attachments { name url }
  }
}`

/** The thread as the resident may see it, or null when it does not exist for them. Opening it marks it read. */
export async function loadThread(context: Ctx, id: string): Promise<Thread | null> {
  const data = (await context.graphql.run({ query: THREAD, variables: { id } })) as any
  if (!data.conversation) return null
  await context.graphql.run({ query: `mutation($id: ID!) { markConversationRead(conversationId: $id) { id } }`, variables: { id } })
  return {
    id: data.conversation.id,
    subject: data.conversation.subject,
    status: data.conversation.status,
    topic: data.conversation.topic?.name ?? '',
    messages: data.conversationMessages.map((m: any) => ({
      id: m.id,
      author: m.authorName ?? '',
      body: m.body,
      createdAt: new Date(m.createdAt),
      images: m.attachments ?? [],
    })),
  }
}

export async function startConversation(context: Ctx, form: Record<string, string>): Promise<string> {
  const data = (await context.graphql.run({
    query: `mutation($topicId: ID!, $subject: String!, $body: String!) { startConversation(topicId: $topicId, subject: $subject, body: $body) { id } }`,
    variables: { topicId: form.topic ?? '', subject: form.subject ?? '', body: form.body ?? '' },
  })) as any
  return data.startConversation.id
}

export async function reply(context: Ctx, id: string, body: string) {
  await context.graphql.run({ query: `mutation($id: ID!, $body: String!) { replyToConversation(conversationId: $id, body: $body) { id } }`, variables: { id, body } })
}

/** A refusal the resident can act on (a typed GraphQL error's message), or undefined for anything else. */
export function refusalOf(error: unknown): string | undefined {
  const code = (error as any)?.extensions?.code ?? (error as any)?.originalError?.extensions?.code
  if (!code || code === 'TOO_MANY_REQUESTS' || code === 'SERVICE_UNAVAILABLE' || code === 'INTERNAL_SERVER_ERROR') return undefined
  return String((error as Error).message)
}

/** The body the area shows: `build`'s when the messaging feature is installed, else a note that it is not. */
export async function messagesInstalledOr(context: Ctx, build: () => Promise<ReturnType<typeof html>>) {
  return messagingInstalled(context) ? build() : messagesUnavailableBody()
}

export const messagesUnavailableBody = () => html`<h1>Messages</h1>
<div class="panel">
  <p>Conversations with your management office will appear here.</p>
  <p class="muted">This part of the portal is not available yet. Your notices are on the <a href="/portal">home page</a>.</p>
</div>`

export function inboxBody(inbox: { rows: InboxRow[]; topics: Topic[] }, form: { csrf: string; problems?: string[]; values?: Record<string, string> }) {
  const values = form.values ?? {}
  return html`<h1>Messages</h1>
<section aria-labelledby="conversations-heading">
  <h2 id="conversations-heading">Your conversations</h2>
  ${inbox.rows.length === 0
    ? html`<p class="muted">No conversations yet. Start one below: it reaches the right person at your management office.</p>`
    : html`<ul class="list" id="conversations">${inbox.rows.map(
        row => html`<li>
          <a href="/portal/messages/${encodeURIComponent(row.id)}"><strong>${row.subject}</strong></a>
          ${row.unread > 0 ? html` <span class="badge" aria-label="${row.unread} unread">${row.unread} new</span>` : ''}
          <br><span class="muted">${row.topic} · ${statusLabel(row.status)} · ${when(row.lastAt)}</span>
          ${row.lastBody ? html`<br>${row.lastBody.length > 140 ? row.lastBody.slice(0, 140) + '…' : row.lastBody}` : ''}
        </li>`
      )}</ul>`}
</section>
<section aria-labelledby="start-heading">
  <h2 id="start-heading">Start a conversation</h2>
  ${problemsAlert(form.problems)}
  ${inbox.topics.length === 0
    ? html`<p class="muted">Your management office has no topics open for conversations.</p>`
    : html`<form method="post" action="/portal/messages">
    <input type="hidden" name="_csrf" value="${form.csrf}">
    <p><label for="topic">Topic</label><br><select id="topic" name="topic" required>${inbox.topics.map(
      topic => html`<option value="${topic.id}"${values.topic === topic.id ? html` selected` : ''}>${topic.name}</option>`
    )}</select></p>
    <p><label for="subject">Subject</label><br><input id="subject" name="subject" maxlength="200" required value="${values.subject ?? ''}"></p>
    <p><label for="body">Message</label><br><textarea id="body" name="body" rows="5" maxlength="5000" required>${values.body ?? ''}</textarea></p>
    <p><button type="submit">Send</button></p>
  </form>`}
</section>`
}

export function threadBody(thread: Thread, form: { csrf: string; problems?: string[]; body?: string }) {
  const reopens = thread.status === 'resolved' || thread.status === 'archived'
  return html`<p><a href="/portal/messages">← All conversations</a></p>
<h1>${thread.subject}</h1>
<p class="muted">${thread.topic} · ${statusLabel(thread.status)}</p>
<ol class="thread" id="thread">${thread.messages.map(
    message => html`<li>
      <p class="muted"><strong>${message.author || 'Management'}</strong> · <time datetime="${message.createdAt.toISOString()}">${when(message.createdAt)}</time></p>
      <p class="message-body">${message.body}</p>
      ${message.images.map(image => (image.url ? html`<p><a href="${image.url}">${image.name}</a></p>` : ''))}
    </li>`
  )}</ol>
${problemsAlert(form.problems)}
<form method="post" action="/portal/messages/${encodeURIComponent(thread.id)}">
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <p><label for="reply">Your reply</label><br><textarea id="reply" name="body" rows="4" maxlength="5000" required>${form.body ?? ''}</textarea></p>
  ${reopens ? html`<p class="muted">This conversation is ${statusLabel(thread.status).toLowerCase()}; replying opens it again.</p>` : ''}
  <p><button type="submit">Send reply</button></p>
</form>`
}
