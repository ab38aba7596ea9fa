// Notification preferences: which channels may reach the resident, and in which order — the same
// NotificationUserSetting rows the app writes, through the same `setNotificationSetting` mutation
// (rows for every message type: one per channel for on/off, one without a channel for the order).
import type { KeystoneContext } from '@keystone-6/core/types'
import type { AnyChannel } from '../../../../tasks/delivery/contracts'
import { DEV_OUTBOX } from '../../../../tasks/delivery/names'
import { html } from '../html'
import { problemsAlert } from '../layout'

const LABELS: Record<string, string> = { push: 'App notifications', sms: 'Text messages (SMS)', email: 'Email', telegram: 'Telegram' }

export type ChannelPreference = { key: string; label: string; enabled: boolean }
export type Preferences = { channels: ChannelPreference[]; allEnabled: boolean }

/** The channels a resident can choose between: every installed channel but the development outbox. */
export function preferenceKeys(channels: Map<string, AnyChannel>): string[] {
  return [...new Set([...channels.values()].filter(channel => channel.name !== DEV_OUTBOX).map(channel => channel.preferenceKey))]
}

export async function loadPreferences(context: KeystoneContext<any>, userId: string, keys: string[]): Promise<Preferences> {
  const rows = await context.db.NotificationUserSetting.findMany({
    where: { user: { id: { equals: userId } }, messageType: { equals: '' } },
  })
  const forChannel = new Map(rows.filter((row: any) => row.channel).map((row: any) => [row.channel as string, row]))
  const all = rows.find((row: any) => !row.channel) as any
  const order = String(all?.channelOrder ?? '').split(',').filter(key => keys.includes(key))
  const sorted = [...order, ...keys.filter(key => !order.includes(key))]
  return {
    allEnabled: all ? !!all.isEnabled : true,
    channels: sorted.map(key => ({ key, label: LABELS[key] ?? key, enabled: forChannel.has(key) ? !!(forChannel.get(key) as any).isEnabled : true })),
  }
}

const SET = `mutation($channel: String!, $isEnabled: Boolean!, $channelOrder: String) {
  setNotificationSetting(messageType: "", channel: $channel, isEnabled: $isEnabled, channelOrder: $channelOrder) { id }
}`

/** Saves the form: each channel on or off, then the order (positions 1..n; ties keep the current order). */
export async function savePreferences(context: KeystoneContext<any>, current: Preferences, form: Record<string, string>) {
  for (const channel of current.channels) {
    const enabled = form[`on_${channel.key}`] === 'on'
    if (enabled !== channel.enabled) await context.graphql.run({ query: SET, variables: { channel: channel.key, isEnabled: enabled } })
  }
  const rank = (key: string, index: number) => {
    const value = Number(form[`rank_${key}`])
    return Number.isFinite(value) ? value : index + 1
  }
  const order = current.channels
    .map((channel, index) => ({ key: channel.key, rank: rank(channel.key, index), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(entry => entry.key)
  await context.graphql.run({ query: SET, variables: { channel: '', isEnabled: current.allEnabled, channelOrder: order.join(',') } })
}

export function notificationsBody(preferences: Preferences, form: { csrf: string; saved?: boolean; problems?: string[] }) {
  const count = preferences.channels.length
  return html`<h1>Notifications</h1>
${form.saved ? html`<p class="notice" role="status">Your notification settings are saved.</p>` : ''}
${problemsAlert(form.problems)}
<p>Choose how notices reach you. Most notices go to the first channel in your order that can reach you; a few go to every channel that is on. Security codes (such as sign-in codes) always reach you.</p>
${preferences.allEnabled ? '' : html`<p class="alert">You have turned off all notices in the app. Turn them on there to receive them again.</p>`}
<form method="post" action="/portal/notifications">
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <table>
    <thead><tr><th scope="col">Channel</th><th scope="col">On</th><th scope="col">Order</th></tr></thead>
    <tbody>
    ${preferences.channels.map(
      (channel, index) => html`<tr>
        <th scope="row" id="label-${channel.key}">${channel.label}</th>
        <td><input type="checkbox" name="on_${channel.key}" aria-labelledby="label-${channel.key}"${channel.enabled ? html` checked` : ''}></td>
        <td><input type="number" name="rank_${channel.key}" min="1" max="${count}" value="${index + 1}" aria-label="Order of ${channel.label}"></td>
      </tr>`
    )}
    </tbody>
  </table>
  <p><button type="submit">Save</button></p>
</form>`
}
