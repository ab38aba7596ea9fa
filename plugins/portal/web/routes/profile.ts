// Profile: the name (with the resident's own session, as the app would) and a new password (after the
// current one, within the sign-in limits; the system writes it: residents cannot through the API).
import { normalizeName } from '../../../../schema/shared/normalize'
import { passwordProblems } from '../../password-policy'
import { verifyPassword } from '../../signin'
import { redirect, sendPage } from '../http'
import { profileBody } from '../pages/profile'
import type { Ctx, PortalRouter, Resident } from '../router'
import { startSession } from '../viewer'
import { signInLimits } from './session'

type Problems = { notice?: string; nameProblems?: string[]; passwordProblems?: string[] }
type UserRow = { name: string; email: string | null; phone: string | null; password: string | null }

const userOf = (ctx: Ctx, resident: Resident): Promise<UserRow> =>
  (ctx.sudo().prisma as any).user.findUnique({ where: { id: resident.userId }, select: { name: true, email: true, phone: true, password: true } })

const SAVED: Record<string, string> = { name: 'Your name is saved.', password: 'Your password is changed.' }

export function profileRoutes(app: any, router: PortalRouter) {
  const { policy } = router.deps.accept
  const render = async (req: any, res: any, ctx: Ctx, resident: Resident, status: number, problems: Problems = {}) => {
    const body = profileBody(await userOf(ctx, resident), { csrf: router.csrf(req, res, ctx), minLength: policy.minLength, ...problems })
    sendPage(res, status, router.shell(req, res, resident, 'profile', 'Profile', body))
  }

  app.get(
    '/portal/profile',
    router.residentPage((req, res, ctx, resident) => render(req, res, ctx, resident, 200, { notice: SAVED[String(req.query.saved)] }))
  )

  app.post(
    '/portal/profile',
    router.residentPage(async (req, res, ctx, resident) => {
      const form = await router.posted(req, ctx)
      const name = normalizeName(String(form.name ?? ''))
      if (!name || name.length > 200) return render(req, res, ctx, resident, 422, { nameProblems: ['Give your name (at most 200 characters).'] })
      await ctx.db.User.updateOne({ where: { id: resident.userId }, data: { name } })
      redirect(res, '/portal/profile?saved=name')
    })
  )

  app.post(
    '/portal/profile/password',
    router.residentPage(async (req, res, ctx, resident) => {
      const form = await router.posted(req, ctx)
      const user = await userOf(ctx, resident)
      const current = String(form.current ?? '')
      const correct = await signInLimits(ctx).attempt(ctx, user.email ?? resident.userId, () => verifyPassword(ctx, current, user.password), ok => ok)
      if (!correct) return render(req, res, ctx, resident, 422, { passwordProblems: ['The current password is not correct.'] })
      const password = String(form.password ?? '')
      const problems = passwordProblems(policy, password, String(form.confirmation ?? ''), [user.email ?? '', user.name])
      if (problems.length) return render(req, res, ctx, resident, 422, { passwordProblems: problems })
      // a new password ends every session of the user (auth plugin): this device gets a fresh one
      await ctx.sudo().db.User.updateOne({ where: { id: resident.userId }, data: { password } })
      await startSession(ctx, resident.userId)
      redirect(res, '/portal/profile?saved=password')
    })
  )
}
