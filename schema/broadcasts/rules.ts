// The rules of a broadcast's content: a title and a body within bounds whose email rendering fits a
// message; who created it; and nothing changes once it is sending (a sent broadcast is a record).
import { typedError } from '../shared/errors'
import { textProblem } from '../shared/text-rules'
import type { Session } from '../shared/session'
import { renderBroadcast } from './format'
import { EDITABLE_STATUSES, type BroadcastStatus } from './statuses'

export const TITLE_MAX = 120
export const BODY_MAX = 2000
/** The rendered forms travel in the message's meta, whose strings are bounded. */
const RENDERED_MAX = 9000

export function resolveBroadcastInput({ resolvedData, context }: any) {
  const session = context.session as Session | undefined
  const data = { ...resolvedData }
  for (const key of ['title', 'body'] as const) if (typeof data[key] === 'string') data[key] = data[key].trim()
  if (session && !data.createdBy) data.createdBy = { connect: { id: session.itemId } }
  return data
}

export function validateBroadcast({ operation, resolvedData, item }: any) {
  if (operation !== 'create' && !EDITABLE_STATUSES.includes(item.status as BroadcastStatus)) {
    throw typedError('BROADCAST_LOCKED', `This broadcast is ${item.status}: it can no longer be changed`)
  }
  if (operation === 'delete') return
  const title = resolvedData.title ?? item?.title
  const body = resolvedData.body ?? item?.body
  if (typeof resolvedData.title === 'string' && textProblem(resolvedData.title, { max: TITLE_MAX, multiline: false })) {
    throw typedError('WRONG_BROADCAST_TITLE', `A title is 1-${TITLE_MAX} characters on one line`)
  }
  if (typeof resolvedData.body === 'string' && textProblem(resolvedData.body, { max: BODY_MAX, multiline: true })) {
    throw typedError('WRONG_BROADCAST_BODY', `A body is 1-${BODY_MAX} characters without control characters`)
  }
  if (title === '' || body === '') throw typedError(title === '' ? 'WRONG_BROADCAST_TITLE' : 'WRONG_BROADCAST_BODY', 'A broadcast needs a title and a body')
  if (body && renderBroadcast(title ?? '', body).html.length > RENDERED_MAX) throw typedError('WRONG_BROADCAST_BODY', 'The body is too long once formatted; shorten it')
}
