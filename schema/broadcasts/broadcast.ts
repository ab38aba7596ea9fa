// Broadcast: one announcement to an audience of an organization's residents ("Water off Saturday 9-12"),
// sent now or at a time, fanned out by a task (tasks/broadcast-fan-out.ts) into one Message per recipient.
// Fields only; the rules live beside it: access.ts, audience.ts, format.ts, rules.ts.
import { list, g } from '@keystone-6/core'
import { integer, multiselect, relationship, select, text, timestamp, virtual } from '@keystone-6/core/fields'
import { UNIT_TYPES } from '../contacts/contact'
import { denyAll } from '../notifications/access'
import { organizationField, sameOrganization } from '../shared/tenant'
import { broadcastAccess } from './access'
import { broadcastProgress, BroadcastProgress } from './progress'
import { resolveBroadcastInput, validateBroadcast } from './rules'
import { AUDIENCES, BROADCAST_KINDS, BROADCAST_STATUSES } from './statuses'

const options = (values: readonly string[]) => values.map(value => ({ value, label: value[0].toUpperCase() + value.slice(1) }))
/** Written by the broadcast's own mutations and task (through sudo): read-only in the API. */
const system = { access: { create: denyAll, update: denyAll }, graphql: { omit: { create: true, update: true } }, ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } } }

export const Broadcast = list({
  access: broadcastAccess,
  ui: {
    labelField: 'title',
    listView: { initialColumns: ['title', 'kind', 'status', 'scheduledAt', 'recipientsResolved', 'sentBy'], initialSort: { field: 'createdAt', direction: 'DESC' } },
  },
  fields: {
    organization: organizationField(),
    title: text({ validation: { isRequired: true } }),
    body: text({ validation: { isRequired: true }, ui: { displayMode: 'textarea', description: 'Plain text; **bold**, _italic_, lines starting with "- " and links are formatted per channel' } }),
    kind: select({ type: 'string', options: options(BROADCAST_KINDS), defaultValue: 'regular', validation: { isRequired: true }, ui: { description: 'Emergency: goes at once, also in quiet hours and on channels residents turned off' } }),
    audience: select({ type: 'string', options: options(AUDIENCES), defaultValue: 'organization', validation: { isRequired: true } }),
    properties: relationship(sameOrganization({ ref: 'Property', many: true, ui: { description: 'Only residents of these properties (empty: all)' } })),
    unitTypes: multiselect({ type: 'string', options: options(UNIT_TYPES), defaultValue: [], ui: { description: 'Only these unit types (empty: all)' } }),
    contactRoles: relationship(sameOrganization({ ref: 'ContactRole', many: true, ui: { description: 'Only residents whose contact holds one of these roles (empty: any)' } }, { shared: true })),
    residents: relationship(sameOrganization({ ref: 'Resident', many: true, ui: { description: 'Hand-picked audience: the residents of these registrations' } })),
    scheduledAt: timestamp({ ...system, ui: { ...system.ui, description: 'When to send (set by sendBroadcast; empty: at once)' } }),
    status: select({ type: 'string', options: options(BROADCAST_STATUSES), defaultValue: 'draft', validation: { isRequired: true }, ...system }),
    createdBy: relationship({ ref: 'User', ...system }),
    sentBy: relationship({ ref: 'User', ...system }),
    createdAt: timestamp({ defaultValue: { kind: 'now' }, ...system }),
    sendingAt: timestamp({ ...system }),
    sentAt: timestamp({ ...system }),
    /** Users the audience held when the fan-out started. */
    recipientsResolved: integer({ defaultValue: 0, ...system }),
    /** Messages created so far (each recipient once, whatever the re-runs). */
    recipientsQueued: integer({ defaultValue: 0, ...system }),
    /** The fan-out's keyset position (the last user id done): a re-run goes on from here. */
    /** Written with each checkpoint: a sending broadcast whose heartbeat stopped is re-enqueued by the sweeper. */
    heartbeatAt: timestamp({ graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
    checkpoint: text({ db: { isNullable: true }, graphql: { omit: true }, ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } } }),
    progress: virtual({
      field: g.field({ type: BroadcastProgress, resolve: (item: any, _args, context) => broadcastProgress(context.sudo().prisma, item) }),
      ui: { listView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' } },
    }),
  },
  hooks: {
    resolveInput: { create: resolveBroadcastInput },
    validate: validateBroadcast,
  },
})
