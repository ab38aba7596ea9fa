// The GraphQL the Keystone Admin UI sends, for tests that the API's limits leave it working: the
// adminMeta query is read from the installed Keystone (so an upgrade is tested with its own query); the
// dashboard, list page and item page queries are built from adminMeta the way the Admin UI builds them
// (@keystone-6/core dist: HomePage, ListPage, useListItem and the field views' graphqlSelection).
import fs from 'node:fs'
import path from 'node:path'

export function adminMetaQuery(): string {
  const dist = path.resolve(__dirname, '../../node_modules/@keystone-6/core/dist')
  for (const file of fs.readdirSync(dist).filter(name => name.endsWith('.js'))) {
    const source = fs.readFileSync(path.join(dist, file), 'utf8')
    const match = /gql`\s*(query KsFetchAdminMeta[\s\S]*?)`/.exec(source)
    if (match) return match[1]
  }
  throw new Error('KsFetchAdminMeta not found in @keystone-6/core/dist')
}

export type AdminField = { key: string; fieldMeta: any; viewsIndex: number; listView: { fieldMode: 'read' | 'hidden' } }
export type AdminList = {
  key: string
  labelField: string
  pageSize: number
  initialColumns: string[]
  fields: AdminField[]
  graphql: { names: { listQueryName: string; listQueryCountName: string; itemQueryName: string; whereInputName: string; listOrderName: string } }
}

/** One field as the Admin UI selects it (controller.graphqlSelection of the common field views). */
function selection(field: AdminField, lists: Map<string, AdminList>): string {
  const meta = field.fieldMeta ?? {}
  if (meta.refListKey) {
    if (meta.displayMode === 'count' || meta.displayMode === 'table') return `${field.key}Count`
    return `${field.key} { id label: ${lists.get(meta.refListKey)?.labelField ?? 'id'} }`
  }
  if (typeof meta.query === 'string') return `${field.key}${meta.query}` // virtual fields with ui.query
  if (meta.validation && 'rejectCommon' in meta.validation) return `${field.key} { isSet }` // password
  return field.key
}

/** The dashboard: every visible list counted in one query, each under an alias. */
export function dashboardQuery(lists: AdminList[]): string {
  return `query KsFetchListCounts {\n${lists.map(list => `${list.key}: ${list.graphql.names.listQueryCountName}`).join('\n')}\n}`
}

/** The columns a user can pick on a list page. */
export const selectableColumns = (list: AdminList) => list.fields.filter(field => field.listView.fieldMode !== 'hidden').map(field => field.key)

/** A list page: `columns` (default: the list's initial columns) for `take` rows, and the count. */
export function listPageQuery(list: AdminList, allLists: AdminList[], columns = list.initialColumns): string {
  const byKey = new Map(allLists.map(l => [l.key, l]))
  const fields = list.fields.filter(field => field.key !== 'id' && columns.includes(field.key)).map(field => selection(field, byKey))
  const { names } = list.graphql
  return `query ($where: ${names.whereInputName}, $take: Int!, $skip: Int!, $orderBy: [${names.listOrderName}!]) {
    items: ${names.listQueryName}(where: $where, take: $take, skip: $skip, orderBy: $orderBy) { id ${fields.join('\n')} }
    count: ${names.listQueryCountName}(where: $where)
  }`
}

/** An item page: the list's item-view metadata and every field of the item. */
export function itemPageQuery(list: AdminList, allLists: AdminList[]): string {
  const byKey = new Map(allLists.map(l => [l.key, l]))
  const fields = list.fields.filter(field => field.key !== 'id').map(field => selection(field, byKey))
  return `query KsFetchItem($listKey: String!, $id: ID!) {
    keystone { adminMeta { list(key: $listKey, itemId: $id) {
      fields { key itemView { fieldMode fieldPosition isRequired } }
      actions { key itemView { actionMode } }
    } } }
    item: ${list.graphql.names.itemQueryName}(where: { id: $id }) { id ${fields.join('\n')} }
  }`
}
