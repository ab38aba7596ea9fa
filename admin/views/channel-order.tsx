// A channel order ("push,sms,email") as an ordered pick: the chosen channels in order, each movable up or
// down or removed, and the others to add; stored comma-separated as before. Empty = the type's own order.
import { ActionButton } from '@keystar/ui/button'
import { FieldDescription, FieldLabel } from '@keystar/ui/field'
import { HStack, VStack } from '@keystar/ui/layout'
import { Text } from '@keystar/ui/typography'
import { controller } from '@keystone-6/core/fields/types/text/views'
import type { FieldProps } from '@keystone-6/core/types'
import { useNotificationChoices } from './notification-choices'

export { controller }

export function Field({ field, value, onChange }: FieldProps<typeof controller>) {
  const { channels } = useNotificationChoices()
  const text = value.inner.kind === 'value' ? value.inner.value : ''
  const order = text.split(',').map(s => s.trim()).filter(Boolean)
  const set = (next: string[]) => onChange?.({ ...value, inner: next.length || value.inner.kind === 'value' ? { kind: 'value', value: next.join(',') } : value.inner })
  const move = (index: number, by: number) => {
    const next = [...order]
    const [item] = next.splice(index, 1)
    next.splice(index + by, 0, item)
    set(next)
  }
  const readOnly = onChange == null
  return (
    <VStack gap="regular">
      <FieldLabel elementType="span">{field.label}</FieldLabel>
      <FieldDescription>{field.description || 'Channels in the order to try them; none: the message type’s order.'}</FieldDescription>
      {order.length === 0 ? <Text color="neutralSecondary">The message type’s own order</Text> : null}
      <VStack elementType="ol" gap="small" aria-label={`${field.label}: chosen channels`}>
        {order.map((channel, index) => (
          <HStack elementType="li" key={channel} gap="regular" alignItems="center">
            <Text>
              {index + 1}. {channel}
            </Text>
            {readOnly ? null : (
              <>
                <ActionButton aria-label={`Move ${channel} up`} isDisabled={index === 0} onPress={() => move(index, -1)}>
                  ↑
                </ActionButton>
                <ActionButton aria-label={`Move ${channel} down`} isDisabled={index === order.length - 1} onPress={() => move(index, 1)}>
                  ↓
                </ActionButton>
                <ActionButton aria-label={`Remove ${channel}`} onPress={() => set(order.filter(c => c !== channel))}>
                  Remove
                </ActionButton>
              </>
            )}
          </HStack>
        ))}
      </VStack>
      {readOnly ? null : (
        <HStack gap="regular" wrap="wrap">
          {channels
            .filter(c => !order.includes(c))
            .map(channel => (
              <ActionButton key={channel} onPress={() => set([...order, channel])}>
                Add {channel}
              </ActionButton>
            ))}
        </HStack>
      )}
    </VStack>
  )
}
