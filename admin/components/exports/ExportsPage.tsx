// /contact-exports: start an export of contacts to Excel (from the contacts list's "Export to Excel", with
// its filter), watch one (?id=<export>), and the recent exports. Talks to the GraphQL API only.
import { useRouter } from 'next/router'
import { useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice, PageContainer } from '@keystone-6/core/admin-ui/components'
import { VStack } from '@keystar/ui/layout'
import { Heading, Text } from '@keystar/ui/typography'
import Link from 'next/link'
import { ExportView } from './ExportView'
import type { ExportFilterParams } from './list-filters'
import { NewExportForm } from './NewExportForm'
import { RECENT_EXPORTS, type ExportTask } from './queries'

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

function RecentExports() {
  const { data, error } = useQuery<{ contactExportTasks: ExportTask[] }>(RECENT_EXPORTS, { fetchPolicy: 'cache-and-network' })
  if (error) return <GraphQLErrorNotice errors={[error]} />
  const tasks = data?.contactExportTasks ?? []
  if (!tasks.length) return <Text>No exports yet.</Text>
  return (
    <ul aria-label="Recent exports">
      {tasks.map(task => (
        <li key={task.id}>
          <Link href={`/contact-exports?id=${encodeURIComponent(task.id)}`}>{task.label}</Link>{' '}
          <Text>
            {task.organization?.name}, {task.status}
            {task.status === 'running' && task.total ? ` ${Math.floor((100 * task.processed) / task.total)}%` : ''}
          </Text>
        </li>
      ))}
    </ul>
  )
}

export default function ExportsPage() {
  const router = useRouter()
  const id = one(router.query.id)
  const initial: ExportFilterParams = {
    organization: one(router.query.organization),
    property: one(router.query.property),
    type: one(router.query.type),
    role: one(router.query.role),
    archived: (['live', 'archived', 'all'].includes(one(router.query.archived) ?? '') ? one(router.query.archived) : 'live') as ExportFilterParams['archived'],
  }
  const ignored = (one(router.query.ignored) ?? '').split(',').filter(Boolean)
  return (
    <PageContainer title="Contact exports" header={<Heading elementType="h1" size="small">Contact exports</Heading>}>
      <VStack gap="xlarge" paddingY="xlarge">
        {id ? (
          <ExportView id={id} />
        ) : router.isReady ? (
          <VStack gap="large">
            <Heading elementType="h2" size="small">
              Export contacts to Excel
            </Heading>
            <NewExportForm initial={initial} ignored={ignored} onStarted={started => router.push(`/contact-exports?id=${encodeURIComponent(started)}`)} />
          </VStack>
        ) : null}
        <VStack gap="regular">
          <Heading elementType="h2" size="small">
            Recent exports
          </Heading>
          <RecentExports key={id ?? 'new'} />
        </VStack>
      </VStack>
    </PageContainer>
  )
}
