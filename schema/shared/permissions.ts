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
] as const

export type Permission = (typeof PERMISSIONS)[number]
