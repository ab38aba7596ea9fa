// The contacts list's URL filters (Keystone's `!<field>_<type>=<JSON>`) become the export's filter.
import { exportFilterFromListQuery, newExportHref } from '../../../admin/components/exports/list-filters'

test.each([
  [{}, { archived: 'live' }, []],
  [{ filter: 'type_matches_["vendor"]' }, { archived: 'live', type: 'vendor' }, []],
  [{ filter: ['property_is_"p1"', 'role_is_"r1"', 'organization_is_"o1"'] }, { archived: 'live', property: 'p1', role: 'r1', organization: 'o1' }, []],
  [{ filter: 'archivedAt_not_empty' }, { archived: 'archived' }, []],
  [{ filter: 'archivedAt_empty' }, { archived: 'live' }, []],
  [{ filter: ['type_matches_["vendor","contractor"]', 'name_contains_"Ann"'], search: 'x' }, { archived: 'live' }, ['type', 'name', 'search']],
  [{ filter: 'property_is_not json' }, { archived: 'live' }, ['property']],
])('%p', (query, filter, ignored) => {
  expect(exportFilterFromListQuery(query as any)).toEqual({ filter, ignored })
})

test('the exports page link carries the filter and what was not applied', () => {
  expect(newExportHref({ archived: 'all', type: 'vendor', property: 'p 1' }, ['search'])).toBe('/contact-exports?new=1&property=p+1&type=vendor&archived=all&ignored=search')
})
