// The contacts list is Keystone's own list page with one addition: "Export to Excel", which opens the
// exports page with the list's current filter (read from the URL, where Keystone keeps it).
import { useRouter } from 'next/router'
import Link from 'next/link'
import { getListPage } from '@keystone-6/core/___internal-do-not-use-will-break-in-patch/admin-ui/pages/ListPage'
import { exportFilterFromListQuery, newExportHref } from './list-filters'

const KeystoneContactsList = getListPage({ listKey: 'Contact' })

export default function ContactsListWithExport() {
  const router = useRouter()
  const { filter, ignored } = exportFilterFromListQuery(router.query)
  return (
    <>
      <KeystoneContactsList />
      <Link
        href={newExportHref(filter, ignored)}
        data-testid="export-contacts"
        style={{
          position: 'fixed',
          // in the page header, left of "New contact"
          top: 16,
          right: 160,
          zIndex: 10,
          padding: '6px 16px',
          borderRadius: 16,
          background: '#1f6f43',
          color: 'white',
          fontWeight: 600,
          textDecoration: 'none',
        }}
      >
        Export to Excel
      </Link>
    </>
  )
}
