// A text field picked from a list instead of typed: the empty choice means "every ..." (stored as '').
import { Item, Picker } from '@keystar/ui/picker'
import { TextField } from '@keystar/ui/text-field'
import type { controller } from '@keystone-6/core/fields/types/text/views'
import type { FieldProps } from '@keystone-6/core/types'

export type Option = { key: string; label: string }

export function ChoiceField({ field, value, onChange, options, everyLabel }: FieldProps<typeof controller> & { options: Option[]; everyLabel: string }) {
  const current = value.inner.kind === 'value' ? value.inner.value : ''
  const all = [{ key: '', label: everyLabel }, ...options, ...(current && !options.some(o => o.key === current) ? [{ key: current, label: current }] : [])]
  if (onChange == null) return <TextField label={field.label} isReadOnly value={all.find(o => o.key === current)?.label ?? current} />
  return (
    <Picker
      label={field.label}
      description={field.description}
      items={all.map(o => ({ ...o, id: o.key || '__every' }))}
      selectedKey={current || '__every'}
      onSelectionChange={key => {
        const next = key === '__every' || key == null ? '' : String(key)
        onChange({ ...value, inner: { kind: 'value', value: next } })
      }}
    >
      {item => <Item key={item.id}>{item.label}</Item>}
    </Picker>
  )
}
