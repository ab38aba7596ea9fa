// The matrix helper itself: a "no" is an access refusal, and any other failure breaks the cell.
import { crudAccess } from './access-matrix'
import { startTestApp, type TestApp } from './app'
import { as, createOrganization, createProperty, createStaff } from './factories'

let app: TestApp
let org: string
beforeAll(async () => {
  app = await startTestApp()
  org = (await createOrganization(app.context)).id
})
afterAll(() => app.close())

const property = (data: Record<string, unknown>) => ({
  list: 'Property',
  item: () => createProperty(app.context, org),
  createData: () => ({ organization: { connect: { id: org } }, ...data }),
  updateData: { address: '2 Main St' },
})

test('refusals by access read as false, allowed operations as true', async () => {
  const manager = as(app.context, await createStaff(app.context, org, ['manageProperties']))
  const clerk = as(app.context, await createStaff(app.context, org, []))
  expect(await crudAccess(manager, property({ name: 'Tower' }))).toEqual({ read: true, create: true, update: true, delete: true })
  expect(await crudAccess(clerk, property({ name: 'Tower' }))).toEqual({ read: true, create: false, update: false, delete: false })
})

test('a failure that is not an access refusal (here a required name) fails instead of counting as "denied"', async () => {
  const manager = as(app.context, await createStaff(app.context, org, ['manageProperties']))
  await expect(crudAccess(manager, property({}))).rejects.toThrow(/create failed with KS_VALIDATION_FAILURE [^]*which is not an access refusal/)
})
