// The contacts list's URL filters (Keystone's `!<field>_<type>=<JSON>`) become the export's filter.
import { exportFilterFromListQuery, newExportHref } from '../../../admin/components/exports/list-filters'

test.each([
  [{}, { archived: 'live' }, []],
  [{ '!type_matches': '["vendor"]' }, { archived: 'live', type: 'vendor' }, []],
  [{ '!property_is': '"p1"', '!role_is': '"r1"', '!organization_is': '"o1"' }, { archived: 'live', property: 'p1', role: 'r1', organization: 'o1' }, []],
  [{ '!archivedAt_not_empty': 'null' }, { archived: 'archived' }, []],
  [{ '!type_matches': '["vendor","contractor"]', '!name_contains': '"Ann"', search: 'x' }, { archived: 'live' }, ['type_matches', 'name_contains', 'search']],
  [{ '!property_is': 'not json' }, { archived: 'live' }, ['property_is']],
])('%p', (query, filter, ignored) => {
  expect(exportFilterFromListQuery(query as any)).toEqual({ filter, ignored })
})

test('the exports page link carries the filter and what was not applied', () => {
  expect(newExportHref({ archived: 'all', type: 'vendor', property: 'p 1' }, ['search'])).toBe('/contact-exports?new=1&property=p+1&type=vendor&archived=all&ignored=search')
})
