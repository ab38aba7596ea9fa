// One dashboard card: the count (a link to the filtered list when the card gives one), the first items.
import { Box, VStack } from '@keystar/ui/layout'
import { TextLink } from '@keystar/ui/link'
import { Heading, Text } from '@keystar/ui/typography'

export type Card = {
  key: string
  title: string
  count: number | null
  href: string | null
  items: { label: string; href: string }[]
  error: string | null
}

export function DashboardCard({ card }: { card: Card }) {
  const count = card.count === null ? '–' : card.count.toLocaleString('en')
  return (
    <Box border="neutral" borderRadius="medium" padding="large" backgroundColor="surface" data-card={card.key}>
      <VStack gap="medium">
        <Heading elementType="h2" size="regular">
          {card.href ? <TextLink href={card.href}>{count}</TextLink> : count}
        </Heading>
        <Text weight="medium">{card.title}</Text>
        {card.error ? <Text color="critical">{card.error}</Text> : null}
        {card.items.length > 0 ? (
          <VStack elementType="ul" gap="regular">
            {card.items.map(item => (
              <li key={item.href}>
                <TextLink href={item.href}>{item.label}</TextLink>
              </li>
            ))}
          </VStack>
        ) : card.count === 0 ? (
          <Text color="neutralTertiary">Nothing to do here.</Text>
        ) : null}
      </VStack>
    </Box>
  )
}
