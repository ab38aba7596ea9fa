// The product's name where Keystone shows its own logo (sidebar header, sign-in page).
import { Heading } from '@keystar/ui/typography'
import { TextLink } from '@keystar/ui/link'

export const PRODUCT_NAME = 'Property CMS'

export function Logo() {
  return (
    <Heading elementType="div" size="small">
      <TextLink href="/" prominence="high">
        {PRODUCT_NAME}
      </TextLink>
    </Heading>
  )
}
