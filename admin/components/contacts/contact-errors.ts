// Where a server refusal of a new contact belongs on the form: the typed errors of schema/contacts name
// their field (extensions.field), or their code says which one; anything else is shown above the form.
export type FieldKey = 'organization' | 'name' | 'phone' | 'email' | 'property' | 'unitName' | 'serviceScope' | 'paymentRoutingOwner' | 'assignmentScope' | 'escalationOwner' | 'form'
export type Existing = { id: string; name: string; unitName: string | null }
export type PlacedError = { field: FieldKey; message: string; existing?: Existing }

const BY_CODE: Record<string, FieldKey> = {
  WRONG_PHONE_FORMAT: 'phone',
  WRONG_EMAIL_FORMAT: 'email',
  CONTACT_NAME_REQUIRED: 'name',
  CONTACT_UNIT_REQUIRED: 'unitName',
  CONTACT_ORGANIZATION_REQUIRED: 'organization',
  ORGANIZATION_REQUIRED: 'organization',
  CONTACT_DUPLICATE_ERROR: 'phone',
}

type GraphQLErrorLike = { message: string; extensions?: Record<string, any> }

export function placeError(error: GraphQLErrorLike): PlacedError {
  const code = error.extensions?.code as string | undefined
  const field = (error.extensions?.field as FieldKey | undefined) ?? (code ? BY_CODE[code] : undefined) ?? 'form'
  if (code === 'CONTACT_DUPLICATE_ERROR' && error.extensions?.existingContactId) {
    return {
      field: 'phone',
      message: 'A live contact with the same property, unit, name and phone already exists:',
      existing: { id: error.extensions.existingContactId, name: error.extensions.existingContactName ?? 'another contact', unitName: error.extensions.existingContactUnit ?? null },
    }
  }
  return { field, message: error.message }
}
