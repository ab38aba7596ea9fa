// A message type: what a feature sends, the meta it needs (checked when it is sent), its words per
// channel and language, and the channels that try it in order. It lives beside the plugin that sends it,
// which contributes it; nothing else is registered anywhere.
import type { KeystoneContext } from '@keystone-6/core/types'
import { z } from 'zod'
import { definePlugin } from '../../plugins/kernel'
import { sendMessage } from '../../plugins/notifications'
import '../../plugins/notifications/contributions'
import { defineMessageType } from '../../tasks/delivery/contracts'

export const spotAssigned = defineMessageType({
  type: 'PARKING_SPOT_ASSIGNED',
  // (1) the meta: validated by sendMessage (INVALID_MESSAGE_META), stored, and what templates see
  meta: z.object({ spot: z.string().trim().min(1).max(20), from: z.iso.date() }),
  // (2) channels in order; 'first': stop at the first that delivers (a recipient's own order wins)
  channels: ['push', 'sms', 'email'],
  strategy: 'first',
  // (3) Handlebars per channel (or `default`) and locale; English is the fallback every type needs
  templates: {
    push: {
      en: { title: 'Parking spot {{spot}}', body: 'It is yours from {{from}}.' },
      de: { title: 'Stellplatz {{spot}}', body: 'Er gehört Ihnen ab {{from}}.' },
    },
    sms: {
      en: { text: 'Parking spot {{spot}} is yours from {{from}}.' },
      de: { text: 'Stellplatz {{spot}} gehört Ihnen ab {{from}}.' },
    },
    default: {
      en: { subject: 'Parking spot {{spot}}', text: 'Parking spot {{spot}} is yours from {{from}}.' },
      de: { subject: 'Stellplatz {{spot}}', text: 'Stellplatz {{spot}} gehört Ihnen ab {{from}}.' },
    },
  },
  // (4) policy: transient failures are retried 5 times; at most one such message a minute per recipient
  retry: { attempts: 5 },
  throttleMs: 60_000,
})

/** The plugin that sends it contributes it. */
export const parkingNoticesPlugin = definePlugin({ name: 'parking-notices', requires: ['notifications'], contributes: { messageTypes: [spotAssigned] } })

/** (5) Sending: the same spot and date for the same resident is one message, however often this runs. */
export function notifySpotAssigned(
  context: KeystoneContext<any>,
  input: { userId: string; organizationId: string; spot: string; from: string; locale?: string }
) {
  return sendMessage(context, {
    type: spotAssigned.type,
    to: { userId: input.userId },
    organizationId: input.organizationId,
    locale: input.locale,
    meta: { spot: input.spot, from: input.from },
    uniqKey: `spot-${input.spot}-${input.from}`,
  })
}
