// The contacts export end to end on the inline queue: a staff member starts it through the API, the task
// writes the XLSX into encrypted storage, and exceljs reads it back.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { KeystoneContext } from '@keystone-6/core/types'
import { EXPORT_COLUMNS } from '../../../tasks/exports/workbook'
import { as, createOrganization, createProperty, createStaff, createUser } from '../../harness/factories'
import { clientFor, createContact, usPhone } from '../../harness/contacts'
import { startTestApp, type TestApp } from '../../harness/app'
import { cookieOf, download, TEST_MASTER_KEY } from '../files/helpers'
import { dataRows, exportedSheet, readWorkbook, waitForExport } from './helpers'

let app: TestApp
let directory: string
let org: { id: string }
let otherOrg: { id: string }
let tower: any
let annex: any
let owner: any
let plumbers: any
let exporter: any // exportContacts + readContacts
let blind: any // exportContacts only
let contacts: Record<string, any>

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-exports-'))
  app = await startTestApp({ http: true, env: { FILES_DIR: directory, FILES_MASTER_KEY: TEST_MASTER_KEY } })
  const c = app.context
  org = await createOrganization(c)
  otherOrg = await createOrganization(c)
  tower = await createProperty(c, org.id, { name: 'Tower' })
  await c.prisma.property.update({ where: { id: tower.id }, data: { address: '1 Tower Rd' } })
  annex = await createProperty(c, org.id, { name: 'Annex' })
  owner = await c.prisma.contactRole.findFirstOrThrow({ where: { key: 'owner' } })
  plumbers = await c.sudo().db.ContactRole.createOne({ data: { name: 'Plumbers', organization: { connect: { id: org.id } } } })
  exporter = await createStaff(c, org.id, ['exportContacts', 'readContacts'])
  blind = await createStaff(c, org.id, ['exportContacts'])
  contacts = {
    ada: await createContact(c, { organization: org.id, property: tower.id, name: 'Ada Resident', phone: '+14155552671', email: 'ada@example.org', role: owner.id, unitName: '0042' }),
    bob: await createContact(c, { organization: org.id, property: annex.id, name: 'Bob Resident', role: owner.id }),
    vera: await createContact(c, { organization: org.id, name: 'Vera Vendor', type: 'vendor', role: plumbers.id, phone: usPhone() }),
    carl: await createContact(c, { organization: org.id, name: 'Carl Contractor', type: 'contractor' }),
    gone: await createContact(c, { organization: org.id, name: 'Gone Vendor', type: 'vendor' }),
    stranger: await createContact(c, { organization: otherOrg.id, name: 'Other Org Person', type: 'vendor' }),
  }
  await c.prisma.contact.update({ where: { id: contacts.ada.id }, data: { notes: 'Prefers email', unitType: 'flat' } })
  await c.prisma.contact.update({ where: { id: contacts.gone.id }, data: { archivedAt: new Date('2026-01-02T03:04:00Z') } })
}, 60_000)

afterAll(async () => {
  await app?.close()
  fs.rmSync(directory, { recursive: true, force: true })
})

async function startExport(context: KeystoneContext<any>, data: Record<string, unknown> = {}) {
  const task = await context.query.ContactExportTask.createOne({ data: { organization: { connect: { id: org.id } }, ...data }, query: 'id' })
  return waitForExport(app.context, task.id)
}

const names = (rows: unknown[][]) => rows.map(row => row[0]).sort()

