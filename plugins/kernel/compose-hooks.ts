// Composition of Keystone list hooks: both plugins' hooks run, in plugin order.
// resolveInput is a pipeline (each sees the previous result); the others run one after another.
import type { ListHooks } from './types'

type Fn = (args: any) => any
type Op = 'create' | 'update' | 'delete'

function perOperation(hook: unknown, ops: readonly Op[]): Partial<Record<Op, Fn>> {
  if (!hook) return {}
  if (typeof hook === 'function') return Object.fromEntries(ops.map(op => [op, hook as Fn]))
  return hook as Partial<Record<Op, Fn>>
}

function sequence(a: Fn | undefined, b: Fn | undefined): Fn | undefined {
  if (!a) return b
  if (!b) return a
  return async args => {
    await a(args)
    await b(args)
  }
}

function pipeline(a: Fn | undefined, b: Fn | undefined): Fn | undefined {
  if (!a) return b
  if (!b) return a
  return async args => {
    const resolvedData = await a(args)
    return b({ ...args, resolvedData })
  }
}

function combine(
  first: unknown,
  second: unknown,
  ops: readonly Op[],
  join: (a: Fn | undefined, b: Fn | undefined) => Fn | undefined
) {
  if (!first) return second
  if (!second) return first
  const [a, b] = [perOperation(first, ops), perOperation(second, ops)]
  const out: Partial<Record<Op, Fn>> = {}
  for (const op of ops) {
    const fn = join(a[op], b[op])
    if (fn) out[op] = fn
  }
  return out
}

const ALL: readonly Op[] = ['create', 'update', 'delete']
const WRITE: readonly Op[] = ['create', 'update']

export function composeHooks(first: ListHooks | undefined, second: ListHooks | undefined): ListHooks | undefined {
  if (!first) return second
  if (!second) return first
  const f = first as Record<string, unknown>
  const s = second as Record<string, unknown>
  return {
    resolveInput: combine(f.resolveInput, s.resolveInput, WRITE, pipeline),
    validate: combine(f.validate, s.validate, ALL, sequence),
    beforeOperation: combine(f.beforeOperation, s.beforeOperation, ALL, sequence),
    afterOperation: combine(f.afterOperation, s.afterOperation, ALL, sequence),
  } as ListHooks
}
