// The address a request came from, for limits keyed by client.
import type { KeystoneContext } from '@keystone-6/core/types'

/** The client address as Express sees it (honours `trust proxy` when set behind a load balancer). */
export function clientIp(context: KeystoneContext<any>): string {
  const req = context.req as (typeof context.req & { ip?: string }) | undefined
  return req?.ip || req?.socket?.remoteAddress || 'unknown'
}
