// broadcastMessage: staff holding `broadcast` in an organization send one message (type, meta) to many
// recipients at once — an outage notice to a property's residents — through sendMessages: every
// recipient validated first (a bad one's typed error carries its index), all saved or none, delivered
// in batch jobs.
import { g } from '@keystone-6/core'
import type { GraphQLSchema } from 'graphql'
import { typedError } from '../../schema/shared/errors'
import { sendMessages } from './send-message'
import { assertStaffMaySend } from './staff-send'
import { assertRecipientsInOrganization } from './recipients'
import { staffSendLimitsOf } from './send-limits'
import { registryOf } from '../kernel'

/** Recipients per call: larger audiences are sent in several calls (each its own transaction). */
export const MAX_BROADCAST_RECIPIENTS = 10_000

const MessageRecipientInput = g.inputObject({
  name: 'MessageRecipientInput',
  fields: { userId: g.arg({ type: g.ID }), phone: g.arg({ type: g.String }), email: g.arg({ type: g.String }) },
})

const BroadcastMessageInput = g.inputObject({
  name: 'BroadcastMessageInput',
  fields: {
    organizationId: g.arg({ type: g.nonNull(g.ID) }),
    type: g.arg({ type: g.nonNull(g.String) }),
    meta: g.arg({ type: g.JSON }),
    locale: g.arg({ type: g.String }),
    uniqKey: g.arg({ type: g.String, description: 'Per recipient: calling again with the same key sends nothing new' }),
    recipients: g.arg({ type: g.nonNull(g.list(g.nonNull(MessageRecipientInput))) }),
  },
})

const BroadcastResult = g.object<{ messageIds: string[]; created: number }>()({
  name: 'BroadcastResult',
  fields: {
    messageIds: g.field({ type: g.nonNull(g.list(g.nonNull(g.ID))), description: 'In the order of the recipients' }),
    created: g.field({ type: g.nonNull(g.Int), description: 'New messages; the others existed with this uniqKey' }),
  },
})

export const broadcastGraphql = (schema: GraphQLSchema) =>
  g.extend(() => ({
    mutation: {
      broadcastMessage: g.field({
        type: g.nonNull(BroadcastResult),
        description: `Staff holding broadcast in the organization send one message to up to ${MAX_BROADCAST_RECIPIENTS} recipients`,
        args: { data: g.arg({ type: g.nonNull(BroadcastMessageInput) }) },
        async resolve(_root, { data }, context) {
          await assertStaffMaySend(context, data.organizationId, 'broadcast', data.type)
          const count = data.recipients.length
          if (count < 1 || count > MAX_BROADCAST_RECIPIENTS) {
            throw typedError('WRONG_RECIPIENTS', `Give 1 to ${MAX_BROADCAST_RECIPIENTS} recipients (got ${count})`)
          }
          await assertRecipientsInOrganization(context, data.organizationId, data.recipients, true)
          const limits = staffSendLimitsOf(registryOf(context))
          await limits.spendBroadcast(data.organizationId)
          const results = await sendMessages(
            context,
            data.recipients.map(to => ({ type: data.type, organizationId: data.organizationId, to, meta: data.meta, locale: data.locale, uniqKey: data.uniqKey, sentById: context.session?.itemId }))
          ).catch(async error => {
            // refused (a bad meta, a bad recipient): nothing was sent, so it is not one of the hour's broadcasts
            await limits.refundBroadcast(data.organizationId)
            throw error
          })
          return { messageIds: results.map(r => r.id), created: results.filter(r => r.created).length }
        },
      }),
    },
  }))(schema)
