// The contacts list keeps its filters in the URL the way Keystone writes them: `!<field>_<type>=<JSON>`
// (`!type_matches=["vendor"]`, `!property_is="<id>"`, `!archivedAt_not_empty=null`). This turns the ones
// an export can apply into the export's filter, and names the ones it cannot.
export type ExportFilterParams = {
  organization?: string
  property?: string
  type?: string
  role?: string
  archived: 'live' | 'archived' | 'all'
}

type Query = Record<string, string | string[] | undefined>

const parse = (value: string | string[] | undefined): unknown => {
  const text = Array.isArray(value) ? value[0] : value
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function exportFilterFromListQuery(query: Query): { filter: ExportFilterParams; ignored: string[] } {
  const filter: ExportFilterParams = { archived: 'live' }
  const ignored: string[] = []
  for (const [key, raw] of Object.entries(query)) {
    if (!key.startsWith('!')) continue
    const value = parse(raw)
    const [, field, type] = /^!([A-Za-z0-9]+)_(.+)$/.exec(key) ?? []
    if (field === 'organization' && type === 'is' && typeof value === 'string') filter.organization = value
    else if (field === 'property' && type === 'is' && typeof value === 'string') filter.property = value
    else if (field === 'role' && type === 'is' && typeof value === 'string') filter.role = value
    else if (field === 'type' && type === 'matches' && Array.isArray(value) && value.length === 1) filter.type = String(value[0])
    else if (field === 'archivedAt' && type === 'not_empty') filter.archived = 'archived'
    else if (field === 'archivedAt' && type === 'empty') filter.archived = 'live'
    else ignored.push(key.slice(1))
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
