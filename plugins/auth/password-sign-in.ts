// authenticateUserWithPassword (from @keystone-6/auth) within the sign-in limits. Keystone's resolver
// already answers an unknown email, a user without a password and a wrong password alike, and runs the
// password hash in each case (bcrypt, cost 10), so they take about the same time; bench/sign-in.ts measures it.
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql'
import { normalizeEmail } from '../../schema/shared/normalize'
import type { SignInLimits } from './sign-in-limits'

export const PASSWORD_SIGN_IN_FIELD = 'authenticateUserWithPassword'

/** Wraps the sign-in mutation's resolver in place; its email is looked up normalized, as emails are stored. */
export function limitPasswordSignIn(limits: SignInLimits) {
  return (schema: GraphQLSchema): GraphQLSchema => {
    if (typeof schema?.getMutationType !== 'function') return schema
    const field = schema.getMutationType()?.getFields()[PASSWORD_SIGN_IN_FIELD]
    if (!field?.resolve) return schema
    const original: GraphQLFieldResolver<any, any> = field.resolve
    field.resolve = (source, args, context, info) => {
      const raw = String(args.email ?? '')
      const email = normalizeEmail(raw) ?? raw.trim().toLowerCase()
      return limits.attempt(
        context,
        email,
        () => Promise.resolve(original(source, { ...args, email }, context, info)),
        (result: any) => typeof result?.sessionToken === 'string'
      )
    }
    return schema
  }
}
