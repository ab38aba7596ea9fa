// The staff Admin UI (issue 10): the sidebar grouped by task and the dashboard (GraphQL here, rendered by
// admin/config.tsx and admin/pages/), plumbing lists hidden from the sidebar.
import type { KeystoneConfig } from '@keystone-6/core/types'
import { definePlugin } from '../kernel'
import { adminChoicesGraphql, adminUiGraphql } from './graphql'
import { PLUMBING_LISTS } from './navigation'
import { ownSigninPage } from './signin-page'

export { buildNavigation, LIST_PLACES, PLUMBING_LISTS } from './navigation'

/** Plumbing lists keep their pages (items link to them) but leave the sidebar and the list of lists. */
function hidePlumbing(config: KeystoneConfig<any>): KeystoneConfig<any> {
  const lists = { ...config.lists }
  for (const key of PLUMBING_LISTS) {
    const list = lists[key]
    if (list) lists[key] = { ...list, ui: { ...list.ui, hideNavigation: true } }
  }
  return { ...config, lists }
}

export function adminUiPlugin() {
  return definePlugin({
    name: 'admin-ui',
    requires: ['auth', 'notifications'],
    extendGraphqlSchema: schema => adminChoicesGraphql(adminUiGraphql(schema)),
    // after auth's withAuth (plugin order), which added the sign-in page this replaces
    extendConfig: config => ownSigninPage(hidePlumbing(config)),
  })
}
