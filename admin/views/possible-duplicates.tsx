// Contact.possibleDuplicates as links: the field answers "Name (unit 4) [id]; Other Name [id]" (or "None"),
// shown here as the other contacts' names and units, each opening that contact.
import { Fragment } from 'react'
import { FieldLabel } from '@keystar/ui/field'
import { TextLink } from '@keystar/ui/link'
import { VStack } from '@keystar/ui/layout'
import { Text } from '@keystar/ui/typography'
import { controller, Cell } from '@keystone-6/core/fields/types/virtual/views'
import type { FieldProps } from '@keystone-6/core/types'

export { controller, Cell }

export function parseDuplicates(value: unknown): { label: string; id: string }[] {
  if (typeof value !== 'string') return []
  return [...value.matchAll(/\s*([^;[]+?)\s*\[([\w-]+)\]/g)].map(match => ({ label: match[1], id: match[2] }))
}

export function Field({ field, value }: FieldProps<typeof controller>) {
  const duplicates = parseDuplicates(value)
  return (
    <VStack gap="regular">
      <FieldLabel elementType="span">{field.label}</FieldLabel>
      {duplicates.length === 0 ? (
        <Text color="neutralSecondary">{value === null ? 'Not shown: needs the readContacts permission' : 'None'}</Text>
      ) : (
        <Text>
          {duplicates.map((duplicate, index) => (
            <Fragment key={duplicate.id}>
              {index > 0 ? ', ' : null}
              <TextLink href={`/contacts/${duplicate.id}`}>{duplicate.label}</TextLink>
            </Fragment>
          ))}
        </Text>
      )}
    </VStack>
  )
}
