// adminNavigation and adminDashboard: what the Admin UI's sidebar and home page render. Signed-in staff
// and admins only; anyone else gets an empty list (the Admin UI itself refuses them).
import { g } from '@keystone-6/core'
import { isStaff } from '../../schema/shared/access'
import { registryOf } from '../kernel'
import { channels, messageTypes } from '../../tasks/delivery/registry'
import { DEV_OUTBOX } from '../../tasks/delivery/names'
import { typeTitle } from '../../schema/notifications/message-display'
import { loadDashboard, type LoadedCard } from './dashboard'
import { buildNavigation, listLabelsOf, type NavigationGroup, type NavigationLink } from './navigation'

const NavigationLinkType = g.object<NavigationLink>()({
  name: 'AdminNavigationLink',
  fields: {
    href: g.field({ type: g.nonNull(g.String) }),
    label: g.field({ type: g.nonNull(g.String) }),
    listKey: g.field({ type: g.String, description: 'Set when the link is a list (the sidebar hides it when the list is hidden for the caller)' }),
  },
})

const NavigationGroupType = g.object<NavigationGroup>()({
  name: 'AdminNavigationGroup',
  fields: {
    key: g.field({ type: g.nonNull(g.String) }),
    title: g.field({ type: g.nonNull(g.String) }),
    links: g.field({ type: g.nonNull(g.list(g.nonNull(NavigationLinkType))) }),
  },
})

const CardItemType = g.object<{ label: string; href: string }>()({
  name: 'AdminDashboardItem',
  fields: { label: g.field({ type: g.nonNull(g.String) }), href: g.field({ type: g.nonNull(g.String) }) },
})

const CardType = g.object<LoadedCard>()({
  name: 'AdminDashboardCard',
  fields: {
    key: g.field({ type: g.nonNull(g.String) }),
    title: g.field({ type: g.nonNull(g.String) }),
    count: g.field({ type: g.Int }),
    href: g.field({ type: g.String }),
    items: g.field({ type: g.nonNull(g.list(g.nonNull(CardItemType))) }),
    error: g.field({ type: g.String }),
  },
})

export const adminUiGraphql = g.extend(() => ({
  query: {
    adminNavigation: g.field({
      type: g.nonNull(g.list(g.nonNull(NavigationGroupType))),
      description: 'The Admin UI sidebar: lists and plugin pages grouped by task (staff and admins; empty for anyone else)',
      resolve(_root, _args, context) {
        if (!isStaff({ session: context.session })) return []
        return buildNavigation(listLabelsOf(context), registryOf(context).all('adminLinks'))
      },
    }),
    adminDashboard: g.field({
      type: g.nonNull(g.list(g.nonNull(CardType))),
      description: 'The staff dashboard: what needs attention, counted with the caller’s access (staff and admins; empty for anyone else)',
      resolve(_root, _args, context) {
        if (!isStaff({ session: context.session })) return []
        return loadDashboard(context, registryOf(context).all('dashboardCards'))
      },
    }),
  },
}))

const ChoicesType = g.object<{ messageTypes: { type: string; title: string }[]; channels: string[] }>()({
  name: 'AdminNotificationChoices',
  fields: {
    messageTypes: g.field({
      type: g.nonNull(g.list(g.nonNull(g.object<{ type: string; title: string }>()({ name: 'AdminMessageTypeChoice', fields: { type: g.field({ type: g.nonNull(g.String) }), title: g.field({ type: g.nonNull(g.String) }) } })))),
    }),
    channels: g.field({ type: g.nonNull(g.list(g.nonNull(g.String))) }),
  },
})

/** The names notification settings and blacklists accept, from the registry (admin/views pickers). */
export const adminChoicesGraphql = g.extend(() => ({
  query: {
    adminNotificationChoices: g.field({
      type: ChoicesType,
      description: 'Message types and channels installed, for the settings forms of the Admin UI (staff and admins; null for anyone else)',
      resolve(_root, _args, context) {
        if (!isStaff({ session: context.session })) return null
        const registry = registryOf(context)
        const types = [...messageTypes(registry).keys()].sort().map(type => ({ type, title: typeTitle(type) }))
        const keys = [...new Set([...channels(registry).values()].filter(channel => channel.name !== DEV_OUTBOX).map(channel => channel.preferenceKey).filter(Boolean))].sort()
        return { messageTypes: types, channels: keys }
      },
    }),
  },
}))
