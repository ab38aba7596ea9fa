// An organization's notification defaults (its residents' channel order, its quiet hours), read by the
// policy and the quiet-hours step of a delivery run: both ask within one turn, so the run reads the
// table once for both (turn-batch.ts) instead of once each.
import { loaderByKey } from './turn-batch'

export type OrganizationSettingRow = { organizationId: string; timeZone: string; quietHoursStart: string; quietHoursEnd: string; channelOrder: string }

const settingOf = loaderByKey<OrganizationSettingRow>(async (prisma, organizationIds) => {
  const rows: OrganizationSettingRow[] = await prisma.notificationOrganizationSetting.findMany({
    where: { organizationId: { in: organizationIds } },
    select: { organizationId: true, timeZone: true, quietHoursStart: true, quietHoursEnd: true, channelOrder: true },
  })
  return new Map(rows.map(row => [row.organizationId, row]))
})

/** The settings rows of these organizations (those that have one). */
export async function organizationSettingsOf(prisma: any, organizationIds: readonly string[]): Promise<OrganizationSettingRow[]> {
  const rows = await Promise.all(organizationIds.map(id => settingOf(prisma, id)))
  return rows.filter((row): row is OrganizationSettingRow => !!row)
}
