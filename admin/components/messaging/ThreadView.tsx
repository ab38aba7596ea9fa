// One thread: messages and audit entries in time order (internal notes marked), the reply box (or an
// internal note), resolve with a category and an optional management-only note, archive. Opening the
// thread marks it read.
import { useEffect, useState } from 'react'
import { useMutation, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice } from '@keystone-6/core/admin-ui/components'
import { HStack, VStack } from '@keystar/ui/layout'
import { Heading, Text } from '@keystar/ui/typography'
import { ARCHIVE, CATEGORIES, MARK_READ, NOTE, REPLY, RESOLVE, THREAD } from './queries'

type Entry = { id: string; at: string; kind: 'message' | 'activity'; text: string; author: string | null; internal: boolean }

type Thread = {
  conversation: { id: string; subject: string; status: string; unitName: string | null; reopenCount: number; resolutionCategory: string | null; resolutionNote: string | null; topic: { name: string } | null } | null
  conversationMessages: { id: string; body: string; isInternal: boolean; authorName: string | null; createdAt: string }[]
  conversationActivities: { id: string; summary: string; isInternal: boolean; createdAt: string }[]
  conversationParticipants: { id: string; userName: string | null; role: string }[]
}

function timeline(data: Thread): Entry[] {
  const messages = data.conversationMessages.map(m => ({ id: m.id, at: m.createdAt, kind: 'message' as const, text: m.body, author: m.authorName, internal: m.isInternal }))
  const activities = data.conversationActivities.map(a => ({ id: a.id, at: a.createdAt, kind: 'activity' as const, text: a.summary, author: null, internal: a.isInternal }))
  return [...messages, ...activities].sort((a, b) => a.at.localeCompare(b.at))
}

export function ThreadView({ id, onBack }: { id: string; onBack(): void }) {
  const thread = useQuery<Thread>(THREAD, { variables: { id }, fetchPolicy: 'cache-and-network' })
  const refetch = { refetchQueries: ['InboxThread'], awaitRefetchQueries: true }
  const [markRead] = useMutation(MARK_READ)
  const [reply, replying] = useMutation(REPLY, refetch)
  const [note, noting] = useMutation(NOTE, refetch)
  const [resolve, resolving] = useMutation(RESOLVE, refetch)
  const [archive, archiving] = useMutation(ARCHIVE, refetch)
  const [body, setBody] = useState('')
  const [internal, setInternal] = useState(false)
  const [category, setCategory] = useState('')
  const [resolutionNote, setResolutionNote] = useState('')
  useEffect(() => {
    void markRead({ variables: { id } }).catch(() => {})
  }, [id, markRead])

  const conversation = thread.data?.conversation
  if (thread.loading && !thread.data) return <Text>Loading…</Text>
  if (!conversation) return <GraphQLErrorNotice errors={[thread.error]} />
  const busy = replying.loading || noting.loading
  const send = async () => {
    const text = body.trim()
    if (!text) return
    await (internal ? note : reply)({ variables: { id, body: text } }).catch(() => {})
    setBody('')
  }

  return (
    <VStack gap="large">
      <HStack gap="regular" alignItems="center">
        <button type="button" onClick={onBack}>
          ← Inbox
        </button>
        <Heading elementType="h2" size="regular">
          {conversation.subject}
        </Heading>
        <Text color="neutralSecondary">
          {conversation.topic?.name} · {conversation.unitName ?? ''} · <span data-status={conversation.status}>{conversation.status}</span>
          {conversation.reopenCount ? ` · re-opened ${conversation.reopenCount}×` : ''}
        </Text>
      </HStack>
      <Text color="neutralSecondary">In this conversation: {thread.data!.conversationParticipants.map(p => `${p.userName ?? '?'} (${p.role})`).join(', ')}</Text>
      {conversation.resolutionCategory ? (
        <Text>
          Resolution: {CATEGORIES.find(c => c.key === conversation.resolutionCategory)?.label}
          {conversation.resolutionNote ? ` — ${conversation.resolutionNote}` : ''}
        </Text>
      ) : null}
      <GraphQLErrorNotice errors={[thread.error, replying.error, noting.error, resolving.error, archiving.error]} />
      <ol aria-label="Thread" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {timeline(thread.data!).map(entry => (
          <li
            key={entry.id}
            data-entry={entry.kind}
            style={{
              padding: '8px 12px',
              margin: '6px 0',
              borderRadius: 6,
              background: entry.internal ? '#fff6d6' : entry.kind === 'message' ? '#f3f5f9' : 'transparent',
              color: entry.kind === 'activity' ? '#666' : undefined,
            }}
          >
            <small>
              {new Date(entry.at).toLocaleString()}
              {entry.author ? ` · ${entry.author}` : ''}
              {entry.internal ? ' · internal' : ''}
            </small>
            <div style={{ whiteSpace: 'pre-wrap' }}>{entry.text}</div>
          </li>
        ))}
      </ol>
      <form
        aria-label="Reply"
        onSubmit={event => {
          event.preventDefault()
          void send()
        }}
      >
        <VStack gap="regular">
          <label>
            <Text>{internal ? 'Internal note (residents never see it)' : 'Reply'}</Text>
            <textarea name="body" rows={4} style={{ width: '100%' }} value={body} onChange={event => setBody(event.target.value)} />
          </label>
          <HStack gap="regular" alignItems="center">
            <label>
              <input type="checkbox" checked={internal} onChange={event => setInternal(event.target.checked)} /> Internal note
            </label>
            <button type="submit" disabled={busy || !body.trim()}>
              {internal ? 'Add note' : 'Send reply'}
            </button>
          </HStack>
        </VStack>
      </form>
      {conversation.status === 'unread' || conversation.status === 'open' ? (
        <form
          aria-label="Resolve"
          onSubmit={event => {
            event.preventDefault()
            if (category) void resolve({ variables: { id, category, note: resolutionNote.trim() || null } }).catch(() => {})
          }}
        >
          <HStack gap="regular" alignItems="end">
            <label>
              <Text>Category </Text>
              <select value={category} onChange={event => setCategory(event.target.value)} required>
                <option value="">Choose…</option>
                {CATEGORIES.map(c => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <Text>Note for management </Text>
              <input value={resolutionNote} onChange={event => setResolutionNote(event.target.value)} />
            </label>
            <button type="submit" disabled={!category || resolving.loading}>
              Resolve
            </button>
          </HStack>
        </form>
      ) : null}
      {conversation.status !== 'archived' ? (
        <div>
          <button type="button" disabled={archiving.loading} onClick={() => void archive({ variables: { id } }).catch(() => {})}>
            Archive
          </button>
        </div>
      ) : null}
    </VStack>
  )
}
