// Benchmark: the staff inbox (50 rows with resident, unit, topic, last message and unread count) over HTTP
// GraphQL with a staff session, next to the same page read with the Prisma client; and a resident's thread
// (50 messages, visibility applied) over HTTP next to the same read with Prisma. PostgreSQL, one
// organization with 10,000 conversations of 20 messages each (each message's audience: the resident and
// the routed employee).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate   # the PostgreSQL client
//   npm run bench:inbox -- [--conversations 10000] [--messages 20] [--seconds 15] [--clients 16] [--keep]
//                          [--profile /tmp/inbox-%s.cpuprofile]   (the API process, per HTTP phase: %s = inbox, search, thread,
//                                                                 floor, floor-session)
//   npm run generate                                                         # back to SQLite
//
// A throwaway database (bench_inbox_<pid>) next to BENCH_DATABASE_URL's (default
// postgres://postgres@127.0.0.1:5432/test): schema pushed, rows bulk-inserted with SQL, the real server
// started as `npm start` runs it in its own plain-Node process (bench/api-server.ts, port BENCH_PORT, 4650).
// The Prisma baseline runs in this process against the same database. Goal (issue 12, for the staff
// inbox; the search and the thread are printed against the same bar): HTTP at least 50% of the Prisma
// page's throughput, p99 under 100 ms. CPU ms per request: this process's for the Prisma
// rows, the API process's for the HTTP rows. The search rows search the inbox for a name part matching
// 111 threads; the plan PostgreSQL chose for the search statement is printed (the indexes it read). The
// floor rows are an empty query over HTTP, anonymous and with the resident's session: what any request
// costs the API before its own work (their ratio is to the thread's Prisma read).
import pg from 'pg'
import { flag, textFlag } from './lib/args'
import { searchPlan } from './lib/explain-search'
import { startApi } from './lib/api-process'
import { load, type Stats } from './lib/load'
import { createBenchDatabase, createStaffOf, startBenchKeystone } from './lib/bench-database'

const CONVERSATIONS = flag('conversations', 10_000)
const MESSAGES = flag('messages', 20)
const SECONDS = flag('seconds', 15)
const CLIENTS = flag('clients', 16)
const PORT = Number(process.env.BENCH_PORT ?? 4650)
const PAGE = 50
/** Pages the clients cycle through: 20, or as many as the conversations fill (--conversations may be small). */
const PAGES = Math.max(1, Math.min(20, Math.floor(CONVERSATIONS / PAGE)))

const INBOX = `query Inbox($org: ID!, $skip: Int!) {
  staffInbox(organizationId: $org, status: "unread", take: ${PAGE}, skip: $skip) {
    count
    rows { id subject status residentName unitName propertyName topicName lastMessageAt lastMessagePreview lastMessageAuthorName unreadCount reopenCount }
  }
}`

const SEARCH_TERM = 'Resident 98' // Resident 98, 980-989 and 9800-9899
/** Residents 1..N whose number starts with 98: 111 of 10,000. */
const SEARCH_MATCHES = Array.from({ length: CONVERSATIONS }, (_, i) => String(i + 1)).filter(n => n.startsWith('98')).length
const SEARCH = `query Search($org: ID!) {
  staffInbox(organizationId: $org, status: "unread", search: "${SEARCH_TERM}", take: ${PAGE}, skip: 0) {
    count
    rows { id subject status residentName unitName propertyName topicName lastMessageAt lastMessagePreview lastMessageAuthorName unreadCount reopenCount }
  }
}`
const PROFILE = textFlag('profile')

const THREAD = `query Thread($id: ID!) {
  conversationMessages(where: { conversation: { id: { equals: $id } } }, orderBy: { createdAt: desc }, take: ${PAGE}) { id body isInternal authorName createdAt }
}`

