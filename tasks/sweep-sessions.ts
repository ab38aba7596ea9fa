// Expired sessions are already refused on every request (plugins/auth/sessions.ts); this deletes their
// rows, and those of deleted users, hourly, so the table holds only live devices.
import { defineTask } from './define'

export const sweepSessionsTask = defineTask<Record<string, never>>({
  name: 'sweepSessions',
  concurrency: 1,
  retry: { attempts: 1 },
  async run(_payload, { context }) {
    const { count } = await context.prisma.userSession.deleteMany({ where: { OR: [{ expiresAt: { lt: new Date() } }, { userId: null }] } })
    return { deleted: count }
  },
})
