// /broadcasts/send: compose a broadcast for one of the staff member's organizations, see how many
// residents it reaches before sending, and follow the reach and read rate of the recent ones.
import { useEffect, useState } from 'react'
import { useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice, PageContainer } from '@keystone-6/core/admin-ui/components'
import { HStack, VStack } from '@keystar/ui/layout'
import { Heading, Text } from '@keystar/ui/typography'
import { ComposeForm } from './ComposeForm'
import { ORGANIZATIONS, RECENT_BROADCASTS, type BroadcastRow } from './queries'
import { ReachTable } from './ReachTable'

export default function BroadcastsPage() {
  const organizations = useQuery<{ organizations: { id: string; name: string }[] }>(ORGANIZATIONS)
  const [organizationId, setOrganizationId] = useState<string | null>(null)
  useEffect(() => {
    if (!organizationId && organizations.data?.organizations.length) setOrganizationId(organizations.data.organizations[0].id)
  }, [organizationId, organizations.data])
  const recent = useQuery<{ broadcasts: BroadcastRow[] }>(RECENT_BROADCASTS, { variables: { organizationId }, skip: !organizationId, fetchPolicy: 'cache-and-network' })
  const rows = recent.data?.broadcasts ?? []
  // one going out or due within a minute ("Send now" is scheduled for now until the fan-out takes it):
  // refreshed every 2 s; only later ones (perhaps days away): every 30 s, so one coming due is noticed
  const dueSoon = (b: BroadcastRow) => b.status === 'scheduled' && (!b.scheduledAt || Date.parse(b.scheduledAt) - Date.now() < 60_000)
  const pollMs = rows.some(b => b.status === 'sending' || b.progress.pending > 0 || dueSoon(b)) ? 2000 : rows.some(b => b.status === 'scheduled') ? 30_000 : 0
  useEffect(() => {
    if (!pollMs) return
    const timer = setInterval(() => void recent.refetch(), pollMs)
    return () => clearInterval(timer)
  }, [pollMs, recent])

  return (
    <PageContainer title="Send a broadcast" header={<Heading elementType="h1" size="small">Broadcasts</Heading>}>
      <VStack gap="xlarge" paddingY="xlarge">
        <GraphQLErrorNotice errors={[organizations.error, recent.error]} />
        {(organizations.data?.organizations.length ?? 0) > 1 ? (
          <HStack gap="regular" alignItems="center">
            <label>
              <Text>Organization </Text>
              <select value={organizationId ?? ''} onChange={event => setOrganizationId(event.target.value)}>
                {organizations.data!.organizations.map(o => (
                  <option key={o.id} value={o.id}>{o.name}</option>
                ))}
              </select>
            </label>
          </HStack>
        ) : null}
        {organizationId ? <ComposeForm key={organizationId} organizationId={organizationId} onSent={() => void recent.refetch()} /> : null}
        <VStack gap="medium">
          <Heading elementType="h2" size="regular">Recent broadcasts</Heading>
          <ReachTable rows={recent.data?.broadcasts ?? []} onChange={() => void recent.refetch()} />
        </VStack>
      </VStack>
    </PageContainer>
  )
}
