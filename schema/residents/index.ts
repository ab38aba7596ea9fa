import { addCompositeUnique } from '../shared/prisma-schema'
import { ConfirmPhoneAction } from './confirm-phone-action'
import { Resident } from './resident'

export const residentLists = { ConfirmPhoneAction, Resident }

/** registerResident is idempotent because the database allows one row per user and unit. */
export const residentPrismaExtensions = [addCompositeUnique('Resident', ['userId', 'propertyId', 'unitKey', 'unitType'])]
