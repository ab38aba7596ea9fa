// The "create contact" page (replaces Keystone's generated one for Contact): the fields a contact of the
// chosen type has, required ones marked, an empty input meaning "no value", possible duplicates while the
// phone or email is typed, and each refusal of the server shown at the field it concerns (a duplicate
// names and links the existing contact). The portal account is linked later by the system.
import { useMemo, useState, type FormEvent } from 'react'
import { gql, useMutation, useQuery } from '@keystone-6/core/admin-ui/apollo'
import { GraphQLErrorNotice, PageContainer } from '@keystone-6/core/admin-ui/components'
import { useRouter } from '@keystone-6/core/admin-ui/router'
import { Button } from '@keystar/ui/button'
import { Grid, VStack } from '@keystar/ui/layout'
import { TextLink } from '@keystar/ui/link'
import { Notice } from '@keystar/ui/notice'
import { Item, Picker } from '@keystar/ui/picker'
import { Content } from '@keystar/ui/slots'
import { TextArea, TextField } from '@keystar/ui/text-field'
import { Heading, Text } from '@keystar/ui/typography'
import { placeError, type FieldKey, type PlacedError } from './contact-errors'
import { DuplicateLinks } from './DuplicateLinks'
import { useDuplicateCheck } from './useDuplicateCheck'

const OPTIONS = gql`
  query ContactCreateOptions {
    organizations(take: 100, orderBy: { name: asc }) {
      id
      name
    }
    properties(take: 100, orderBy: { name: asc }) {
      id
      name
      organization {
        id
      }
    }
    contactRoles(take: 100, orderBy: { name: asc }) {
      id
      label
      organization {
        id
      }
    }
    organizationEmployees(take: 100) {
      id
      organization {
        id
      }
      user {
        name
      }
    }
  }
`

const CREATE = gql`
  mutation ContactCreate($data: ContactCreateInput!) {
    createContact(data: $data) {
      id
    }
  }
`

type Options = {
  organizations: { id: string; name: string }[]
  properties: { id: string; name: string; organization: { id: string } | null }[]
  contactRoles: { id: string; label: string; organization: { id: string } | null }[]
  organizationEmployees: { id: string; organization: { id: string } | null; user: { name: string } | null }[]
}

const TYPES = [
  { key: 'resident', label: 'Resident' },
  { key: 'vendor', label: 'Vendor' },
  { key: 'contractor', label: 'Contractor' },
]
const UNIT_TYPES = ['flat', 'apartment', 'parking', 'warehouse', 'commercial'].map(key => ({ key, label: key[0].toUpperCase() + key.slice(1) }))

type Form = Record<
  'organization' | 'type' | 'name' | 'phone' | 'email' | 'property' | 'unitName' | 'unitType' | 'role' | 'notes' | 'serviceScope' | 'paymentRoutingOwner' | 'assignmentScope' | 'escalationOwner',
  string
>
const EMPTY: Form = {
  organization: '',
  type: 'resident',
  name: '',
  phone: '',
  email: '',
  property: '',
  unitName: '',
  unitType: '',
  role: '',
  notes: '',
  serviceScope: '',
  paymentRoutingOwner: '',
  assignmentScope: '',
  escalationOwner: '',
}

/** What the server's rules require (schema/contacts/contact-rules.ts), checked before asking it. */
function missing(form: Form): PlacedError[] {
  const errors: PlacedError[] = []
  if (!form.organization) errors.push({ field: 'organization', message: 'Choose the organization' })
  if (!form.name.trim()) errors.push({ field: 'name', message: 'A contact needs a name' })
  if (form.type === 'resident' && !form.property) errors.push({ field: 'property', message: 'A resident needs a property' })
  if (form.type === 'resident' && !form.unitName.trim()) errors.push({ field: 'unitName', message: 'A resident needs a unit' })
  return errors
}

