// Two plugins hooking and restricting the same list, through the real app config and database.
import { definePlugin } from '../../../plugins/kernel'
import { startTestApp, type TestApp } from '../../harness/app'
import { as, createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'

const afterCalls: string[] = []
const suffixA = definePlugin({
  name: 'suffix-a',
  extendLists: { Property: { hooks: { resolveInput: ({ resolvedData }) => ({ ...resolvedData, name: resolvedData.name && `${resolvedData.name} A` }) } } },
})
const suffixB = definePlugin({
  name: 'suffix-b',
  extendLists: {
    Property: {
      hooks: {
        resolveInput: { create: ({ resolvedData }) => ({ ...resolvedData, name: `${resolvedData.name} B` }) },
        afterOperation: ({ operation }) => void afterCalls.push(operation),
      },
    },
  },
})
// narrows access: nobody, not even an admin, reads or deletes an "archived" property
const hideArchived = definePlugin({
  name: 'hide-archived',
  extendLists: {
    Property: {
      access: {
        operation: { query: () => true, create: () => true, update: () => true, delete: () => false },
        filter: { query: () => ({ NOT: { name: { contains: 'archived' } } }) },
      },
    },
  },
})

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ plugins: [suffixA, suffixB, hideArchived] })
})
afterAll(() => app.close())

test('both plugins hooking the same list run, in plugin order', async () => {
  const org = await createOrganization(app.context)
  const property = await createProperty(app.context, org.id, { name: 'Elm' })
  expect(property.name).toBe('Elm A B')
  expect(afterCalls).toContain('create')
})

test("extension access is AND-ed with the owner's: filters narrow, operation denials hold even for admins", async () => {
  const org = await createOrganization(app.context)
  const admin = await createUser(app.context, { isAdmin: true })
  const staff = await createStaff(app.context, org.id, ['manageProperties'])
  const visible = await createProperty(app.context, org.id, { name: 'Oak' })
  await createProperty(app.context, org.id, { name: 'archived Pine' })

  const adminSees = await as(app.context, admin).query.Property.findMany({ where: { organization: { id: { equals: org.id } } }, query: 'id' })
  expect(adminSees.map(p => p.id)).toEqual([visible.id])
  const staffSees = await as(app.context, staff).query.Property.findMany({ query: 'id' })
  expect(staffSees.map(p => p.id)).toEqual([visible.id])

  await expect(as(app.context, admin).query.Property.deleteOne({ where: { id: visible.id } })).rejects.toThrow(/Access denied/)
  expect(await app.context.sudo().db.Property.count({ where: { id: { equals: visible.id } } })).toBe(1)
})
