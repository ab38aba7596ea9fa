// The inbox rows: resident and unit, topic, subject with the last message, when, and the unread count.
import { Text } from '@keystar/ui/typography'

export type InboxRow = {
  id: string
  subject: string
  status: string
  residentName: string | null
  unitName: string | null
  propertyName: string | null
  topicName: string | null
  lastMessageAt: string | null
  lastMessagePreview: string | null
  lastMessageAuthorName: string | null
  unreadCount: number
  reopenCount: number
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '')

export function InboxTable({ rows, count, loading, onOpen }: { rows: InboxRow[]; count: number; loading: boolean; onOpen(id: string): void }) {
  if (loading) return <Text>Loading…</Text>
  if (rows.length === 0) return <Text color="neutralTertiary">No conversations here.</Text>
  return (
    <>
      <Text color="neutralSecondary">
        {count} conversation{count === 1 ? '' : 's'}
      </Text>
      <table style={{ width: '100%', borderCollapse: 'collapse' }} aria-label="Conversations">
        <thead>
          <tr style={{ textAlign: 'left' }}>
            <th>Resident</th>
            <th>Unit</th>
            <th>Topic</th>
            <th>Conversation</th>
            <th>Last message</th>
            <th>Unread</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(row => (
            <tr key={row.id} data-conversation={row.id} style={{ borderTop: '1px solid #ddd', verticalAlign: 'top' }}>
              <td>{row.residentName}</td>
              <td>{[row.propertyName, row.unitName].filter(Boolean).join(', ')}</td>
              <td>{row.topicName}</td>
              <td>
                <a
                  href={`/inbox?conversation=${row.id}`}
                  onClick={event => {
                    event.preventDefault()
                    onOpen(row.id)
                  }}
                >
                  {row.subject}
                </a>
                {row.reopenCount > 0 ? <small> (re-opened {row.reopenCount}×)</small> : null}
                {row.lastMessagePreview ? (
                  <div>
                    <small>
                      {row.lastMessageAuthorName}: {row.lastMessagePreview}
                    </small>
                  </div>
                ) : null}
              </td>
              <td>{when(row.lastMessageAt)}</td>
              <td>{row.unreadCount > 0 ? <strong>{row.unreadCount}</strong> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
