// Expired sessions are already refused at sign-in time (plugins/auth/sessions.ts); this deletes their
// rows, hourly, so the table holds only live devices.
import { defineTask } from './define'

export const sweepSessionsTask = defineTask<Record<string, never>>({
  name: 'sweepSessions',
  concurrency: 1,
  retry: { attempts: 1 },
  async run(_payload, { context }) {
    const { count } = await context.prisma.userSession.deleteMany({ where: { expiresAt: { lt: new Date() } } })
    return { deleted: count }
  },
})
