// What messaging adds to Organization: its attachment limits (staff who manage the organization set them).
import { integer } from '@keystone-6/core/fields'

export const DEFAULT_MAX_IMAGES = 5
export const DEFAULT_MAX_IMAGE_MB = 5

export const messagingOrganizationFields = {
  conversationMaxImages: integer({
    defaultValue: DEFAULT_MAX_IMAGES,
    validation: { isRequired: true, min: 0, max: 20 },
    ui: { description: 'Images a conversation message may carry (0: none)' },
  }),
  conversationMaxImageMb: integer({
    defaultValue: DEFAULT_MAX_IMAGE_MB,
    validation: { isRequired: true, min: 1, max: 25 },
    ui: { description: 'Largest image a conversation message may carry, in MB' },
  }),
}
