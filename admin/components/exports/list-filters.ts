// The contacts list keeps its filters in the URL the way Keystone 8 writes them: one `filter` parameter
// per filter, `<field>_<type>_<JSON value>` (`filter=type_matches_["vendor"]`, `filter=property_is_"<id>"`,
// `filter=archivedAt_not_empty`). This turns the ones an export can apply into the export's filter, and
// names the ones it cannot.
export type ExportFilterParams = {
  organization?: string
  property?: string
  type?: string
  role?: string
  archived: 'live' | 'archived' | 'all'
}

type Query = Record<string, string | string[] | undefined>

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `[field, type]` prefixes an export understands, longest type first (`not_empty` before `empty`). */
const KNOWN = [
  ['organization', 'is'],
  ['property', 'is'],
  ['role', 'is'],
  ['type', 'matches'],
  ['archivedAt', 'not_empty'],
  ['archivedAt', 'empty'],
] as const

export function exportFilterFromListQuery(query: Query): { filter: ExportFilterParams; ignored: string[] } {
  const filter: ExportFilterParams = { archived: 'live' }
  const ignored: string[] = []
  const params = ([] as string[]).concat(query.filter ?? [])
  for (const param of params) {
    const known = KNOWN.find(([field, type]) => param === `${field}_${type}` || param.startsWith(`${field}_${type}_`))
    const value = known ? parse(param.slice(`${known[0]}_${known[1]}_`.length)) : undefined
    const key = known?.join('_')
    if (key === 'archivedAt_not_empty') filter.archived = 'archived'
    else if (key === 'archivedAt_empty') filter.archived = 'live'
    else if (key === 'type_matches' && Array.isArray(value) && value.length === 1) filter.type = String(value[0])
    else if (known && known[1] === 'is' && typeof value === 'string') filter[known[0] as 'organization' | 'property' | 'role'] = value
    else ignored.push(param.split('_')[0])
  }
  if (typeof query.search === 'string' && query.search) ignored.push('search')
  return { filter, ignored }
}

/** The exports page's address that starts an export with this filter. */
export function newExportHref(filter: ExportFilterParams, ignored: readonly string[] = []) {
  const params = new URLSearchParams({ new: '1' })
  for (const key of ['organization', 'property', 'type', 'role', 'archived'] as const) if (filter[key]) params.set(key, filter[key]!)
  if (ignored.length) params.set('ignored', ignored.join(','))
  return `/contact-exports?${params.toString()}`
}
