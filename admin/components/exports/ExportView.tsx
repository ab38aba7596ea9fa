// One export: its progress while it runs (polled every second), then the download or the reason it failed.
import { useMutation, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice } from '@keystone-6/core/admin-ui/components'
import { Button } from '@keystar/ui/button'
import { HStack, VStack } from '@keystar/ui/layout'
import { ProgressBar } from '@keystar/ui/progress'
import { Heading, Text } from '@keystar/ui/typography'
import { useEffect } from 'react'
import { CANCEL_EXPORT, EXPORT, type ExportTask } from './queries'

const ACTIVE = ['queued', 'running']

function describeFilter(task: ExportTask) {
  const parts = [
    task.filterType && `type ${task.filterType}`,
    task.filterProperty && `property ${task.filterProperty.name}`,
    task.filterRole && `role ${task.filterRole.label}`,
    task.archived === 'live' ? 'live contacts' : task.archived === 'archived' ? 'archived contacts' : 'live and archived contacts',
  ]
  return parts.filter(Boolean).join(', ')
}

export function ExportView({ id }: { id: string }) {
  const { data, error, startPolling, stopPolling } = useQuery<{ contactExportTask: ExportTask | null }>(EXPORT, { variables: { id }, fetchPolicy: 'cache-and-network' })
  const [cancel, cancelled] = useMutation(CANCEL_EXPORT)
  const task = data?.contactExportTask
  const active = !!task && ACTIVE.includes(task.status)
  useEffect(() => {
    if (active) startPolling(1000)
    else stopPolling()
    return () => stopPolling()
  }, [active, startPolling, stopPolling])

  if (error) return <GraphQLErrorNotice errors={[error]} />
  if (!data) return <Text>Loading…</Text>
  if (!task) return <Text>No such export (or it is not yours to see).</Text>
  const percent = task.total ? Math.floor((100 * task.processed) / task.total) : task.status === 'done' ? 100 : 0
  return (
    <VStack gap="large" data-export-status={task.status}>
      <Heading elementType="h2" size="small">
        {task.label}
      </Heading>
      <Text>
        {task.organization?.name}: {describeFilter(task)}. Started by {task.startedBy?.name ?? 'someone'}.
      </Text>
      <ProgressBar
        label={task.status === 'queued' ? 'Waiting to start' : task.status === 'running' ? 'Exporting' : `Export ${task.status}`}
        value={percent}
        valueLabel={`${task.processed.toLocaleString()} of ${task.total === null ? '…' : task.total.toLocaleString()} contacts`}
        showValueLabel
        isIndeterminate={task.status === 'queued'}
      />
      {task.status === 'done' && task.includesContactDetails === 'no' ? <Text>Phone and email are empty: the starter does not hold readContacts.</Text> : null}
      {task.error ? <Text color="critical">{task.error}</Text> : null}
      <HStack gap="regular" alignItems="center">
        {task.downloadUrl ? (
          <a href={task.downloadUrl} download>
            Download the Excel file
          </a>
        ) : task.status === 'done' ? (
          <Text>{task.fileExpiresAt && new Date(task.fileExpiresAt) < new Date() ? 'The file has expired.' : 'Only the person who started this export can download it.'}</Text>
        ) : null}
        {active ? (
          <Button onPress={() => cancel({ variables: { id } })} isDisabled={cancelled.loading}>
            Cancel export
          </Button>
        ) : null}
      </HStack>
      <GraphQLErrorNotice errors={[cancelled.error]} />
    </VStack>
  )
}
