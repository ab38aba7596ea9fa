import { ConfirmPhoneAction } from './confirm-phone-action'

export const residentLists = { ConfirmPhoneAction }