function toInput(form: Form) {
  const text = (value: string) => (value.trim() === '' ? null : value.trim())
  const connect = (id: string) => (id ? { connect: { id } } : undefined)
  return {
    organization: connect(form.organization),
    type: form.type,
    name: form.name.trim(),
    phone: text(form.phone),
    email: text(form.email),
    role: connect(form.role),
    notes: form.notes,
    ...(form.type === 'resident'
      ? { property: connect(form.property), unitName: text(form.unitName), unitType: form.unitType || null }
      : { property: connect(form.property), unitName: text(form.unitName) }),
    ...(form.type === 'vendor' ? { serviceScope: text(form.serviceScope), paymentRoutingOwner: connect(form.paymentRoutingOwner) } : {}),
    ...(form.type === 'contractor' ? { assignmentScope: text(form.assignmentScope), escalationOwner: connect(form.escalationOwner) } : {}),
  }
}

export default function ContactCreatePage() {
  const router = useRouter()
  const { data: options, error: optionsError } = useQuery<Options>(OPTIONS)
  const [create, { loading }] = useMutation<{ createContact: { id: string } }>(CREATE)
  const [form, setForm] = useState<Form>(EMPTY)
  const [errors, setErrors] = useState<PlacedError[]>([])
  const organization = form.organization || (options?.organizations.length === 1 ? options.organizations[0].id : '')
  const current = { ...form, organization }
  const duplicates = useDuplicateCheck(organization || null, form.phone, form.email)

  const set = (key: keyof Form) => (value: string) => {
    setForm(previous => ({ ...previous, [key]: value }))
    setErrors(previous => previous.filter(e => e.field !== key))
  }
  const errorAt = (field: FieldKey) => {
    const error = errors.find(e => e.field === field)
    if (!error) return undefined
    return error.existing ? (
      <span data-error-for={field}>
        {error.message}
        <DuplicateLinks contacts={[error.existing]} />
      </span>
    ) : (
      <span data-error-for={field}>{error.message}</span>
    )
  }
  const properties = useMemo(() => (options?.properties ?? []).filter(p => p.organization?.id === organization), [options, organization])
  const roles = useMemo(() => (options?.contactRoles ?? []).filter(r => !r.organization || r.organization.id === organization), [options, organization])
  const employees = useMemo(
    () => (options?.organizationEmployees ?? []).filter(e => e.organization?.id === organization).map(e => ({ id: e.id, name: e.user?.name ?? 'Employee' })),
    [options, organization]
  )
  const ownerPicker = (key: 'paymentRoutingOwner' | 'escalationOwner', label: string, description: string) => (
    <Picker label={label} description={description} items={employees} selectedKey={form[key] || null} onSelectionChange={value => set(key)(String(value ?? ''))} errorMessage={errorAt(key)}>
      {item => <Item key={item.id}>{item.name}</Item>}
    </Picker>
  )

  async function onSubmit(event: FormEvent<HTMLElement>) {
    event.preventDefault()
    const problems = missing(current)
    setErrors(problems)
    if (problems.length) return
    try {
      const { data, error } = (await create({ variables: { data: toInput(current) }, errorPolicy: 'all' })) as any
      const graphQLErrors = error?.graphQLErrors ?? error?.errors ?? []
      if (data?.createContact?.id) {
        await router.push(`/contacts/${data.createContact.id}`)
        return
      }
      setErrors(graphQLErrors.length ? graphQLErrors.map(placeError) : [{ field: 'form', message: error?.message ?? 'The contact was not created' }])
    } catch (error) {
      const graphQLErrors = (error as any)?.graphQLErrors ?? (error as any)?.errors ?? []
      setErrors(graphQLErrors.length ? graphQLErrors.map(placeError) : [{ field: 'form', message: (error as Error).message }])
    }
  }

  const formError = errors.filter(e => e.field === 'form')
  return (
    <PageContainer title="Create contact" header={<Heading elementType="h1" size="small">Create contact</Heading>}>
      <VStack elementType="form" onSubmit={onSubmit} gap="xlarge" paddingY="xlarge" maxWidth="container.small" aria-label="Create contact" noValidate>
        <GraphQLErrorNotice errors={[optionsError]} />
        {formError.length ? (
          <Notice tone="critical">
            <Content>
              <Text>{formError.map(e => e.message).join(' ')}</Text>
            </Content>
          </Notice>
        ) : null}
        <Picker label="Organization" isRequired items={options?.organizations ?? []} selectedKey={organization || null} onSelectionChange={key => set('organization')(String(key ?? ''))} errorMessage={errorAt('organization')}>
          {item => <Item key={item.id}>{item.name}</Item>}
        </Picker>
        <Picker label="Type" isRequired items={TYPES} selectedKey={form.type} onSelectionChange={key => set('type')(String(key ?? 'resident'))}>
          {item => <Item key={item.key}>{item.label}</Item>}
        </Picker>
        <TextField label="Name" isRequired value={form.name} onChange={set('name')} errorMessage={errorAt('name')} />
        <Grid columns="1fr 1fr" gap="large" alignItems="start">
          <TextField label="Phone" type="tel" value={form.phone} onChange={set('phone')} description="Any format; without a country code, the organization’s country" errorMessage={errorAt('phone')} />
          <TextField label="Email" type="email" value={form.email} onChange={set('email')} errorMessage={errorAt('email')} />
        </Grid>
        {duplicates.length ? (
          <Notice tone="caution" id="possible-duplicates">
            <Content>
              <Text>
                Possible duplicates (same phone or email):
                <DuplicateLinks contacts={duplicates} />
              </Text>
            </Content>
          </Notice>
        ) : null}
        <Grid columns="2fr 1fr 1fr" gap="large" alignItems="start">
          <Picker label="Property" isRequired={form.type === 'resident'} items={properties} selectedKey={form.property || null} onSelectionChange={key => set('property')(String(key ?? ''))} errorMessage={errorAt('property')}>
            {item => <Item key={item.id}>{item.name}</Item>}
          </Picker>
          <TextField label="Unit" isRequired={form.type === 'resident'} value={form.unitName} onChange={set('unitName')} errorMessage={errorAt('unitName')} />
          {form.type === 'resident' ? (
            <Picker label="Unit type" items={UNIT_TYPES} selectedKey={form.unitType || null} onSelectionChange={key => set('unitType')(String(key ?? ''))}>
              {item => <Item key={item.key}>{item.label}</Item>}
            </Picker>
          ) : (
            <span />
          )}
        </Grid>
        <Picker label="Role" items={roles} selectedKey={form.role || null} onSelectionChange={key => set('role')(String(key ?? ''))}>
          {item => <Item key={item.id}>{item.label}</Item>}
        </Picker>
        {form.type === 'vendor' ? (
          <>
            <TextField label="Service scope" description="What they supply or service" value={form.serviceScope} onChange={set('serviceScope')} errorMessage={errorAt('serviceScope')} />
            {ownerPicker('paymentRoutingOwner', 'Payment routing owner', 'The employee who routes their payments')}
          </>
        ) : null}
        {form.type === 'contractor' ? (
          <>
            <TextField label="Assignment scope" description="What they are assigned to" value={form.assignmentScope} onChange={set('assignmentScope')} errorMessage={errorAt('assignmentScope')} />
            {ownerPicker('escalationOwner', 'Escalation owner', 'The employee to escalate to')}
          </>
        ) : null}
        <TextArea label="Notes" value={form.notes} onChange={set('notes')} />
        <Text color="neutralSecondary">
          The portal account is linked when the person accepts a portal invitation. <TextLink href="/contacts">Back to contacts</TextLink>
        </Text>
        <Button alignSelf="start" prominence="high" type="submit" isPending={loading}>
          Create contact
        </Button>
      </VStack>
    </PageContainer>
  )
}
