// A select whose first choice "Not set" means no value (null), without Keystone's "Set to null" checkbox
// that disables the picker until ticked off. For optional, nullable selects (a contact's unit type).
import { Item, Picker } from '@keystar/ui/picker'
import { TextField } from '@keystar/ui/text-field'
import { Cell, controller } from '@keystone-6/core/fields/types/select/views'
import type { FieldProps } from '@keystone-6/core/types'

export { controller, Cell }

const NONE = '__none'

export function Field({ field, value, onChange, autoFocus, isRequired }: FieldProps<typeof controller>) {
  const current = value.value?.value ?? null
  if (onChange == null) return <TextField label={field.label} description={field.description} isReadOnly value={value.value?.label ?? ''} />
  const items = [{ value: NONE, label: 'Not set' }, ...field.options]
  return (
    <Picker
      label={field.label}
      description={field.description}
      autoFocus={autoFocus}
      isRequired={isRequired}
      items={items}
      selectedKey={current ?? NONE}
      onSelectionChange={key => onChange({ ...value, value: field.options.find(option => option.value === key) ?? null })}
    >
      {item => <Item key={item.value}>{item.label}</Item>}
    </Picker>
  )
}
