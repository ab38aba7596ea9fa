import { g } from '@keystone-6/core'
import { typedError } from '../../schema/shared/errors'
import type { Session } from '../../schema/shared/session'
import { createLinkToken } from './links'

const TelegramLink = g.object<{ url: string; expiresAt: Date }>()({
  name: 'TelegramLink',
  fields: {
    url: g.field({ type: g.nonNull(g.String), description: 'https://t.me/<bot>?start=<one-time token>: open it on the phone' }),
    expiresAt: g.field({ type: g.nonNull(g.DateTime) }),
  },
})

export const telegramGraphql = (options: { botUsername?: string; linkTtlMs: number }) =>
  g.extend(() => ({
    mutation: {
      createTelegramLink: g.field({
        type: g.nonNull(TelegramLink),
        description: 'A one-time link that connects the signed-in user to the bot in Telegram',
        async resolve(_root, _args, context) {
          const session = context.session as Session | undefined
          if (!session) throw typedError('AUTHENTICATION_REQUIRED', 'Sign in first')
          if (!options.botUsername) throw typedError('TELEGRAM_NOT_CONFIGURED', 'Telegram is not set up on this server')
          const { token, expiresAt } = await createLinkToken(context.sudo().prisma, session.itemId, options.linkTtlMs)
          return { url: `https://t.me/${options.botUsername}?start=${token}`, expiresAt }
        },
      }),
    },
  }))
