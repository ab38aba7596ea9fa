// The home page: what needs attention in the staff member's organizations. Each card comes from a
// plugin (`dashboardCards`) and was counted on the server with this user's access (adminDashboard).
import { gql, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice, PageContainer } from '@keystone-6/core/admin-ui/components'
import { Grid, VStack } from '@keystar/ui/layout'
import { ProgressCircle } from '@keystar/ui/progress'
import { Heading, Text } from '@keystar/ui/typography'
import { DashboardCard, type Card } from './DashboardCard'

export const ADMIN_DASHBOARD = gql`
  query AdminDashboard {
    adminDashboard {
      key
      title
      count
      href
      items {
        label
        href
      }
      error
    }
  }
`

export default function DashboardPage() {
  const { data, error, loading } = useQuery<{ adminDashboard: Card[] }>(ADMIN_DASHBOARD, { fetchPolicy: 'cache-and-network' })
  return (
    <PageContainer title="Dashboard" header={<Heading elementType="h1" size="small">Dashboard</Heading>}>
      <VStack gap="large" paddingY="xlarge">
        <Text color="neutralSecondary">What needs attention in your organizations.</Text>
        <GraphQLErrorNotice errors={[error]} />
        {loading && !data ? <ProgressCircle aria-label="Loading the dashboard" isIndeterminate /> : null}
        <Grid columns="repeat(auto-fill, minmax(280px, 1fr))" gap="large">
          {data?.adminDashboard.map(card => <DashboardCard key={card.key} card={card} />)}
        </Grid>
      </VStack>
    </PageContainer>
  )
}
