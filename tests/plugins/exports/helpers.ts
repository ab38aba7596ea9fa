// Reading an export back: waiting for its task, the XLSX through exceljs.
import ExcelJS from 'exceljs'
import type { KeystoneContext } from '@keystone-6/core/types'
import { readFile } from '../../../plugins/files'

export async function waitForExport(context: KeystoneContext<any>, id: string, statuses = ['done', 'failed', 'cancelled'], timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const task = await context.prisma.contactExportTask.findUniqueOrThrow({ where: { id } })
    if (statuses.includes(task.status)) return task
    if (Date.now() > until) throw new Error(`export ${id} still ${task.status} after ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

export async function readWorkbook(source: import('node:stream').Readable | Buffer) {
  const workbook = new ExcelJS.Workbook()
  if (Buffer.isBuffer(source)) await workbook.xlsx.load(source as any)
  else await workbook.xlsx.read(source)
  return workbook.getWorksheet('Contacts')!
}

export async function exportedSheet(context: KeystoneContext<any>, fileId: string) {
  return readWorkbook(await readFile(context, fileId))
}

/** The data rows as arrays of cell values (header excluded). */
export function dataRows(sheet: ExcelJS.Worksheet) {
  const rows: unknown[][] = []
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push((row.values as unknown[]).slice(1))
  })
  return rows
}