test('an export of the live contacts: every type, the columns, typed cells, a frozen styled header', async () => {
  const task = await startExport(as(app.context, exporter))
  expect(task).toMatchObject({ status: 'done', processed: 4, total: 4, startedById: exporter.id, includesContactDetails: 'yes', error: null })
  const sheet = await exportedSheet(app.context, task.fileId!)
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS.map(column => column.header))
  expect(sheet.getRow(1).font).toMatchObject({ bold: true })
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  expect(sheet.getColumn(1).width).toBe(28)
  const rows = dataRows(sheet)
  expect(names(rows)).toEqual(['Ada Resident', 'Bob Resident', 'Carl Contractor', 'Vera Vendor'])
  const ada = rows.find(row => row[0] === 'Ada Resident')!
  expect(ada.slice(0, 10)).toEqual(['Ada Resident', 'Resident', 'Owner', '+14155552671', 'ada@example.org', 'Tower', '1 Tower Rd', '0042', 'Flat', 'Prefers email'])
  expect(ada[10] ?? null).toBeNull() // not archived
  expect(ada[11]).toBeInstanceOf(Date)
  const adaRow = sheet.getRow(rows.indexOf(ada) + 2)
  expect(adaRow.getCell(4).type).toBe(3) // ValueType.String: the phone stays text
  expect(adaRow.getCell(4).numFmt).toBe('@')
  expect(adaRow.getCell(12).numFmt).toBe('yyyy-mm-dd hh:mm')
  expect(rows.find(row => row[0] === 'Vera Vendor')!.slice(1, 3)).toEqual(['Vendor', 'Plumbers'])
})

test('the filter of the contacts list: type, archived, property, role', async () => {
  const context = as(app.context, exporter)
  const vendorsWithArchived = await startExport(context, { filterType: 'vendor', archived: 'all' })
  const rows = dataRows(await exportedSheet(app.context, vendorsWithArchived.fileId!))
  expect(names(rows)).toEqual(['Gone Vendor', 'Vera Vendor'])
  expect(rows.find(row => row[0] === 'Gone Vendor')![10]).toEqual(new Date('2026-01-02T03:04:00Z'))

  const archivedOnly = await startExport(context, { archived: 'archived' })
  expect(names(dataRows(await exportedSheet(app.context, archivedOnly.fileId!)))).toEqual(['Gone Vendor'])

  const annexOnly = await startExport(context, { filterProperty: { connect: { id: annex.id } } })
  expect(names(dataRows(await exportedSheet(app.context, annexOnly.fileId!)))).toEqual(['Bob Resident'])

  const owners = await startExport(context, { filterRole: { connect: { id: owner.id } } })
  expect(names(dataRows(await exportedSheet(app.context, owners.fileId!)))).toEqual(['Ada Resident', 'Bob Resident'])
})

test('phone and email stay empty for a starter without readContacts', async () => {
  const task = await startExport(as(app.context, blind))
  expect(task.includesContactDetails).toBe('no')
  const rows = dataRows(await exportedSheet(app.context, task.fileId!))
  const ada = rows.find(row => row[0] === 'Ada Resident')!
  expect([ada[3] ?? null, ada[4] ?? null]).toEqual([null, null])
  expect(rows.every(row => (row[3] ?? null) === null && (row[4] ?? null) === null)).toBe(true)
})

