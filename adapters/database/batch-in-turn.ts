// A Prisma client extension that answers the same kind of call, made many times in one turn of the
// event loop, with one statement. Keystone runs a bulk mutation's items side by side (createContacts of
// 1,000: 1,000 item pipelines in lock-step), and each item checks every row it connects with a
// `findFirst` by id (plus the caller's access filter) and then writes with its own `create`: four
// statements per contact, each costing more CPU in Prisma than in PostgreSQL.
//   - findFirst({ where: { id: { equals } } }) or ({ where: { AND: [{ id: { equals } }, filter] } }):
//     the calls of one turn with the same model and filter become one findMany by `id in`.
//   - create({ data }) of the models named in `creates`, with scalar values and `connect: { id }` only:
//     the calls of one turn become one createManyAndReturn. If that statement fails (a unique key twice
//     in the batch, a missing row), nothing of it was written and each create runs on its own, so each
//     gets exactly the answer it would have had.
// A call alone in its turn, any other shape, and any call inside a transaction run unchanged.
// Apply it last: Prisma runs extensions in the order applied, so the others see every call as made,
// and the statements it sends instead go through them too (unique-violation mapping, query counters).

type Params = { model?: string; operation: string; args: any; query: (args: any) => Promise<any>; __internalParams?: { transaction?: unknown } }

const lowerFirst = (name: string) => name[0].toLowerCase() + name.slice(1)
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype

/** The id and the rest of the filter of a findFirst by id, or undefined for any other shape. */
function findById(args: any): { id: string; filter: unknown } | undefined {
  if (!isPlainObject(args) || Object.keys(args).length !== 1 || !isPlainObject(args.where)) return undefined
  const idOf = (where: unknown) => {
    if (!isPlainObject(where) || Object.keys(where).length !== 1 || !isPlainObject(where.id)) return undefined
    const keys = Object.keys(where.id)
    return keys.length === 1 && keys[0] === 'equals' && typeof where.id.equals === 'string' ? where.id.equals : undefined
  }
  const where = args.where
  const alone = idOf(where)
  if (alone !== undefined) return { id: alone, filter: undefined }
  if (Object.keys(where).length === 1 && Array.isArray(where.AND) && where.AND.length === 2) {
    const id = idOf(where.AND[0])
    if (id !== undefined) return { id, filter: where.AND[1] }
  }
  return undefined
}

/** create's data as createMany takes it (`connect: { id }` as the foreign key), or undefined. */
function flatData(args: any): Record<string, unknown> | undefined {
  if (!isPlainObject(args) || Object.keys(args).length !== 1 || !isPlainObject(args.data)) return undefined
  const row: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(args.data)) {
    if (value === undefined) continue
    if (isPlainObject(value)) {
      const connect = value.connect
      if (Object.keys(value).length !== 1 || !isPlainObject(connect) || Object.keys(connect).length !== 1 || typeof connect.id !== 'string') return undefined
      row[`${key}Id`] = connect.id
    } else if (value === null || value instanceof Date || ['string', 'number', 'boolean'].includes(typeof value)) {
      row[key] = value
    } else return undefined
  }
  return row
}

type Waiter<T> = { item: T; args: any; query: (args: any) => Promise<any>; resolve: (value: any) => void; reject: (error: unknown) => void }

/** Collects calls under a key until the end of the turn; a group of one runs as it came, more go to `flush`. */
function turnBatcher<T>(flush: (key: string, waiters: Waiter<T>[]) => Promise<void>) {
  const groups = new Map<string, Waiter<T>[]>()
  return (key: string, item: T, args: any, query: (args: any) => Promise<any>) =>
    new Promise((resolve, reject) => {
      let group = groups.get(key)
      if (!group) {
        const fresh: Waiter<T>[] = []
        groups.set(key, (group = fresh))
        setImmediate(() => {
          groups.delete(key)
          if (fresh.length === 1) fresh[0].query(fresh[0].args).then(fresh[0].resolve, fresh[0].reject)
          else flush(key, fresh).catch(error => fresh.forEach(w => w.reject(error)))
        })
      }
      group.push({ item, args, query, resolve, reject })
    })
}

/** Each call on its own, as if never batched. */
function oneByOne(waiters: Waiter<unknown>[]) {
  for (const w of waiters) w.query(w.args).then(w.resolve, w.reject)
}

export function batchInTurn(options: { creates: readonly string[] }) {
  const creates = new Set(options.creates)
  return (client: any) => {
    type Read = { model: string; id: string; filter: unknown }
    const reads = turnBatcher<Read>(async (_key, waiters) => {
      const { model, filter } = waiters[0].item
      const ids = [...new Set(waiters.map(w => w.item.id))]
      const where = filter === undefined ? { id: { in: ids } } : { AND: [{ id: { in: ids } }, filter] }
      let rows: any[]
      try {
        rows = await client[lowerFirst(model)].findMany({ where })
      } catch {
        return oneByOne(waiters)
      }
      const byId = new Map(rows.map(row => [String(row.id), row]))
      for (const w of waiters) w.resolve(byId.get(w.item.id) ?? null)
    })

    type Write = { model: string; row: Record<string, unknown> }
    const writes = turnBatcher<Write>(async (_key, waiters) => {
      const { model } = waiters[0].item
      let rows: any[]
      try {
        rows = await client[lowerFirst(model)].createManyAndReturn({ data: waiters.map(w => w.item.row) })
      } catch {
        return oneByOne(waiters) // nothing was written: each create gets its own answer
      }
      // PostgreSQL and SQLite return an INSERT's rows in the order of its VALUES; checked, never assumed
      const inOrder = rows.length === waiters.length && waiters.every((w, i) => Object.entries(w.item.row).every(([k, v]) => sameValue(rows[i][k], v)))
      if (!inOrder) throw new Error(`batchInTurn: ${model}.createManyAndReturn answered rows in another order than given`)
      waiters.forEach((w, i) => w.resolve(rows[i]))
    })

    return client.$extends({
      query: {
        $allModels: {
          findFirst({ model, args, query, __internalParams }: Params) {
            // only where Prisma says it is outside a transaction
            const byId = model && __internalParams && !__internalParams.transaction ? findById(args) : undefined
            const filterKey = byId ? jsonKey(byId.filter ?? null) : undefined
            if (!byId || filterKey === undefined) return query(args)
            return reads(`${model}:${filterKey}`, { model: model!, ...byId }, args, query)
          },
          create({ model, args, query, __internalParams }: Params) {
            const row = model && creates.has(model) && __internalParams && !__internalParams.transaction ? flatData(args) : undefined
            if (!row) return query(args)
            return writes(model!, { model: model!, row }, args, query)
          },
        },
      },
    })
  }
}

/** The filter as a key; undefined for values JSON cannot say (BigInt, cycles): those run unbatched. */
function jsonKey(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

function sameValue(stored: unknown, given: unknown) {
  if (given instanceof Date) return stored instanceof Date && stored.getTime() === given.getTime()
  return stored === given
}