/** Conversations bc<i>, each with resident user bu<i> (unit i % 400) and the routed employee; messages bm<i>_<k>. */
async function seed(url: string, organizationId: string, staffId: string, topicId: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const n = CONVERSATIONS
  try {
    await client.query(`INSERT INTO "Property" (id, organization, name, address) SELECT 'bp' || i, $1, 'Property ' || i, i || ' Main St' FROM generate_series(1, 50) AS i`, [organizationId])
    await client.query(`INSERT INTO "User" (id, name, type) SELECT 'bu' || i, 'Resident ' || i, 'resident' FROM generate_series(1, ${n}) AS i`)
    await client.query(
      `INSERT INTO "Resident" (id, "user", organization, property, "unitName", "unitKey", "unitType", "createdAt")
       SELECT 'br' || i, 'bu' || i, $1, 'bp' || (1 + i % 50), (i % 400)::text, (i % 400)::text, 'flat', now() FROM generate_series(1, ${n}) AS i`,
      [organizationId]
    )
    // conversation i's last message is at t0 + i minutes: pages are stable and distinct
    await client.query(
      `INSERT INTO "Conversation" (id, organization, property, "unitName", resident, topic, subject, status, "startedBy", "createdAt",
                                   "lastMessageAt", "lastMessagePreview", "lastMessageAuthorName", "staffUnreadCount", "messageCount")
       SELECT 'bc' || i, $1, 'bp' || (1 + i % 50), (i % 400)::text, 'bu' || i, $2, 'Question ' || i, 'unread', 'bu' || i, now() - interval '30 days',
              now() - interval '30 days' + (i || ' minutes')::interval, 'Message ${MESSAGES} of conversation ' || i, 'Resident ' || i, ${Math.ceil(MESSAGES / 2)}, ${MESSAGES}
       FROM generate_series(1, ${n}) AS i`,
      [organizationId, topicId]
    )
    await client.query(
      `INSERT INTO "ConversationParticipant" (id, organization, conversation, "user", role, "joinedAt", "openKey")
       SELECT 'bpr' || i, $1, 'bc' || i, 'bu' || i, 'resident'::"ConversationParticipantRoleType", now() - interval '30 days', 'bc' || i || ':bu' || i FROM generate_series(1, ${n}) AS i
       UNION ALL
       SELECT 'bps' || i, $1, 'bc' || i, $2, 'staff'::"ConversationParticipantRoleType", now() - interval '30 days', 'bc' || i || ':' || $2 FROM generate_series(1, ${n}) AS i`,
      [organizationId, staffId]
    )
    await client.query(
      `INSERT INTO "ConversationReadCursor" (id, organization, conversation, "user", "lastReadAt", "unreadCount", "cursorKey")
       SELECT 'bcr' || i, $1, 'bc' || i, 'bu' || i, now() - interval '30 days', ${Math.floor(MESSAGES / 2)}, 'bc' || i || ':bu' || i FROM generate_series(1, ${n}) AS i`,
      [organizationId]
    )
    // messages alternate resident / staff; in batches of 2,000 conversations
    for (let from = 1; from <= n; from += 2000) {
      const to = Math.min(n, from + 1999)
      await client.query(
        `INSERT INTO "ConversationMessage" (id, organization, conversation, author, "authorName", body, "isInternal", "createdAt")
         SELECT 'bm' || i || '_' || k, $1, 'bc' || i, CASE WHEN k % 2 = 1 THEN 'bu' || i ELSE $2 END,
                CASE WHEN k % 2 = 1 THEN 'Resident ' || i ELSE (SELECT name FROM "User" WHERE id = $2) END,
                'Message ' || k || ' of conversation ' || i || ': the heating in the flat is ' || md5(i::text || k::text), false,
                now() - interval '30 days' + (i || ' minutes')::interval - ((${MESSAGES} - k) || ' seconds')::interval
         FROM generate_series(${from}, ${to}) AS i, generate_series(1, ${MESSAGES}) AS k`,
        [organizationId, staffId]
      )
      await client.query(
        `INSERT INTO "_ConversationMessage_audience" ("A", "B")
         SELECT 'bm' || i || '_' || k, 'bu' || i FROM generate_series(${from}, ${to}) AS i, generate_series(1, ${MESSAGES}) AS k
         UNION ALL
         SELECT 'bm' || i || '_' || k, $1 FROM generate_series(${from}, ${to}) AS i, generate_series(1, ${MESSAGES}) AS k`,
        [staffId]
      )
    }
    // the state autovacuum keeps a live database in (it runs within a minute of such inserts): statistics,
    // and a visibility map that lets the counts read the index alone instead of every row it names
    await client.query('VACUUM ANALYZE')
  } finally {
    await client.end()
  }
}

const row = (label: string, s: Stats, base?: Stats) =>
  `${label.padEnd(34)} ${s.rps.toFixed(1).padStart(9)} ${s.p50.toFixed(2).padStart(9)} ${s.p99.toFixed(2).padStart(9)} ${String(s.requests).padStart(9)}${
    s.cpuMs === undefined ? ''.padStart(9) : s.cpuMs.toFixed(2).padStart(9)
  }${base ? `   ${(s.rps / base.rps).toFixed(3)}x throughput, p50 ${(s.p50 / base.p50).toFixed(2)}x` : ''}`

