import { definePlugin } from '../kernel'

/** The notification pipeline (issue 3). */
export function notificationsPlugin() {
  return definePlugin({ name: 'notifications', requires: ['organizations', 'tasks'] })
}
