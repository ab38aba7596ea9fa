// For lists whose rows the system creates (messages through the pipeline, residents through
// registration): instead of a create form that can only fail, where such rows come from.
import { PageContainer } from '@keystone-6/core/admin-ui/components'
import { VStack } from '@keystar/ui/layout'
import { TextLink } from '@keystar/ui/link'
import { Heading, Text } from '@keystar/ui/typography'

export function notCreatedHere(options: { title: string; explanation: string; back: { href: string; label: string } }) {
  return function NotCreatedHere() {
    return (
      <PageContainer title={options.title} header={<Heading elementType="h1" size="small">{options.title}</Heading>}>
        <VStack gap="large" paddingY="xlarge">
          <Text>{options.explanation}</Text>
          <TextLink href={options.back.href}>{options.back.label}</TextLink>
        </VStack>
      </PageContainer>
    )
  }
}

export const MessageCreatePage = notCreatedHere({
  title: 'Messages are sent by the system',
  explanation:
    'Messages are created by the features that send them (portal invitations, broadcasts, verification codes...) through the notification pipeline, which records each one with its delivery trace. There is nothing to fill in here.',
  back: { href: '/messages', label: 'Back to messages' },
})

export const ResidentCreatePage = notCreatedHere({
  title: 'Residents register themselves',
  explanation:
    'A resident is created when the person registers at a unit in the app (after verifying their phone) or accepts a portal invitation. To invite someone, open their contact and send a portal invitation.',
  back: { href: '/residents', label: 'Back to residents' },
})
