// A channel field (notification settings) as a choice among the installed channels; empty = every channel.
import { controller } from '@keystone-6/core/fields/types/text/views'
import type { FieldProps } from '@keystone-6/core/types'
import { ChoiceField } from './choice-field'
import { useNotificationChoices } from './notification-choices'

export { controller }

export function Field(props: FieldProps<typeof controller>) {
  const { channels } = useNotificationChoices()
  return <ChoiceField {...props} everyLabel="Every channel" options={channels.map(c => ({ key: c, label: c }))} />
}
