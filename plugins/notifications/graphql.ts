// GraphQL beyond the lists' CRUD: sendMessage for staff, the resident's messages and settings,
// and the unsubscribe link. Access decisions use the shared predicates; reads go through the caller's
// context so the lists' access rules still apply to what is returned.
import { g } from '@keystone-6/core'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { settingKey, validateSetting, type NotificationNames } from '../../schema/notifications/settings'
import { typedError } from '../../schema/shared/errors'
import { notificationOptions } from '../../tasks/delivery/registry'
import { registryOf } from '../kernel'
import { sendMessage } from './send-message'
import { assertStaffMaySend, signedIn } from './staff-send'
import { assertRecipientsInOrganization } from './recipients'
import { staffSendLimitsOf } from './send-limits'
import { applyUnsubscribeToken } from './unsubscribe'


const SendMessageInput = g.inputObject({
  name: 'SendMessageInput',
  fields: {
    type: g.arg({ type: g.nonNull(g.String) }),
    organizationId: g.arg({ type: g.nonNull(g.ID) }),
    userId: g.arg({ type: g.ID }),
    phone: g.arg({ type: g.String }),
    email: g.arg({ type: g.String }),
    locale: g.arg({ type: g.String }),
    meta: g.arg({ type: g.JSON }),
    uniqKey: g.arg({ type: g.String }),
  },
})

const UnsubscribeResult = g.object<{ messageType: string; channel: string }>()({
  name: 'UnsubscribeResult',
  fields: {
    messageType: g.field({ type: g.nonNull(g.String), description: "'' means every type" }),
    channel: g.field({ type: g.nonNull(g.String), description: "'' means every channel" }),
  },
})

const MAX_PAGE = 100

export const notificationsGraphql = (names: NotificationNames) =>
  g.extend(base => {
    const SendMessageResult = g.object<{ id: string; status: string; created: boolean }>()({
      name: 'SendMessageResult',
      fields: {
        id: g.field({ type: g.nonNull(g.ID) }),
        status: g.field({ type: g.nonNull(g.String) }),
        created: g.field({ type: g.nonNull(g.Boolean), description: 'false: a message with this uniqKey existed; it is returned' }),
        message: g.field({
          type: base.object('Message'),
          resolve: (result, _args, context) => context.db.Message.findOne({ where: { id: result.id } }),
        }),
      },
    })

    return {
      query: {
        myMessages: g.field({
          type: g.nonNull(g.list(g.nonNull(base.object('Message')))),
          description: 'The signed-in user\'s messages, newest first',
          args: { take: g.arg({ type: g.nonNull(g.Int), defaultValue: 20 }), skip: g.arg({ type: g.nonNull(g.Int), defaultValue: 0 }) },
          resolve(_root, { take, skip }, context) {
            const session = signedIn(context)
            if (take < 1 || take > MAX_PAGE || skip < 0) throw typedError('WRONG_PAGE', `take is 1..${MAX_PAGE} and skip >= 0`)
            return context.db.Message.findMany({
              where: { user: { id: { equals: session.itemId } } },
              orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
              take,
              skip,
            })
          },
        }),
        myMessagesCount: g.field({
          type: g.nonNull(g.Int),
          args: { unreadOnly: g.arg({ type: g.nonNull(g.Boolean), defaultValue: false }) },
          resolve(_root, { unreadOnly }, context) {
            const session = signedIn(context)
            return context.db.Message.count({
              where: { user: { id: { equals: session.itemId } }, ...(unreadOnly ? { readAt: { equals: null } } : {}) },
            })
          },
        }),
      },
      mutation: {
        sendMessage: g.field({
          type: g.nonNull(SendMessageResult),
          description: 'Staff holding manageMessages in the organization send a message of a staff-sendable type',
          args: { data: g.arg({ type: g.nonNull(SendMessageInput) }) },
          async resolve(_root, { data }, context) {
            await assertStaffMaySend(context, data.organizationId, 'manageMessages', data.type)
            await assertRecipientsInOrganization(context, data.organizationId, [{ userId: data.userId, phone: data.phone, email: data.email }])
            await staffSendLimitsOf(registryOf(context)).spendMessage(context.session!.itemId)
            return sendMessage(context, {
              type: data.type,
              organizationId: data.organizationId,
              to: { userId: data.userId, phone: data.phone, email: data.email },
              locale: data.locale,
              meta: data.meta,
              uniqKey: data.uniqKey,
              sentById: context.session?.itemId,
            })
          },
        }),
        markMessageRead: g.field({
          type: g.nonNull(base.object('Message')),
          args: { id: g.arg({ type: g.nonNull(g.ID) }) },
          async resolve(_root, { id }, context) {
            const session = signedIn(context)
            const prisma = context.prisma as any
            // only the recipient reads a message (staff who may see it do not mark it read)
            const message = await prisma.message.findFirst({ where: { id, userId: session.itemId }, select: { id: true, status: true, readAt: true } })
            if (!message) throw typedError('MESSAGE_NOT_FOUND', 'No such message, or it is not yours')
            if (!message.readAt) {
              await prisma.message.updateMany({
                where: { id, readAt: null },
                data: { readAt: new Date(), ...(['sent', 'delivered'].includes(message.status) ? { status: 'read' } : {}) },
              })
            }
            return context.db.Message.findOne({ where: { id } })
          },
        }),
        setNotificationSetting: g.field({
          type: g.nonNull(base.object('NotificationUserSetting')),
          description: 'Creates or changes the signed-in user\'s setting for (messageType, channel); empty means all',
          args: {
            messageType: g.arg({ type: g.nonNull(g.String), defaultValue: '' }),
            channel: g.arg({ type: g.nonNull(g.String), defaultValue: '' }),
            isEnabled: g.arg({ type: g.nonNull(g.Boolean) }),
            channelOrder: g.arg({ type: g.String }),
          },
          async resolve(_root, { messageType, channel, isEnabled, channelOrder }, context) {
            const session = signedIn(context)
            // checked here too: an error thrown in a list hook reaches the client as KS_EXTENSION_ERROR
            validateSetting(names, context, { messageType, channel, channelOrder })
            const key = settingKey(session.itemId, messageType, channel)
            const change = { isEnabled, ...(channelOrder !== null && channelOrder !== undefined ? { channelOrder } : {}) }
            const update = async () => {
              const [existing] = await context.db.NotificationUserSetting.findMany({ where: { settingKey: { equals: key } }, take: 1 })
              return existing ? context.db.NotificationUserSetting.updateOne({ where: { id: String(existing.id) }, data: change }) : null
            }
            const updated = await update()
            if (updated) return updated
            try {
              // the caller's own context: the list's access rules and hooks decide, as for createNotificationUserSetting
              return await context.db.NotificationUserSetting.createOne({ data: { messageType, channel, ...change } })
            } catch (error) {
              if (!isUniqueViolation(error)) throw error
              return (await update())!
            }
          },
        }),
        applyUnsubscribeLink: g.field({
          type: g.nonNull(UnsubscribeResult),
          description: 'Applies a signed unsubscribe link (no sign-in needed: the link is the credential)',
          args: { token: g.arg({ type: g.nonNull(g.String) }) },
          async resolve(_root, { token }, context) {
            const claim = await applyUnsubscribeToken(context.sudo(), notificationOptions(registryOf(context)), token)
            return { messageType: claim.messageType, channel: claim.channel }
          },
        }),
      },
    }
  })
