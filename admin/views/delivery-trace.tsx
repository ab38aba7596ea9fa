// Message.trace as a timeline staff can read: one row per attempt or decision (when, run, channel,
// transport, outcome, masked address, error), instead of the raw JSON.
import { FieldDescription, FieldLabel } from '@keystar/ui/field'
import { VStack } from '@keystar/ui/layout'
import { Text } from '@keystar/ui/typography'
import { controller, Cell } from '@keystone-6/core/fields/types/json/views'
import type { FieldProps } from '@keystone-6/core/types'

export { controller, Cell }

type Entry = { at?: string; run?: number; outcome?: string; channel?: string; transport?: string; address?: string; error?: string; providerMessageId?: string; retryAfterMs?: number }

const OUTCOMES: Record<string, string> = {
  sent: 'Sent',
  transient: 'Temporary failure (retried)',
  permanent: 'Refused by the provider',
  invalidAddress: 'Invalid address',
  skipped: 'Skipped',
  blacklisted: 'Blocked',
  throttled: 'Throttled',
  disabledByUser: 'Turned off by the recipient',
  error: 'Error',
  retry: 'Retry scheduled',
  quietHours: 'Held for quiet hours',
}

export function parseTrace(value: unknown): Entry[] {
  try {
    const parsed = typeof value === 'string' ? (value ? JSON.parse(value) : []) : value
    return Array.isArray(parsed) ? parsed : []
  } catch {
    return []
  }
}

const when = (at?: string) => (at ? new Date(at).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'medium' }) + ' UTC' : '')

const cell = { padding: '6px 12px 6px 0', verticalAlign: 'top' as const, textAlign: 'left' as const }

export function Field({ field, value }: FieldProps<typeof controller>) {
  const entries = parseTrace(value)
  return (
    <VStack gap="regular">
      <FieldLabel elementType="span">Delivery trace</FieldLabel>
      <FieldDescription>Every attempt and decision of the delivery, oldest first.</FieldDescription>
      {entries.length === 0 ? (
        <Text color="neutralSecondary">Nothing yet: the message has not been processed.</Text>
      ) : (
        <table aria-label="Delivery trace" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}>
          <thead>
            <tr>
              {['Time', 'Run', 'Channel', 'Transport', 'Outcome', 'Address', 'Details'].map(h => (
                <th key={h} style={cell}>
                  <Text weight="semibold">{h}</Text>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={index} style={{ borderTop: '1px solid rgba(0,0,0,0.1)' }}>
                <td style={cell}>{when(entry.at)}</td>
                <td style={cell}>{entry.run ?? ''}</td>
                <td style={cell}>{entry.channel ?? ''}</td>
                <td style={cell}>{entry.transport ?? ''}</td>
                <td style={cell}>{OUTCOMES[entry.outcome ?? ''] ?? entry.outcome ?? ''}</td>
                <td style={cell}>{entry.address ?? ''}</td>
                <td style={cell}>
                  {[entry.error, entry.providerMessageId ? `provider id ${entry.providerMessageId}` : '', entry.retryAfterMs ? `retry in ${Math.round(entry.retryAfterMs / 1000)} s` : '']
                    .filter(Boolean)
                    .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </VStack>
  )
}
