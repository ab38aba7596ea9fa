import { PortalInvitation } from './portal-invitation'

export const portalLists = { PortalInvitation }

export { portalContactFields } from './contact-fields'
export { REFUSALS, contactRefusal, invitationRefusal, type ContactRow, type Refusal } from './eligibility'
export { invitationStatus, describeInvitation, type InvitationStatus } from './invitation-status'
