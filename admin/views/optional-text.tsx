// A text field whose empty input means "no value" (null), without Keystone's "Set to null" checkbox that
// disables the input until ticked off. For optional, nullable text (a contact's phone, email, unit...).
import { TextArea, TextField } from '@keystar/ui/text-field'
import { controller } from '@keystone-6/core/fields/types/text/views'
import type { FieldProps } from '@keystone-6/core/types'

export { controller }

export function Field({ field, value, onChange, autoFocus, isRequired }: FieldProps<typeof controller>) {
  const Input = field.displayMode === 'textarea' ? TextArea : TextField
  const text = value.inner.kind === 'value' ? value.inner.value : ''
  return (
    <Input
      label={field.label}
      description={field.description}
      autoFocus={autoFocus}
      isReadOnly={onChange == null}
      isRequired={isRequired}
      value={text}
      onChange={next => onChange?.({ ...value, inner: next === '' ? { kind: 'null', prev: '' } : { kind: 'value', value: next } })}
    />
  )
}
