import { gql } from '@keystone-6/core/admin-ui/apollo'

export const EXPORT_FIELDS = `id label status processed total error downloadUrl includesContactDetails fileExpiresAt createdAt startedAt finishedAt archived filterType
  organization { id name } filterProperty { id name } filterRole { id label } startedBy { id name }`

export const EXPORT = gql`
  query ContactExport($id: ID!) {
    contactExportTask(where: { id: $id }) { ${EXPORT_FIELDS} }
  }
`

export const RECENT_EXPORTS = gql`
  query RecentContactExports {
    contactExportTasks(orderBy: { createdAt: desc }, take: 20) { ${EXPORT_FIELDS} }
  }
`

export const FILTER_CHOICES = gql`
  query ExportFilterChoices {
    organizations(orderBy: { name: asc }) { id name }
    properties(orderBy: { name: asc }) { id name organization { id } }
    contactRoles { id label organization { id } }
  }
`

export const START_EXPORT = gql`
  mutation StartContactExport($data: ContactExportTaskCreateInput!) {
    createContactExportTask(data: $data) { id }
  }
`

export const CANCEL_EXPORT = gql`
  mutation CancelContactExport($id: ID!) {
    cancelContactExportTask(where: { id: $id }) { id status }
  }
`

export type ExportTask = {
  id: string
  label: string
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  processed: number
  total: number | null
  error: string | null
  downloadUrl: string | null
  includesContactDetails: string | null
  fileExpiresAt: string | null
  createdAt: string
  archived: string
  filterType: string | null
  organization: { id: string; name: string } | null
  filterProperty: { id: string; name: string } | null
  filterRole: { id: string; label: string } | null
  startedBy: { id: string; name: string } | null
}
