// After a message commits: notify the other participants through the notification pipeline.
// - who: the message's audience (who could see it when written) minus the author; an internal note's
//   audience is staff only, and residents are skipped for notes anyway;
// - batched: one notification per thread and person per CONVERSATION_NOTIFY_BATCH_MINUTES window (the
//   uniqKey holds the window; the pipeline returns the existing message for the same key), so a burst of
//   replies is one email, not one per message;
// - deep link: residents to the thread in the app / portal, staff to the Admin UI inbox.
import type { KeystoneContext } from '@keystone-6/core/types'
import { sendMessages } from '../notifications'
import { CONVERSATION_MESSAGE } from './message-type'
import type { MessagingRuntime } from './runtime'

export const batchSlot = (at: Date, minutes: number) => Math.floor(at.getTime() / (minutes * 60_000))

export function notifyParticipants(runtime: MessagingRuntime) {
  return async (context: KeystoneContext<any>, event: { conversationId: string; messageId: string }) => {
    const prisma = context.sudo().prisma
    const message = await prisma.conversationMessage.findUnique({
      where: { id: event.messageId },
      select: {
        body: true, isInternal: true, createdAt: true, authorId: true, organizationId: true,
        author: { select: { name: true } },
        audience: { select: { id: true, type: true } },
        conversation: { select: { subject: true, organization: { select: { name: true } } } },
      },
    })
    if (!message) return
    const recipients = message.audience.filter((user: { id: string; type: string }) => user.id !== message.authorId && !(message.isInternal && user.type === 'resident'))
    if (recipients.length === 0) return
    const slot = batchSlot(message.createdAt, runtime.options.notifyBatchMinutes)
    const base = runtime.options.publicUrl
    await sendMessages(
      context.sudo(),
      recipients.map((user: { id: string; type: string }) => {
        const url = user.type === 'resident' ? `${base}/portal/messages/${event.conversationId}` : `${base}/inbox?conversation=${event.conversationId}`
        return {
          type: CONVERSATION_MESSAGE,
          to: { userId: user.id },
          organizationId: message.organizationId,
          uniqKey: `conversation-${event.conversationId}-${slot}`,
          meta: {
            conversationId: event.conversationId,
            subject: message.conversation.subject || '…',
            authorName: message.author?.name || 'Management',
            preview: `${message.isInternal ? '[note] ' : ''}${message.body.replace(/\s+/g, ' ').trim().slice(0, 180) || '[image]'}`,
            organizationName: message.conversation.organization?.name || 'Management',
            url,
            deepLink: url,
          },
        }
      })
    )
  }
}
