// Writing a message: the one place that keeps a thread's counters, cursors and status true.
// - audience: who takes part now (internal notes: the staff among them);
// - cursors: +1 unread for everyone in the audience but the author; the author has read up to now; the
//   message is everyone's newest (the inbox rows' last message);
// - the thread: last message, counts; a resident's message needs attention (unread) and re-opens a
//   resolved or archived thread (reopen counter + activity); a staff reply makes it open (each change an
//   internal activity entry). A staff
//   member's reply to a resolved or archived thread leaves the status alone (a "thanks, closing" note).
import { preview } from './text'
import { recordActivity, currentAudience } from '../../schema/messaging/audience'
import { openKey } from './participants'
import { claim } from './attachments'

type Tx = any

export type WrittenMessage = { id: string; audience: string[]; reopened: boolean; createdAt: Date }

export async function writeMessage(
  tx: Tx,
  input: { organizationId: string; conversationId: string; authorId: string; authorName: string; authorIsStaff: boolean; body: string; isInternal: boolean; at: Date; attachmentIds?: readonly string[]; id?: string }
): Promise<WrittenMessage> {
  const { organizationId, conversationId, authorId, at } = input
  const audience = await currentAudience(tx, conversationId, input.isInternal)
  const message = await tx.conversationMessage.create({
    data: { ...(input.id ? { id: input.id } : {}), organizationId, conversationId, authorId, authorName: input.authorName, body: input.body, isInternal: input.isInternal, createdAt: at, audience: { connect: audience.map(id => ({ id })) } },
    select: { id: true },
  })
  await claim(tx, input.attachmentIds ?? [], message.id)
  const others = audience.filter(id => id !== authorId)
  if (others.length) {
    await tx.conversationReadCursor.updateMany({ where: { conversationId, userId: { in: others } }, data: { unreadCount: { increment: 1 }, lastMessageId: message.id } })
  }
  await tx.conversationReadCursor.updateMany({ where: { cursorKey: openKey(conversationId, authorId) }, data: { lastReadAt: at, unreadCount: 0, lastMessageId: message.id } })

  const thread = {
    lastMessageAt: at,
    lastMessagePreview: `${input.isInternal ? '[note] ' : ''}${preview(input.body || (input.attachmentIds?.length ? '[image]' : ''))}`,
    lastMessageAuthorName: input.authorName,
    messageCount: { increment: 1 },
  }
  let reopened = false
  if (input.isInternal) {
    await tx.conversation.update({ where: { id: conversationId }, data: thread })
  } else if (!input.authorIsStaff) {
    // compare-and-set: of two parallel replies to a resolved thread, one re-opens it
    const reopen = await tx.conversation.updateMany({
      where: { id: conversationId, status: { in: ['resolved', 'archived'] } },
      data: { ...thread, status: 'unread', reopenCount: { increment: 1 }, staffUnreadCount: { increment: 1 }, resolvedAt: null, archivedAt: null },
    })
    reopened = reopen.count === 1
    if (reopened) {
      await recordActivity(tx, { organizationId, conversationId, kind: 'reopened', summary: `${input.authorName} replied: the conversation is open again`, actorId: authorId, details: { to: 'unread' }, at })
    } else {
      await tx.conversation.update({ where: { id: conversationId }, data: { ...thread, staffUnreadCount: { increment: 1 } } })
      const attention = await tx.conversation.updateMany({ where: { id: conversationId, status: 'open' }, data: { status: 'unread' } })
      if (attention.count === 1) await statusEntry(tx, input, `${input.authorName} wrote: waiting for the office again`, 'open', 'unread')
    }
  } else {
    await tx.conversation.update({ where: { id: conversationId }, data: { ...thread, staffUnreadCount: 0 } })
    const answered = await tx.conversation.updateMany({ where: { id: conversationId, status: 'unread' }, data: { status: 'open' } })
    if (answered.count === 1) await statusEntry(tx, input, `${input.authorName} replied: open`, 'unread', 'open')
  }
  return { id: message.id, audience, reopened, createdAt: at }
}

/** A status change a message caused: management's trail (internal), the message itself is what residents see. */
function statusEntry(tx: Tx, input: { organizationId: string; conversationId: string; authorId: string; at: Date }, summary: string, from: string, to: string) {
  return recordActivity(tx, { organizationId: input.organizationId, conversationId: input.conversationId, kind: 'statusChanged', summary, actorId: input.authorId, details: { from, to }, isInternal: true, at: input.at })
}
