// Other contacts named by name and unit, each a link that opens it (in a new tab: the form keeps its input).
import { Fragment } from 'react'
import { TextLink } from '@keystar/ui/link'
import type { Existing } from './contact-errors'

export const contactLabel = (contact: Existing) => (contact.unitName ? `${contact.name} (unit ${contact.unitName})` : contact.name)

export function DuplicateLinks({ contacts }: { contacts: Existing[] }) {
  return (
    <>
      {contacts.map((contact, index) => (
        <Fragment key={contact.id}>
          {index > 0 ? ', ' : ' '}
          <TextLink href={`/contacts/${contact.id}`} target="_blank">
            {contactLabel(contact)}
          </TextLink>
        </Fragment>
      ))}
    </>
  )
}
