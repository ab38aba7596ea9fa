// Compose a broadcast: title, body, kind, who it reaches (properties, unit types, contact roles: each
// narrows; none: every resident), the live recipient count with how many each channel of the kind can
// reach (and how many only the feed), and send now or at a time.
import { useState } from 'react'
import { useMutation, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice } from '@keystone-6/core/admin-ui/components'
import { HStack, VStack } from '@keystar/ui/layout'
import { Heading, Text } from '@keystar/ui/typography'
import { AUDIENCE_REACH, BROADCAST_OPTIONS, CREATE_BROADCAST, SEND_BROADCAST, UNIT_TYPES, type Reach } from './queries'

type Options = { properties: { id: string; name: string }[]; contactRoles: { id: string; name: string }[] }

function toggle(list: string[], value: string) {
  return list.includes(value) ? list.filter(v => v !== value) : [...list, value]
}

function Choices({ legend, items, chosen, onChange }: { legend: string; items: { id: string; name: string }[]; chosen: string[]; onChange(next: string[]): void }) {
  return (
    <fieldset style={{ border: '1px solid #ddd', borderRadius: 6, padding: '8px 12px' }}>
      <legend>{legend}</legend>
      <HStack gap="large" wrap="wrap">
        {items.map(item => (
          <label key={item.id}>
            <input type="checkbox" checked={chosen.includes(item.id)} onChange={() => onChange(toggle(chosen, item.id))} /> {item.name}
          </label>
        ))}
        {items.length === 0 ? <Text color="neutralTertiary">None</Text> : null}
      </HStack>
    </fieldset>
  )
}

export function ComposeForm({ organizationId, onSent }: { organizationId: string; onSent(): void }) {
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [kind, setKind] = useState<'regular' | 'emergency'>('regular')
  const [propertyIds, setPropertyIds] = useState<string[]>([])
  const [unitTypes, setUnitTypes] = useState<string[]>([])
  const [roleIds, setRoleIds] = useState<string[]>([])
  const [when, setWhen] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const options = useQuery<Options>(BROADCAST_OPTIONS, { variables: { organizationId } })
  const count = useQuery<{ broadcastAudienceReach: Reach }>(AUDIENCE_REACH, {
    variables: { data: { organizationId, audience: 'organization', propertyIds, unitTypes, contactRoleIds: roleIds }, kind },
    fetchPolicy: 'cache-and-network',
  })
  const [create, created] = useMutation(CREATE_BROADCAST)
  const [send, sent] = useMutation(SEND_BROADCAST)
  const busy = created.loading || sent.loading

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    setDone(null)
    const connect = (ids: string[]) => ({ connect: ids.map(id => ({ id })) })
    const result = await create({
      variables: {
        data: { organization: { connect: { id: organizationId } }, title, body, kind, audience: 'organization', properties: connect(propertyIds), unitTypes, contactRoles: connect(roleIds) },
      },
    }).catch(() => null)
    const id = (result?.data as { createBroadcast?: { id: string } } | undefined)?.createBroadcast?.id
    if (!id) return
    const scheduledAt = when ? new Date(when).toISOString() : null
    const answer = await send({ variables: { id, scheduledAt } }).catch(() => null)
    if (!answer?.data) return
    setDone(scheduledAt ? `Scheduled for ${new Date(scheduledAt).toLocaleString()}.` : 'Sending now.')
    setTitle('')
    setBody('')
    setWhen('')
    onSent()
  }

  const breakdown = count.data?.broadcastAudienceReach
  const reach = breakdown?.total
  return (
    <form onSubmit={submit} aria-label="Compose a broadcast">
      <VStack gap="large">
        <Heading elementType="h2" size="regular">New broadcast</Heading>
        <GraphQLErrorNotice errors={[options.error, count.error, created.error, sent.error]} />
        <label>
          <Text>Title</Text>
          <input name="title" required maxLength={120} value={title} onChange={e => setTitle(e.target.value)} style={field} />
        </label>
        <label>
          <Text>Message (**bold**, _italic_, lines starting with "- ", links)</Text>
          <textarea name="body" required maxLength={2000} rows={6} value={body} onChange={e => setBody(e.target.value)} style={field} />
        </label>
        <HStack gap="large">
          <label>
            <input type="radio" name="kind" checked={kind === 'regular'} onChange={() => setKind('regular')} /> Regular (respects quiet hours and residents' settings)
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'emergency'} onChange={() => setKind('emergency')} /> Emergency (at once, every channel)
          </label>
        </HStack>
        <Choices legend="Properties (none: all)" items={options.data?.properties ?? []} chosen={propertyIds} onChange={setPropertyIds} />
        <Choices legend="Unit types (none: all)" items={UNIT_TYPES.map(t => ({ id: t, name: t }))} chosen={unitTypes} onChange={setUnitTypes} />
        <Choices legend="Contact roles (none: any)" items={options.data?.contactRoles ?? []} chosen={roleIds} onChange={setRoleIds} />
        <Text weight="medium">
          Will reach <output data-testid="recipient-count">{reach === undefined ? '…' : reach.toLocaleString('en')}</output> resident{reach === 1 ? '' : 's'}
        </Text>
        {breakdown ? <ChannelBreakdown reach={breakdown} /> : null}
        <HStack gap="large" alignItems="end">
          <label>
            <Text>Send at (empty: now) </Text>
            <input type="datetime-local" name="scheduledAt" value={when} onChange={e => setWhen(e.target.value)} style={{ ...field, width: 'auto' }} />
          </label>
          <button type="submit" disabled={busy || !title.trim() || !body.trim() || !reach}>
            {when ? 'Schedule' : 'Send now'}
          </button>
        </HStack>
        {done ? <Text color="positive" role="status">{done}</Text> : null}
      </VStack>
    </form>
  )
}

/** A text field under its label: a visible box, apart from the label's text. */
const field = { display: 'block', width: '100%', marginTop: 6, padding: '6px 8px', border: '1px solid #c8c8c8', borderRadius: 4, font: 'inherit', boxSizing: 'border-box' as const }

const CHANNEL_LABELS: Record<string, string> = { push: 'Push (app installed)', telegram: 'Telegram (chat linked)', email: 'Email', sms: 'SMS' }

/** How many of the recipients each channel can reach; a resident may count on several. */
function ChannelBreakdown({ reach }: { reach: Reach }) {
  return (
    <ul aria-label="Reach by channel" style={{ margin: 0, paddingLeft: 20 }}>
      {reach.channels.map(c => (
        <li key={c.channel}>
          {/* untrimmed: the trim's pseudo-elements put the list marker on a line of its own */}
          <Text trim={false}>
            {CHANNEL_LABELS[c.channel] ?? c.channel}: <output data-testid={`reach-${c.channel}`}>{c.reachable.toLocaleString('en')}</output>
          </Text>
        </li>
      ))}
      <li>
        <Text trim={false} color={reach.unreachable ? 'caution' : undefined}>
          No channel (announcements feed only): <output data-testid="reach-none">{reach.unreachable.toLocaleString('en')}</output>
        </Text>
      </li>
    </ul>
  )
}
