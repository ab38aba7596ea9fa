// What the Admin UI's message list shows instead of raw keys: the recipient (a user's name, or the
// address masked as in the trace) and the type's title ("PORTAL_INVITATION" -> "Portal invitation").
import { g } from '@keystone-6/core'
import { virtual } from '@keystone-6/core/fields'
import { loadInBatch } from '../shared/batch-loader'
import { maskAddress } from '../../tasks/delivery/trace'

export function typeTitle(type: string): string {
  const words = type.toLowerCase().split('_').filter(Boolean).join(' ')
  return words ? words[0].toUpperCase() + words.slice(1) : type
}

/** `user-<id>` → the user's name; `phone-…` / `email-…` → masked, never the full address. */
async function recipientLabel(item: any, context: any): Promise<string> {
  if (item.userId) {
    const name = await loadInBatch<string>(context, 'message-recipient-user', String(item.userId), async ids => {
      const users = await context.sudo().prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
      return new Map(users.map((u: { id: string; name: string }) => [u.id, u.name]))
    })
    if (name) return name
  }
  const key = String(item.recipientKey ?? '')
  const address = key.replace(/^(phone|email|user)-/, '')
  return address ? maskAddress(address) : ''
}

const listOnly = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const } }

export const messageDisplayFields = {
  typeTitle: virtual({
    field: g.field({ type: g.String, resolve: (item: any) => typeTitle(String(item.type ?? '')) }),
    ui: { label: 'Type', ...listOnly },
  }),
  recipient: virtual({
    field: g.field({ type: g.String, resolve: (item: any, _args, context) => recipientLabel(item, context) }),
    ui: { ...listOnly },
  }),
}
