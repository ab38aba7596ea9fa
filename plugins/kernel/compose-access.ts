// AND-composition of Keystone list access rules: every plugin's rule must allow an operation.
import type { ListAccess } from './types'

type Operation = 'query' | 'create' | 'update' | 'delete'
type Fn = (args: any) => any
type Normalized = {
  operation: Record<Operation, Fn | undefined>
  filter: Record<'query' | 'update' | 'delete', Fn | undefined>
  item: Record<'create' | 'update' | 'delete', Fn | undefined>
}

const OPERATIONS: Operation[] = ['query', 'create', 'update', 'delete']

function normalize(access: ListAccess): Normalized {
  if (typeof access === 'function') {
    const op = access as Fn
    return {
      operation: { query: op, create: op, update: op, delete: op },
      filter: { query: undefined, update: undefined, delete: undefined },
      item: { create: undefined, update: undefined, delete: undefined },
    }
  }
  const a = (access ?? {}) as any
  const operation =
    typeof a.operation === 'function'
      ? { query: a.operation, create: a.operation, update: a.operation, delete: a.operation }
      : { ...a.operation }
  return {
    operation: Object.fromEntries(OPERATIONS.map(o => [o, operation[o]])) as Normalized['operation'],
    filter: { query: a.filter?.query, update: a.filter?.update, delete: a.filter?.delete },
    item: { create: a.item?.create, update: a.item?.update, delete: a.item?.delete },
  }
}

function andBooleans(a: Fn | undefined, b: Fn | undefined): Fn | undefined {
  if (!a) return b
  if (!b) return a
  return async args => (await a(args)) === true && (await b(args)) === true
}

/** Filters: false wins; true is neutral; two filters become { AND: [..] }. */
function andFilters(a: Fn | undefined, b: Fn | undefined): Fn | undefined {
  if (!a) return b
  if (!b) return a
  return async args => {
    const [x, y] = [await a(args), await b(args)]
    if (x === false || y === false) return false
    if (x === true) return y
    if (y === true) return x
    return { AND: [x, y] }
  }
}

function defined<T extends object>(record: T) {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
}

export function andAccess(first: ListAccess | undefined, second: ListAccess | undefined): ListAccess | undefined {
  if (first === undefined) return second
  if (second === undefined) return first
  const [a, b] = [normalize(first), normalize(second)]
  return {
    operation: defined({
      query: andBooleans(a.operation.query, b.operation.query),
      create: andBooleans(a.operation.create, b.operation.create),
      update: andBooleans(a.operation.update, b.operation.update),
      delete: andBooleans(a.operation.delete, b.operation.delete),
    }),
    filter: defined({
      query: andFilters(a.filter.query, b.filter.query),
      update: andFilters(a.filter.update, b.filter.update),
      delete: andFilters(a.filter.delete, b.filter.delete),
    }),
    item: defined({
      create: andBooleans(a.item.create, b.item.create),
      update: andBooleans(a.item.update, b.item.update),
      delete: andBooleans(a.item.delete, b.item.delete),
    }),
  } as ListAccess
}
