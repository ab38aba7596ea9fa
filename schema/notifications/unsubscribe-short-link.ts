import { list } from '@keystone-6/core'
import { text, timestamp } from '@keystone-6/core/fields'
import { denyAll } from './access'

/**
 * Short unsubscribe links for SMS (PUBLIC_URL/u/<code>): the signed link is too long for a Cyrillic SMS
 * (UCS-2, 67 characters a segment). Each row holds the claim a signed link would carry, under the sha256
 * of a random code; the code itself is never stored. Expires with the signed link's TTL; the sweeper
 * deletes it a week later (until then the link says it expired, afterwards that it is unknown).
 * Internal to the notification pipeline: not in the GraphQL API nor the Admin UI.
 */
export const UnsubscribeShortLink = list({
  access: denyAll,
  graphql: { omit: true },
  ui: { hideNavigation: true },
  fields: {
    codeHash: text({ isIndexed: 'unique', validation: { isRequired: true } }),
    /** The Message's recipientKey ('user-<id>', 'phone-<E.164>', 'email-<address>'). */
    recipientKey: text({ validation: { isRequired: true } }),
    messageType: text(),
    /** The channel's preference key ('' = every channel). */
    channel: text(),
    /** Indexed: the sweeper deletes rows a week past it. */
    expiresAt: timestamp({ validation: { isRequired: true }, isIndexed: true }),
  },
})
