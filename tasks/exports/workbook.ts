// The Excel file of an export, written with exceljs's streaming WorkbookWriter: rows are committed as
// they come and go straight into the output stream; the sheet is never held in memory.
import type ExcelJS from 'exceljs'
import type { Writable } from 'node:stream'
import { roleName } from '../../schema/contacts/roles'
import type { Locale } from '../../schema/shared/locale'
import type { ExportedContact } from './contact-pages'

const DATE_FORMAT = 'yyyy-mm-dd hh:mm'
const capitalized = (value: string | null) => (value ? value[0].toUpperCase() + value.slice(1) : null)

/** The columns, in order; phone is text (a leading '+' and zeros stay), dates are real dates (UTC). */
export const EXPORT_COLUMNS = [
  { header: 'Name', key: 'name', width: 28 },
  { header: 'Type', key: 'type', width: 12 },
  { header: 'Role', key: 'role', width: 18 },
  { header: 'Phone', key: 'phone', width: 18, style: { numFmt: '@' } },
  { header: 'Email', key: 'email', width: 30 },
  { header: 'Property', key: 'property', width: 24 },
  { header: 'Property address', key: 'address', width: 34 },
  { header: 'Unit', key: 'unitName', width: 10 },
  { header: 'Unit type', key: 'unitType', width: 12 },
  { header: 'Notes', key: 'notes', width: 40 },
  { header: 'Archived at (UTC)', key: 'archivedAt', width: 18, style: { numFmt: DATE_FORMAT } },
  { header: 'Created at (UTC)', key: 'createdAt', width: 18, style: { numFmt: DATE_FORMAT } },
] as const

export type ContactSheet = {
  /** Resolves when the writer has taken the rows in (see `settled`). */
  add(contacts: readonly ExportedContact[]): Promise<void>
  finish(): Promise<void>
}

/** Bytes of sheet XML the zip may hold back before the export waits for it. */
const MAX_PENDING_BYTES = 2 * 1024 * 1024

/**
 * exceljs commits rows into the sheet's stream without backpressure: it hands each 64 KiB batch to the zip's
 * input stream whatever that stream holds, so a fast reader (the database) would pile the whole sheet up in
 * memory before the compressor. The input stream is a (readable-stream) PassThrough: wait while its buffer
 * is over the limit. An exceljs version without that shape makes this a no-op, never a failure.
 */
async function settled(sheet: unknown) {
  const input = (sheet as { stream?: { pipes?: any[] } }).stream?.pipes?.[0]
  const pending = () => Number(input?._writableState?.length ?? input?.writableLength ?? 0)
  while (pending() > MAX_PENDING_BYTES) {
    // whichever comes first; the other is removed (a listener left per timed-out wait piled up on the stream)
    await new Promise<void>(resolve => {
      const done = () => {
        clearTimeout(timer)
        input.off('drain', done)
        resolve()
      }
      const timer = setTimeout(done, 20)
      input.once('drain', done)
    })
  }
}

export function contactWorkbook(output: Writable, options: { locale: Locale; includeContactDetails: boolean }): ContactSheet {
  // exceljs (about 25 MB) is loaded by the first export, not by every worker and API process
  const workbook = new (require('exceljs') as typeof ExcelJS).stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet('Contacts', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = EXPORT_COLUMNS.map(column => ({ ...column, style: 'style' in column ? { ...column.style } : undefined }))
  const header = sheet.getRow(1)
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF2F5597' } }
  header.alignment = { vertical: 'middle' }
  header.commit()
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } }
  return {
    async add(contacts) {
      for (const contact of contacts) {
        sheet
          .addRow([
            contact.name,
            capitalized(contact.type),
            contact.role ? roleName(contact.role, options.locale) : null,
            options.includeContactDetails ? contact.phone : null,
            options.includeContactDetails ? contact.email : null,
            contact.property?.name ?? null,
            contact.property?.address ?? null,
            contact.unitName,
            capitalized(contact.unitType),
            contact.notes || null,
            contact.archivedAt,
            contact.createdAt,
          ])
          .commit()
      }
      await settled(sheet)
    },
    async finish() {
      sheet.commit()
      await workbook.commit()
    },
  }
}
