// The organization's recent broadcasts with their reach: recipients, sent, delivered, read, failed and
// the read rate, by channel (reached / failed) and how many no channel could reach, refreshed while one
// is still going out.
import { useMutation } from '@keystone-6/core/admin-ui/apollo'
import { TextLink } from '@keystar/ui/link'
import { Text } from '@keystar/ui/typography'
import { CANCEL_BROADCAST, type BroadcastRow } from './queries'

const cell = { padding: '6px 10px', borderBottom: '1px solid #eee', textAlign: 'left' as const }

export function ReachTable({ rows, onChange }: { rows: BroadcastRow[]; onChange(): void }) {
  const [cancel] = useMutation(CANCEL_BROADCAST)
  if (!rows.length) return <Text color="neutralTertiary">No broadcasts yet.</Text>
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%' }} aria-label="Recent broadcasts">
      <thead>
        <tr>
          {['Title', 'Kind', 'Status', 'When', 'By', 'Recipients', 'Sent', 'Delivered', 'Read', 'Failed', 'Read rate', 'By channel', ''].map(h => (
            <th key={h} style={cell}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(b => {
          const p = b.progress
          return (
            <tr key={b.id} data-broadcast={b.id}>
              <td style={cell}><TextLink href={`/broadcasts/${b.id}`}>{b.title}</TextLink></td>
              <td style={cell}>{b.kind}</td>
              <td style={cell} data-testid="status">{b.status}</td>
              <td style={cell}>{b.sentAt ? new Date(b.sentAt).toLocaleString() : b.scheduledAt ? new Date(b.scheduledAt).toLocaleString() : ''}</td>
              <td style={cell}>{b.sentBy?.name ?? ''}</td>
              <td style={cell} data-testid="resolved">{p.resolved}</td>
              <td style={cell} data-testid="sent">{p.sent + p.delivered + p.read}</td>
              <td style={cell}>{p.delivered + p.read}</td>
              <td style={cell} data-testid="read">{p.read}</td>
              {/* tried and failed; those no channel could reach (the feed only) are the "none" of By channel */}
              <td style={cell} data-testid="failed">{p.failed - p.unreachable}</td>
              <td style={cell} data-testid="read-rate">{Math.round(p.readRate * 100)}%</td>
              <td style={cell} data-testid="by-channel">
                {[...p.channels.map(c => `${c.channel} ${c.sent}${c.failed ? ` (${c.failed} failed)` : ''}`), ...(p.unreachable ? [`none ${p.unreachable}`] : [])].join(' · ')}
              </td>
              <td style={cell}>
                {b.status === 'scheduled' || b.status === 'draft' ? (
                  <button type="button" onClick={() => cancel({ variables: { id: b.id } }).then(onChange, () => {})}>Cancel</button>
                ) : null}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
