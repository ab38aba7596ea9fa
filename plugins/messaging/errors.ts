// Messaging's refusals: one stable code each (clients switch on them), a human message.
import { typedError } from '../../schema/shared/errors'

export const notFound = () => typedError('CONVERSATION_NOT_FOUND', 'No such conversation')
export const forbidden = (what: string) => typedError('CONVERSATION_FORBIDDEN', `You may not ${what} in this conversation`)
export const signInRequired = () => typedError('SIGN_IN_REQUIRED', 'Sign in to use conversations')
