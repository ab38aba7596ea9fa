import { definePlugin } from '../kernel'

/** Contacts and contact roles (issue 4). */
export function contactsPlugin() {
  return definePlugin({ name: 'contacts', requires: ['organizations'] })
}
