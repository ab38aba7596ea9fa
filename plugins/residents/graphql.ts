// The resident app's verification and sign-in mutations.
import { gWithContext } from '@keystone-6/core'
import type { KeystoneContext } from '@keystone-6/core/types'
import { clientIp } from '../../adapters/http/client-ip'
import { registerResident } from './register'
import { signinResidentUser } from './signin'
import {
  completeConfirmPhoneAction,
  resendConfirmPhoneActionSms,
  startConfirmPhoneAction,
  type VerificationDeps,
} from './verification'

const g = gWithContext<KeystoneContext<any>>()

export function residentGraphql(deps: VerificationDeps) {
  return g.extend(base => {
    const StartResult = g.object<{ token: string }>()({
      name: 'StartConfirmPhoneActionResult',
      fields: { token: g.field({ type: g.nonNull(g.String) }) },
    })
    const CompleteResult = g.object<{ phone: string }>()({
      name: 'CompleteConfirmPhoneActionResult',
      fields: { isPhoneVerified: g.field({ type: g.nonNull(g.Boolean), resolve: () => true }) },
    })
    const SigninResult = g.object<{ sessionToken: string; item: any }>()({
      name: 'SigninResidentUserResult',
      fields: {
        sessionToken: g.field({ type: g.nonNull(g.String) }),
        item: g.field({ type: g.nonNull(base.object('User')) }),
      },
    })
    return {
      mutation: {
        startConfirmPhoneAction: g.field({
          type: g.nonNull(StartResult),
          args: { phone: g.arg({ type: g.nonNull(g.String) }), locale: g.arg({ type: g.String }) },
          resolve: (_, { phone, locale }, context) =>
            startConfirmPhoneAction(deps, { context, ip: clientIp(context) }, phone, locale ?? undefined),
        }),
        resendConfirmPhoneActionSms: g.field({
          type: g.nonNull(g.Boolean),
          args: { token: g.arg({ type: g.nonNull(g.String) }) },
          resolve: (_, { token }, context) => resendConfirmPhoneActionSms(deps, { context, ip: clientIp(context) }, token),
        }),
        completeConfirmPhoneAction: g.field({
          type: g.nonNull(CompleteResult),
          args: { token: g.arg({ type: g.nonNull(g.String) }), code: g.arg({ type: g.nonNull(g.String) }) },
          resolve: (_, { token, code }, context) => completeConfirmPhoneAction(deps, { context, ip: clientIp(context) }, token, code),
        }),
        registerResident: g.field({
          type: g.nonNull(base.object('Resident')),
          args: {
            property: g.arg({ type: g.nonNull(g.ID) }),
            unitName: g.arg({ type: g.nonNull(g.String) }),
            unitType: g.arg({ type: g.nonNull(g.String) }),
          },
          resolve: (_, { property, unitName, unitType }, context) => registerResident(context, { propertyId: property, unitName, unitType }),
        }),
        signinResidentUser: g.field({
          type: g.nonNull(SigninResult),
          args: { token: g.arg({ type: g.nonNull(g.String) }), name: g.arg({ type: g.String }) },
          resolve: (_, { token, name }, context) => signinResidentUser(deps, context, token, name ?? undefined),
        }),
      },
    }
  })
}
