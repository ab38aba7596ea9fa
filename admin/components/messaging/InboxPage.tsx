// The staff inbox page: one organization's conversations in one status (Unread, Open, Resolved,
// Archived), searchable; a row opens the thread (?conversation=<id>).
import { useEffect, useState } from 'react'
import { useRouter } from 'next/router'
import { useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice, PageContainer } from '@keystone-6/core/admin-ui/components'
import { HStack, VStack } from '@keystar/ui/layout'
import { Heading, Text } from '@keystar/ui/typography'
import { InboxTable, type InboxRow } from './InboxTable'
import { ORGANIZATIONS, STAFF_INBOX, STATUSES } from './queries'
import { ThreadView } from './ThreadView'

export default function InboxPage() {
  const router = useRouter()
  const conversationId = typeof router.query.conversation === 'string' ? router.query.conversation : null
  const organizations = useQuery<{ organizations: { id: string; name: string }[] }>(ORGANIZATIONS)
  const [organizationId, setOrganizationId] = useState<string | null>(null)
  const [status, setStatus] = useState<string>('unread')
  const [search, setSearch] = useState('')
  const [query, setQuery] = useState('')
  useEffect(() => {
    if (!organizationId && organizations.data?.organizations.length) setOrganizationId(organizations.data.organizations[0].id)
  }, [organizationId, organizations.data])
  const inbox = useQuery<{ staffInbox: { count: number; rows: InboxRow[] } }>(STAFF_INBOX, {
    variables: { organizationId, status, search: query || null, skip: 0 },
    skip: !organizationId || !!conversationId,
    fetchPolicy: 'cache-and-network',
  })
  const open = (id: string | null) => router.push(id ? `/inbox?conversation=${encodeURIComponent(id)}` : '/inbox')

  return (
    <PageContainer title="Inbox" header={<Heading elementType="h1" size="small">Inbox</Heading>}>
      <VStack gap="large" paddingY="xlarge">
        <GraphQLErrorNotice errors={[organizations.error, inbox.error]} />
        {conversationId ? (
          <ThreadView id={conversationId} onBack={() => open(null)} />
        ) : (
          <>
            <HStack gap="large" alignItems="end">
              {(organizations.data?.organizations.length ?? 0) > 1 ? (
                <label>
                  <Text>Organization </Text>
                  <select value={organizationId ?? ''} onChange={event => setOrganizationId(event.target.value)}>
                    {organizations.data!.organizations.map(o => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <nav aria-label="Status">
                <HStack gap="regular">
                  {STATUSES.map(s => (
                    <button key={s.key} type="button" aria-pressed={status === s.key} onClick={() => setStatus(s.key)} style={{ fontWeight: status === s.key ? 700 : 400 }}>
                      {s.label}
                    </button>
                  ))}
                </HStack>
              </nav>
              <form
                role="search"
                onSubmit={event => {
                  event.preventDefault()
                  setQuery(search.trim())
                }}
              >
                <label>
                  <Text>Search </Text>
                  <input type="search" value={search} placeholder="Name, unit, phone, topic, text" onChange={event => setSearch(event.target.value)} />
                </label>
                <button type="submit">Search</button>
              </form>
            </HStack>
            <InboxTable rows={inbox.data?.staffInbox.rows ?? []} count={inbox.data?.staffInbox.count ?? 0} loading={inbox.loading && !inbox.data} onOpen={open} />
          </>
        )}
      </VStack>
    </PageContainer>
  )
}
