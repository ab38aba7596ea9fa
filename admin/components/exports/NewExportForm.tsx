// Starting an export: the organization and the contacts list's filter (prefilled from the list's URL).
import { useMutation, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice } from '@keystone-6/core/admin-ui/components'
import { Button } from '@keystar/ui/button'
import { HStack, VStack } from '@keystar/ui/layout'
import { Text } from '@keystar/ui/typography'
import { useEffect, useState } from 'react'
import type { ExportFilterParams } from './list-filters'
import { FILTER_CHOICES, START_EXPORT } from './queries'

type Choices = {
  organizations: { id: string; name: string }[]
  properties: { id: string; name: string; organization: { id: string } | null }[]
  contactRoles: { id: string; label: string; organization: { id: string } | null }[]
}

export function NewExportForm({ initial, ignored, onStarted }: { initial: ExportFilterParams; ignored: string[]; onStarted(id: string): void }) {
  const choices = useQuery<Choices>(FILTER_CHOICES)
  const [start, started] = useMutation<{ createContactExportTask: { id: string } | null }>(START_EXPORT)
  const [filter, setFilter] = useState<ExportFilterParams>(initial)
  const organizations = choices.data?.organizations ?? []
  useEffect(() => {
    if (!filter.organization && organizations.length) setFilter(f => ({ ...f, organization: organizations[0].id }))
  }, [filter.organization, organizations])
  const set = (key: keyof ExportFilterParams) => (event: { target: { value: string } }) => setFilter(f => ({ ...f, [key]: event.target.value || undefined }))
  const inOrganization = (row: { organization: { id: string } | null }) => !row.organization || row.organization.id === filter.organization

  const submit = async () => {
    const data: Record<string, unknown> = { organization: { connect: { id: filter.organization } }, archived: filter.archived }
    if (filter.property) data.filterProperty = { connect: { id: filter.property } }
    if (filter.role) data.filterRole = { connect: { id: filter.role } }
    if (filter.type) data.filterType = filter.type
    const result = await start({ variables: { data } }).catch(() => null)
    const id = result?.data?.createContactExportTask?.id
    if (id) onStarted(id)
  }

  return (
    <VStack gap="large">
      <GraphQLErrorNotice errors={[choices.error, started.error]} />
      {ignored.length ? <Text>Not applied (an export filters by organization, property, type, role and archived only): {ignored.join(', ')}.</Text> : null}
      <HStack gap="large" alignItems="end">
        <label>
          <Text>Organization </Text>
          <select aria-label="Organization" value={filter.organization ?? ''} onChange={set('organization')}>
            {organizations.map(o => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <Text>Property </Text>
          <select aria-label="Property" value={filter.property ?? ''} onChange={set('property')}>
            <option value="">Any</option>
            {(choices.data?.properties ?? []).filter(inOrganization).map(p => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <Text>Type </Text>
          <select aria-label="Type" value={filter.type ?? ''} onChange={set('type')}>
            <option value="">Any</option>
            <option value="resident">Resident</option>
            <option value="vendor">Vendor</option>
            <option value="contractor">Contractor</option>
          </select>
        </label>
        <label>
          <Text>Role </Text>
          <select aria-label="Role" value={filter.role ?? ''} onChange={set('role')}>
            <option value="">Any</option>
            {(choices.data?.contactRoles ?? []).filter(inOrganization).map(r => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <Text>Contacts </Text>
          <select aria-label="Archived" value={filter.archived} onChange={set('archived')}>
            <option value="live">Live</option>
            <option value="archived">Archived</option>
            <option value="all">Live and archived</option>
          </select>
        </label>
        <Button prominence="high" onPress={submit} isDisabled={!filter.organization || started.loading}>
          Start export
        </Button>
      </HStack>
    </VStack>
  )
}
