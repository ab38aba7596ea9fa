// Named permissions an organization employee can hold; each is a checkbox on OrganizationEmployee.
export const PERMISSIONS = [
  'readContacts',
  'manageContacts',
  'manageContactIdentity',
  'manageMessages',
  'broadcast',
  'exportContacts',
  'manageProperties',
  'manageEmployees',
  // conversations with residents (plugins/messaging): read every thread of the organization / manage topics and routing
  'readConversations',
  'manageConversations',
] as const

export type Permission = (typeof PERMISSIONS)[number]