async function main() {
  const db = await createBenchDatabase('inbox')
  const stops: (() => Promise<void>)[] = []
  try {
    const env = db.env
    const keystone = await startBenchKeystone(env)
    stops.push(keystone.stop)
    const { sudo } = keystone
    const { organizationId: org, userId: staffId } = await createStaffOf(sudo, { readConversations: true, manageConversations: true })
    const [topic] = await sudo.db.ConversationTopic.findMany({ where: { organization: { id: { equals: org } }, key: { equals: 'billing' } } })
    const started = performance.now()
    await seed(db.url, org, staffId, String(topic.id))
    console.log(`inserted ${CONVERSATIONS.toLocaleString('en')} conversations x ${MESSAGES} messages in ${Math.round(performance.now() - started)} ms`)
    // one resident signs in with a password (residents usually sign in by phone; the session is the same)
    await sudo.db.User.updateOne({ where: { id: 'bu1' }, data: { email: 'resident@bench.example', password: 'bench-password' } })

    const prisma = keystone.context.prisma
    // the baseline: the same page, what one would write by hand with Prisma (page + total count); the
    // unfiltered page reads its total where the API does, the count the triggers keep per status
    const inboxPage = (where: object, skip: number, count: () => Promise<number> = () => prisma.conversation.count({ where })) =>
      Promise.all([
        prisma.conversation.findMany({
          where,
          orderBy: { lastMessageAt: 'desc' },
          take: PAGE,
          skip,
          select: {
            id: true, subject: true, status: true, unitName: true, lastMessageAt: true, lastMessagePreview: true, lastMessageAuthorName: true,
            staffUnreadCount: true, reopenCount: true,
            resident: { select: { name: true } }, property: { select: { name: true } }, topic: { select: { name: true } },
          },
        }),
        count(),
      ])
    const statusCount = async () =>
      (await prisma.conversationStatusCount.findUnique({ where: { organization_status: { organization: org, status: 'unread' } }, select: { count: true } }))?.count ?? 0
    const directInbox = (i: number) => inboxPage({ organizationId: org, status: 'unread' }, (i % PAGES) * PAGE, statusCount)
    // the search by hand: the resolver's columns and text as one Prisma OR (no phone: that needs a lookup first)
    const contains = { contains: SEARCH_TERM, mode: 'insensitive' }
    const searchWhere = {
      organizationId: org, status: 'unread',
      OR: [{ subject: contains }, { unitName: contains }, { topic: { name: contains } }, { resident: { name: contains } }, { contact: { name: contains } }, { messages: { some: { body: contains } } }],
    }
    const directSearch = () => inboxPage(searchWhere, 0)
    // the resident's thread: their visible messages of their conversation, newest 50 (audience includes them),
    // with the author's name as stored on each message
    const directThread = () =>
      prisma.conversationMessage.findMany({
        where: { conversationId: 'bc1', isInternal: false, audience: { some: { id: 'bu1' } } },
        orderBy: { createdAt: 'desc' },
        take: PAGE,
        select: { id: true, body: true, isInternal: true, createdAt: true, authorName: true },
      })

    const api = await startApi(env, { port: PORT })
    stops.push(api.stop)
    const post = async (body: object, headers: Record<string, string> = {}) => {
      const res = await fetch(api.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      return (await res.json()) as any
    }
    const signIn = async (email: string) => {
      const answer = await post({
        query: `mutation($e: String!) { authenticateUserWithPassword(email: $e, password: "bench-password") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
        variables: { e: email },
      })
      return { authorization: `Bearer ${answer.data.authenticateUserWithPassword.sessionToken}` }
    }
    const staffAuth = await signIn('staff@bench.example')
    const residentAuth = await signIn('resident@bench.example')

    // correctness first
    const first = (await post({ query: INBOX, variables: { org, skip: 0 } }, staffAuth)).data?.staffInbox
    if (first?.count !== CONVERSATIONS || first.rows.length !== PAGE || !first.rows[0].residentName || !first.rows[0].topicName || !first.rows[0].lastMessagePreview) {
      throw new Error(`unexpected inbox: ${JSON.stringify(first).slice(0, 400)}`)
    }
    const thread = (await post({ query: THREAD, variables: { id: 'bc1' } }, residentAuth)).data?.conversationMessages
    if (thread?.length !== Math.min(PAGE, MESSAGES) || !thread[0].authorName) throw new Error(`unexpected thread: ${JSON.stringify(thread).slice(0, 300)}`)
    const foreign = (await post({ query: THREAD, variables: { id: 'bc2' } }, residentAuth)).data?.conversationMessages
    if (foreign?.length !== 0) throw new Error('the resident sees another resident’s thread')

    const inboxHttp = async (i: number) => {
      const result = await post({ query: INBOX, variables: { org, skip: (i % PAGES) * PAGE } }, staffAuth)
      if (result.data?.staffInbox?.rows?.length !== PAGE) throw new Error(JSON.stringify(result.errors ?? result).slice(0, 300))
    }
    const searchHttp = async () => {
      const result = await post({ query: SEARCH, variables: { org } }, staffAuth)
      if (result.data?.staffInbox?.count !== SEARCH_MATCHES) throw new Error(JSON.stringify(result.errors ?? result).slice(0, 300))
    }
    const threadHttp = async () => {
      const result = await post({ query: THREAD, variables: { id: 'bc1' } }, residentAuth)
      if (!result.data?.conversationMessages?.length) throw new Error(JSON.stringify(result.errors ?? result).slice(0, 300))
    }

    console.log(`\nthe search statement's plan ("${SEARCH_TERM}"): ${await searchPlan(db.url, org, SEARCH_TERM)}`)

    const baseline = async (label: string, fn: (i: number) => Promise<unknown>) => {
      await load(2, CLIENTS, fn) // warm: JIT, pools, caches
      const stats = await load(SECONDS, CLIENTS, fn)
      console.log(row(label, stats))
      return stats
    }
    const overHttp = async (label: string, phase: string, fn: (i: number) => Promise<void>, base: Stats) => {
      await load(2, CLIENTS, fn)
      const file = PROFILE?.replace('%s', phase)
      if (file) await api.command('profile-start')
      const [cpuBefore] = await api.command<number>('cpu')
      const stats = await load(SECONDS, CLIENTS, fn)
      const [cpuAfter] = await api.command<number>('cpu')
      stats.cpuMs = (cpuAfter - cpuBefore) / stats.requests
      if (file) await api.command('profile-stop', { file })
      console.log(row(label, stats, base))
      return stats
    }

    console.log(`\n${CLIENTS} concurrent clients, ${SECONDS} s each; inbox pages of ${PAGE} (1-${PAGES}) of ${CONVERSATIONS.toLocaleString('en')} conversations`)
    console.log(`${''.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'requests'.padStart(9)} ${'CPU ms'.padStart(8)}`)
    const inboxBase = await baseline('staff inbox: Prisma (baseline)', directInbox)
    const inbox = await overHttp('staff inbox: GraphQL over HTTP', 'inbox', inboxHttp, inboxBase)
    const searchBase = await baseline('inbox search: Prisma (baseline)', directSearch)
    const search = await overHttp('inbox search: GraphQL over HTTP', 'search', searchHttp, searchBase)
    const threadBase = await baseline('resident thread: Prisma (baseline)', directThread)
    const threadStats = await overHttp('resident thread: GraphQL over HTTP', 'thread', threadHttp, threadBase)
    // the floor under every HTTP row: an empty query (HTTP, Apollo, Keystone's context), then the same with
    // the resident's session (its unseal is memoized; the session row is read on every request)
    const emptyHttp = (headers: Record<string, string>) => async () => {
      const result = await post({ query: '{ __typename }' }, headers)
      if (result.data?.__typename !== 'Query') throw new Error(JSON.stringify(result).slice(0, 300))
    }
    await overHttp('floor: { __typename } anonymous', 'floor', emptyHttp({}), threadBase)
    await overHttp('floor: { __typename } resident', 'floor-session', emptyHttp(residentAuth), threadBase)
    // issue 12 sets its goal for the staff inbox; the search and the thread are held to the same bar for
    // comparison (the issue asks for the thread's medians and ratios, the search is ours)
    const verdict = (label: string, s: Stats, b: Stats, bar: string) =>
      `${label}: ${(100 * (s.rps / b.rps)).toFixed(0)}% of the baseline's throughput, p99 ${s.p99.toFixed(1)} ms; ${bar} (at least 50%, p99 < 100 ms): ${s.rps / b.rps >= 0.5 && s.p99 < 100 ? 'met' : 'NOT met'}`
    const sameBar = "the inbox's goal, for comparison"
    console.log(
      `\n${verdict('staff inbox', inbox, inboxBase, "issue 12's goal")}\n${verdict('inbox search', search, searchBase, sameBar)}\n${verdict('resident thread', threadStats, threadBase, sameBar)}`
    )
  } finally {
    for (const stop of stops.reverse()) await stop().catch(error => console.error('stopping:', error))
    await db.drop()
  }
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
