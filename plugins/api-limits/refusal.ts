// A request refused before it runs: a typed error (stable code, human message) answered with HTTP 400.
import { typedError } from '../../schema/shared/errors'

export function refusal(code: string, message: string, extra: Record<string, unknown> = {}) {
  // Apollo reads `extensions.http` for the response status and removes it from the error it sends
  return typedError(code, message, { ...extra, http: { status: 400 } })
}
