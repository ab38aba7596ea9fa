import { list } from '@keystone-6/core'
import { integer, text, timestamp } from '@keystone-6/core/fields'
import { isAdmin } from '../shared/access'

const hidden = { omit: { read: true, create: true, update: true } } as const
const readOnly = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } }

/**
 * One phone verification: a token the app keeps, a 6-digit code sent by SMS. Token and code are
 * stored only as hashes and are never exposed through GraphQL; the mutations in plugins/residents
 * are the only way in. Admins may read the rest for support.
 */
export const ConfirmPhoneAction = list({
  access: {
    operation: { query: isAdmin, create: () => false, update: () => false, delete: isAdmin },
  },
  graphql: { omit: { create: true, update: true } },
  ui: { labelField: 'phone', listView: { initialColumns: ['phone', 'createdAt', 'verifiedAt', 'usedAt', 'wrongAttempts'] } },
  fields: {
    phone: text({ validation: { isRequired: true }, isIndexed: true, ui: readOnly }),
    tokenHash: text({ isIndexed: 'unique', validation: { isRequired: true }, graphql: hidden }),
    codeHash: text({ db: { isNullable: true }, graphql: hidden }),
    codeExpiresAt: timestamp({ ui: readOnly }),
    /** The token dies at this time, verified or not. */
    expiresAt: timestamp({ validation: { isRequired: true }, ui: readOnly }),
    lastSentAt: timestamp({ ui: readOnly }),
    sendCount: integer({ defaultValue: 0, validation: { isRequired: true }, ui: readOnly }),
    wrongAttempts: integer({ defaultValue: 0, validation: { isRequired: true }, ui: readOnly }),
    verifiedAt: timestamp({ ui: readOnly }),
    usedAt: timestamp({ ui: readOnly }),
    burnedAt: timestamp({ ui: readOnly }),
    locale: text({ db: { isNullable: true }, ui: readOnly }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ui: readOnly }),
  },
})
