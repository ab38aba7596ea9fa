// The rules a delivery run reads for its batch before any channel is tried: the policy's (blacklists,
// preferences, the organizations' channel order: policy.ts) and the quiet hours' (quiet-hours.ts). On
// PostgreSQL they come in one statement, each table's rows as one JSON array: a batch of 100 messages
// asked six Prisma queries, whose client-side cost per query (about 0.5-1 ms of CPU) was most of the
// reads' cost; the tables are small or empty. Elsewhere (SQLite, local) the Prisma queries of each file.
import { providerOf } from '../../adapters/database'
import { rawRows } from '../../adapters/database/raw-pool'
import { policyKeys, policySnapshot, readPolicyRows, type MessageRow, type NamedAddresses, type PolicyKeys, type PolicyRows, type PolicySnapshot } from './policy'
import { quietHoursKeys, quietHoursSnapshot, readQuietHoursRows, type QuietHoursKeys, type QuietHoursRows, type QuietHoursSnapshot } from './quiet-hours'

export type BatchRules = { policy: PolicySnapshot; quiet: QuietHoursSnapshot }

/**
 * The policy of `forPolicy` (non-critical messages) and the quiet hours of `forQuietHours` (non-urgent
 * ones), read once `named` settles: the phones and emails the channels resolved for the batch, which the
 * recipient blacklist is read for too.
 */
export async function loadBatchRules(
  prisma: any,
  forPolicy: readonly MessageRow[],
  forQuietHours: readonly MessageRow[],
  named: Promise<NamedAddresses>
): Promise<BatchRules> {
  const policy = policyKeys(forPolicy, await named)
  const quiet = quietHoursKeys(forQuietHours)
  const [policyRows, quietRows] =
    providerOf(prisma) === 'postgresql'
      ? await readTogether(prisma, policy, quiet)
      : await Promise.all([readPolicyRows(prisma, policy), readQuietHoursRows(prisma, quiet)])
  return { policy: policySnapshot(policyRows), quiet: quietHoursSnapshot(quietRows) }
}

const rows = (fields: Record<string, string>, from: string) =>
  `(SELECT coalesce(json_agg(json_build_object(${Object.entries(fields).map(([name, column]) => `'${name}', ${column}`).join(', ')})), '[]') FROM ${from})`

// the same `where`s as readPolicyRows and readQuietHoursRows (an empty key list matches nothing, as
// there a query is skipped); the organizations' settings once for both
const RULES_SQL = `SELECT
  ${rows({ organizationId: 'organization', messageType: '"messageType"', reason: 'reason' }, `"MessageOrganizationBlackList" WHERE organization = ANY($1::text[]) AND "messageType" = ANY($2::text[])`)} AS "organizationRows",
  ${rows(
    { organizationId: 'organization', userId: '"user"', phone: 'phone', email: 'email', messageType: '"messageType"', reason: 'reason' },
    `"MessageUserBlackList" WHERE "messageType" = ANY($2::text[]) AND ("user" = ANY($3::text[]) OR phone = ANY($4::text[]) OR email = ANY($5::text[])) AND (organization IS NULL OR organization = ANY($1::text[]))`
  )} AS "recipientRows",
  ${rows(
    { userId: '"user"', messageType: '"messageType"', channel: 'channel', isEnabled: '"isEnabled"', channelOrder: '"channelOrder"' },
    `"NotificationUserSetting" WHERE cardinality($3::text[]) > 0 AND ("user" = ANY($3::text[]) OR "user" IS NULL) AND "messageType" = ANY($2::text[])`
  )} AS "settingRows",
  ${rows({ settingKey: '"settingKey"' }, `"NotificationAnonymousSetting" WHERE "settingKey" = ANY($6::text[]) AND NOT "isEnabled"`)} AS "offKeys",
  ${rows(
    { organizationId: 'organization', timeZone: '"timeZone"', quietHoursStart: '"quietHoursStart"', quietHoursEnd: '"quietHoursEnd"', channelOrder: '"channelOrder"' },
    `"NotificationOrganizationSetting" WHERE organization = ANY($7::text[])`
  )} AS "organizationSettings",
  ${rows(
    { userId: '"user"', timeZone: '"timeZone"', start: 'start', end: '"end"', isEnabled: '"isEnabled"' },
    `"NotificationQuietHoursSetting" WHERE "user" = ANY($8::text[])`
  )} AS "quietRows"`

async function readTogether(prisma: any, policy: PolicyKeys, quiet: QuietHoursKeys): Promise<[PolicyRows, QuietHoursRows]> {
  const organizations = [...new Set([...policy.organizations, ...quiet.organizations])]
  // through the adapter's pool (raw-pool.ts): half the client-side CPU of $queryRawUnsafe
  const [found] = await rawRows<Record<string, unknown>>(prisma, RULES_SQL, [
    policy.organizations,
    policy.types,
    policy.users,
    policy.phones,
    policy.emails,
    policy.anonymous,
    organizations,
    quiet.users,
  ])
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as any[]
  const settings = json(found.organizationSettings)
  return [
    {
      organizationRows: json(found.organizationRows),
      recipientRows: json(found.recipientRows),
      settingRows: json(found.settingRows),
      offKeys: json(found.offKeys),
      organizationDefaults: settings,
    },
    { userRows: json(found.quietRows), organizationRows: settings },
  ]
}
