// The Admin UI's sidebar, grouped by what staff do: every list has a place (a group and an order), the
// lists that are plumbing are hidden (still reachable from the items that link to them), and the links
// plugins contribute (`adminLinks`) join their group. A contributed link whose href is a list's path
// takes that list's place (e.g. "Dev outbox" for /dev-outbox-entries).
import type { KeystoneContext } from '@keystone-6/core/types'
import { ADMIN_GROUPS, type AdminGroup, type AdminLink } from '../kernel'

export const GROUP_TITLES: Record<AdminGroup, string> = {
  contacts: 'Contacts',
  residents: 'Residents',
  messages: 'Messages and notifications',
  organization: 'Organization',
  settings: 'Settings',
  system: 'System',
}

/** Where the lists of the core plugins sit; a list not named here goes to "More" (its plugin may claim a place with an adminLinks entry). */
export const LIST_PLACES: Record<string, { group: AdminGroup; order: number; label?: string }> = {
  Contact: { group: 'contacts', order: 10 },
  ContactRole: { group: 'contacts', order: 30, label: 'Contact roles' },
  Resident: { group: 'residents', order: 10 },
  Message: { group: 'messages', order: 10 },
  Conversation: { group: 'messages', order: 20 },
  MessageUserBlackList: { group: 'messages', order: 40, label: 'Blocked recipients' },
  MessageOrganizationBlackList: { group: 'messages', order: 50, label: 'Blocked message types' },
  Organization: { group: 'organization', order: 10 },
  Property: { group: 'organization', order: 20 },
  OrganizationEmployee: { group: 'organization', order: 30, label: 'Employees' },
  User: { group: 'organization', order: 40 },
  NotificationUserSetting: { group: 'settings', order: 10, label: 'Notification settings' },
  NotificationAnonymousSetting: { group: 'settings', order: 20, label: 'Unsubscribed addresses' },
  NotificationOrganizationSetting: { group: 'settings', order: 15, label: 'Organization notification settings' },
  ConversationTopic: { group: 'settings', order: 30, label: 'Conversation topics' },
  NotificationQuietHoursSetting: { group: 'settings', order: 40, label: 'Quiet hours' },
  ContactExportTask: { group: 'system', order: 120, label: 'Export tasks' },
  StoredFile: { group: 'system', order: 110, label: 'Files' },
}

/** Rows the system writes for itself: hidden from the sidebar, reachable from their items. */
export const PLUMBING_LISTS = [
  'PushToken',
  'RemoteClient',
  'ConfirmPhoneAction',
  'TelegramUserChat',
  'TelegramLinkToken',
  'MessageDelivery',
  'FieldChange',
  'UserSession',
  'UnsubscribeShortLink',
  // a conversation's parts: read from the conversation (or the inbox page)
  'ConversationParticipant',
  'ConversationMessage',
  'ConversationActivity',
  'ConversationLink',
  'ConversationReadCursor',
] as const

export type NavigationLink = { href: string; label: string; listKey: string | null }
export type NavigationGroup = { key: string; title: string; links: NavigationLink[] }

type ListLabels = { key: string; path: string; label: string }

export function listLabelsOf(context: KeystoneContext<any>): ListLabels[] {
  const lists = context.__internal.lists as Record<string, { ui: { labels: { label: string; path: string } } }>
  return Object.entries(lists).map(([key, list]) => ({ key, path: list.ui.labels.path, label: list.ui.labels.label }))
}

/** The groups in sidebar order, each link sorted by order then label; empty groups left out. */
export function buildNavigation(lists: readonly ListLabels[], contributed: readonly AdminLink[]): NavigationGroup[] {
  const claimed = new Set(contributed.map(link => link.href))
  const hidden = new Set<string>(PLUMBING_LISTS)
  const entries: { group: string; order: number; link: NavigationLink }[] = []
  for (const list of lists) {
    const href = `/${list.path}`
    if (claimed.has(href) || hidden.has(list.key)) continue
    const place = LIST_PLACES[list.key]
    entries.push({ group: place?.group ?? 'more', order: place?.order ?? 100, link: { href, label: place?.label ?? list.label, listKey: list.key } })
  }
  for (const link of contributed) {
    entries.push({ group: link.group ?? 'more', order: link.order ?? 100, link: { href: link.href, label: link.label, listKey: null } })
  }
  const groups = [...ADMIN_GROUPS.map(key => ({ key, title: GROUP_TITLES[key] })), { key: 'more', title: 'More' }]
  return groups
    .map(({ key, title }) => ({
      key,
      title,
      links: entries
        .filter(entry => entry.group === key)
        .sort((a, b) => a.order - b.order || a.link.label.localeCompare(b.link.label))
        .map(entry => entry.link),
    }))
    .filter(group => group.links.length > 0)
}
