// How many of an audience each channel of the broadcast's kind can reach (a push token, a linked Telegram
// chat, an email; SMS for emergencies) and how many none of them can (they still find it in their
// announcements feed). Counted with the audience's own `where`, each channel's `reachableUsers` and the
// type's policy as the delivery runs will apply it (blacklists; for regular broadcasts the residents'
// channel preferences: tasks/delivery/policy-where.ts), so it agrees with what the progress shows once sent.
import { g } from '@keystone-6/core'
import { audienceWhere, messageTypeOf, type Audience } from '../../schema/broadcasts'
import type { RegistryReader } from '../../tasks/define'
import { policyWhere } from '../../tasks/delivery/policy-where'
import { channels as channelsOf, messageTypes } from '../../tasks/delivery/registry'

export type Reach = { total: number; unreachable: number; channels: { channel: string; reachable: number }[] }

const ChannelReach = g.object<Reach['channels'][number]>()({
  name: 'BroadcastChannelReach',
  fields: {
    channel: g.field({ type: g.nonNull(g.String) }),
    reachable: g.field({ type: g.nonNull(g.Int), description: 'Recipients with an address on this channel who did not turn it off (nor are blacklisted)' }),
  },
})

export const BroadcastReach = g.object<Reach>()({
  name: 'BroadcastReach',
  fields: {
    total: g.field({ type: g.nonNull(g.Int), description: 'Recipients (the recipient count)' }),
    channels: g.field({ type: g.nonNull(g.list(g.nonNull(ChannelReach))), description: "The kind's channels, in its order" }),
    unreachable: g.field({ type: g.nonNull(g.Int), description: 'Recipients none of these channels reaches: no address, turned off or blacklisted (the announcements feed only)' }),
  },
})

/** The reach of an audience for a broadcast of `kind`, in 2 + (channels) counts run side by side. */
export async function reachOf(prisma: any, registry: RegistryReader, audience: Audience, kind: string): Promise<Reach> {
  const type = messageTypes(registry).get(messageTypeOf(kind))
  const installed = channelsOf(registry)
  const audienceOnly = audienceWhere(audience)
  const policy = type ? await policyWhere(prisma, type, audience.organizationId, audienceOnly) : null
  const counted = (type?.channels ?? []).flatMap(name => {
    const channel = installed.get(name)
    if (!channel?.reachableUsers) return []
    const allows = policy?.allows(channel.preferenceKey)
    const where = allows ? { AND: [channel.reachableUsers, allows] } : channel.reachableUsers
    // not blacklisted: by an entry naming the user, or (SMS, email) the user's phone or email
    const blacklisted = policy?.blacklisted(channel.addressField)
    return [{ channel: name, where: blacklisted ? { AND: [where, { NOT: blacklisted }] } : where }]
  })
  const count = (extra?: object) => prisma.user.count({ where: extra ? { AND: [audienceOnly, extra] } : audienceOnly }) as Promise<number>
  if (policy?.organizationStopped) {
    const total = await count()
    return { total, unreachable: total, channels: counted.map(c => ({ channel: c.channel, reachable: 0 })) }
  }
  const [total, unreachable, ...perChannel] = await Promise.all([
    count(),
    counted.length ? count({ NOT: { OR: counted.map(c => c.where) } }) : count(),
    ...counted.map(c => count(c.where)),
  ])
  return { total, unreachable, channels: counted.map((c, i) => ({ channel: c.channel, reachable: perChannel[i] })) }
}
