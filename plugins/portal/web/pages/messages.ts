// The Messages area: the resident's conversations with the management and one thread with a reply form.
// Read and written through the messaging plugin's GraphQL with the resident's own session (the same
// visibility as the app); without the messaging plugin the area says it is not available.
import type { KeystoneContext } from '@keystone-6/core/types'
import { html } from '../html'
import { problemsAlert } from '../layout'

type Row = { id: string; subject: string; status: string; unreadCount: number; lastBody: string | null; lastAt: string | null }
type Entry = { id: string; body: string; authorName: string | null; createdAt: string }

const MY_CONVERSATIONS = `query { myConversations(take: 50) { unreadCount conversation { id subject status } lastMessage { body createdAt } } }`
const THREAD = `query($id: ID!) {
  conversation(where: { id: $id }) { id subject status }
  conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: asc }, take: 100) { id body authorName createdAt }
}`
const REPLY = `mutation($id: ID!, $body: String!) { replyToConversation(conversationId: $id, body: $body) { id } }`
const READ = `mutation($id: ID!) { markConversationRead(conversationId: $id) { id } }`

const STATUS_LABELS: Record<string, string> = { unread: 'Waiting for the office', open: 'Open', resolved: 'Resolved', archived: 'Archived' }
const when = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '')

/** null: the messaging feature is not installed. */
export async function loadConversations(context: KeystoneContext<any>): Promise<Row[] | null> {
  if (!context.graphql.schema.getQueryType()?.getFields().myConversations) return null
  const { myConversations } = (await context.graphql.run({ query: MY_CONVERSATIONS })) as { myConversations: any[] }
  return myConversations.map(row => ({
    id: row.conversation.id,
    subject: row.conversation.subject,
    status: row.conversation.status,
    unreadCount: row.unreadCount,
    lastBody: row.lastMessage?.body ?? null,
    lastAt: row.lastMessage?.createdAt ?? null,
  }))
}

export async function loadThread(context: KeystoneContext<any>, id: string) {
  const data = (await context.graphql.run({ query: THREAD, variables: { id } })) as { conversation: { id: string; subject: string; status: string } | null; conversationMessages: Entry[] }
  if (!data.conversation) return null
  await context.graphql.run({ query: READ, variables: { id } }).catch(() => undefined)
  return { ...data.conversation, messages: data.conversationMessages }
}

/** A reply through the same mutation as the app; its typed error's message is shown on the page. */
export async function sendReply(context: KeystoneContext<any>, id: string, body: string): Promise<string | null> {
  try {
    await context.graphql.run({ query: REPLY, variables: { id, body } })
    return null
  } catch (error) {
    return (error as Error).message
  }
}

export const messagesBody = (rows: Row[] | null) => html`<h1>Messages</h1>
${
  rows === null
    ? html`<div class="panel"><p>Conversations with your management office are not available yet.</p></div>`
    : rows.length === 0
      ? html`<p class="muted">No conversations yet. Start one from the app.</p>`
      : html`<ul class="cards" id="conversations">${rows.map(
          row => html`<li>
            <h3><a href="/portal/messages/${row.id}">${row.subject}</a>${row.unreadCount ? html` <strong>(${row.unreadCount} new)</strong>` : ''}</h3>
            <p class="muted">${STATUS_LABELS[row.status] ?? row.status}${row.lastAt ? ` · ${when(row.lastAt)}` : ''}</p>
            ${row.lastBody ? html`<p>${row.lastBody}</p>` : ''}
          </li>`
        )}</ul>`
}`

export const threadBody = (thread: { id: string; subject: string; status: string; messages: Entry[] }, form: { csrf: string; problems?: string[] }) => html`<p><a href="/portal/messages">← All conversations</a></p>
<h1>${thread.subject}</h1>
<p class="muted">${STATUS_LABELS[thread.status] ?? thread.status}${thread.status === 'resolved' || thread.status === 'archived' ? ' · a reply opens it again' : ''}</p>
<ol class="cards" id="thread">${thread.messages.map(
  message => html`<li><p class="muted">${message.authorName ?? ''} · ${when(message.createdAt)}</p><p style="white-space: pre-wrap">${message.body}</p></li>`
)}</ol>
${problemsAlert(form.problems)}
<form method="post" action="/portal/messages/${thread.id}">
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <label for="body">Your reply</label>
  <textarea id="body" name="body" rows="4" required maxlength="5000"></textarea>
  <button type="submit">Send</button>
</form>`
