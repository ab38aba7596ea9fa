// Benchmark: bulk contact creation. `createContacts` of 1,000 contacts in one GraphQL request over HTTP
// by a staff member (every rule applies: phone and email normalization with the organization's country,
// type rules, the tenant rule on property and role, the duplicate key, the audit history), next to the
// same rows, already normalized, inserted with Prisma createMany in the same API process.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run generate   # the PostgreSQL client
//   npm run bench:create-contacts -- [--n 1000] [--runs 3] [--profile /tmp/create-%p.cpuprofile]
//
// Each batch also carries 1% duplicates of contacts created before (refused one by one with
// CONTACT_DUPLICATE_ERROR, the rest created); the check after each run counts contacts, audit rows and
// normalized phones. Throwaway database bench_create_<pid>, dropped at the end.
import crypto from 'node:crypto'
import { startApi } from './lib/api-process'
import { result } from './lib/result'
import { countFlag, textFlag } from './lib/args'
import { createBenchDatabase, createStaffOf, startBenchKeystone } from './lib/bench-database'
import { liveUniqueKey } from '../schema/contacts/contact-key'

const N = countFlag('n', 1000)
const RUNS = countFlag('runs', 3)
const PROFILE = textFlag('profile')
const PORT = Number(process.env.BENCH_PORT ?? 4910)
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const CREATE = `mutation Create($data: [ContactCreateInput!]!) { createContacts(data: $data) { id } }`

async function main() {
  const db = await createBenchDatabase('create', { GRAPHQL_MAX_BODY_KB: '4096' })
  const stops: (() => Promise<void>)[] = []
  try {
    const env = db.env
    const keystone = await startBenchKeystone(env)
    stops.push(keystone.stop)
    const { sudo } = keystone
    const { organizationId: org } = await createStaffOf(sudo, { readContacts: true, manageContacts: true, manageContactIdentity: true })
    const properties = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sudo.db.Property.createOne({ data: { name: `Property ${i}`, address: `${i} Main St`, organization: { connect: { id: org } } } }))
    )
    const roles = await sudo.prisma.contactRole.findMany({ select: { id: true } })

    const api = await startApi(env, { port: PORT })
    stops.push(api.stop)
    const post = async (body: object, headers: Record<string, string> = {}) => {
      const res = await fetch(api.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      return (await res.json()) as any
    }
    const signedIn = await post({
      query: `mutation { authenticateUserWithPassword(email: "staff@bench.example", password: "bench-password") { ... on UserAuthenticationWithPasswordSuccess { sessionToken } } }`,
    })
    const auth = { authorization: `Bearer ${signedIn.data.authenticateUserWithPassword.sessionToken}` }

    let serial = 0
    /** A contact as staff type it: a national phone number, an email with capitals and spaces. */
    const input = () => {
      const i = ++serial
      const property = properties[i % properties.length].id
      return {
        organization: { connect: { id: org } },
        type: 'resident',
        name: `  Person ${i} ${crypto.randomBytes(3).toString('hex')} `,
        phone: `(415) ${String(200 + Math.floor(i / 10000)).padStart(3, '0')}-${String(i % 10000).padStart(4, '0')}`,
        email: ` Person${i}@Example.com `,
        property: { connect: { id: property } },
        unitName: String(1 + (i % 300)),
        unitType: 'flat',
        role: { connect: { id: roles[i % roles.length].id } },
      }
    }
    const created: any[] = []
    const graphqlRates: number[] = []
    const prismaRates: number[] = []
    let profileWritten = false
    for (let run = 0; run < RUNS + 1; run++) {
      const warm = run === 0 // the first run warms the process (JIT, pools) and is not counted
      const duplicates = created.slice(0, Math.floor(N / 100))
      const fresh = Array.from({ length: N - duplicates.length }, input)
      const data = [...fresh, ...duplicates]
      const profile = PROFILE && !warm && !profileWritten
      if (profile) await api.command('profile-start')
      const started = performance.now()
      const result = await post({ query: CREATE, variables: { data } }, auth)
      const ms = performance.now() - started
      if (profile) {
        await api.command('profile-stop', { file: PROFILE })
        profileWritten = true
      }
      const codes = (result.errors ?? []).map((e: any) => e.extensions?.code)
      if (codes.length !== duplicates.length || codes.some((c: string) => c !== 'CONTACT_DUPLICATE_ERROR')) {
        throw new Error(`run ${run}: expected ${duplicates.length} duplicate errors, got ${JSON.stringify(result.errors ?? []).slice(0, 500)}`)
      }
      const ids = (result.data?.createContacts ?? []).filter(Boolean).map((c: any) => c.id)
      if (ids.length !== fresh.length) throw new Error(`run ${run}: created ${ids.length} of ${fresh.length}`)
      const stored = await sudo.prisma.contact.findMany({ where: { id: { in: ids } }, select: { phone: true, email: true, name: true } })
      if (!stored.every((c: any) => /^\+1415\d{7}$/.test(c.phone) && c.email === c.email.trim().toLowerCase() && c.name === c.name.trim())) {
        throw new Error(`run ${run}: not normalized: ${JSON.stringify(stored.slice(0, 2))}`)
      }
      const audited = await sudo.prisma.fieldChange.count({ where: { itemId: { in: ids } } })
      if (audited !== ids.length * 3) throw new Error(`run ${run}: ${audited} audit rows for ${ids.length} contacts (expected name, phone, email each)`)
      created.push(...fresh.map(c => ({ ...c, name: c.name }))) // the same input again is a duplicate
      if (!warm) graphqlRates.push(fresh.length / (ms / 1000))

      // the baseline: the same number of rows, normalized as stored, in one createMany
      const rows = stored.map((c: any, i: number) => ({
        id: `base-${run}-${i}-${process.pid}`,
        organizationId: org,
        type: 'resident',
        name: `${c.name} copy`,
        phone: c.phone,
        email: c.email,
        propertyId: properties[i % properties.length].id,
        unitName: String(1 + (i % 300)),
        unitType: 'flat',
        roleId: roles[i % roles.length].id,
        liveUniqueKey: liveUniqueKey({ propertyId: properties[i % properties.length].id, unitName: String(1 + (i % 300)), name: `${c.name} copy`, phone: c.phone, archivedAt: null }),
      }))
      const [prismaMs] = await api.command<number>('prisma-create-many', { model: 'contact', rows })
      if (!warm) prismaRates.push(rows.length / (prismaMs / 1000))
      console.log(`${warm ? 'warm-up' : `run ${run}`}: createContacts ${fresh.length} created + ${duplicates.length} duplicates refused in ${ms.toFixed(0)} ms; Prisma createMany ${rows.length} in ${prismaMs.toFixed(0)} ms`)
    }
    const graphql = median(graphqlRates)
    const prisma = median(prismaRates)
    console.log(`\ncreateContacts over HTTP (median): ${graphql.toFixed(0)} contacts/s   (goal: at least 500)`)
    console.log(`Prisma createMany (median):        ${prisma.toFixed(0)} contacts/s`)
    console.log(`ratio:                             ${(graphql / prisma).toFixed(3)}x`)
    result({ bench: 'create-contacts', metric: `createContacts of ${N}`, value: graphql, unit: 'contacts/s', baseline: prisma, ratio: graphql / prisma, goal: '>= 500/s' })
  } finally {
    for (const stop of stops.reverse()) await stop().catch(error => console.error('stopping:', error))
    await db.drop()
  }
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
