// A message type field (settings, blacklists) as a choice among the installed types; empty = every type.
import { controller } from '@keystone-6/core/fields/types/text/views'
import type { FieldProps } from '@keystone-6/core/types'
import { ChoiceField } from './choice-field'
import { useNotificationChoices } from './notification-choices'

export { controller }

export function Field(props: FieldProps<typeof controller>) {
  const { messageTypes } = useNotificationChoices()
  return <ChoiceField {...props} everyLabel="Every type" options={messageTypes.map(t => ({ key: t.type, label: `${t.title} (${t.type})` }))} />
}
