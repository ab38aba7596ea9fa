import type { GraphQLSchema } from 'graphql'
import type { BaseFields, KeystoneConfig, KeystoneConfigPre, KeystoneContext, ListConfig } from '@keystone-6/core/types'

/** Anything a plugin may hand to the registry; other plugins declare keys by module augmentation:
 *  `declare module '../kernel/types' { interface Contributions { channels: Channel } }` */
export interface Contributions {
  tasks: import('../../tasks/define').AnyTask
  queue: import('../../adapters/queue/types').QueueRunner
  adminLinks: AdminLink
  /** What the staff dashboard shows (plugins/admin-ui renders them; counts obey the lists' access). */
  dashboardCards: DashboardCard
  /** Called when the process shuts down (connections a plugin opened itself). */
  closers: () => Promise<void>
}

export type ContributionKey = keyof Contributions

/** The Admin UI's navigation groups, in the order the sidebar shows them. */
export const ADMIN_GROUPS = ['contacts', 'residents', 'messages', 'organization', 'settings', 'system'] as const
export type AdminGroup = (typeof ADMIN_GROUPS)[number]

/** A navigation entry a plugin adds: a list's path (`/contacts`) or its own page (`admin/pages/...`). */
export type AdminLink = { href: string; label: string; group?: AdminGroup; order?: number }

/** One dashboard card: `load` runs with the signed-in staff member's context, so counts obey access. */
export type DashboardCard = {
  key: string
  title: string
  order?: number
  load(context: KeystoneContext<any>): Promise<{ count: number; href?: string; items?: { label: string; href: string }[] }>
}

export type ListHooks = NonNullable<ListConfig<any>['hooks']>
export type ListAccess = ListConfig<any>['access']

/** What a plugin adds to a list that another plugin owns: composed, never replacing. */
export type ListExtension = {
  fields?: BaseFields<any>
  hooks?: ListHooks
  /** AND-ed with the owner's rules: an extension can only narrow access. */
  access?: ListAccess
  /** List actions (GraphQL mutations and Admin UI buttons), added like fields. */
  actions?: NonNullable<ListConfig<any>['actions']>
  /** Fields of the extension appended to the Admin UI list view's initial columns (e.g. a status column). */
  listColumns?: readonly string[]
}

export type KeystoneConfigInput = Omit<KeystoneConfigPre<any>, 'lists'> & { lists?: KeystoneConfigPre<any>['lists'] }
type ServerConfig = NonNullable<KeystoneConfigPre<any>['server']>

export type Plugin = {
  name: string
  requires?: readonly string[]
  lists?: Record<string, ListConfig<any>>
  extendLists?: Record<string, ListExtension>
  /** A schema transformer, typically the result of Keystone's `g.extend`. */
  extendGraphqlSchema?: (schema: GraphQLSchema) => GraphQLSchema
  extendExpressApp?: ServerConfig['extendExpressApp']
  /** Constraints list config cannot express (composite unique indexes); composed in plugin order. */
  extendPrismaSchema?: (schema: string) => string
  /** A Prisma client extension (`client => client.$extends(...)`), e.g. to map unique violations to typed errors. */
  extendPrismaClient?: (client: any) => any
  /** Seeds and start-up work, after the database connects; run in plugin order. */
  onConnect?: (context: KeystoneContext<any>) => Promise<void>
  contributes?: { [K in ContributionKey]?: readonly Contributions[K][] }
  /** Last resort for config wrappers such as @keystone-6/auth's withAuth; applied in plugin order. */
  extendConfig?: (config: KeystoneConfig<any>) => KeystoneConfig<any>
}
