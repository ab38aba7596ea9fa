// The sidebar: Dashboard, then the groups adminNavigation returns (lists and plugin pages, by task).
// A list link shows only when the list is visible to this user (Keystone passes the visible lists);
// until the groups load, or if they cannot, the visible lists are shown flat, as Keystone would.
import { Fragment } from 'react'
import { gql, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { NavContainer, NavFooter, NavItem, NavList, getHrefFromList, type NavigationProps } from '@keystone-6/core/admin-ui/components'
import { NavGroup } from '@keystar/ui/nav-list'
import { useMergedAdminMeta } from '../apollo/merge-admin-meta'
import { SignOutButton } from './SignOutButton'

type Link = { href: string; label: string; listKey: string | null }
type Group = { key: string; title: string; links: Link[] }

export const ADMIN_NAVIGATION = gql`
  query AdminNavigation {
    adminNavigation {
      key
      title
      links {
        href
        label
        listKey
      }
    }
    authenticatedItem {
      ... on User {
        name
      }
    }
  }
`

export function Navigation({ lists }: NavigationProps) {
  useMergedAdminMeta() // the sidebar renders on every page, before any page's own queries answer
  const { data } = useQuery<{ adminNavigation: Group[]; authenticatedItem: { name: string } | null }>(ADMIN_NAVIGATION)
  const visible = new Set(lists.map(list => list.key))
  const groups = data?.adminNavigation
    ?.map(group => ({ ...group, links: group.links.filter(link => !link.listKey || visible.has(link.listKey)) }))
    .filter(group => group.links.length > 0)
  return (
    <NavContainer>
      <NavList>
        <NavItem href="/">Dashboard</NavItem>
        {groups
          ? groups.map(group => (
              <NavGroup key={group.key} title={group.title}>
                {group.links.map(link => (
                  <NavItem key={link.href} href={link.href}>
                    {link.label}
                  </NavItem>
                ))}
              </NavGroup>
            ))
          : lists.map(list => (
              <Fragment key={list.key}>
                <NavItem href={getHrefFromList(list)}>{list.label}</NavItem>
              </Fragment>
            ))}
      </NavList>
      <NavFooter>{data?.authenticatedItem && <SignOutButton name={data.authenticatedItem.name} />}</NavFooter>
    </NavContainer>
  )
}
