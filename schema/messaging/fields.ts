// Field bundles the conversation lists share: every entry is written by the messaging plugin's code only.
import { g } from '@keystone-6/core'
import { relationship, virtual } from '@keystone-6/core/fields'
import { loadInBatch } from '../shared/batch-loader'
import { organizationField, sameOrganization } from '../shared/tenant'

export const denyAll = () => false
export const readOnly = { ui: { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'read' as const } } }
export const hiddenEverywhere = { createView: { fieldMode: 'hidden' as const }, itemView: { fieldMode: 'hidden' as const }, listView: { fieldMode: 'hidden' as const } }

/** Written by the system only: the API may read (by the list's filters), never write. */
export const systemWritten = { create: denyAll, update: denyAll, delete: denyAll }

export const ownedBy = () => organizationField({ ui: readOnly.ui })
export const toOne = (ref: string) => relationship(sameOrganization({ ref, many: false, ...readOnly }))
export const toMany = (ref: string) => relationship(sameOrganization({ ref, many: true, ...readOnly }))

/** The name of the user a row points at (`field`), for everyone who can read the row: residents may not
 *  read other users, yet a thread shows who wrote and who takes part. Names only, never contact details. */
export const userNameOf = (field: string) =>
  virtual({
    field: g.field({
      type: g.String,
      resolve: async (item: any, _args, context) => {
        const id = item[`${field}Id`]
        if (!id) return null
        // a page of 50 messages asks once: one query for the names of all their authors
        const name = await loadInBatch<string>(context, 'conversation-user-names', String(id), async ids => {
          const users = await context.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
          return new Map(users.map((user: { id: string; name: string }) => [user.id, user.name]))
        })
        return name ?? null
      },
    }),
    ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } },
  })
