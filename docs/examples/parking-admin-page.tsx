// What admin/pages/parking.tsx would hold: one default-exported component (Next's pages router; no
// getServerSideProps), talking to the server only through GraphQL with the signed-in user's session.
import { gql, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice, PageContainer } from '@keystone-6/core/admin-ui/components'
import { VStack } from '@keystar/ui/layout'
import { TextLink } from '@keystar/ui/link'
import { Heading, Text } from '@keystar/ui/typography'

const PROPERTIES = gql`
  query ParkingPage {
    properties(take: 50, orderBy: { name: asc }) {
      id
      name
    }
  }
`

export default function ParkingPage() {
  const { data, error } = useQuery<{ properties: { id: string; name: string }[] }>(PROPERTIES)
  return (
    <PageContainer title="Parking" header={<Heading elementType="h1" size="small">Parking</Heading>}>
      <VStack gap="large" paddingY="xlarge">
        <GraphQLErrorNotice errors={[error]} />
        {data?.properties.map(property => (
          <Text key={property.id}>
            <TextLink href={`/properties/${property.id}`}>{property.name}</TextLink>
          </Text>
        ))}
      </VStack>
    </PageContainer>
  )
}
