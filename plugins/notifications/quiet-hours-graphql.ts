// The signed-in user's quiet hours: read and set in one call each (the app's settings screen).
// Written through the caller's context, so the list's access rules and hooks decide as for its CRUD.
import { g } from '@keystone-6/core'
import { isUniqueViolation } from '../../adapters/database/unique-violation'
import { validateQuietHours } from '../../schema/notifications/quiet-hours'
import { signedIn } from './staff-send'

export const quietHoursGraphql = g.extend(base => ({
  query: {
    myQuietHours: g.field({
      type: base.object('NotificationQuietHoursSetting'),
      description: "The signed-in user's quiet hours (null: none of their own, the organization's default applies)",
      async resolve(_root, _args, context) {
        const session = signedIn(context)
        const [row] = await context.db.NotificationQuietHoursSetting.findMany({ where: { user: { id: { equals: session.itemId } } }, take: 1 })
        return row ?? null
      },
    }),
  },
  mutation: {
    setMyQuietHours: g.field({
      type: g.nonNull(base.object('NotificationQuietHoursSetting')),
      description: 'Sets the signed-in user\'s quiet hours: an IANA time zone and HH:mm start and end; isEnabled false turns them off',
      args: {
        timeZone: g.arg({ type: g.nonNull(g.String) }),
        start: g.arg({ type: g.nonNull(g.String) }),
        end: g.arg({ type: g.nonNull(g.String) }),
        isEnabled: g.arg({ type: g.nonNull(g.Boolean), defaultValue: true }),
      },
      async resolve(_root, data, context) {
        const session = signedIn(context)
        validateQuietHours(data)
        const update = async () => {
          const [row] = await context.db.NotificationQuietHoursSetting.findMany({ where: { user: { id: { equals: session.itemId } } }, take: 1 })
          return row ? context.db.NotificationQuietHoursSetting.updateOne({ where: { id: String(row.id) }, data }) : null
        }
        const updated = await update()
        if (updated) return updated
        try {
          return await context.db.NotificationQuietHoursSetting.createOne({ data })
        } catch (error) {
          if (!isUniqueViolation(error)) throw error
          return (await update())!
        }
      },
    }),
  },
}))