test('role names follow the starter’s language (Accept-Language when started)', async () => {
  const client = await clientFor(app, exporter)
  const { body } = await client(
    `mutation($data: ContactExportTaskCreateInput!) { createContactExportTask(data: $data) { id status } }`,
    { data: { organization: { connect: { id: org.id } }, filterRole: { connect: { id: owner.id } } } },
    { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' }
  )
  expect(body.errors).toBeUndefined()
  const task = await waitForExport(app.context, body.data.createContactExportTask.id)
  expect(task.locale).toBe('ru')
  expect(dataRows(await exportedSheet(app.context, task.fileId!)).map(row => row[2])).toEqual(['Собственник', 'Собственник'])
})

test('the download link is the starter’s alone, and the file downloads as XLSX over HTTP', async () => {
  const task = await startExport(as(app.context, exporter))
  const colleague = await createStaff(app.context, org.id, ['exportContacts', 'readContacts'])
  const mine = await as(app.context, exporter).query.ContactExportTask.findOne({ where: { id: task.id }, query: 'downloadUrl status processed total' })
  expect(mine.downloadUrl).toMatch(new RegExp(`^/api/files/${task.fileId}\\?exp=\\d+&sig=`))
  const theirs = await as(app.context, colleague).query.ContactExportTask.findOne({ where: { id: task.id }, query: 'downloadUrl status' })
  expect(theirs).toEqual({ downloadUrl: null, status: 'done' })

  const answer = await download(app.url, mine.downloadUrl, await cookieOf(app.url, exporter.email))
  expect(answer.status).toBe(200)
  expect(answer.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d\d-\d\d-\d\d-\d\d\.xlsx"/)
  expect(names(dataRows(await readWorkbook(answer.body)))).toEqual(['Ada Resident', 'Bob Resident', 'Carl Contractor', 'Vera Vendor'])
  // the colleague cannot use the starter's link
  expect((await download(app.url, mine.downloadUrl, await cookieOf(app.url, colleague.email), '127.0.0.3')).status).toBe(403)
  // nor can the starter once they lose exportContacts
  await app.context.prisma.organizationEmployee.updateMany({ where: { userId: exporter.id }, data: { exportContacts: false } })
  try {
    expect((await download(app.url, mine.downloadUrl, await cookieOf(app.url, exporter.email), '127.0.0.4')).status).toBe(403)
  } finally {
    await app.context.prisma.organizationEmployee.updateMany({ where: { userId: exporter.id }, data: { exportContacts: true } })
  }
})

test('an expired file: no link, and the sweeper deletes it', async () => {
  const task = await startExport(as(app.context, exporter))
  const file = await app.context.prisma.storedFile.findUniqueOrThrow({ where: { id: task.fileId! } })
  expect(file.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000) // EXPORT_TTL_DAYS, 7 by default
  await app.context.prisma.storedFile.update({ where: { id: file.id }, data: { expiresAt: new Date(Date.now() - 1) } })
  await app.context.prisma.contactExportTask.update({ where: { id: task.id }, data: { fileExpiresAt: new Date(Date.now() - 1) } })
  expect((await as(app.context, exporter).query.ContactExportTask.findOne({ where: { id: task.id }, query: 'downloadUrl' })).downloadUrl).toBeNull()
  const { sweepFiles, fileServices } = await import('../../../tasks/sweep-files')
  const { registryOf } = await import('../../../plugins/kernel')
  await sweepFiles(app.context.prisma, fileServices(registryOf(app.context)))
  expect(await app.context.prisma.storedFile.count({ where: { id: file.id } })).toBe(0)
  expect(fs.existsSync(path.join(directory, file.storageKey))).toBe(false)
})

test('a starter who lost exportContacts before the run gets a failed export with the reason', async () => {
  const staff = await createStaff(app.context, org.id, ['exportContacts'])
  await app.context.prisma.contactExportTask.create({ data: { organizationId: org.id, startedById: staff.id, status: 'queued' } })
  await app.context.prisma.organizationEmployee.updateMany({ where: { userId: staff.id }, data: { exportContacts: false } })
  const [task] = await app.context.prisma.contactExportTask.findMany({ where: { startedById: staff.id } })
  const { runExport } = await import('../../../tasks/exports/run-export')
  const { fileServices } = await import('../../../tasks/sweep-files')
  const { registryOf } = await import('../../../plugins/kernel')
  const { DEFAULT_EXPORT_OPTIONS } = await import('../../../tasks/exports/options')
  await runExport(app.context.prisma, fileServices(registryOf(app.context)), DEFAULT_EXPORT_OPTIONS, task.id, 1)
  expect(await app.context.prisma.contactExportTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
    status: 'failed',
    error: 'The person who started this export no longer holds exportContacts in the organization',
    fileId: null,
  })
})

test('bad input is a typed error and writes nothing', async () => {
  const before = await app.context.prisma.contactExportTask.count()
  await expect(as(app.context, exporter).query.ContactExportTask.createOne({ data: {}, query: 'id' })).rejects.toMatchObject({ extensions: { code: 'KS_ACCESS_DENIED' } })
  await expect(
    as(app.context, exporter).query.ContactExportTask.createOne({ data: { organization: { connect: { id: org.id } }, filterProperty: { connect: { id: (await createProperty(app.context, otherOrg.id)).id } } }, query: 'id' })
  ).rejects.toMatchObject({ extensions: { code: 'CROSS_ORGANIZATION_REFERENCE' } })
  expect(await app.context.prisma.contactExportTask.count()).toBe(before)
  void createUser
})
